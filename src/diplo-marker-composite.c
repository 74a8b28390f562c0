#define G_LOG_DOMAIN "diplo-marker-composite"

#include "config.h"

#include "diplo-marker-composite.h"

#include <math.h>
#include <string.h>

#include "diplo-basemap.h"
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
 *
 * Given the basemap, the copy has the basemap's tiles under the routes,
 * drawn as the offline map draws them: it is opaque, so the renderer
 * paints it without a blend, and where it covers the view the basemap's
 * own layer need not be painted at all (see
 * diplo_marker_composite_covers()).
 */

/* Above this many pixels in the image below, the copy costs more memory
 * than the frames it spares are worth. */
#define MAX_PIXELS (8 * 1000 * 1000)

/* How long a new content or zoom level stays before it is copied, in
 * milliseconds. */
#define SETTLE_MS 150

/* The basemap's tiles kept for the copies, 256 KB each: a 1080p view and
 * its margin take about 50. */
#define MAX_TILES 64

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
  cairo_surface_t *base;     /* the ground, over the basemap if given */
  guint            basemap_generation;
  gboolean         opaque;   /* the basemap is under all of it */
  int              shift_x;  /* of the tiles, see get_tiles_shift () */
  int              shift_y;
  cairo_surface_t *image;    /* the base's pixels with the stamps */
  GArray          *stamps;   /* of Stamp, as composited, in order */
} Composite;

/* The basemap's tiles, drawn by the workers making copies. */
typedef struct
{
  gatomicrefcount  ref_count;
  DiploBasemap    *basemap;
  guint            tile_size;
  GMutex           lock;
  GHashTable      *tiles;    /* of cairo_surface_t, by TILE_KEY () */
} Tiles;

#define TILE_KEY(zoom, x, y) (((guint64) (zoom) << 48) | ((guint64) (x) << 24) | (guint64) (y))

struct _DiploMarkerComposite
{
  GtkWidget       *widget;
  Tiles           *tiles;       /* NULL without a basemap */
  guint            basemap_generation;
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
  diplo_surface_destroy_in_thread (composite->base);
  diplo_surface_destroy_in_thread (composite->ground.surface);
  g_free (composite);
}

static Tiles *
tiles_new (DiploBasemap *basemap,
           guint         tile_size)
{
  Tiles *tiles = g_new0 (Tiles, 1);

  g_atomic_ref_count_init (&tiles->ref_count);
  tiles->basemap = diplo_basemap_ref (basemap);
  tiles->tile_size = tile_size;
  g_mutex_init (&tiles->lock);
  tiles->tiles = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                        (GDestroyNotify) cairo_surface_destroy);

  return tiles;
}

static Tiles *
tiles_ref (Tiles *tiles)
{
  g_atomic_ref_count_inc (&tiles->ref_count);

  return tiles;
}

static void
tiles_unref (Tiles *tiles)
{
  if (!g_atomic_ref_count_dec (&tiles->ref_count))
    return;

  g_hash_table_unref (tiles->tiles);
  g_mutex_clear (&tiles->lock);
  diplo_basemap_unref (tiles->basemap);
  g_free (tiles);
}

/* In a worker thread: a tile as the offline map source draws it, on an
 * image of its own. */
static cairo_surface_t *
tiles_ref_tile (Tiles *tiles,
                guint  zoom,
                guint  x,
                guint  y)
{
  guint64 key = TILE_KEY (zoom, x, y);
  cairo_surface_t *tile;
  cairo_t *cr;

  g_mutex_lock (&tiles->lock);
  tile = g_hash_table_lookup (tiles->tiles, &key);
  if (tile != NULL)
    cairo_surface_reference (tile);
  g_mutex_unlock (&tiles->lock);
  if (tile != NULL)
    return tile;

  tile = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, tiles->tile_size, tiles->tile_size);
  cr = cairo_create (tile);
  diplo_basemap_draw_tile (tiles->basemap, cr, x, y, zoom, tiles->tile_size);
  cairo_destroy (cr);

  g_mutex_lock (&tiles->lock);
  if (g_hash_table_size (tiles->tiles) >= MAX_TILES)
    g_hash_table_remove_all (tiles->tiles);
  g_hash_table_insert (tiles->tiles, g_memdup2 (&key, sizeof key), cairo_surface_reference (tile));
  g_mutex_unlock (&tiles->lock);

  return tile;
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
      cairo_set_source_surface (cr, composite->base, 0, 0);
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

/* In a worker thread: the base's pixels, and the stamps over them. The
 * looks are shared with the main thread, which uses them as sources in
 * cairo too: they are read here through surfaces of this thread's own. */
static cairo_surface_t *
make_image (cairo_surface_t *base,
            GArray          *stamps)
{
  int width = cairo_image_surface_get_width (base);
  int height = cairo_image_surface_get_height (base);
  double scale = surface_get_scale (base);
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  int stride = cairo_image_surface_get_stride (image);
  cairo_t *cr;

  g_assert (stride == cairo_image_surface_get_stride (base));
  memcpy (cairo_image_surface_get_data (image), cairo_image_surface_get_data (base),
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

/* Where the basemap's layer puts its tiles, relative to where @ground is
 * painted in @frame: the world's pixel x is the image's x + shift. The
 * tiles land on the pixels nearest their places (see
 * DiploSurfacePaintable), and so does the image, each rounded on its own:
 * while the view moves by whole pixels, the shift stays. */
static gboolean
get_tiles_shift (const DiploViewFrame   *frame,
                 const DiploRasterImage *ground,
                 int                    *shift_x,
                 int                    *shift_y)
{
  double x, y, scale;

  if (!diplo_view_frame_place_image (frame, ground, &x, &y, &scale) ||
      frame->centre_x < 0 || frame->centre_y < 0)
    return FALSE;

  *shift_x = (int) x - (int) round (frame->width / 2 - frame->centre_x);
  *shift_y = (int) y - (int) round (frame->height / 2 - frame->centre_y);

  return TRUE;
}

/* In a worker thread: the basemap's tiles under the ground, where the
 * basemap's layer shows them, at a whole zoom level. Sets @opaque when the
 * tiles fill it all: not beyond the world's first and last rows. */
static cairo_surface_t *
make_base (const DiploRasterImage *ground,
           Tiles                  *tiles,
           int                     shift_x,
           int                     shift_y,
           gboolean               *opaque)
{
  int width = cairo_image_surface_get_width (ground->surface);
  int height = cairo_image_surface_get_height (ground->surface);
  guint zoom = ground->zoom_level;
  cairo_surface_t *base, *alias;
  int size, n_tiles;
  cairo_t *cr;

  *opaque = FALSE;
  if (tiles == NULL || surface_get_scale (ground->surface) != 1.0 || zoom != ground->zoom_level ||
      zoom > 24)
    return cairo_surface_reference (ground->surface);

  size = tiles->tile_size;
  n_tiles = 1 << zoom;
  base = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (base);
  *opaque = TRUE;
  for (int row = floor ((double) shift_y / size); row * size < shift_y + height; row++)
    for (int column = floor ((double) shift_x / size); column * size < shift_x + width; column++)
      {
        int x = column * size - shift_x, y = row * size - shift_y;
        cairo_surface_t *tile;

        if (row < 0 || row >= n_tiles)
          {
            *opaque = FALSE;
            continue;
          }
        tile = tiles_ref_tile (tiles, zoom, (column % n_tiles + n_tiles) % n_tiles, row);
        cairo_set_source_surface (cr, tile, x, y);
        cairo_rectangle (cr, x, y, size, size);
        cairo_fill (cr);
        cairo_surface_destroy (tile);
      }

  alias = alias_image (ground->surface);
  cairo_set_source_surface (cr, alias, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (alias);

  return base;
}

typedef struct
{
  DiploRasterImage ground;   /* its surface owned */
  Tiles           *tiles;
  guint            basemap_generation;
  int              shift_x;
  int              shift_y;
  GArray          *stamps;
} Job;

static void
job_free (Job *job)
{
  g_clear_pointer (&job->tiles, tiles_unref);
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
  composite->base = make_base (&job->ground, job->tiles, job->shift_x, job->shift_y,
                               &composite->opaque);
  composite->basemap_generation = job->basemap_generation;
  composite->shift_x = job->shift_x;
  composite->shift_y = job->shift_y;
  composite->image = make_image (composite->base, job->stamps);
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
  job->basemap_generation = self->basemap_generation;
  if (self->tiles != NULL && get_tiles_shift (frame, ground, &job->shift_x, &job->shift_y))
    job->tiles = tiles_ref (self->tiles);
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
  g_clear_pointer (&self->tiles, tiles_unref);
  g_free (self);
}

/**
 * diplo_marker_composite_set_basemap:
 * @basemap: (nullable): the basemap to put under the copies, or %NULL
 * @tile_size: the basemap's map source's tile size
 *
 * Has the copies made from now on put the basemap's tiles under the
 * ground, as the offline map source draws them.
 */
void
diplo_marker_composite_set_basemap (DiploMarkerComposite *self,
                                    DiploBasemap         *basemap,
                                    guint                 tile_size)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (basemap == NULL || tile_size > 0);

  if (self->tiles == NULL ? basemap == NULL
                          : self->tiles->basemap == basemap && self->tiles->tile_size == tile_size)
    return;

  g_clear_pointer (&self->tiles, tiles_unref);
  if (basemap != NULL)
    self->tiles = tiles_new (basemap, tile_size);
  self->basemap_generation++;
  g_clear_pointer (&self->current, composite_free);
  gtk_widget_queue_draw (self->widget);
}

static gboolean
ground_is_too_large (const DiploRasterImage *ground)
{
  return (gint64) cairo_image_surface_get_width (ground->surface) *
         cairo_image_surface_get_height (ground->surface) > MAX_PIXELS;
}

/**
 * diplo_marker_composite_covers:
 * @frame: the view
 * @ground: the image the markers go on
 *
 * Tells whether diplo_marker_composite_paint() would paint an opaque
 * image over the whole view, the basemap under it: the basemap's own
 * layer need not be painted then.
 *
 * Returns: whether it would
 */
gboolean
diplo_marker_composite_covers (DiploMarkerComposite   *self,
                               const DiploViewFrame   *frame,
                               const DiploRasterImage *ground)
{
  Composite *composite;
  double x, y, scale;
  int shift_x, shift_y;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (ground != NULL && ground->surface != NULL, FALSE);

  composite = self->current;

  return composite != NULL && composite->opaque && !ground_is_too_large (ground) &&
         composite->basemap_generation == self->basemap_generation &&
         same_content (&composite->ground, ground) &&
         diplo_view_frame_place_image (frame, &composite->ground, &x, &y, &scale) &&
         covers_view (composite, frame, x, y) &&
         get_tiles_shift (frame, &composite->ground, &shift_x, &shift_y) &&
         shift_x == composite->shift_x && shift_y == composite->shift_y;
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

  if (ground_is_too_large (ground))
    {
      g_clear_pointer (&self->current, composite_free);
      return FALSE;
    }

  if (self->current != NULL && (!same_content (&self->current->ground, ground) ||
                                self->current->basemap_generation != self->basemap_generation))
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
