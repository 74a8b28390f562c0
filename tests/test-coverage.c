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
/* Sums two images' coverage, counts the pixels where they differ by more
 * than @far, and frees them. */
static guint
compare_coverage (cairo_surface_t *expected,
                  cairo_surface_t *drawn,
                  int              far,
                  double          *expected_sum,
                  double          *drawn_sum)
{
  guint far_off = 0;

  *expected_sum = *drawn_sum = 0;
  for (int y = 0; y < SIZE; y++)
    for (int x = 0; x < SIZE; x++)
      {
        int a = alpha_at (expected, x, y);
        int b = alpha_at (drawn, x, y);

        *expected_sum += a;
        *drawn_sum += b;
        if (ABS (a - b) > far)
          far_off++;
      }

  g_test_message ("coverage %.0f, cairo's %.0f; %u pixels far off", *drawn_sum, *expected_sum, far_off);
  g_assert_cmpfloat (*expected_sum, >, 0);
  cairo_surface_destroy (expected);
  cairo_surface_destroy (drawn);

  return far_off;
}

static void
assert_like_cairo (PathFunc path,
                   double   scale)
{
  double expected_sum, drawn_sum;
  guint far_off = compare_coverage (draw (path, scale, FALSE), draw (path, scale, TRUE), 96,
                                    &expected_sum, &drawn_sum);

  g_assert_cmpfloat (fabs (drawn_sum - expected_sum) / expected_sum, <, 0.05);
  g_assert_cmpuint (far_off, <=, expected_sum / 255 / 100);
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

/* Fills */

/* A five-pointed star drawn in one stroke: its middle is wound twice. */
static void
star (cairo_t *cr)
{
  for (int i = 0; i < 5; i++)
    {
      double angle = G_PI / 2 + i * 4 * G_PI / 5;
      double x = 80 + 70 * cos (angle), y = 85 - 70 * sin (angle);

      if (i == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
  cairo_close_path (cr);
}

/* Beyond the surface on the left, top and right, as a country on the
 * edge of the map; its last subpath is left open, as fills close it. */
static void
across_the_edges (cairo_t *cr)
{
  cairo_move_to (cr, -40.3, 30.2);
  cairo_line_to (cr, 200.7, -20.1);
  cairo_line_to (cr, 150.2, 120.9);
  cairo_line_to (cr, 10.6, 150.4);
  cairo_close_path (cr);
  cairo_move_to (cr, 30, 130);
  cairo_line_to (cr, 60.5, 158.7);
  cairo_line_to (cr, 5.2, 159.9);
}

static cairo_surface_t *
draw_fill (PathFunc         path,
           double           scale_x,
           double           scale_y,
           cairo_fill_rule_t rule,
           gboolean         fast)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, SIZE, SIZE);
  cairo_t *cr = cairo_create (surface);

  cairo_scale (cr, scale_x, scale_y);
  cairo_set_fill_rule (cr, rule);
  cairo_set_source_rgba (cr, 0.1, 0.2, 0.9, 1.0);
  path (cr);
  if (fast)
    diplo_coverage_fill_preserve (cr);
  else
    cairo_fill_preserve (cr);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

/* The fill covers what cairo's covers: the same pixels inside, and the
 * edges antialiased alike, give or take cairo's sampling of them. Only
 * where edges cross within a pixel may it be far off: the running sum has
 * the pixel's winding number on average, not the share of the pixel that
 * is inside. These shapes have up to five such pixels; countries, which do
 * not overlap, have none. */
static void
assert_fill_like_cairo (PathFunc          path,
                        double            scale_x,
                        double            scale_y,
                        cairo_fill_rule_t rule)
{
  double expected_sum, drawn_sum;
  guint far_off = compare_coverage (draw_fill (path, scale_x, scale_y, rule, FALSE),
                                    draw_fill (path, scale_x, scale_y, rule, TRUE), 32,
                                    &expected_sum, &drawn_sum);

  g_assert_cmpfloat (fabs (drawn_sum - expected_sum) / expected_sum, <, 0.002);
  g_assert_cmpuint (far_off, <=, 5);
}

static void
test_fill_rules (void)
{
  assert_fill_like_cairo (star, 1, 1, CAIRO_FILL_RULE_EVEN_ODD);
  assert_fill_like_cairo (star, 1, 1, CAIRO_FILL_RULE_WINDING);
  assert_fill_like_cairo (outline_and_hole, 1, 1, CAIRO_FILL_RULE_EVEN_ODD);
}

static void
test_fill_across_the_edges (void)
{
  assert_fill_like_cairo (across_the_edges, 1, 1, CAIRO_FILL_RULE_EVEN_ODD);
}

/* Scaled unevenly, as a map's user space may be. */
static void
test_fill_scaled (void)
{
  assert_fill_like_cairo (star, 1.5, 0.75, CAIRO_FILL_RULE_WINDING);
  assert_fill_like_cairo (outline_and_hole, 2, 2, CAIRO_FILL_RULE_EVEN_ODD);
}

static void
clipped_star (cairo_t *cr)
{
  cairo_rectangle (cr, 0, 0, 80, SIZE);
  cairo_clip (cr);
  star (cr);
}

/* The clip holds, and the path stays for what follows, as an outline. */
static void
test_fill_clip_and_path (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, SIZE, SIZE);
  cairo_t *cr = cairo_create (surface);
  double before[4], after[4];
  guint inside = 0;

  clipped_star (cr);
  cairo_path_extents (cr, &before[0], &before[1], &before[2], &before[3]);
  diplo_coverage_fill_preserve (cr);
  cairo_path_extents (cr, &after[0], &after[1], &after[2], &after[3]);
  for (guint i = 0; i < G_N_ELEMENTS (before); i++)
    g_assert_cmpfloat (before[i], ==, after[i]);
  g_assert_true (cairo_has_current_point (cr));
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  for (int y = 0; y < SIZE; y++)
    for (int x = 0; x < SIZE; x++)
      if (x >= 80)
        g_assert_cmpuint (alpha_at (surface, x, y), ==, 0);
      else
        inside += alpha_at (surface, x, y);
  g_assert_cmpuint (inside, >, 0);

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
  g_test_add_func ("/coverage/fill-rules", test_fill_rules);
  g_test_add_func ("/coverage/fill-across-the-edges", test_fill_across_the_edges);
  g_test_add_func ("/coverage/fill-scaled", test_fill_scaled);
  g_test_add_func ("/coverage/fill-clip-and-path", test_fill_clip_and_path);

  return g_test_run ();
}
