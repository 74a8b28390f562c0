#define G_LOG_DOMAIN "diplo-raster-cache"

#include "config.h"

#include "diplo-raster-cache.h"

#include <math.h>

#include "diplo-mercator.h"
#include "diplo-utils.h"

/**
 * DiploRasterCache:
 *
 * With the cairo renderer, stroking hundreds of arcs or filling country
 * outlines costs tens of milliseconds a frame. What those layers draw
 * depends only on the zoom level, so it is drawn once, in a worker thread,
 * for the view and a margin at the nearest whole zoom level; frames in
 * between composite the image, scaled while zooming. A stale image is
 * shown until its replacement is ready, so moving never waits.
 *
 * GPU renderers get the image as a texture, which they upload once. The
 * cairo renderer would convert a whole texture on every frame, so it gets
 * a cairo node painting the image instead, which composites only what is
 * in view.
 */

/* The share of the view's size added on each side of the area drawn. */
#define MARGIN 0.125

/* World pixels at high zoom levels need more precision than the floats of
 * graphene_rect_t have. */
typedef struct
{
  double x;
  double y;
  double width;
  double height;
} Area;

typedef struct
{
  gatomicrefcount      ref_count;
  DiploRasterDrawFunc  draw_func;
  gpointer             data;
  GDestroyNotify       destroy;
} Content;

typedef struct
{
  Content         *content;
  guint            generation;
  int              level;
  guint            tile_size;
  int              scale_factor;
  Area             area;
} Job;

struct _DiploRasterCache
{
  GtkWidget       *widget;

  Content         *content;
  guint            generation;

  cairo_surface_t *surface;
  GdkTexture      *texture;     /* made from the surface when asked for */
  guint            texture_generation;
  guint            shown_generation;  /* of the content the last frame drew */
  int              texture_level;
  int              texture_scale_factor;
  Area             texture_area;

  GCancellable    *cancellable;
};

static Content *
content_ref (Content *content)
{
  g_atomic_ref_count_inc (&content->ref_count);

  return content;
}

static void
content_unref (Content *content)
{
  if (!g_atomic_ref_count_dec (&content->ref_count))
    return;

  if (content->destroy != NULL)
    content->destroy (content->data);
  g_free (content);
}

static void
job_free (gpointer data)
{
  Job *job = data;

  g_clear_pointer (&job->content, content_unref);
  g_free (job);
}

/**
 * diplo_view_frame_init:
 * @frame: (out caller-allocates): the frame to fill
 * @layer: a layer of the map
 *
 * Returns: whether there is anything to draw: a reference map source and a
 *   size
 */
gboolean
diplo_view_frame_init (DiploViewFrame *frame,
                       ShumateLayer   *layer)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (layer);
  ShumateMapSource *source = shumate_viewport_get_reference_map_source (viewport);

  g_return_val_if_fail (frame != NULL, FALSE);
  g_return_val_if_fail (SHUMATE_IS_LAYER (layer), FALSE);

  if (source == NULL)
    return FALSE;

  frame->zoom_level = shumate_viewport_get_zoom_level (viewport);
  frame->tile_size = shumate_map_source_get_tile_size (source);
  frame->world_size = diplo_mercator_world_size (frame->zoom_level, frame->tile_size);
  diplo_mercator_project (shumate_location_get_latitude (SHUMATE_LOCATION (viewport)),
                          shumate_location_get_longitude (SHUMATE_LOCATION (viewport)),
                          &frame->centre_x, &frame->centre_y);
  frame->centre_x *= frame->world_size;
  frame->centre_y *= frame->world_size;
  frame->rotation = shumate_viewport_get_rotation (viewport);
  frame->width = gtk_widget_get_width (GTK_WIDGET (layer));
  frame->height = gtk_widget_get_height (GTK_WIDGET (layer));

  return frame->width > 0 && frame->height > 0;
}

/**
 * diplo_raster_cache_new:
 * @widget: the layer that owns the cache, redrawn when a texture is ready
 */
DiploRasterCache *
diplo_raster_cache_new (GtkWidget *widget)
{
  DiploRasterCache *self;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  self = g_new0 (DiploRasterCache, 1);
  self->widget = widget;

  return self;
}

void
diplo_raster_cache_free (DiploRasterCache *self)
{
  g_return_if_fail (self != NULL);

  /* The render in flight, if any, sees it was cancelled and forgets us. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->texture);
  g_clear_pointer (&self->surface, cairo_surface_destroy);
  g_clear_pointer (&self->content, content_unref);
  g_free (self);
}

/**
 * diplo_raster_cache_set_content:
 * @draw_func: (nullable): draws the content, in a worker thread
 * @data: what @draw_func draws; it must not change afterwards
 * @destroy: frees @data
 *
 * Replaces what is drawn. The previous texture stays on screen until the
 * new content is drawn; %NULL draws nothing from the next frame on.
 */
void
diplo_raster_cache_set_content (DiploRasterCache    *self,
                                DiploRasterDrawFunc  draw_func,
                                gpointer             data,
                                GDestroyNotify       destroy)
{
  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->content, content_unref);
  self->generation++;

  if (draw_func != NULL)
    {
      self->content = g_new0 (Content, 1);
      g_atomic_ref_count_init (&self->content->ref_count);
      self->content->draw_func = draw_func;
      self->content->data = data;
      self->content->destroy = destroy;
    }
  else
    {
      g_clear_object (&self->texture);
      g_clear_pointer (&self->surface, cairo_surface_destroy);
      if (destroy != NULL)
        destroy (data);
    }

  gtk_widget_queue_draw (self->widget);
}

static void
render_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Job *job = task_data;
  int width = ceil (job->area.width * job->scale_factor);
  int height = ceil (job->area.height * job->scale_factor);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);

  cairo_scale (cr, job->scale_factor, job->scale_factor);
  cairo_translate (cr, -job->area.x, -job->area.y);
  cairo_rectangle (cr, job->area.x, job->area.y, job->area.width, job->area.height);
  cairo_clip (cr);

  job->content->draw_func (cr, job->level, job->tile_size, job->content->data);

  cairo_destroy (cr);
  cairo_surface_flush (surface);

  g_task_return_pointer (task, surface, (GDestroyNotify) cairo_surface_destroy);
}

static GdkTexture *
texture_from_surface (cairo_surface_t *surface)
{
  g_autoptr(GBytes) bytes = NULL;
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);

  /* No copy: the bytes keep the surface alive. Cairo's ARGB32 is GDK's
   * default memory format. */
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) height * stride,
                                      (GDestroyNotify) cairo_surface_destroy,
                                      cairo_surface_reference (surface));

  return gdk_memory_texture_new (cairo_image_surface_get_width (surface), height,
                                 GDK_MEMORY_DEFAULT, bytes, stride);
}

static void
on_render_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  DiploRasterCache *self = user_data;
  cairo_surface_t *surface;
  Job *job;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;

  surface = g_task_propagate_pointer (G_TASK (result), NULL);
  job = g_task_get_task_data (G_TASK (result));

  g_clear_object (&self->cancellable);

  if (surface != NULL && job->generation == self->generation)
    {
      g_clear_object (&self->texture);
      g_clear_pointer (&self->surface, cairo_surface_destroy);
      cairo_surface_set_device_scale (surface, job->scale_factor, job->scale_factor);
      self->surface = g_steal_pointer (&surface);
      self->texture_generation = job->generation;
      self->texture_level = job->level;
      self->texture_scale_factor = job->scale_factor;
      self->texture_area = job->area;
    }

  g_clear_pointer (&surface, cairo_surface_destroy);

  /* The next frame shows it, and asks for another if the view moved on. */
  gtk_widget_queue_draw (self->widget);
}

static void
diplo_raster_cache_render (DiploRasterCache *self,
                           int               level,
                           guint             tile_size,
                           const Area       *area)
{
  g_autoptr(GTask) task = NULL;
  Job *job = g_new0 (Job, 1);

  g_assert (self != NULL);

  job->content = content_ref (self->content);
  job->generation = self->generation;
  job->level = level;
  job->tile_size = tile_size;
  job->scale_factor = gtk_widget_get_scale_factor (self->widget);
  job->area = *area;

  self->cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->cancellable, on_render_done, self);
  g_task_set_source_tag (task, diplo_raster_cache_render);
  g_task_set_task_data (task, job, job_free);
  g_task_run_in_thread (task, render_in_thread);
}

/* The area of the world, in pixels at @level, that the view shows. */
static void
get_view_area (const DiploViewFrame *frame,
               int                   level,
               Area                 *area)
{
  double scale = exp2 (frame->zoom_level - level);
  double half_width = frame->width / 2 / scale;
  double half_height = frame->height / 2 / scale;

  if (frame->rotation != 0.0)
    half_width = half_height = hypot (frame->width, frame->height) / 2 / scale;

  area->x = frame->centre_x / scale - half_width;
  area->y = frame->centre_y / scale - half_height;
  area->width = 2 * half_width;
  area->height = 2 * half_height;
}

static gboolean
area_contains (const Area *outer,
               const Area *inner)
{
  return inner->x >= outer->x && inner->y >= outer->y &&
         inner->x + inner->width <= outer->x + outer->width &&
         inner->y + inner->height <= outer->y + outer->height;
}

static gboolean
diplo_raster_cache_is_current (DiploRasterCache *self,
                               int               level,
                               const Area       *view)
{
  g_assert (self != NULL);

  return self->surface != NULL &&
         self->texture_generation == self->generation &&
         self->texture_level == level &&
         self->texture_scale_factor == gtk_widget_get_scale_factor (self->widget) &&
         area_contains (&self->texture_area, view);
}

static void
diplo_raster_cache_append_image (DiploRasterCache     *self,
                                 GtkSnapshot          *snapshot,
                                 const DiploViewFrame *frame)
{
  double scale = exp2 (frame->zoom_level - self->texture_level);
  /* The image's corner from the view's centre, in pixels at its level. */
  double x = self->texture_area.x - frame->centre_x / scale;
  double y = self->texture_area.y - frame->centre_y / scale;
  gboolean aligned = scale == 1.0 && frame->rotation == 0.0;
  graphene_rect_t bounds;
  cairo_t *cr;

  g_assert (self != NULL);

  /* Unscaled and unrotated, the image lands on whole pixels, which spares
   * the renderer a resampling. */
  if (aligned)
    {
      x = round (x + frame->width / 2);
      y = round (y + frame->height / 2);
    }

  if (!diplo_widget_uses_cairo_renderer (self->widget))
    {
      if (self->texture == NULL)
        self->texture = texture_from_surface (self->surface);

      gtk_snapshot_save (snapshot);
      if (!aligned)
        {
          gtk_snapshot_translate (snapshot,
                                  &GRAPHENE_POINT_INIT (frame->width / 2, frame->height / 2));
          gtk_snapshot_rotate (snapshot, frame->rotation * 180.0 / G_PI);
          gtk_snapshot_scale (snapshot, scale, scale);
        }
      graphene_rect_init (&bounds, x, y, self->texture_area.width, self->texture_area.height);
      gtk_snapshot_append_texture (snapshot, self->texture, &bounds);
      gtk_snapshot_restore (snapshot);
      return;
    }

  graphene_rect_init (&bounds, 0, 0, frame->width, frame->height);
  cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  if (!aligned)
    {
      cairo_translate (cr, frame->width / 2, frame->height / 2);
      cairo_rotate (cr, frame->rotation);
      cairo_scale (cr, scale, scale);
    }
  cairo_set_source_surface (cr, self->surface, x, y);
  cairo_paint (cr);
  cairo_destroy (cr);
}

/**
 * diplo_raster_cache_snapshot:
 * @snapshot: where to draw
 * @frame: the layer's view
 *
 * Draws the latest texture for the view and, when it is not for this zoom
 * level and area, starts drawing one that is.
 */
void
diplo_raster_cache_snapshot (DiploRasterCache     *self,
                             GtkSnapshot          *snapshot,
                             const DiploViewFrame *frame)
{
  Area view, area;
  double margin;
  int level;

  g_return_if_fail (self != NULL);
  g_return_if_fail (frame != NULL);

  if (self->content == NULL)
    return;

  level = CLAMP ((int) round (frame->zoom_level), 0, 30);
  get_view_area (frame, level, &view);

  if (!diplo_raster_cache_is_current (self, level, &view) && self->cancellable == NULL)
    {
      margin = MARGIN * MAX (view.width, view.height);
      area = (Area) { view.x - margin, view.y - margin,
                      view.width + 2 * margin, view.height + 2 * margin };
      diplo_raster_cache_render (self, level, frame->tile_size, &area);
    }

  if (self->surface != NULL)
    {
      diplo_raster_cache_append_image (self, snapshot, frame);
      self->shown_generation = self->texture_generation;
    }
}

/**
 * diplo_raster_cache_shows_content:
 *
 * Returns: whether the last snapshot drew the content as it is now, or
 *   there is none
 */
gboolean
diplo_raster_cache_shows_content (DiploRasterCache *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->content == NULL || self->shown_generation == self->generation;
}
