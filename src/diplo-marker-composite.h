/* diplo-marker-composite.h
 *
 * The markers' images composited onto the image of the layer below them,
 * kept up to date as markers come and go, so that a frame paints one image
 * for both.
 */

#pragma once

#include <gtk/gtk.h>

#include "diplo-basemap.h"
#include "diplo-raster-cache.h"

G_BEGIN_DECLS

/* A marker's image where the layer paints it. The stamps of a frame are
 * in their painting order, which is that of their markers' places on the
 * marker sheet: @order grows along them, and stays with the marker. */
typedef struct
{
  cairo_surface_t *look;
  graphene_rect_t  bounds;   /* in the layer's coordinates, whole pixels */
  guint            order;
} DiploStamp;

void diplo_stamp_clear (DiploStamp *stamp);

typedef struct _DiploMarkerComposite DiploMarkerComposite;

DiploMarkerComposite *diplo_marker_composite_new   (GtkWidget              *widget);
void                  diplo_marker_composite_free  (DiploMarkerComposite   *self);
void                  diplo_marker_composite_set_basemap (DiploMarkerComposite *self,
                                                          DiploBasemap         *basemap,
                                                          guint                 tile_size);
gboolean              diplo_marker_composite_covers (DiploMarkerComposite   *self,
                                                     const DiploViewFrame   *frame,
                                                     const DiploRasterImage *ground);
gboolean              diplo_marker_composite_paint (DiploMarkerComposite   *self,
                                                    cairo_t                *cr,
                                                    const DiploViewFrame   *frame,
                                                    const DiploRasterImage *ground,
                                                    GArray                 *stamps);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiploMarkerComposite, diplo_marker_composite_free)

G_END_DECLS
