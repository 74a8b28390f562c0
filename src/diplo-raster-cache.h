/* diplo-raster-cache.h
 *
 * Rasterises what a map layer draws once per zoom level and area, off the
 * main thread, so that each frame only composites a texture.
 */

#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

/* What a layer shows, in world pixels at its zoom level. */
typedef struct
{
  double zoom_level;
  guint  tile_size;
  double world_size;
  double centre_x;
  double centre_y;
  double rotation;
  double width;
  double height;
} DiploViewFrame;

gboolean diplo_view_frame_init (DiploViewFrame  *frame,
                                ShumateLayer    *layer);

/* An image of a layer's content, and where in the world it is. */
typedef struct
{
  cairo_surface_t *surface;     /* not owned */
  guint            generation;  /* of the content it shows */
  double           zoom_level;
  double           x;           /* its corner, in world pixels at zoom_level */
  double           y;
} DiploRasterImage;

gboolean diplo_view_frame_place_image (const DiploViewFrame   *frame,
                                       const DiploRasterImage *image,
                                       double                 *x,
                                       double                 *y,
                                       double                 *scale);

/**
 * DiploRasterDrawFunc:
 * @cr: a cairo context in world pixels at @zoom_level, on a band of the
 *   image wanted
 * @zoom_level: the zoom level, whole or not
 * @tile_size: the map source's tile size
 * @data: the content, which must not change while drawing
 *
 * Called in worker threads, for several bands of an image at once: it
 * must only read @data.
 */
typedef void (*DiploRasterDrawFunc) (cairo_t  *cr,
                                     double    zoom_level,
                                     guint     tile_size,
                                     gpointer  data);

typedef gboolean (*DiploRasterEqualFunc) (gconstpointer a,
                                          gconstpointer b);

typedef struct _DiploRasterCache DiploRasterCache;

DiploRasterCache *diplo_raster_cache_new         (GtkWidget            *widget);
void              diplo_raster_cache_free        (DiploRasterCache     *self);
void              diplo_raster_cache_set_max_wait (DiploRasterCache    *self,
                                                   GTimeSpan            max_wait);
void              diplo_raster_cache_set_content (DiploRasterCache     *self,
                                                  DiploRasterDrawFunc   draw_func,
                                                  gpointer              data,
                                                  GDestroyNotify        destroy);
void              diplo_raster_cache_set_equal_func (DiploRasterCache  *self,
                                                     DiploRasterEqualFunc equal);
void              diplo_raster_cache_draw_ahead  (DiploRasterCache     *self,
                                                  DiploRasterDrawFunc   draw_func,
                                                  gpointer              data,
                                                  GDestroyNotify        destroy);
guint             diplo_raster_cache_get_n_ahead (DiploRasterCache     *self);
void              diplo_raster_cache_update      (DiploRasterCache     *self,
                                                  const DiploViewFrame *frame);
void              diplo_raster_cache_snapshot    (DiploRasterCache     *self,
                                                  GtkSnapshot          *snapshot,
                                                  const DiploViewFrame *frame);
void              diplo_raster_cache_paint       (DiploRasterCache     *self,
                                                  cairo_t              *cr,
                                                  const DiploViewFrame *frame);
gboolean          diplo_raster_cache_peek_image  (DiploRasterCache     *self,
                                                  const DiploViewFrame *frame,
                                                  DiploRasterImage     *image);
void              diplo_raster_cache_set_redraw_func (DiploRasterCache *self,
                                                      GFunc             redraw,
                                                      gpointer          data);
gboolean          diplo_raster_cache_has_content (DiploRasterCache     *self);
gboolean          diplo_raster_cache_shows_content (DiploRasterCache   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiploRasterCache, diplo_raster_cache_free)

G_END_DECLS
