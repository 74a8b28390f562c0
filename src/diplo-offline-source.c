/* diplo-offline-source.c
 *
 * Without a network a bare map is an empty plane, so the map always has this
 * source underneath: tiles drawn with cairo from the Natural Earth basemap in
 * the application's resources (see diplo-basemap.c for the data).
 *
 * Drawing a tile takes a few milliseconds, which is too long for the main
 * loop when a whole screen of tiles is asked for at once, so each tile is
 * drawn in a worker thread and only handed to its ShumateTile on the main
 * thread.
 */

#define G_LOG_DOMAIN "diplo-offline-source"

#include "config.h"

#include "diplo-offline-source.h"

#include <glib/gi18n.h>

#include "diplo-basemap.h"
#include "diplo-surface-paintable.h"

#define DEFAULT_TILE_SIZE 256
#define MIN_ZOOM_LEVEL 0
/* Natural Earth 1:50m gets coarse beyond this. */
#define MAX_ZOOM_LEVEL 10
#define NATURAL_EARTH_TERMS_URI "https://www.naturalearthdata.com/about/terms-of-use/"

struct _DiploOfflineSource
{
  ShumateMapSource parent_instance;

  DiploBasemap *basemap;
  GError *basemap_error;
  GWeakRef cairo_widget;
};

G_DEFINE_FINAL_TYPE (DiploOfflineSource, diplo_offline_source, SHUMATE_TYPE_MAP_SOURCE)

/* What a worker thread needs: plain values, because a ShumateTile belongs to
 * the main thread. */
typedef struct
{
  DiploBasemap *basemap;
  guint x;
  guint y;
  guint zoom_level;
  guint size;
} TileRequest;

static void
tile_request_free (TileRequest *request)
{
  g_clear_pointer (&request->basemap, diplo_basemap_unref);
  g_free (request);
}

static TileRequest *
tile_request_new (DiploOfflineSource *self,
                  ShumateTile        *tile)
{
  ShumateMapSource *source = SHUMATE_MAP_SOURCE (self);
  TileRequest *request = g_new0 (TileRequest, 1);

  g_assert (DIPLO_IS_OFFLINE_SOURCE (self));
  g_assert (SHUMATE_IS_TILE (tile));

  request->basemap = diplo_basemap_ref (self->basemap);
  request->x = shumate_tile_get_x (tile);
  request->y = shumate_tile_get_y (tile);
  request->zoom_level = shumate_tile_get_zoom_level (tile);
  request->size = shumate_tile_get_size (tile);
  if (request->size == 0)
    request->size = shumate_map_source_get_tile_size (source);

  return request;
}

/* cairo's ARGB32 is GDK_MEMORY_DEFAULT in either byte order. */
static GBytes *
draw_tile_pixels (const TileRequest *request,
                  gsize             *stride)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  guint8 *pixels;

  *stride = cairo_format_stride_for_width (CAIRO_FORMAT_ARGB32, request->size);
  pixels = g_malloc0 (*stride * request->size);
  surface = cairo_image_surface_create_for_data (pixels, CAIRO_FORMAT_ARGB32,
                                                 request->size, request->size, *stride);
  cr = cairo_create (surface);

  diplo_basemap_draw_tile (request->basemap, cr, request->x, request->y,
                           request->zoom_level, request->size);

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);

  return g_bytes_new_take (pixels, *stride * request->size);
}

typedef struct
{
  GBytes *pixels;
  gsize stride;
  guint size;
} TilePixels;

static void
tile_pixels_free (TilePixels *tile_pixels)
{
  g_clear_pointer (&tile_pixels->pixels, g_bytes_unref);
  g_free (tile_pixels);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TilePixels, tile_pixels_free)

static void
draw_tile_in_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  const TileRequest *request = task_data;
  TilePixels *tile_pixels;

  g_assert (DIPLO_IS_OFFLINE_SOURCE (source_object));

  /* Tiles scrolled out of view are cancelled while they wait for a thread. */
  if (g_task_return_error_if_cancelled (task))
    return;

  tile_pixels = g_new0 (TilePixels, 1);
  tile_pixels->size = request->size;
  tile_pixels->pixels = draw_tile_pixels (request, &tile_pixels->stride);
  g_task_return_pointer (task, tile_pixels, (GDestroyNotify) tile_pixels_free);
}

static void
on_tile_drawn (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(TilePixels) tile_pixels = NULL;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkWidget) cairo_widget = NULL;
  ShumateTile *tile = g_task_get_task_data (task);
  GError *error = NULL;

  g_assert (DIPLO_IS_OFFLINE_SOURCE (object));

  /* A GTask checks its cancellable first, so a tile cancelled while it was
   * drawn is left alone. */
  tile_pixels = g_task_propagate_pointer (G_TASK (result), &error);
  if (tile_pixels == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  cairo_widget = g_weak_ref_get (&DIPLO_OFFLINE_SOURCE (object)->cairo_widget);
  if (cairo_widget != NULL)
    paintable = GDK_PAINTABLE (diplo_surface_paintable_new (tile_pixels->pixels, tile_pixels->size,
                                                            tile_pixels->size, tile_pixels->stride,
                                                            cairo_widget));
  else
    paintable = GDK_PAINTABLE (gdk_memory_texture_new (tile_pixels->size, tile_pixels->size,
                                                       GDK_MEMORY_DEFAULT, tile_pixels->pixels,
                                                       tile_pixels->stride));

  /* Like a tile from libshumate's own caches: it is there at once, so it
   * appears without a fade. */
  shumate_tile_set_paintable (tile, paintable);
  shumate_tile_set_fade_in (tile, FALSE);
  shumate_tile_set_state (tile, SHUMATE_STATE_DONE);

  g_task_return_boolean (task, TRUE);
}

static void
diplo_offline_source_fill_tile_async (ShumateMapSource    *source,
                                      ShumateTile         *tile,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  DiploOfflineSource *self = (DiploOfflineSource *) source;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) draw_task = NULL;

  g_assert (DIPLO_IS_OFFLINE_SOURCE (self));
  g_assert (SHUMATE_IS_TILE (tile));
  g_assert (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, diplo_offline_source_fill_tile_async);
  g_task_set_task_data (task, g_object_ref (tile), g_object_unref);

  if (self->basemap == NULL)
    {
      g_task_return_error (task, g_error_copy (self->basemap_error));
      return;
    }

  draw_task = g_task_new (self, cancellable, on_tile_drawn, g_steal_pointer (&task));
  g_task_set_source_tag (draw_task, draw_tile_in_thread);
  g_task_set_task_data (draw_task, tile_request_new (self, tile),
                        (GDestroyNotify) tile_request_free);
  g_task_run_in_thread (draw_task, draw_tile_in_thread);
}

static gboolean
diplo_offline_source_fill_tile_finish (ShumateMapSource  *source,
                                       GAsyncResult      *result,
                                       GError           **error)
{
  g_assert (DIPLO_IS_OFFLINE_SOURCE (source));
  g_assert (g_task_is_valid (result, source));

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
diplo_offline_source_finalize (GObject *object)
{
  DiploOfflineSource *self = (DiploOfflineSource *) object;

  g_clear_pointer (&self->basemap, diplo_basemap_unref);
  g_clear_error (&self->basemap_error);
  g_weak_ref_clear (&self->cairo_widget);

  G_OBJECT_CLASS (diplo_offline_source_parent_class)->finalize (object);
}

static void
load_basemap (DiploOfflineSource *self)
{
  DiploBasemap *basemap;

  g_assert (DIPLO_IS_OFFLINE_SOURCE (self));

  basemap = diplo_basemap_get_default (&self->basemap_error);
  /* Only a broken build lacks the basemap; every tile then reports why. */
  if (basemap == NULL)
    {
      g_critical ("Cannot draw the offline map: %s", self->basemap_error->message);
      return;
    }

  self->basemap = diplo_basemap_ref (basemap);
}

/* ShumateMapSource's properties are construct properties, which would
 * overwrite anything set in init. */
static void
diplo_offline_source_constructed (GObject *object)
{
  DiploOfflineSource *self = (DiploOfflineSource *) object;
  ShumateMapSource *source = SHUMATE_MAP_SOURCE (self);

  G_OBJECT_CLASS (diplo_offline_source_parent_class)->constructed (object);

  shumate_map_source_set_id (source, "diplo-offline");
  shumate_map_source_set_name (source, _("Offline World Map"));
  shumate_map_source_set_license (source, _("Natural Earth (public domain)"));
  shumate_map_source_set_license_uri (source, NATURAL_EARTH_TERMS_URI);
  shumate_map_source_set_min_zoom_level (source, MIN_ZOOM_LEVEL);
  shumate_map_source_set_max_zoom_level (source, MAX_ZOOM_LEVEL);
  shumate_map_source_set_tile_size (source, DEFAULT_TILE_SIZE);
  shumate_map_source_set_projection (source, SHUMATE_MAP_PROJECTION_MERCATOR);

  load_basemap (self);
}

static void
diplo_offline_source_class_init (DiploOfflineSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ShumateMapSourceClass *source_class = SHUMATE_MAP_SOURCE_CLASS (klass);

  object_class->constructed = diplo_offline_source_constructed;
  object_class->finalize = diplo_offline_source_finalize;

  source_class->fill_tile_async = diplo_offline_source_fill_tile_async;
  source_class->fill_tile_finish = diplo_offline_source_fill_tile_finish;
}

static void
diplo_offline_source_init (DiploOfflineSource *self)
{
  g_weak_ref_init (&self->cairo_widget, NULL);
}

/**
 * diplo_offline_source_new:
 *
 * Creates a map source that draws the bundled Natural Earth basemap: sea,
 * land, land borders and coastlines, from zoom 0 to 10.
 *
 * Returns: (transfer full): a new #DiploOfflineSource
 */
DiploOfflineSource *
diplo_offline_source_new (void)
{
  return g_object_new (DIPLO_TYPE_OFFLINE_SOURCE, NULL);
}

/**
 * diplo_offline_source_set_cairo_widget:
 * @widget: (nullable): the widget showing the tiles, when GSK's cairo
 *   renderer draws it
 *
 * Tiles drawn from now on are images that the cairo renderer paints as
 * they are, at @widget's scale factor, instead of textures, which it
 * would convert on every frame. GPU renderers upload a texture once, so
 * without a widget tiles are textures.
 */
void
diplo_offline_source_set_cairo_widget (DiploOfflineSource *self,
                                       GtkWidget          *widget)
{
  g_return_if_fail (DIPLO_IS_OFFLINE_SOURCE (self));
  g_return_if_fail (widget == NULL || GTK_IS_WIDGET (widget));

  g_weak_ref_set (&self->cairo_widget, widget);
}
