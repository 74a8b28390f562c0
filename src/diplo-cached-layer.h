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
 * @copy_content_for: (nullable): like @copy_content, for a content the
 *   layer does not have but may be given next, described as the subclass
 *   says; %NULL for one with nothing to draw
 * @equal_content: (nullable): whether two copies draw the same; with
 *   @copy_content_for, it lets images be drawn ahead
 * @get_live_bounds: (nullable): where the layer draws live, above its
 *   image, in the frame; %FALSE for nowhere
 * @draw_live: (nullable): draws that, on a cairo context clipped to those
 *   bounds, its origin at the layer's corner
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
  gpointer            (*copy_content_for) (DiploCachedLayer *self,
                                           gconstpointer     source,
                                           const GdkRGBA    *colour);
  DiploRasterEqualFunc equal_content;
  gboolean            (*get_live_bounds) (DiploCachedLayer     *self,
                                          const DiploViewFrame *frame,
                                          graphene_rect_t      *bounds);
  void                (*draw_live)       (DiploCachedLayer     *self,
                                          cairo_t              *cr,
                                          const DiploViewFrame *frame);
};

void diplo_cached_layer_content_changed (DiploCachedLayer *self);
void diplo_cached_layer_update_now     (DiploCachedLayer *self);
void diplo_cached_layer_set_beneath     (DiploCachedLayer *self,
                                         DiploCachedLayer *beneath);
gboolean diplo_cached_layer_shows_content (DiploCachedLayer *self);
void diplo_cached_layer_draw_ahead      (DiploCachedLayer *self,
                                         gconstpointer     source,
                                         gconstpointer     beneath_source);
guint diplo_cached_layer_get_n_ahead    (DiploCachedLayer *self);
void diplo_cached_layer_queue_draw      (DiploCachedLayer *self);
void diplo_cached_layer_set_painter     (DiploCachedLayer *self,
                                         GtkWidget        *painter);
gboolean diplo_cached_layer_paints_anything (DiploCachedLayer *self);
void diplo_cached_layer_paint           (DiploCachedLayer *self,
                                         cairo_t          *cr);
gboolean diplo_cached_layer_peek_image  (DiploCachedLayer *self,
                                         DiploViewFrame   *frame,
                                         DiploRasterImage *image);

G_END_DECLS
