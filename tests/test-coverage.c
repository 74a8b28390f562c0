#include "config.h"

#include <math.h>

#include "diplo-coverage.h"

#define SIZE 160

typedef void (*PathFunc) (cairo_t *cr);

static void
zigzag (cairo_t *cr)
{
  cairo_move_to (cr, 10, 10);
  for (int i = 1; i <= 6; i++)
    cairo_line_to (cr, 10 + i * 12, i % 2 ? 60 : 12.5);
}

static void
dashed_arc (cairo_t *cr)
{
  cairo_set_dash (cr, (double[]) { 6.0, 4.0 }, 2, 3.0);
  cairo_move_to (cr, 5, 70);
  for (int i = 1; i <= 40; i++)
    cairo_line_to (cr, 5 + i * 3.4, 70 - 50 * sin (G_PI * i / 40.0));
}

/* A closed outline and its hole, as a country's. */
static void
outline_and_hole (cairo_t *cr)
{
  cairo_move_to (cr, 20, 20);
  cairo_line_to (cr, 140, 35);
  cairo_line_to (cr, 60, 140);
  cairo_close_path (cr);
  cairo_move_to (cr, 60, 50);
  cairo_line_to (cr, 90, 55);
  cairo_line_to (cr, 70, 80);
  cairo_close_path (cr);
}

static cairo_surface_t *
draw (PathFunc path,
      double   scale,
      gboolean thin)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, SIZE, SIZE);
  cairo_t *cr = cairo_create (surface);

  cairo_scale (cr, scale, scale);
  cairo_set_line_width (cr, 2.0);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_source_rgba (cr, 0.1, 0.2, 0.9, 1.0);
  path (cr);
  if (thin)
    diplo_coverage_stroke (cr);
  else
    cairo_stroke (cr);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

static guint
alpha_at (cairo_surface_t *surface,
          int              x,
          int              y)
{
  const guint32 *row = (const guint32 *) (cairo_image_surface_get_data (surface) +
                                          y * cairo_image_surface_get_stride (surface));

  return row[x] >> 24;
}

/* The thin stroke covers what cairo's covers, give or take the
 * antialiasing of the edges. */
static void
assert_like_cairo (PathFunc path,
                   double   scale)
{
  cairo_surface_t *expected = draw (path, scale, FALSE);
  cairo_surface_t *drawn = draw (path, scale, TRUE);
  double expected_sum = 0, drawn_sum = 0;
  guint far_off = 0;

  for (int y = 0; y < SIZE; y++)
    for (int x = 0; x < SIZE; x++)
      {
        int a = alpha_at (expected, x, y);
        int b = alpha_at (drawn, x, y);

        expected_sum += a;
        drawn_sum += b;
        if (ABS (a - b) > 96)
          far_off++;
      }

  g_test_message ("coverage %.0f, cairo's %.0f; %u pixels far off", drawn_sum, expected_sum, far_off);
  g_assert_cmpfloat (expected_sum, >, 0);
  g_assert_cmpfloat (fabs (drawn_sum - expected_sum) / expected_sum, <, 0.05);
  g_assert_cmpuint (far_off, <=, expected_sum / 255 / 100);

  cairo_surface_destroy (expected);
  cairo_surface_destroy (drawn);
}

static void
test_stroke_joins (void)
{
  assert_like_cairo (zigzag, 1.0);
}

static void
test_stroke_dashes (void)
{
  assert_like_cairo (dashed_arc, 1.0);
}

static void
test_stroke_closed_subpaths (void)
{
  assert_like_cairo (outline_and_hole, 1.0);
}

/* On a screen of scale 2, the line is twice as wide in pixels, and so are
 * the dashes. */
static void
test_stroke_scaled (void)
{
  assert_like_cairo (zigzag, 2.0);
  assert_like_cairo (dashed_arc, 2.0);
}

static void
two_crossing_lines (cairo_t *cr)
{
  cairo_set_source_rgba (cr, 0, 0, 0, 0.5);
  cairo_move_to (cr, 10, 80.5);
  cairo_line_to (cr, 150, 80.5);
  cairo_move_to (cr, 80.5, 10);
  cairo_line_to (cr, 80.5, 150);
}

/* A translucent path darkens no more where it crosses itself, as with
 * cairo. */
static void
test_stroke_crossing_once (void)
{
  cairo_surface_t *drawn = draw (two_crossing_lines, 1.0, TRUE);
  cairo_surface_t *expected = draw (two_crossing_lines, 1.0, FALSE);

  g_assert_cmpuint (alpha_at (expected, 80, 80), ==, 128);
  g_assert_cmpuint (alpha_at (drawn, 40, 80), ==, 128);
  g_assert_cmpuint (alpha_at (drawn, 80, 80), ==, 128);

  cairo_surface_destroy (drawn);
  cairo_surface_destroy (expected);
}

static void
clipped_zigzag (cairo_t *cr)
{
  cairo_rectangle (cr, 0, 0, 40, SIZE);
  cairo_clip (cr);
  zigzag (cr);
}

static void
test_stroke_clip (void)
{
  cairo_surface_t *drawn = draw (clipped_zigzag, 1.0, TRUE);
  guint inside = 0;

  for (int y = 0; y < SIZE; y++)
    for (int x = 0; x < SIZE; x++)
      if (x >= 40)
        g_assert_cmpuint (alpha_at (drawn, x, y), ==, 0);
      else
        inside += alpha_at (drawn, x, y);
  g_assert_cmpuint (inside, >, 0);

  cairo_surface_destroy (drawn);
}

static void
square_ends (cairo_t *cr)
{
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_SQUARE);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);
  zigzag (cr);
}

/* Other ends than round ones are cairo's to draw, exactly as it does. */
static void
test_stroke_other_ends (void)
{
  cairo_surface_t *drawn = draw (square_ends, 1.0, TRUE);
  cairo_surface_t *expected = draw (square_ends, 1.0, FALSE);

  g_assert_cmpmem (cairo_image_surface_get_data (drawn), SIZE * cairo_image_surface_get_stride (drawn),
                   cairo_image_surface_get_data (expected), SIZE * cairo_image_surface_get_stride (expected));

  cairo_surface_destroy (drawn);
  cairo_surface_destroy (expected);
}

static void
test_stroke_clears_path (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, SIZE, SIZE);
  cairo_t *cr = cairo_create (surface);

  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  /* Far outside the surface, and a point that is none. */
  cairo_move_to (cr, -5000, -5000);
  cairo_line_to (cr, -4000, -4990);
  cairo_move_to (cr, 10, 10);
  diplo_coverage_stroke (cr);
  g_assert_false (cairo_has_current_point (cr));
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  for (int y = 0; y < SIZE; y++)
    for (int x = 0; x < SIZE; x++)
      g_assert_cmpuint (alpha_at (surface, x, y), ==, 0);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/coverage/stroke-joins", test_stroke_joins);
  g_test_add_func ("/coverage/stroke-dashes", test_stroke_dashes);
  g_test_add_func ("/coverage/stroke-closed-subpaths", test_stroke_closed_subpaths);
  g_test_add_func ("/coverage/stroke-scaled", test_stroke_scaled);
  g_test_add_func ("/coverage/stroke-crossing-once", test_stroke_crossing_once);
  g_test_add_func ("/coverage/stroke-clip", test_stroke_clip);
  g_test_add_func ("/coverage/stroke-other-ends", test_stroke_other_ends);
  g_test_add_func ("/coverage/stroke-clears-path", test_stroke_clears_path);

  return g_test_run ();
}
