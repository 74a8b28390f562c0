#define G_LOG_DOMAIN "diplo-marker-composite"

#include "config.h"

#include "diplo-marker-composite.h"

#include <math.h>
#include <string.h>

#include "diplo-utils.h"

/**
 * DiploMarkerComposite:
 *
 * With the cairo renderer, a frame of a drag paints the routes' image and
 * then each marker's, all through one intermediate image: the hundred and
 * fifty markers' cost as much as the routes. Here the markers are
 * composited onto a copy of the routes' image, and each frame paints only
 * that copy. Between two frames, only the places of the markers that came
 * or went are composited again.
 *
 * A copy is made in a worker thread for each new image below, while frames
 * paint the copy of the one before, and the new image only where that
 * copy does not reach; until there is a copy of the same content and
 * zoom, the caller paints the image and the markers itself. The first copy of a content or
 * zoom level is made once it has stayed a moment: stepping through the
 * months, or zooming, would throw each away, and the worker's time would
 * be taken from the next routes' image.
 */

/* Above this many pixels in the image below, the copy costs more memory
 * than the frames it spares are worth. */
#define MAX_PIXELS (8 * 1000 * 1000)

/* How long a new content or zoom level stays before it is copied, in
 * milliseconds. */
#define SETTLE_MS 150

/* What the images of one content at one zoom, for one screen, share. */
typedef struct
{
  guint  generation;
  double zoom_level;
  double scale;
} Content;

typedef struct
{
  cairo_surface_t *look;
  int              x;        /* in the image's pixels at scale 1 */
  int              y;
  int              width;
  int              height;
  guint            order;
} Stamp;

typedef struct
{
  DiploRasterImage ground;   /* its surface owned */
  cairo_surface_t *image;    /* the ground's pixels with the stamps */
  GArray          *stamps;   /* of Stamp, as composited, in order */
} Composite;

struct _DiploMarkerComposite
{
  GtkWidget       *widget;
  Composite       *current;
  GTask           *task;       /* making a composite */
  cairo_surface_t *building;   /* the surface it is for, owned by the task */
  GCancellable    *cancellable;
  Content          settling;    /* waited for before its first copy */
  gboolean         settled;
  guint            settle_source;
};

void
diplo_stamp_clear (DiploStamp *stamp)
{
  g_clear_pointer (&stamp->look, cairo_surface_destroy);
}

static void
stamp_clear (Stamp *stamp)
{
  g_clear_pointer (&stamp->look, cairo_surface_destroy);
}

static GArray *
stamps_new (void)
{
  GArray *stamps = g_array_new (FALSE, FALSE, sizeof (Stamp));

  g_array_set_clear_func (stamps, (GDestroyNotify) stamp_clear);

  return stamps;
}

static gboolean
stamp_equal (const Stamp *a,
             const Stamp *b)
{
  return a->look == b->look && a->x == b->x && a->y == b->y;
}

static void
composite_free (Composite *composite)
{
  diplo_surface_destroy_in_thread (composite->image);
  g_array_unref (composite->stamps);
  diplo_surface_destroy_in_thread (composite->ground.surface);
  g_free (composite);
}

static double
surface_get_scale (cairo_surface_t *surface)
{
  double x_scale, y_scale;

  cairo_surface_get_device_scale (surface, &x_scale, &y_scale);

  return x_scale;
}

/* The surface's size in the view's pixels. */
static void
surface_get_size (cairo_surface_t *surface,
                  double          *width,
                  double          *height)
{
  double scale = surface_get_scale (surface);

  *width = cairo_image_surface_get_width (surface) / scale;
  *height = cairo_image_surface_get_height (surface) / scale;
}

static cairo_rectangle_int_t
stamp_get_rectangle (const Stamp *stamp)
{
  return (cairo_rectangle_int_t) { stamp->x, stamp->y, stamp->width, stamp->height };
}

static Content
content_of (const DiploRasterImage *image)
{
  return (Content) { image->generation, image->zoom_level, surface_get_scale (image->surface) };
}

static gboolean
content_equal (const Content *a,
               const Content *b)
{
  return a->generation == b->generation && a->zoom_level == b->zoom_level && a->scale == b->scale;
}

/* The images of the same content at the same zoom, for the same screen. */
static gboolean
same_content (const DiploRasterImage *a,
              const DiploRasterImage *b)
{
  Content content_a = content_of (a);
  Content content_b = content_of (b);

  return content_equal (&content_a, &content_b);
}

/* The stamps that fall whole within @ground placed at @x, @y, in its
 * pixels; those left out stay in @stamps. */
static GArray *
take_stamps (GArray                 *stamps,
             const DiploRasterImage *ground,
             int                     x,
             int                     y)
{
  GArray *taken = stamps_new ();
  double width, height;
  guint kept = 0;

  surface_get_size (ground->surface, &width, &height);

  for (guint i = 0; i < stamps->len; i++)
    {
      DiploStamp *stamp = &g_array_index (stamps, DiploStamp, i);
      Stamp inside = {
        stamp->look, round (stamp->bounds.origin.x) - x, round (stamp->bounds.origin.y) - y,
        stamp->bounds.size.width, stamp->bounds.size.height, stamp->order };

      if (inside.x >= 0 && inside.y >= 0 &&
          inside.x + inside.width <= width && inside.y + inside.height <= height)
        {
          g_array_append_val (taken, inside);
          stamp->look = NULL;
        }
      else
        g_array_index (stamps, DiploStamp, kept++) = *stamp;
    }
  /* The stamps taken gave their looks away: none is left to clear. */
  g_array_set_clear_func (stamps, NULL);
  g_array_set_size (stamps, kept);
  g_array_set_clear_func (stamps, (GDestroyNotify) diplo_stamp_clear);

  return taken;
}

/* Whether the composite, placed at @x, @y, covers the whole view. */
static gboolean
covers_view (const Composite      *composite,
             const DiploViewFrame *frame,
             double                x,
             double                y)
{
  double width, height;

  surface_get_size (composite->image, &width, &height);

  return x <= 0 && y <= 0 && x + width >= frame->width && y + height >= frame->height;
}

/* Where the copy of an older image does not reach, the new image, which
 * the view moved onto. */
static void
paint_beyond (cairo_t                *cr,
              const DiploViewFrame   *frame,
              const DiploRasterImage *ground,
              const Composite        *composite,
              double                  x,
              double                  y)
{
  double ground_x, ground_y, ground_scale, width, height;

  if (!diplo_view_frame_place_image (frame, ground, &ground_x, &ground_y, &ground_scale))
    return;

  surface_get_size (composite->image, &width, &height);
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, frame->width, frame->height);
  cairo_rectangle (cr, x, y, width, height);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_clip (cr);
  cairo_set_source_surface (cr, ground->surface, ground_x, ground_y);
  cairo_paint (cr);
  cairo_restore (cr);
}

static void
paint_look (cairo_t     *cr,
            const Stamp *stamp)
{
  cairo_set_source_surface (cr, stamp->look, stamp->x, stamp->y);
  cairo_paint (cr);
}

static void
add_stamp_area (cairo_region_t *region,
                const Stamp    *stamp)
{
  cairo_rectangle_int_t rectangle = stamp_get_rectangle (stamp);

  cairo_region_union_rectangle (region, &rectangle);
}

/* Where stamps changed: those composited and no longer wanted, and those
 * wanted and not composited. Both lists are in their markers' order. */
static cairo_region_t *
find_changes (GArray *had,
              GArray *wanted)
{
  cairo_region_t *changed = cairo_region_create ();
  guint i = 0, j = 0;

  while (i < had->len || j < wanted->len)
    {
      const Stamp *old = i < had->len ? &g_array_index (had, Stamp, i) : NULL;
      const Stamp *new = j < wanted->len ? &g_array_index (wanted, Stamp, j) : NULL;

      if (new == NULL || (old != NULL && old->order < new->order))
        {
          add_stamp_area (changed, old);
          i++;
        }
      else if (old == NULL || new->order < old->order)
        {
          add_stamp_area (changed, new);
          j++;
        }
      else
        {
          if (!stamp_equal (old, new))
            {
              add_stamp_area (changed, old);
              add_stamp_area (changed, new);
            }
          i++;
          j++;
        }
    }

  return changed;
}

/* A surface of the image's pixels that cairo does not know for the
 * image's. Once a frame painted the image, cairo holds a snapshot of it
 * for the frame's nodes, and would copy the whole image before any change
 * made through it, even once the nodes are gone. */
static cairo_surface_t *
alias_image (cairo_surface_t *image)
{
  cairo_surface_t *alias;
  double scale = surface_get_scale (image);

  alias = cairo_image_surface_create_for_data (cairo_image_surface_get_data (image),
                                               cairo_image_surface_get_format (image),
                                               cairo_image_surface_get_width (image),
                                               cairo_image_surface_get_height (image),
                                               cairo_image_surface_get_stride (image));
  cairo_surface_set_device_scale (alias, scale, scale);

  return alias;
}

/* Puts back the ground where stamps changed, and composites there again
 * every stamp wanted, in their order. GTK draws a frame's nodes before the
 * next frame changes the image, and never again after: the snapshot cairo
 * holds of it needs no copy. */
static void
composite_update (Composite *composite,
                  GArray    *wanted)
{
  cairo_region_t *changed = find_changes (composite->stamps, wanted);
  cairo_surface_t *alias;
  cairo_t *cr;

  if (!cairo_region_is_empty (changed))
    {
      alias = alias_image (composite->image);
      cr = cairo_create (alias);
      gdk_cairo_region (cr, changed);
      cairo_clip (cr);
      cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
      cairo_set_source_surface (cr, composite->ground.surface, 0, 0);
      cairo_paint (cr);
      cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
      for (guint i = 0; i < wanted->len; i++)
        {
          const Stamp *stamp = &g_array_index (wanted, Stamp, i);
          cairo_rectangle_int_t rectangle = stamp_get_rectangle (stamp);

          if (cairo_region_contains_rectangle (changed, &rectangle) != CAIRO_REGION_OVERLAP_OUT)
            paint_look (cr, stamp);
        }
      cairo_destroy (cr);
      cairo_surface_finish (alias);
      cairo_surface_destroy (alias);
    }
  cairo_region_destroy (changed);

  g_array_unref (composite->stamps);
  composite->stamps = g_array_ref (wanted);
}

/* In a worker thread: the ground's pixels, and the stamps over them. The
 * looks are shared with the main thread, which uses them as sources in
 * cairo too: they are read here through surfaces of this thread's own. */
static cairo_surface_t *
make_image (cairo_surface_t *ground,
            GArray          *stamps)
{
  int width = cairo_image_surface_get_width (ground);
  int height = cairo_image_surface_get_height (ground);
  double scale = surface_get_scale (ground);
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  int stride = cairo_image_surface_get_stride (image);
  cairo_t *cr;

  g_assert (stride == cairo_image_surface_get_stride (ground));
  memcpy (cairo_image_surface_get_data (image), cairo_image_surface_get_data (ground),
          (gsize) stride * height);
  cairo_surface_mark_dirty (image);
  cairo_surface_set_device_scale (image, scale, scale);

  cr = cairo_create (image);
  for (guint i = 0; i < stamps->len; i++)
    {
      const Stamp *stamp = &g_array_index (stamps, Stamp, i);
      Stamp own = *stamp;

      own.look = alias_image (stamp->look);
      paint_look (cr, &own);
      cairo_surface_destroy (own.look);
    }
  cairo_destroy (cr);

  return image;
}

typedef struct
{
  DiploRasterImage ground;   /* its surface owned */
  GArray          *stamps;
} Job;

static void
job_free (Job *job)
{
  diplo_surface_destroy_in_thread (job->ground.surface);
  g_array_unref (job->stamps);
  g_free (job);
}

static void
make_composite_in_thread (GTask        *task,
                          gpointer      source_object,
                          gpointer      task_data,
                          GCancellable *cancellable)
{
  Job *job = task_data;
  Composite *composite = g_new0 (Composite, 1);

  composite->ground = job->ground;
  cairo_surface_reference (job->ground.surface);
  composite->image = make_image (job->ground.surface, job->stamps);
  composite->stamps = g_array_ref (job->stamps);

  g_task_return_pointer (task, composite, (GDestroyNotify) composite_free);
}

static void
on_composite_made (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  DiploMarkerComposite *self = user_data;
  Composite *composite = g_task_propagate_pointer (G_TASK (result), NULL);

  if (composite == NULL)
    return;

  g_clear_object (&self->task);
  self->building = NULL;
  g_clear_pointer (&self->current, composite_free);
  self->current = composite;
  gtk_widget_queue_draw (self->widget);
}

static void
diplo_marker_composite_start (DiploMarkerComposite   *self,
                              const DiploViewFrame   *frame,
                              const DiploRasterImage *ground,
                              GArray                 *stamps)
{
  g_autoptr(GArray) copy = NULL;
  double x, y, scale;
  Job *job;

  if (self->task != NULL || !diplo_view_frame_place_image (frame, ground, &x, &y, &scale))
    return;

  /* The stamps stay the caller's: the job composites copies of them. */
  copy = g_array_copy (stamps);
  for (guint i = 0; i < copy->len; i++)
    cairo_surface_reference (g_array_index (copy, DiploStamp, i).look);
  g_array_set_clear_func (copy, (GDestroyNotify) diplo_stamp_clear);

  job = g_new0 (Job, 1);
  job->ground = *ground;
  cairo_surface_reference (ground->surface);
  job->stamps = take_stamps (copy, ground, x, y);

  self->task = g_task_new (NULL, self->cancellable, on_composite_made, self);
  self->building = ground->surface;
  g_task_set_task_data (self->task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (self->task, make_composite_in_thread);
}

static gboolean
on_settled (gpointer data)
{
  DiploMarkerComposite *self = data;

  self->settle_source = 0;
  self->settled = TRUE;
  gtk_widget_queue_draw (self->widget);

  return G_SOURCE_REMOVE;
}

/* Whether the first copy of @ground's content may be made: once it has
 * stayed SETTLE_MS. */
static gboolean
diplo_marker_composite_has_settled (DiploMarkerComposite   *self,
                                    const DiploRasterImage *ground)
{
  Content content = content_of (ground);

  if (content_equal (&content, &self->settling))
    return self->settled;

  self->settling = content;
  self->settled = FALSE;
  g_clear_handle_id (&self->settle_source, g_source_remove);
  self->settle_source = g_timeout_add (SETTLE_MS, on_settled, self);

  return FALSE;
}

DiploMarkerComposite *
diplo_marker_composite_new (GtkWidget *widget)
{
  DiploMarkerComposite *self = g_new0 (DiploMarkerComposite, 1);

  self->widget = widget;
  self->cancellable = g_cancellable_new ();

  return self;
}

void
diplo_marker_composite_free (DiploMarkerComposite *self)
{
  g_clear_handle_id (&self->settle_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_object_unref (self->cancellable);
  g_clear_object (&self->task);
  g_clear_pointer (&self->current, composite_free);
  g_free (self);
}

/**
 * diplo_marker_composite_paint:
 * @cr: where to paint, its origin at the view's corner
 * @frame: the view
 * @ground: the image the markers go on
 * @stamps: (element-type DiploStamp): the markers' images in their order;
 *   those not painted stay
 *
 * Paints the markers' images on the ground as one image, once one is made
 * for this content and zoom. The stamps it holds are taken out of @stamps;
 * the others, out of its edges, are for the caller to paint above.
 *
 * Returns: whether it painted
 */
gboolean
diplo_marker_composite_paint (DiploMarkerComposite   *self,
                              cairo_t                *cr,
                              const DiploViewFrame   *frame,
                              const DiploRasterImage *ground,
                              GArray                 *stamps)
{
  g_autoptr(GArray) wanted = NULL;
  Composite *composite;
  double x, y, scale;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (ground != NULL && ground->surface != NULL, FALSE);

  if ((gint64) cairo_image_surface_get_width (ground->surface) *
      cairo_image_surface_get_height (ground->surface) > MAX_PIXELS)
    {
      g_clear_pointer (&self->current, composite_free);
      return FALSE;
    }

  if (self->current != NULL && !same_content (&self->current->ground, ground))
    g_clear_pointer (&self->current, composite_free);
  if ((self->current == NULL || self->current->ground.surface != ground->surface) &&
      self->building != ground->surface &&
      (self->current != NULL || diplo_marker_composite_has_settled (self, ground)))
    diplo_marker_composite_start (self, frame, ground, stamps);

  composite = self->current;
  if (composite == NULL ||
      !diplo_view_frame_place_image (frame, &composite->ground, &x, &y, &scale))
    return FALSE;

  wanted = take_stamps (stamps, &composite->ground, x, y);
  composite_update (composite, wanted);

  if (composite->ground.surface != ground->surface && !covers_view (composite, frame, x, y))
    paint_beyond (cr, frame, ground, composite, x, y);
  cairo_set_source_surface (cr, composite->image, x, y);
  cairo_paint (cr);

  return TRUE;
}
