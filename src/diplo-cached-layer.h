#pragma once

#include <shumate/shumate.h>

#include "diplo-raster-cache.h"

G_BEGIN_DECLS

#define DIPLO_TYPE_CACHED_LAYER (diplo_cached_layer_get_type ())

G_DECLARE_DERIVABLE_TYPE (DiploCachedLayer, diplo_cached_layer, DIPLO, CACHED_LAYER, ShumateLayer)

/**
 * DiploCachedLayerClass:
 * @has_content: whether there is anything to draw
 * @copy_content: returns what @draw_content will draw, in the layer's CSS
 *   colour; it is read from a worker thread, so it must not share anything
 *   the layer changes later
 * @free_content: frees what @copy_content returned
 * @draw_content: draws a copy of the content, in a worker thread
 * @copied_content_is_current: (nullable): whether what @copy_content last
 *   returned is still the content, although it was said to change: then
 *   the texture stays, unless the colour changed
 */
struct _DiploCachedLayerClass
{
  ShumateLayerClass   parent_class;

  gboolean            (*has_content)  (DiploCachedLayer *self);
  gpointer            (*copy_content) (DiploCachedLayer *self,
                                       const GdkRGBA    *colour);
  GDestroyNotify      free_content;
  DiploRasterDrawFunc draw_content;
  gboolean            (*copied_content_is_current) (DiploCachedLayer *self);
};

void diplo_cached_layer_content_changed (DiploCachedLayer *self);
void diplo_cached_layer_update_now     (DiploCachedLayer *self);
void diplo_cached_layer_set_beneath     (DiploCachedLayer *self,
                                         DiploCachedLayer *beneath);
gboolean diplo_cached_layer_shows_content (DiploCachedLayer *self);

G_END_DECLS
