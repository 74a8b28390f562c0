#include "config.h"

#include <math.h>

#include "diplo-coverage.h"
#include "diplo-raster-cache.h"
#include "diplo-test-utils.h"

/* What a worker draws: a colour over its whole image, once the test lets
 * it. */
typedef struct
{
  GMutex   lock;
  GCond    changed;
  gboolean may_draw;
  gboolean started;
  gboolean drawn;
  double   red;
  double   green;   /* drawn, but not compared by content_same_red () */
} Content;

static Content *
content_new (double   red,
             gboolean may_draw)
{
  Content *content = g_new0 (Content, 1);

  g_mutex_init (&content->lock);
  g_cond_init (&content->changed);
  content->red = red;
  content->may_draw = may_draw;

  return content;
}

static void
content_free (gpointer data)
{
  Content *content = data;

  g_mutex_clear (&content->lock);
  g_cond_clear (&content->changed);
  g_free (content);
}

static void
content_allow (Content *content)
{
  g_mutex_lock (&content->lock);
  content->may_draw = TRUE;
  g_cond_broadcast (&content->changed);
  g_mutex_unlock (&content->lock);
}

static void
content_wait (Content  *content,
              gboolean *flag)
{
  g_mutex_lock (&content->lock);
  while (!*flag)
    g_cond_wait (&content->changed, &content->lock);
  g_mutex_unlock (&content->lock);
}

static void
draw_colour (cairo_t  *cr,
             double    zoom_level,
             guint     tile_size,
             gpointer  data)
{
  Content *content = data;

  g_mutex_lock (&content->lock);
  content->started = TRUE;
  g_cond_broadcast (&content->changed);
  while (!content->may_draw)
    g_cond_wait (&content->changed, &content->lock);
  g_mutex_unlock (&content->lock);

  cairo_set_source_rgb (cr, content->red, content->green, 0);
  cairo_paint (cr);

  g_mutex_lock (&content->lock);
  content->drawn = TRUE;
  g_cond_broadcast (&content->changed);
  g_mutex_unlock (&content->lock);
}

#define LONG_WAIT (10 * G_TIME_SPAN_MINUTE)

typedef struct
{
  GtkWidget        *widget;
  DiploRasterCache *cache;
  DiploViewFrame    frame;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->widget = g_object_ref_sink (gtk_drawing_area_new ());
  f->cache = diplo_raster_cache_new (f->widget);
  /* A frame waits for each image, however slow the machine: the draw
   * function's return is not yet the image's hand-over. */
  diplo_raster_cache_set_max_wait (f->cache, LONG_WAIT);
  f->frame = (DiploViewFrame) {
    .zoom_level = 2,
    .tile_size = 256,
    .world_size = 256 * 4,
    .centre_x = 700,
    .centre_y = 600,
    .width = 64,
    .height = 48,
  };
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->cache, diplo_raster_cache_free);
  g_clear_object (&f->widget);
}

/* Snapshots the cache as a frame would, into an image of the view, or
 * NULL for no image. */
static cairo_surface_t *
frame_draw (Fixture *f)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;

  diplo_raster_cache_snapshot (f->cache, snapshot, &f->frame);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return NULL;

  return diplo_test_draw_node (node, f->frame.width, f->frame.height);
}

/* The middle pixel of a frame; FALSE for no image. */
static gboolean
frame_pixel (Fixture *f,
             guint32 *pixel)
{
  cairo_surface_t *surface = frame_draw (f);

  if (surface == NULL)
    return FALSE;

  *pixel = ((guint32 *) (cairo_image_surface_get_data (surface) +
                         (int) f->frame.height / 2 * cairo_image_surface_get_stride (surface)))
           [(int) f->frame.width / 2];
  cairo_surface_destroy (surface);

  return TRUE;
}

/* The red of the middle of a frame, or -1 for no image. */
static int
frame_red (Fixture *f)
{
  guint32 pixel;

  return frame_pixel (f, &pixel) ? (int) (pixel >> 16) & 0xff : -1;
}

/* An image drawn once the content changed shows in the next frame, with
 * no turn of the main loop in between: the frame takes it from the
 * worker. */
static void
test_raster_cache_frame_takes_ready_image (Fixture       *f,
                                           gconstpointer  data)
{
  Content *content = content_new (1.0, TRUE);

  diplo_raster_cache_set_content (f->cache, draw_colour, content, content_free);
  g_assert_false (diplo_raster_cache_shows_content (f->cache));
  diplo_raster_cache_update (f->cache, &f->frame);

  g_assert_cmpint (frame_red (f), ==, 255);
  g_assert_true (diplo_raster_cache_shows_content (f->cache));
}

/* A frame waits for a new content's image only so long, then shows the
 * old one; the next frame after the image is done shows it. */
static void
test_raster_cache_wait_is_bounded (Fixture       *f,
                                   gconstpointer  data)
{
  Content *first = content_new (1.0, TRUE);
  Content *slow = content_new (0.5, FALSE);
  gint64 start;

  diplo_raster_cache_set_content (f->cache, draw_colour, first, content_free);
  g_assert_cmpint (frame_red (f), ==, 255);

  diplo_raster_cache_set_max_wait (f->cache, 20 * G_TIME_SPAN_MILLISECOND);
  diplo_raster_cache_set_content (f->cache, draw_colour, slow, content_free);
  start = g_get_monotonic_time ();
  g_assert_cmpint (frame_red (f), ==, 255);
  g_assert_false (diplo_raster_cache_shows_content (f->cache));
  g_assert_cmpint (g_get_monotonic_time () - start, <, LONG_WAIT / 2);

  diplo_raster_cache_set_max_wait (f->cache, LONG_WAIT);
  content_allow (slow);
  g_assert_cmpint (ABS (frame_red (f) - 128), <=, 1);
  g_assert_true (diplo_raster_cache_shows_content (f->cache));
}

/* A change while an image of the old content is drawn starts the new one
 * at once, and the old one's never shows. (Had the old one not started,
 * it would have been skipped.) */
static void
test_raster_cache_change_forgets_old_image (Fixture       *f,
                                            gconstpointer  data)
{
  Content *stale = content_new (0.5, FALSE);
  Content *fresh = content_new (1.0, TRUE);

  diplo_raster_cache_set_content (f->cache, draw_colour, stale, content_free);
  diplo_raster_cache_update (f->cache, &f->frame);
  content_wait (stale, &stale->started);

  diplo_raster_cache_set_content (f->cache, draw_colour, fresh, content_free);
  g_assert_cmpint (frame_red (f), ==, 255);

  content_allow (stale);
  content_wait (stale, &stale->drawn);
  diplo_test_iterate (50);
  g_assert_cmpint (frame_red (f), ==, 255);
  g_assert_true (diplo_raster_cache_shows_content (f->cache));
}

typedef struct
{
  Fixture *f;
  double   x;
} ImageWait;

static gboolean
image_moved (gpointer data)
{
  ImageWait *wait = data;
  DiploRasterImage image;

  return diplo_raster_cache_peek_image (wait->f->cache, &wait->f->frame, &image) &&
         image.x != wait->x;
}

/* A moving view has its next image drawn while half the margin is left,
 * reaching further the way it moves: the image it has covers it until the
 * new one is ready. */
static void
test_raster_cache_image_asked_ahead (Fixture       *f,
                                     gconstpointer  data)
{
  Content *content = content_new (1.0, TRUE);
  double margin = 0.125 * f->frame.width;
  DiploRasterImage image;
  ImageWait wait = { f };

  diplo_raster_cache_set_content (f->cache, draw_colour, content, content_free);
  g_assert_cmpint (frame_red (f), ==, 255);
  g_assert_true (diplo_raster_cache_peek_image (f->cache, &f->frame, &image));
  g_assert_cmpfloat (image.x, ==, f->frame.centre_x - f->frame.width / 2 - margin);
  wait.x = image.x;

  /* A quarter of the margin: the image still has more than half of it. */
  f->frame.centre_x += margin / 4;
  g_assert_cmpint (frame_red (f), ==, 255);
  diplo_test_iterate (50);
  g_assert_true (diplo_raster_cache_peek_image (f->cache, &f->frame, &image));
  g_assert_cmpfloat (image.x, ==, wait.x);

  /* Three quarters: a new image, ahead of the view by a margin and a half. */
  f->frame.centre_x += margin / 2;
  g_assert_cmpint (frame_red (f), ==, 255);
  diplo_test_wait_for (image_moved, &wait);
  g_assert_true (diplo_raster_cache_peek_image (f->cache, &f->frame, &image));
  g_assert_cmpfloat (image.x, ==, f->frame.centre_x - f->frame.width / 2 - margin / 2);
}

static gboolean
content_same_red (gconstpointer a,
                  gconstpointer b)
{
  return ((const Content *) a)->red == ((const Content *) b)->red;
}

static gboolean
content_is_drawn (gpointer data)
{
  Content *content = data;
  gboolean drawn;

  g_mutex_lock (&content->lock);
  drawn = content->drawn;
  g_mutex_unlock (&content->lock);

  return drawn;
}

/* Sets a first content and shows its image, then draws @ahead ahead. */
static void
show_and_draw_ahead (Fixture *f,
                     Content *ahead)
{
  diplo_raster_cache_set_equal_func (f->cache, content_same_red);
  diplo_raster_cache_set_content (f->cache, draw_colour, content_new (1.0, TRUE), content_free);
  g_assert_cmpint (frame_red (f), ==, 255);
  diplo_raster_cache_draw_ahead (f->cache, draw_colour, ahead, content_free);
}

/* A content equal to one drawn ahead shows its image in the next frame,
 * without being drawn: this one could not be, and the frame would show
 * the previous image once its 20 ms were out. */
static void
test_raster_cache_ahead_image_serves_equal_content (Fixture       *f,
                                                    gconstpointer  data)
{
  Content *ahead = content_new (0.5, TRUE);

  show_and_draw_ahead (f, ahead);
  diplo_test_wait_for (content_is_drawn, ahead);
  diplo_test_iterate (50);

  diplo_raster_cache_set_max_wait (f->cache, 20 * G_TIME_SPAN_MILLISECOND);
  diplo_raster_cache_set_content (f->cache, draw_colour, content_new (0.5, FALSE), content_free);
  g_assert_cmpint (ABS (frame_red (f) - 128), <=, 1);
  g_assert_true (diplo_raster_cache_shows_content (f->cache));
}

/* An equal content set while its image is drawn ahead takes that drawing
 * over, and a frame waits for it as for its own. */
static void
test_raster_cache_ahead_drawing_taken_over (Fixture       *f,
                                            gconstpointer  data)
{
  Content *ahead = content_new (0.5, FALSE);
  Content *equal = content_new (0.5, TRUE);
  guint32 pixel;

  /* Drawn for itself, it would show green. */
  equal->green = 1.0;
  show_and_draw_ahead (f, ahead);
  content_wait (ahead, &ahead->started);

  diplo_raster_cache_set_content (f->cache, draw_colour, equal, content_free);
  content_allow (ahead);
  g_assert_true (frame_pixel (f, &pixel));
  g_assert_cmpint (ABS ((int) ((pixel >> 16) & 0xff) - 128), <=, 1);
  g_assert_cmpint ((pixel >> 8) & 0xff, ==, 0);
  g_assert_true (diplo_raster_cache_shows_content (f->cache));
}

/* Four contents are kept ahead, the latest: one drawn ahead again counts
 * as the latest, so that the next one drawn ahead takes the place of the
 * oldest other. */
static void
test_raster_cache_ahead_keeps_latest (Fixture       *f,
                                      gconstpointer  data)
{
  Content *first = content_new (0.5, TRUE);
  Content *evicted = content_new (0.25, FALSE);

  show_and_draw_ahead (f, first);
  diplo_raster_cache_draw_ahead (f->cache, draw_colour, content_new (0.25, TRUE), content_free);
  diplo_raster_cache_draw_ahead (f->cache, draw_colour, content_new (0.75, TRUE), content_free);
  diplo_raster_cache_draw_ahead (f->cache, draw_colour, content_new (0.875, TRUE), content_free);
  g_assert_cmpuint (diplo_raster_cache_get_n_ahead (f->cache), ==, 4);
  diplo_test_wait_for (content_is_drawn, first);
  diplo_test_iterate (50);
  diplo_raster_cache_draw_ahead (f->cache, draw_colour, content_new (0.5, TRUE), content_free);
  g_assert_cmpuint (diplo_raster_cache_get_n_ahead (f->cache), ==, 4);
  diplo_raster_cache_draw_ahead (f->cache, draw_colour, content_new (0.125, TRUE), content_free);
  g_assert_cmpuint (diplo_raster_cache_get_n_ahead (f->cache), ==, 4);

  /* Kept: shown without being drawn again. */
  diplo_raster_cache_set_max_wait (f->cache, 20 * G_TIME_SPAN_MILLISECOND);
  diplo_raster_cache_set_content (f->cache, draw_colour, content_new (0.5, FALSE), content_free);
  g_assert_cmpint (ABS (frame_red (f) - 128), <=, 1);
  g_assert_true (diplo_raster_cache_shows_content (f->cache));

  /* Let go: drawn for itself, which it may not be yet. */
  diplo_raster_cache_set_content (f->cache, draw_colour, evicted, content_free);
  g_assert_cmpint (ABS (frame_red (f) - 128), <=, 1);
  g_assert_false (diplo_raster_cache_shows_content (f->cache));

  diplo_raster_cache_set_max_wait (f->cache, LONG_WAIT);
  content_allow (evicted);
  g_assert_cmpint (ABS (frame_red (f) - 64), <=, 1);
  g_assert_true (diplo_raster_cache_shows_content (f->cache));
}

/* Nothing is drawn ahead while the content shown has no image yet: that
 * one comes first. A content that differs is drawn for itself. */
static void
test_raster_cache_ahead_waits_for_current (Fixture       *f,
                                           gconstpointer  data)
{
  Content *current = content_new (1.0, FALSE);
  Content *ahead = content_new (0.5, TRUE);

  diplo_raster_cache_set_equal_func (f->cache, content_same_red);
  diplo_raster_cache_set_content (f->cache, draw_colour, current, content_free);
  diplo_raster_cache_update (f->cache, &f->frame);
  diplo_raster_cache_draw_ahead (f->cache, draw_colour, ahead, content_free);
  diplo_test_iterate (100);
  g_mutex_lock (&ahead->lock);
  g_assert_false (ahead->started);
  g_mutex_unlock (&ahead->lock);

  content_allow (current);
  g_assert_cmpint (frame_red (f), ==, 255);
  diplo_test_wait_for (content_is_drawn, ahead);

  diplo_raster_cache_set_content (f->cache, draw_colour, content_new (0.0, TRUE), content_free);
  g_assert_cmpint (frame_red (f), ==, 0);
}

/* Crosses every band of a tall image, as the layers draw: dashed arcs
 * and a star, made of lines. Curves would not do: cairo flattens them in
 * device space, where each band's origin is another, and its rounding
 * then moves their points. */
static void
draw_shapes (cairo_t  *cr,
             double    zoom_level,
             guint     tile_size,
             gpointer  data)
{
  for (int i = 0; i < 12; i++)
    {
      cairo_new_sub_path (cr);
      for (double angle = 0.3 * i; angle < 0.3 * i + 4; angle += 0.05)
        cairo_line_to (cr, 650 + 9 * i + (60 + 23 * i) * cos (angle),
                       590 + 5 * i + (60 + 23 * i) * sin (angle));
    }
  cairo_set_source_rgba (cr, 0.2, 0.4, 0.8, 0.7);
  cairo_set_line_width (cr, 2);
  cairo_set_dash (cr, (double[]) { 6, 4 }, 2, 0);
  diplo_coverage_stroke (cr);

  cairo_set_dash (cr, NULL, 0, 0);
  for (int i = 0; i < 5; i++)
    cairo_line_to (cr, 700 + 280 * sin (i * 4 * G_PI / 5), 600 - 280 * cos (i * 4 * G_PI / 5));
  cairo_close_path (cr);
  cairo_set_source_rgba (cr, 0.9, 0.3, 0.1, 0.4);
  diplo_coverage_fill_preserve (cr);
  cairo_set_line_width (cr, 3.5);
  diplo_coverage_stroke (cr);
}

/* Dashes are walked in device pixels, whose rounding differs with the
 * band's origin: where a dash ends on a point of the path, a pixel or two
 * may differ a little. A band drawn at the wrong place differs in
 * thousands. */
static gboolean
same_pixels (cairo_surface_t *a,
             cairo_surface_t *b)
{
  int width = cairo_image_surface_get_width (a);
  int height = cairo_image_surface_get_height (a);
  guint n_differing = 0, n_far = 0;

  for (int y = 0; y < height; y++)
    {
      const guchar *row_a = cairo_image_surface_get_data (a) + y * cairo_image_surface_get_stride (a);
      const guchar *row_b = cairo_image_surface_get_data (b) + y * cairo_image_surface_get_stride (b);

      for (int x = 0; x < 4 * width; x++)
        {
          n_differing += ABS (row_a[x] - row_b[x]) > 1;
          n_far += ABS (row_a[x] - row_b[x]) > 8;
        }
    }

  g_test_message ("%u channels differ, %u by more than 8", n_differing, n_far);

  return n_differing <= 16 && n_far == 0;
}

/* An image drawn in bands, by several threads, is the image drawn whole. */
static void
test_raster_cache_bands_make_one_image (Fixture       *f,
                                        gconstpointer  data)
{
  cairo_surface_t *whole, *drawn;
  cairo_t *cr;

  f->frame.width = 400;
  f->frame.height = 600;
  diplo_raster_cache_set_content (f->cache, draw_shapes, NULL, NULL);
  drawn = frame_draw (f);
  g_assert_nonnull (drawn);

  whole = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, f->frame.width, f->frame.height);
  cr = cairo_create (whole);
  cairo_translate (cr, f->frame.width / 2 - f->frame.centre_x, f->frame.height / 2 - f->frame.centre_y);
  draw_shapes (cr, f->frame.zoom_level, f->frame.tile_size, NULL);
  cairo_destroy (cr);
  cairo_surface_flush (whole);

  g_assert_true (same_pixels (drawn, whole));
  cairo_surface_destroy (drawn);
  cairo_surface_destroy (whole);
}

int
main (int   argc,
      char *argv[])
{
  diplo_test_init_gtk ();
  g_test_init (&argc, &argv, NULL);

#define ADD_TEST(name, func) \
  g_test_add ("/raster-cache/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD_TEST ("frame-takes-ready-image", test_raster_cache_frame_takes_ready_image);
  ADD_TEST ("wait-is-bounded", test_raster_cache_wait_is_bounded);
  ADD_TEST ("change-forgets-old-image", test_raster_cache_change_forgets_old_image);
  ADD_TEST ("bands-make-one-image", test_raster_cache_bands_make_one_image);
  ADD_TEST ("ahead-image-serves-equal-content", test_raster_cache_ahead_image_serves_equal_content);
  ADD_TEST ("ahead-drawing-taken-over", test_raster_cache_ahead_drawing_taken_over);
  ADD_TEST ("ahead-waits-for-current", test_raster_cache_ahead_waits_for_current);
  ADD_TEST ("ahead-keeps-latest", test_raster_cache_ahead_keeps_latest);
  ADD_TEST ("image-asked-ahead", test_raster_cache_image_asked_ahead);

#undef ADD_TEST

  return g_test_run ();
}
