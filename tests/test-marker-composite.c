#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "diplo-basemap.h"
#include "diplo-marker-composite.h"
#include "diplo-test-utils.h"

#define VIEW_WIDTH 160
#define VIEW_HEIGHT 120

/* The ground reaches this far past each side of the view. */
#define MARGIN 20

typedef struct
{
  GtkWidget            *widget;
  DiploMarkerComposite *composite;
  DiploViewFrame        frame;
  cairo_surface_t      *looks[4];
  GArray               *stamps;   /* of DiploStamp, what the next frame paints */
  guint                 next_order;
} Fixture;

/* Stripes fixed to the world, half transparent, as routes over the map. */
static cairo_surface_t *
ground_surface_new (double x,
                    double y,
                    double red)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                         VIEW_WIDTH + 2 * MARGIN,
                                                         VIEW_HEIGHT + 2 * MARGIN);
  cairo_t *cr = cairo_create (surface);

  cairo_translate (cr, -x, -y);
  cairo_set_source_rgba (cr, red, 0.3, 0.9, 0.5);
  cairo_set_line_width (cr, 3);
  for (int i = -2000; i < 4000; i += 11)
    {
      cairo_move_to (cr, i, 0);
      cairo_line_to (cr, i + 1500, 1500);
    }
  cairo_stroke (cr);
  cairo_destroy (cr);

  return surface;
}

/* A ground for the fixture's view, in a red of its own so that a test can
 * tell which one a frame painted. */
static DiploRasterImage
ground_for (Fixture *f,
            guint    generation,
            double   red)
{
  double x = f->frame.centre_x - VIEW_WIDTH / 2 - MARGIN;
  double y = f->frame.centre_y - VIEW_HEIGHT / 2 - MARGIN;

  return (DiploRasterImage) {
    ground_surface_new (x, y, red), generation, f->frame.zoom_level, x, y };
}

static cairo_surface_t *
look_new (double red,
          double green,
          double blue)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 14, 14);
  cairo_t *cr = cairo_create (surface);

  cairo_arc (cr, 7, 7, 6, 0, 2 * G_PI);
  cairo_set_source_rgba (cr, red, green, blue, 0.9);
  cairo_fill (cr);
  cairo_destroy (cr);

  return surface;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->widget = g_object_ref_sink (gtk_drawing_area_new ());
  f->composite = diplo_marker_composite_new (f->widget);
  f->frame = (DiploViewFrame) {
    .zoom_level = 3,
    .tile_size = 256,
    .world_size = 256 * 8,
    .centre_x = 900,
    .centre_y = 700,
    .width = VIEW_WIDTH,
    .height = VIEW_HEIGHT,
  };
  f->looks[0] = look_new (1, 0, 0);
  f->looks[1] = look_new (0, 0.8, 0);
  f->looks[2] = look_new (0.2, 0.2, 1);
  f->looks[3] = look_new (1, 1, 1);
  f->stamps = g_array_new (FALSE, FALSE, sizeof (DiploStamp));
  g_array_set_clear_func (f->stamps, (GDestroyNotify) diplo_stamp_clear);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->composite, diplo_marker_composite_free);
  g_array_unref (f->stamps);
  for (guint i = 0; i < G_N_ELEMENTS (f->looks); i++)
    cairo_surface_destroy (f->looks[i]);
  g_clear_object (&f->widget);
}

static void
add_stamp (Fixture *f,
           guint    look,
           int      x,
           int      y)
{
  DiploStamp stamp = {
    cairo_surface_reference (f->looks[look]), GRAPHENE_RECT_INIT (x, y, 14, 14), f->next_order++ };

  g_array_append_val (f->stamps, stamp);
}

static GArray *
copy_stamps (GArray *stamps)
{
  GArray *copy = g_array_copy (stamps);

  for (guint i = 0; i < copy->len; i++)
    cairo_surface_reference (g_array_index (copy, DiploStamp, i).look);
  g_array_set_clear_func (copy, (GDestroyNotify) diplo_stamp_clear);

  return copy;
}

static void
paint_stamps (cairo_t *cr,
              GArray  *stamps)
{
  for (guint i = 0; i < stamps->len; i++)
    {
      const DiploStamp *stamp = &g_array_index (stamps, DiploStamp, i);

      cairo_set_source_surface (cr, stamp->look, stamp->bounds.origin.x, stamp->bounds.origin.y);
      cairo_paint (cr);
    }
}

/* A frame as the marker layer paints it, through a cairo node: the
 * composite and the stamps it left, or NULL when it painted nothing. */
static cairo_surface_t *
frame_draw (Fixture                *f,
            const DiploRasterImage *ground,
            guint                  *n_left)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GArray) stamps = copy_stamps (f->stamps);
  cairo_t *cr;
  gboolean painted;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, VIEW_WIDTH, VIEW_HEIGHT));
  painted = diplo_marker_composite_paint (f->composite, cr, &f->frame, ground, stamps);
  paint_stamps (cr, stamps);
  cairo_destroy (cr);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (n_left != NULL)
    *n_left = stamps->len;

  return painted ? diplo_test_draw_node (node, VIEW_WIDTH, VIEW_HEIGHT) : NULL;
}

/* Paints the ground at its place, then each stamp; finishes @cr. */
static cairo_surface_t *
finish_reference (Fixture                *f,
                  cairo_t                *cr,
                  const DiploRasterImage *ground)
{
  cairo_surface_t *surface = cairo_surface_reference (cairo_get_target (cr));
  double x, y, scale;

  g_assert_true (diplo_view_frame_place_image (&f->frame, ground, &x, &y, &scale));
  cairo_set_source_surface (cr, ground->surface, x, y);
  cairo_paint (cr);
  paint_stamps (cr, f->stamps);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

static cairo_t *
reference_create (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, VIEW_WIDTH, VIEW_HEIGHT);
  cairo_t *cr = cairo_create (surface);

  cairo_surface_destroy (surface);

  return cr;
}

/* The frame painting the ground and then each stamp. */
static cairo_surface_t *
reference_draw (Fixture                *f,
                const DiploRasterImage *ground)
{
  return finish_reference (f, reference_create (), ground);
}

/* Compositing the stamps on the ground first rounds otherwise than
 * painting them in turn: a channel may differ by a step or two. Returns
 * the first byte that differs more, or -1. */
static int
find_different_byte (cairo_surface_t *actual,
                     cairo_surface_t *expected)
{
  int stride = cairo_image_surface_get_stride (actual);

  g_assert_cmpint (stride, ==, cairo_image_surface_get_stride (expected));
  for (int y = 0; y < VIEW_HEIGHT; y++)
    for (int x = 0; x < VIEW_WIDTH * 4; x++)
      if (abs (cairo_image_surface_get_data (actual)[y * stride + x] -
               cairo_image_surface_get_data (expected)[y * stride + x]) > 2)
        return y * stride + x;

  return -1;
}

/* Whether a frame painting @drawn painted, and looks as painting @ground
 * and each stamp in turn does; @different is -2 when it painted nothing. */
static gboolean
frame_matches (Fixture                *f,
               const DiploRasterImage *drawn,
               const DiploRasterImage *ground,
               int                    *different)
{
  cairo_surface_t *actual = frame_draw (f, drawn, NULL);
  cairo_surface_t *expected = reference_draw (f, ground);

  *different = actual != NULL ? find_different_byte (actual, expected) : -2;
  g_clear_pointer (&actual, cairo_surface_destroy);
  cairo_surface_destroy (expected);

  return *different == -1;
}

static void
assert_frame_matches (Fixture                *f,
                      const DiploRasterImage *drawn,
                      const DiploRasterImage *ground)
{
  int different;

  if (!frame_matches (f, drawn, ground, &different))
    g_error (different == -2 ? "the frame painted nothing"
                             : "byte %d of the frame differs from painting the ground and each stamp",
             different);
}

/* A frame painting @drawn, while the copy is still of @older, which
 * reaches only part of the view: @drawn shows beyond it. */
static void
assert_frame_beyond_matches (Fixture                *f,
                             const DiploRasterImage *drawn,
                             const DiploRasterImage *older)
{
  cairo_surface_t *actual = frame_draw (f, drawn, NULL);
  cairo_surface_t *expected = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, VIEW_WIDTH, VIEW_HEIGHT);
  cairo_t *cr = cairo_create (expected);
  double x, y, older_x, older_y, scale;

  g_assert_nonnull (actual);
  g_assert_true (diplo_view_frame_place_image (&f->frame, drawn, &x, &y, &scale));
  g_assert_true (diplo_view_frame_place_image (&f->frame, older, &older_x, &older_y, &scale));
  g_assert_cmpfloat (older_x + cairo_image_surface_get_width (older->surface), <, VIEW_WIDTH);

  cairo_save (cr);
  cairo_rectangle (cr, older_x + cairo_image_surface_get_width (older->surface), 0, VIEW_WIDTH, VIEW_HEIGHT);
  cairo_clip (cr);
  cairo_set_source_surface (cr, drawn->surface, x, y);
  cairo_paint (cr);
  cairo_restore (cr);
  cairo_set_source_surface (cr, older->surface, older_x, older_y);
  cairo_paint (cr);
  paint_stamps (cr, f->stamps);
  cairo_destroy (cr);
  cairo_surface_flush (expected);

  g_assert_cmpint (find_different_byte (actual, expected), ==, -1);
  cairo_surface_destroy (actual);
  cairo_surface_destroy (expected);
}

typedef struct
{
  Fixture                *f;
  const DiploRasterImage *ground;
} Waiting;

static gboolean
frame_paints (gpointer data)
{
  Waiting *waiting = data;
  cairo_surface_t *surface = frame_draw (waiting->f, waiting->ground, NULL);
  gboolean painted = surface != NULL;

  g_clear_pointer (&surface, cairo_surface_destroy);

  return painted;
}

static void
wait_for_composite (Fixture                *f,
                    const DiploRasterImage *ground)
{
  Waiting waiting = { f, ground };

  diplo_test_wait_for (frame_paints, &waiting);
}

static gboolean
frame_paints_its_ground (gpointer data)
{
  Waiting *waiting = data;
  int different;

  return frame_matches (waiting->f, waiting->ground, waiting->ground, &different);
}

static void
add_first_stamps (Fixture *f)
{
  add_stamp (f, 0, 10, 10);
  add_stamp (f, 1, 20, 14);     /* over the first */
  add_stamp (f, 2, 70, 50);
  add_stamp (f, 3, 100, 90);
  add_stamp (f, 0, 140, 30);
}

static void
test_paints_markers_on_ground (Fixture       *f,
                               gconstpointer  data)
{
  DiploRasterImage ground = ground_for (f, 1, 0.1);
  cairo_surface_t *surface;
  guint n_left;

  add_first_stamps (f);
  /* The first frame of a ground paints nothing: its copy is being made. */
  surface = frame_draw (f, &ground, &n_left);
  g_assert_null (surface);
  g_assert_cmpuint (n_left, ==, f->stamps->len);

  wait_for_composite (f, &ground);
  assert_frame_matches (f, &ground, &ground);
  cairo_surface_destroy (ground.surface);
}

static void
test_follows_markers (Fixture       *f,
                      gconstpointer  data)
{
  DiploRasterImage ground = ground_for (f, 1, 0.1);
  guint n_left;

  add_first_stamps (f);
  wait_for_composite (f, &ground);

  /* Each change shows in the frame after it, and stays in the next. */
  g_array_remove_index (f->stamps, 0);
  for (guint i = 0; i < 2; i++)
    assert_frame_matches (f, &ground, &ground);

  /* [look 1 at 20, 14; look 2 moved to 73, 50; 3; 0; look 2 at 16, 12] */
  add_stamp (f, 2, 16, 12);
  g_array_index (f->stamps, DiploStamp, 1).bounds.origin.x += 3;
  for (guint i = 0; i < 2; i++)
    assert_frame_matches (f, &ground, &ground);

  /* The first changes its look; the last two go. */
  cairo_surface_destroy (g_array_index (f->stamps, DiploStamp, 0).look);
  g_array_index (f->stamps, DiploStamp, 0).look = cairo_surface_reference (f->looks[3]);
  g_array_set_size (f->stamps, 3);
  for (guint i = 0; i < 3; i++)
    assert_frame_matches (f, &ground, &ground);

  /* One across the ground's edge is left for the caller. */
  add_stamp (f, 1, VIEW_WIDTH + MARGIN - 7, 40);
  assert_frame_matches (f, &ground, &ground);
  cairo_surface_destroy (frame_draw (f, &ground, &n_left));
  g_assert_cmpuint (n_left, ==, 1);
  cairo_surface_destroy (ground.surface);
}

static void
test_new_image_of_same_content (Fixture       *f,
                                gconstpointer  data)
{
  DiploRasterImage first = ground_for (f, 1, 0.1);
  DiploRasterImage moved, far;
  Waiting waiting = { f, &moved };

  add_first_stamps (f);
  wait_for_composite (f, &first);

  /* The view moved on, and the image below with it: frames paint the copy
   * of the one before, where it was, until the new one's is made. */
  f->frame.centre_x += 9;
  f->frame.centre_y -= 5;
  moved = ground_for (f, 1, 0.7);
  assert_frame_matches (f, &moved, &first);
  diplo_test_wait_for (frame_paints_its_ground, &waiting);
  assert_frame_matches (f, &moved, &moved);

  /* Where the copy before does not reach, the new image shows, until its
   * own copy is made. */
  f->frame.centre_x += MARGIN + 10;
  far = ground_for (f, 1, 0.4);
  waiting.ground = &far;
  assert_frame_beyond_matches (f, &far, &moved);
  diplo_test_wait_for (frame_paints_its_ground, &waiting);

  cairo_surface_destroy (first.surface);
  cairo_surface_destroy (moved.surface);
  cairo_surface_destroy (far.surface);
}

static void
test_new_content (Fixture       *f,
                  gconstpointer  data)
{
  DiploRasterImage first = ground_for (f, 1, 0.1);
  DiploRasterImage changed = ground_for (f, 2, 0.7);
  DiploRasterImage zoomed = ground_for (f, 2, 0.7);

  add_first_stamps (f);
  wait_for_composite (f, &first);

  /* The old copy shows routes no longer there: nothing is painted, and the
   * new content is copied only once it has stayed a moment. */
  g_assert_null (frame_draw (f, &changed, NULL));
  for (guint i = 0; i < 2; i++)
    {
      diplo_test_iterate (30);
      g_assert_null (frame_draw (f, &changed, NULL));
    }
  wait_for_composite (f, &changed);
  assert_frame_matches (f, &changed, &changed);

  /* Nor is it once the view zooms. */
  zoomed.zoom_level += 1;
  f->frame.zoom_level += 1;
  f->frame.centre_x *= 2;
  f->frame.centre_y *= 2;
  g_assert_null (frame_draw (f, &zoomed, NULL));

  cairo_surface_destroy (first.surface);
  cairo_surface_destroy (changed.surface);
  cairo_surface_destroy (zoomed.surface);
}

/* The frame as the basemap's layer, the ground and the stamps would
 * paint it: the layer's tiles land on the pixels nearest their place. */
static cairo_surface_t *
reference_with_basemap_draw (Fixture                *f,
                             const DiploRasterImage *ground)
{
  DiploBasemap *basemap = diplo_basemap_get_default (NULL);
  cairo_t *cr = reference_create ();
  int offset_x = round (VIEW_WIDTH / 2 - f->frame.centre_x);
  int offset_y = round (VIEW_HEIGHT / 2 - f->frame.centre_y);

  for (int row = -offset_y / 256; row * 256 + offset_y < VIEW_HEIGHT; row++)
    for (int column = -offset_x / 256; column * 256 + offset_x < VIEW_WIDTH; column++)
      {
        cairo_surface_t *tile = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 256, 256);
        cairo_t *tile_cr = cairo_create (tile);

        diplo_basemap_draw_tile (basemap, tile_cr, column, row, f->frame.zoom_level, 256);
        cairo_destroy (tile_cr);
        cairo_set_source_surface (cr, tile, column * 256 + offset_x, row * 256 + offset_y);
        cairo_paint (cr);
        cairo_surface_destroy (tile);
      }

  return finish_reference (f, cr, ground);
}

static void
assert_frame_has_basemap (Fixture                *f,
                          const DiploRasterImage *ground)
{
  cairo_surface_t *actual = frame_draw (f, ground, NULL);
  cairo_surface_t *expected = reference_with_basemap_draw (f, ground);

  g_assert_nonnull (actual);
  g_assert_cmpint (find_different_byte (actual, expected), ==, -1);
  cairo_surface_destroy (actual);
  cairo_surface_destroy (expected);
}

/* Given the basemap, the copy has its tiles under the ground where the
 * basemap's layer shows them, and covers the view while the view moves
 * over it; not once a move rounds the layer's tiles and the copy apart,
 * nor beyond the world's rows. */
static void
test_basemap_under_ground (Fixture       *f,
                           gconstpointer  data)
{
  DiploRasterImage ground, top;

  g_assert_nonnull (diplo_basemap_get_default (NULL));
  f->frame.centre_x += 0.4;
  ground = ground_for (f, 1, 0.1);
  add_first_stamps (f);
  diplo_marker_composite_set_basemap (f->composite, diplo_basemap_get_default (NULL), 256);
  g_assert_false (diplo_marker_composite_covers (f->composite, &f->frame, &ground));
  wait_for_composite (f, &ground);
  g_assert_true (diplo_marker_composite_covers (f->composite, &f->frame, &ground));
  assert_frame_has_basemap (f, &ground);

  /* Moves by whole pixels round both alike; the view's centre between
   * pixels then rounds the tiles a pixel further than the copy. */
  f->frame.centre_x += 5;
  f->frame.centre_y -= 3;
  g_assert_true (diplo_marker_composite_covers (f->composite, &f->frame, &ground));
  assert_frame_has_basemap (f, &ground);

  f->frame.centre_x += 0.35;
  g_assert_false (diplo_marker_composite_covers (f->composite, &f->frame, &ground));

  diplo_marker_composite_set_basemap (f->composite, NULL, 0);
  f->frame.centre_x -= 0.35;
  g_assert_false (diplo_marker_composite_covers (f->composite, &f->frame, &ground));

  /* The world's first row starts within the ground. */
  diplo_marker_composite_set_basemap (f->composite, diplo_basemap_get_default (NULL), 256);
  f->frame.centre_y = VIEW_HEIGHT / 2 + 10;
  top = ground_for (f, 2, 0.1);
  wait_for_composite (f, &top);
  g_assert_false (diplo_marker_composite_covers (f->composite, &f->frame, &top));

  cairo_surface_destroy (ground.surface);
  cairo_surface_destroy (top.surface);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  diplo_test_init_gtk ();

  g_test_add ("/marker-composite/paints-markers-on-ground", Fixture, NULL,
              fixture_set_up, test_paints_markers_on_ground, fixture_tear_down);
  g_test_add ("/marker-composite/follows-markers", Fixture, NULL,
              fixture_set_up, test_follows_markers, fixture_tear_down);
  g_test_add ("/marker-composite/new-image-of-same-content", Fixture, NULL,
              fixture_set_up, test_new_image_of_same_content, fixture_tear_down);
  g_test_add ("/marker-composite/new-content", Fixture, NULL,
              fixture_set_up, test_new_content, fixture_tear_down);
  g_test_add ("/marker-composite/basemap-under-ground", Fixture, NULL,
              fixture_set_up, test_basemap_under_ground, fixture_tear_down);

  return g_test_run ();
}
