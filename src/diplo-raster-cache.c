#define G_LOG_DOMAIN "diplo-raster-cache"

#include "config.h"

#include "diplo-raster-cache.h"

#include <math.h>
#include <string.h>

#include "diplo-mercator.h"
#include "diplo-utils.h"

/**
 * DiploRasterCache:
 *
 * With the cairo renderer, stroking hundreds of arcs or filling country
 * outlines costs tens of milliseconds a frame. What those layers draw
 * depends only on the zoom level, so it is drawn once, off the main thread
 * and in bands on every processor, for the view and a margin; frames in
 * between composite the image. It is drawn at the view's zoom level once
 * the view rests, so that it lands on whole pixels, and at the nearest
 * whole level while the view zooms, when frames scale it. A stale image is
 * shown until its replacement is ready, so moving never waits for one.
 *
 * GPU renderers get the image as a texture, which they upload once. The
 * cairo renderer would convert a whole texture on every frame, so it gets
 * a cairo node painting the image instead, which composites only what is
 * in view.
 */

/* An image is drawn in bands of at least this many rows, and at most
 * MAX_BANDS of them: each band makes the content's path again. */
#define MIN_BAND_HEIGHT 128
#define MAX_BANDS 4

/* The share of the view's size added on each side of the area drawn. */
#define MARGIN 0.125

/* How long after a new content's image was started a frame waits for it,
 * in microseconds: its list and markers then change with it, in one
 * frame, rather than the map a few frames later. */
#define DEFAULT_MAX_WAIT (25 * G_TIME_SPAN_MILLISECOND)

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

/* At most this many contents are drawn ahead: the next month's, the
 * previous one's, all months' and the one pointed at in the month menu. */
#define MAX_AHEAD 4

/* How long after an image of a moved view those ahead are drawn again for
 * it, in milliseconds: not at each step of a drag. */
#define AHEAD_REST_MS 300

typedef struct
{
  Content         *content;
  guint            generation;
  double           zoom_level;
  guint            tile_size;
  int              scale_factor;
  Area             area;
  gint64           started;

  /* The image, handed from the worker to whichever comes first: a frame
   * waiting for it, or the task's callback. */
  GMutex           lock;
  GCond            drawn;
  gboolean         done;
  cairo_surface_t *surface;
} Job;

/* A job's image, in bands of rows that any thread drawing it takes in
 * turn. A helper may start only after the job is done, find no band left,
 * and only then let go of this: it must not touch the job or its image. */
typedef struct
{
  gatomicrefcount  ref_count;
  Job             *job;
  cairo_surface_t *image;
  int              height;
  GCancellable    *cancellable;
  guint            n_bands;
  guint            next_band;     /* atomic */

  GMutex           lock;
  GCond            band_drawn;
  guint            n_drawn;
} Bands;

struct _DiploRasterCache
{
  GtkWidget       *widget;
  GFunc            redraw;      /* called with the widget */
  gpointer         redraw_data;

  Content         *content;
  guint            generation;

  cairo_surface_t *surface;
  GdkTexture      *texture;     /* made from the surface when asked for */
  guint            texture_generation;
  guint            shown_generation;  /* of the content the last frame drew */
  double           texture_zoom_level;
  DiploViewFrame   last_frame;        /* the last view asked for */
  double           heading_x;         /* the way the view last moved */
  double           heading_y;
  int              texture_scale_factor;
  Area             texture_area;

  GTask           *task;        /* drawing an image, until its callback */
  GTimeSpan        max_wait;

  /* Contents that may come next, each with its image's task once started:
   * a content equal to one of them takes its image rather than drawing. */
  GPtrArray       *ahead;
  DiploRasterEqualFunc ahead_equal;
  guint            ahead_source;  /* starts them once the view rests */
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

static Content *
content_new (DiploRasterDrawFunc draw_func,
             gpointer            data,
             GDestroyNotify      destroy)
{
  Content *content = g_new0 (Content, 1);

  g_atomic_ref_count_init (&content->ref_count);
  content->draw_func = draw_func;
  content->data = data;
  content->destroy = destroy;

  return content;
}

static Job *
job_new (Content    *content,
         guint       generation,
         double      zoom_level,
         guint       tile_size,
         int         scale_factor,
         const Area *area)
{
  Job *job = g_new0 (Job, 1);

  g_mutex_init (&job->lock);
  g_cond_init (&job->drawn);
  job->started = g_get_monotonic_time ();
  job->content = content_ref (content);
  job->generation = generation;
  job->zoom_level = zoom_level;
  job->tile_size = tile_size;
  job->scale_factor = scale_factor;
  job->area = *area;

  return job;
}

static void
job_free (gpointer data)
{
  Job *job = data;

  g_clear_pointer (&job->content, content_unref);
  g_clear_pointer (&job->surface, cairo_surface_destroy);
  g_mutex_clear (&job->lock);
  g_cond_clear (&job->drawn);
  g_free (job);
}

static gboolean
job_is_done (Job *job)
{
  gboolean done;

  g_mutex_lock (&job->lock);
  done = job->done;
  g_mutex_unlock (&job->lock);

  return done;
}

/* A content drawn ahead, and its image's task once started. */
typedef struct
{
  Content *content;
  GTask   *task;
} Ahead;

static void
ahead_forget_task (Ahead *ahead)
{
  /* Its callback sees it was cancelled and forgets the cache. */
  if (ahead->task != NULL)
    g_cancellable_cancel (g_task_get_cancellable (ahead->task));
  g_clear_object (&ahead->task);
}

static void
ahead_free (Ahead *ahead)
{
  ahead_forget_task (ahead);
  g_clear_pointer (&ahead->content, content_unref);
  g_free (ahead);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Ahead, ahead_free)

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

static void
queue_draw_widget (gpointer widget,
                   gpointer data)
{
  gtk_widget_queue_draw (widget);
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
  self->redraw = queue_draw_widget;
  self->max_wait = DEFAULT_MAX_WAIT;
  self->ahead = g_ptr_array_new_with_free_func ((GDestroyNotify) ahead_free);

  return self;
}

/**
 * diplo_raster_cache_set_redraw_func:
 * @redraw: called with the cache's widget and @data when a frame should
 *   draw the image anew, instead of gtk_widget_queue_draw()
 */
void
diplo_raster_cache_set_redraw_func (DiploRasterCache *self,
                                    GFunc             redraw,
                                    gpointer          data)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (redraw != NULL);

  self->redraw = redraw;
  self->redraw_data = data;
}

/**
 * diplo_raster_cache_set_max_wait:
 * @max_wait: in microseconds
 *
 * Sets how long after a new content's image was started a frame waits for
 * it before it shows the previous one.
 */
void
diplo_raster_cache_set_max_wait (DiploRasterCache *self,
                                 GTimeSpan         max_wait)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (max_wait >= 0);

  self->max_wait = max_wait;
}

/* The image in flight, if any, sees it was cancelled and forgets us. */
static void
diplo_raster_cache_forget_task (DiploRasterCache *self)
{
  if (self->task == NULL)
    return;

  g_cancellable_cancel (g_task_get_cancellable (self->task));
  g_clear_object (&self->task);
}

void
diplo_raster_cache_free (DiploRasterCache *self)
{
  g_return_if_fail (self != NULL);

  diplo_raster_cache_forget_task (self);
  g_clear_handle_id (&self->ahead_source, g_source_remove);
  g_clear_pointer (&self->ahead, g_ptr_array_unref);
  g_clear_object (&self->texture);
  g_clear_pointer (&self->surface, cairo_surface_destroy);
  g_clear_pointer (&self->content, content_unref);
  g_free (self);
}

static gboolean diplo_raster_cache_take_image (DiploRasterCache *self,
                                               Job              *job);
static void on_render_done (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data);
static void on_ahead_done (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data);
static void render_in_thread (GTask        *task,
                              gpointer      source_object,
                              gpointer      task_data,
                              GCancellable *cancellable);

static GTask *
start_job (DiploRasterCache    *self,
           Job                 *job,
           GAsyncReadyCallback  callback)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GTask *task = g_task_new (NULL, cancellable, callback, self);

  g_task_set_source_tag (task, start_job);
  g_task_set_task_data (task, job, job_free);
  g_task_run_in_thread (task, render_in_thread);

  return task;
}

static gboolean
diplo_raster_cache_content_is (DiploRasterCache    *self,
                               Content             *content,
                               DiploRasterDrawFunc  draw_func,
                               gconstpointer        data)
{
  return content != NULL && self->ahead_equal != NULL &&
         content->draw_func == draw_func && self->ahead_equal (content->data, data);
}

static int
diplo_raster_cache_find_ahead (DiploRasterCache    *self,
                               DiploRasterDrawFunc  draw_func,
                               gconstpointer        data)
{
  for (guint i = 0; i < self->ahead->len; i++)
    {
      Ahead *ahead = g_ptr_array_index (self->ahead, i);

      if (diplo_raster_cache_content_is (self, ahead->content, draw_func, data))
        return i;
    }

  return -1;
}

static Ahead *
diplo_raster_cache_steal_ahead (DiploRasterCache    *self,
                                DiploRasterDrawFunc  draw_func,
                                gconstpointer        data)
{
  int i = diplo_raster_cache_find_ahead (self, draw_func, data);

  return i >= 0 ? g_ptr_array_steal_index (self->ahead, i) : NULL;
}

/* The image drawn ahead becomes the current content's, drawn or still
 * drawing; one not started yet is drawn as for any new content. */
static void
diplo_raster_cache_adopt_ahead (DiploRasterCache *self,
                                Ahead            *ahead)
{
  Job *job;

  if (ahead->task == NULL)
    return;

  job = g_task_get_task_data (ahead->task);
  job->generation = self->generation;
  if (job_is_done (job))
    {
      diplo_raster_cache_take_image (self, job);
      return;
    }

  /* A frame waits for it as for an image started now. */
  job->started = g_get_monotonic_time ();
  self->task = g_steal_pointer (&ahead->task);
}

/* Contents ahead are drawn once the current image is, at its zoom level,
 * scale and area, and never beside it: that one comes first. */
static void
diplo_raster_cache_start_ahead (DiploRasterCache *self)
{
  if ((self->task != NULL && !job_is_done (g_task_get_task_data (self->task))) ||
      self->surface == NULL || self->texture_generation != self->generation)
    return;

  for (guint i = 0; i < self->ahead->len; i++)
    {
      Ahead *ahead = g_ptr_array_index (self->ahead, i);

      if (ahead->task == NULL)
        ahead->task = start_job (self,
                                 job_new (ahead->content, 0, self->texture_zoom_level,
                                          self->last_frame.tile_size, self->texture_scale_factor,
                                          &self->texture_area),
                                 on_ahead_done);
    }
}

/* Images ahead drawn for another zoom level, scale or area than @job's
 * would not serve the view: they are drawn again once it is done. */
static void
diplo_raster_cache_reset_ahead (DiploRasterCache *self,
                                const Job        *job)
{
  for (guint i = 0; i < self->ahead->len; i++)
    {
      Ahead *ahead = g_ptr_array_index (self->ahead, i);
      Job *other = ahead->task != NULL ? g_task_get_task_data (ahead->task) : NULL;

      if (other != NULL &&
          (other->zoom_level != job->zoom_level || other->scale_factor != job->scale_factor ||
           memcmp (&other->area, &job->area, sizeof (Area)) != 0))
        ahead_forget_task (ahead);
    }
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
  g_autoptr(Ahead) ahead = NULL;

  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->content, content_unref);
  self->generation++;
  /* An image of the old content would only hold up the new one's. */
  diplo_raster_cache_forget_task (self);

  if (draw_func != NULL && (ahead = diplo_raster_cache_steal_ahead (self, draw_func, data)) != NULL)
    {
      if (destroy != NULL)
        destroy (data);
      self->content = content_ref (ahead->content);
      diplo_raster_cache_adopt_ahead (self, ahead);
    }
  else if (draw_func != NULL)
    {
      self->content = content_new (draw_func, data, destroy);
    }
  else
    {
      g_clear_object (&self->texture);
      g_clear_pointer (&self->surface, cairo_surface_destroy);
      if (destroy != NULL)
        destroy (data);
    }

  self->redraw (self->widget, self->redraw_data);
}

/**
 * diplo_raster_cache_set_equal_func:
 * @equal: tells whether two contents draw the same
 *
 * Lets a content drawn ahead serve a later equal one.
 */
void
diplo_raster_cache_set_equal_func (DiploRasterCache     *self,
                                   DiploRasterEqualFunc  equal)
{
  g_return_if_fail (self != NULL);

  self->ahead_equal = equal;
}

/**
 * diplo_raster_cache_draw_ahead:
 * @draw_func: draws the content, in a worker thread
 * @data: what @draw_func draws; it must not change afterwards
 * @destroy: frees @data
 *
 * Draws the image of a content that may be set next, such as the next
 * month's, once the current image is done, at its zoom level and area. Set
 * later, an equal content takes the image, or the drawing under way,
 * rather than drawing its own. The last four contents drawn ahead are
 * kept; one drawn ahead again counts as the latest.
 */
void
diplo_raster_cache_draw_ahead (DiploRasterCache    *self,
                               DiploRasterDrawFunc  draw_func,
                               gpointer             data,
                               GDestroyNotify       destroy)
{
  Ahead *ahead;

  g_return_if_fail (self != NULL);
  g_return_if_fail (draw_func != NULL);
  g_return_if_fail (self->ahead_equal != NULL);

  /* One drawn ahead already moves to the end, as the latest. */
  ahead = diplo_raster_cache_steal_ahead (self, draw_func, data);
  if (ahead != NULL || diplo_raster_cache_content_is (self, self->content, draw_func, data))
    {
      if (ahead != NULL)
        g_ptr_array_add (self->ahead, ahead);
      if (destroy != NULL)
        destroy (data);
      return;
    }

  if (self->ahead->len == MAX_AHEAD)
    g_ptr_array_remove_index (self->ahead, 0);
  ahead = g_new0 (Ahead, 1);
  ahead->content = content_new (draw_func, data, destroy);
  g_ptr_array_add (self->ahead, ahead);
  diplo_raster_cache_start_ahead (self);
}

/* Each band has a surface of its own over the image's rows, so that the
 * threads share no cairo state. */
static void
draw_band (Job             *job,
           cairo_surface_t *image,
           int              y,
           int              height)
{
  int stride = cairo_image_surface_get_stride (image);
  cairo_surface_t *surface;
  cairo_t *cr;

  surface = cairo_image_surface_create_for_data (cairo_image_surface_get_data (image) +
                                                 (gsize) y * stride,
                                                 CAIRO_FORMAT_ARGB32,
                                                 cairo_image_surface_get_width (image),
                                                 height, stride);
  cr = cairo_create (surface);
  cairo_scale (cr, job->scale_factor, job->scale_factor);
  cairo_translate (cr, -job->area.x, -job->area.y - (double) y / job->scale_factor);

  job->content->draw_func (cr, job->zoom_level, job->tile_size, job->content->data);

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
}

static Bands *
bands_new (Job             *job,
           cairo_surface_t *image,
           GCancellable    *cancellable)
{
  Bands *bands = g_new0 (Bands, 1);

  g_atomic_ref_count_init (&bands->ref_count);
  bands->job = job;
  bands->image = image;
  bands->height = cairo_image_surface_get_height (image);
  bands->cancellable = g_object_ref (cancellable);
  bands->n_bands = CLAMP (bands->height / MIN_BAND_HEIGHT, 1, MAX_BANDS);
  g_mutex_init (&bands->lock);
  g_cond_init (&bands->band_drawn);

  return bands;
}

static Bands *
bands_ref (Bands *bands)
{
  g_atomic_ref_count_inc (&bands->ref_count);

  return bands;
}

static void
bands_unref (Bands *bands)
{
  if (!g_atomic_ref_count_dec (&bands->ref_count))
    return;

  g_object_unref (bands->cancellable);
  g_mutex_clear (&bands->lock);
  g_cond_clear (&bands->band_drawn);
  g_free (bands);
}

/* Draws bands until none is left. Those of a forgotten image are only
 * counted, so that a new one need not wait for them. */
static void
draw_bands_left (Bands *bands)
{
  guint i;

  while ((i = g_atomic_int_add (&bands->next_band, 1)) < bands->n_bands)
    {
      int y = bands->height * i / bands->n_bands;

      if (!g_cancellable_is_cancelled (bands->cancellable))
        draw_band (bands->job, bands->image, y, bands->height * (i + 1) / bands->n_bands - y);

      g_mutex_lock (&bands->lock);
      bands->n_drawn++;
      g_cond_signal (&bands->band_drawn);
      g_mutex_unlock (&bands->lock);
    }
}

static void
help_draw_bands (gpointer data,
                 gpointer user_data)
{
  Bands *bands = data;

  draw_bands_left (bands);
  bands_unref (bands);
}

/* The threads helping jobs: one per processor besides the job's own. */
static GThreadPool *
get_helper_pool (void)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, g_thread_pool_new (help_draw_bands, NULL,
                                                 MAX (1, (int) g_get_num_processors () - 1),
                                                 FALSE, NULL));

  return pool;
}

/* Filling and stroking cost by the pixel, and a content change waits for
 * the image: all processors draw it. */
static void
draw_in_bands (Job             *job,
               cairo_surface_t *image,
               GCancellable    *cancellable)
{
  Bands *bands = bands_new (job, image, cancellable);
  guint n_helpers = MIN (bands->n_bands, g_get_num_processors ()) - 1;

  for (guint i = 0; i < n_helpers; i++)
    g_thread_pool_push (get_helper_pool (), bands_ref (bands), NULL);
  draw_bands_left (bands);

  g_mutex_lock (&bands->lock);
  while (bands->n_drawn < bands->n_bands)
    g_cond_wait (&bands->band_drawn, &bands->lock);
  g_mutex_unlock (&bands->lock);

  bands_unref (bands);
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

  draw_in_bands (job, surface, cancellable);
  /* The bands drew through surfaces of their own: cairo would otherwise
   * take this one for clear, and paint nothing of it. */
  cairo_surface_mark_dirty (surface);

  g_mutex_lock (&job->lock);
  job->surface = surface;
  job->done = TRUE;
  g_cond_signal (&job->drawn);
  g_mutex_unlock (&job->lock);

  g_task_return_boolean (task, TRUE);
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

/* Shows the job's image from the next frame on, unless it is shown
 * already or its content is not the current one.
 *
 * Returns: whether the image is new */
static gboolean
diplo_raster_cache_take_image (DiploRasterCache *self,
                               Job              *job)
{
  cairo_surface_t *surface;

  g_mutex_lock (&job->lock);
  surface = g_steal_pointer (&job->surface);
  g_mutex_unlock (&job->lock);

  if (surface == NULL)
    return FALSE;

  if (job->generation != self->generation)
    {
      cairo_surface_destroy (surface);
      return FALSE;
    }

  g_clear_object (&self->texture);
  if (self->surface != NULL)
    diplo_surface_destroy_in_thread (g_steal_pointer (&self->surface));
  cairo_surface_set_device_scale (surface, job->scale_factor, job->scale_factor);
  self->surface = surface;
  self->texture_generation = job->generation;
  self->texture_zoom_level = job->zoom_level;
  self->texture_scale_factor = job->scale_factor;
  self->texture_area = job->area;

  return TRUE;
}

static gboolean
on_view_rests (gpointer data)
{
  DiploRasterCache *self = data;

  self->ahead_source = 0;
  diplo_raster_cache_start_ahead (self);

  return G_SOURCE_REMOVE;
}

static void
on_render_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  DiploRasterCache *self = user_data;
  gboolean new_image;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;

  g_assert (G_TASK (result) == self->task);

  new_image = diplo_raster_cache_take_image (self, g_task_get_task_data (G_TASK (result)));
  g_clear_object (&self->task);

  /* A frame waiting for the image showed it already; the view may have
   * moved on since, and need another. */
  if (new_image)
    self->redraw (self->widget, self->redraw_data);
  else
    diplo_raster_cache_update (self, &self->last_frame);

  g_clear_handle_id (&self->ahead_source, g_source_remove);
  if (self->ahead->len > 0)
    self->ahead_source = g_timeout_add (AHEAD_REST_MS, on_view_rests, self);
}

/* An image drawn ahead waits in its job for an equal content, unless one
 * took it while it was drawn. */
static void
on_ahead_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  DiploRasterCache *self = user_data;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;

  if (G_TASK (result) == self->task)
    on_render_done (object, result, user_data);
}

static void
diplo_raster_cache_render (DiploRasterCache *self,
                           double            zoom_level,
                           guint             tile_size,
                           const Area       *area)
{
  Job *job;

  g_assert (self != NULL);
  g_assert (self->task == NULL);

  job = job_new (self->content, self->generation, zoom_level, tile_size,
                 gtk_widget_get_scale_factor (self->widget), area);
  self->task = start_job (self, job, on_render_done);
  g_clear_handle_id (&self->ahead_source, g_source_remove);
  diplo_raster_cache_reset_ahead (self, job);
}

/**
 * diplo_raster_cache_get_n_ahead:
 *
 * Returns: how many contents are drawn ahead, or held drawn
 */
guint
diplo_raster_cache_get_n_ahead (DiploRasterCache *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->ahead->len;
}

/* The area of the world, in pixels at @zoom_level, that the view shows. */
static void
get_view_area (const DiploViewFrame *frame,
               double                zoom_level,
               Area                 *area)
{
  double scale = exp2 (frame->zoom_level - zoom_level);
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
                               double            zoom_level,
                               const Area       *view)
{
  g_assert (self != NULL);

  return self->surface != NULL &&
         self->texture_generation == self->generation &&
         self->texture_zoom_level == zoom_level &&
         self->texture_scale_factor == gtk_widget_get_scale_factor (self->widget) &&
         area_contains (&self->texture_area, view);
}

/**
 * diplo_view_frame_place_image:
 * @image: an image of a layer's content
 * @x: (out): its corner from the view's, at the image's zoom
 * @y: (out): the same
 * @scale: (out): its scale to the view's
 *
 * Returns: whether the image lands on whole pixels, unscaled and unrotated
 */
gboolean
diplo_view_frame_place_image (const DiploViewFrame   *frame,
                              const DiploRasterImage *image,
                              double                 *x,
                              double                 *y,
                              double                 *scale)
{
  gboolean aligned;

  g_return_val_if_fail (frame != NULL, FALSE);
  g_return_val_if_fail (image != NULL, FALSE);

  *scale = exp2 (frame->zoom_level - image->zoom_level);
  /* The image's corner from the view's centre, in pixels at its zoom. */
  *x = image->x - frame->centre_x / *scale;
  *y = image->y - frame->centre_y / *scale;
  aligned = *scale == 1.0 && frame->rotation == 0.0;

  /* Unscaled and unrotated, the image lands on whole pixels, which spares
   * the renderer a resampling. */
  if (aligned)
    {
      *x = round (*x + frame->width / 2);
      *y = round (*y + frame->height / 2);
    }

  return aligned;
}

static void
diplo_raster_cache_get_image (DiploRasterCache *self,
                              DiploRasterImage *image)
{
  *image = (DiploRasterImage) {
    self->surface, self->texture_generation, self->texture_zoom_level,
    self->texture_area.x, self->texture_area.y };
}

static gboolean
diplo_raster_cache_place_image (DiploRasterCache     *self,
                                const DiploViewFrame *frame,
                                double               *x,
                                double               *y,
                                double               *scale)
{
  DiploRasterImage image;

  diplo_raster_cache_get_image (self, &image);

  return diplo_view_frame_place_image (frame, &image, x, y, scale);
}

static void
diplo_raster_cache_paint_image (DiploRasterCache     *self,
                                cairo_t              *cr,
                                const DiploViewFrame *frame)
{
  double x, y, scale;

  cairo_save (cr);
  if (!diplo_raster_cache_place_image (self, frame, &x, &y, &scale))
    {
      cairo_translate (cr, frame->width / 2, frame->height / 2);
      cairo_rotate (cr, frame->rotation);
      cairo_scale (cr, scale, scale);
    }
  cairo_set_source_surface (cr, self->surface, x, y);
  cairo_paint (cr);
  cairo_restore (cr);
}

static void
diplo_raster_cache_append_image (DiploRasterCache     *self,
                                 GtkSnapshot          *snapshot,
                                 const DiploViewFrame *frame)
{
  graphene_rect_t bounds;
  double x, y, scale;
  cairo_t *cr;

  g_assert (self != NULL);

  if (diplo_widget_uses_cairo_renderer (self->widget))
    {
      graphene_rect_init (&bounds, 0, 0, frame->width, frame->height);
      cr = gtk_snapshot_append_cairo (snapshot, &bounds);
      diplo_raster_cache_paint_image (self, cr, frame);
      cairo_destroy (cr);
      return;
    }

  if (self->texture == NULL)
    self->texture = texture_from_surface (self->surface);

  gtk_snapshot_save (snapshot);
  if (!diplo_raster_cache_place_image (self, frame, &x, &y, &scale))
    {
      gtk_snapshot_translate (snapshot,
                              &GRAPHENE_POINT_INIT (frame->width / 2, frame->height / 2));
      gtk_snapshot_rotate (snapshot, frame->rotation * 180.0 / G_PI);
      gtk_snapshot_scale (snapshot, scale, scale);
    }
  graphene_rect_init (&bounds, x, y, self->texture_area.width, self->texture_area.height);
  gtk_snapshot_append_texture (snapshot, self->texture, &bounds);
  gtk_snapshot_restore (snapshot);
}

/**
 * diplo_raster_cache_update:
 * @frame: the layer's view
 *
 * Starts drawing an image for the view, unless the image is for it already
 * or one is being drawn. Called as soon as the content changes, this has
 * the image drawn while the main thread prepares the frame.
 */
void
diplo_raster_cache_update (DiploRasterCache     *self,
                           const DiploViewFrame *frame)
{
  gboolean resting;
  Area view, area;
  double margin, zoom_level;

  g_return_if_fail (self != NULL);
  g_return_if_fail (frame != NULL);

  resting = frame->zoom_level == self->last_frame.zoom_level;
  if (!resting || frame->centre_x != self->last_frame.centre_x ||
      frame->centre_y != self->last_frame.centre_y)
    {
      self->heading_x = resting ? frame->centre_x - self->last_frame.centre_x : 0;
      self->heading_y = resting ? frame->centre_y - self->last_frame.centre_y : 0;
    }
  self->last_frame = *frame;
  if (self->content == NULL || self->task != NULL)
    return;

  /* A whole level serves a zoom from half a level below to half above.
   * The frame after the last step of a zoom then draws one for its level. */
  zoom_level = resting ? frame->zoom_level : CLAMP (round (frame->zoom_level), 0, 30);
  if (zoom_level != frame->zoom_level)
    self->redraw (self->widget, self->redraw_data);
  get_view_area (frame, zoom_level, &view);
  margin = MARGIN * MAX (view.width, view.height);
  /* Asked for while half the margin is left, and reaching further the
   * way the view moves: the new image is drawn before the view leaves the
   * one it has, and no more often. */
  area = (Area) { view.x - margin / 2, view.y - margin / 2,
                  view.width + margin, view.height + margin };
  if (diplo_raster_cache_is_current (self, zoom_level, &area))
    return;

  area = (Area) { view.x - margin, view.y - margin,
                  view.width + 2 * margin, view.height + 2 * margin };
  if (self->heading_x != 0)
    area.x += copysign (margin / 2, self->heading_x);
  if (self->heading_y != 0)
    area.y += copysign (margin / 2, self->heading_y);
  diplo_raster_cache_render (self, zoom_level, frame->tile_size, &area);
}

/* A frame showing an image of an older content waits a little for the
 * image of the new one. Moving the view waits for nothing. */
static void
diplo_raster_cache_wait_for_content (DiploRasterCache *self)
{
  Job *job;
  gboolean done;

  if (self->task == NULL || self->texture_generation == self->generation)
    return;

  job = g_task_get_task_data (self->task);
  g_mutex_lock (&job->lock);
  while (!job->done && g_cond_wait_until (&job->drawn, &job->lock, job->started + self->max_wait))
    ;
  done = job->done;
  g_mutex_unlock (&job->lock);

  if (done)
    diplo_raster_cache_take_image (self, job);
}

/* The latest image for the view, once waited for; when it is not for
 * this zoom level and area, one that is starts. */
static gboolean
diplo_raster_cache_prepare_image (DiploRasterCache     *self,
                                  const DiploViewFrame *frame)
{
  if (self->content == NULL)
    return FALSE;

  diplo_raster_cache_update (self, frame);
  diplo_raster_cache_wait_for_content (self);
  if (self->surface == NULL)
    return FALSE;

  self->shown_generation = self->texture_generation;

  return TRUE;
}

/**
 * diplo_raster_cache_snapshot:
 * @snapshot: where to draw
 * @frame: the layer's view
 *
 * Draws the latest image for the view and, when it is not for this zoom
 * level and area, starts drawing one that is.
 */
void
diplo_raster_cache_snapshot (DiploRasterCache     *self,
                             GtkSnapshot          *snapshot,
                             const DiploViewFrame *frame)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (frame != NULL);

  if (diplo_raster_cache_prepare_image (self, frame))
    diplo_raster_cache_append_image (self, snapshot, frame);
}

/**
 * diplo_raster_cache_paint:
 * @cr: where to paint, its origin at the view's corner
 * @frame: the layer's view
 *
 * Like diplo_raster_cache_snapshot(), for a widget that paints the image
 * with the cairo renderer among its own drawing.
 */
void
diplo_raster_cache_paint (DiploRasterCache     *self,
                          cairo_t              *cr,
                          const DiploViewFrame *frame)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (frame != NULL);

  if (diplo_raster_cache_prepare_image (self, frame))
    diplo_raster_cache_paint_image (self, cr, frame);
}

/**
 * diplo_raster_cache_peek_image:
 * @frame: the layer's view
 * @image: (out caller-allocates): the image diplo_raster_cache_paint()
 *   would paint
 *
 * Returns: whether there is one
 */
gboolean
diplo_raster_cache_peek_image (DiploRasterCache     *self,
                               const DiploViewFrame *frame,
                               DiploRasterImage     *image)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (frame != NULL, FALSE);
  g_return_val_if_fail (image != NULL, FALSE);

  if (!diplo_raster_cache_prepare_image (self, frame))
    return FALSE;

  diplo_raster_cache_get_image (self, image);

  return TRUE;
}

/**
 * diplo_raster_cache_has_content:
 *
 * Returns: whether there is anything to draw
 */
gboolean
diplo_raster_cache_has_content (DiploRasterCache *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->content != NULL;
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
