#include "config.h"

#include <math.h>

#include "diplo-mercator.h"
#include "diplo-route.h"

typedef struct
{
  double x;
  double y;
  double z;
} Unit;

static Unit
unit_from_degrees (double latitude,
                   double longitude)
{
  double phi = latitude * G_PI / 180.0;
  double lambda = longitude * G_PI / 180.0;

  return (Unit) { cos (phi) * cos (lambda), cos (phi) * sin (lambda), sin (phi) };
}

static Unit
unit_cross (Unit a,
            Unit b)
{
  Unit n = { a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x };
  double length = sqrt (n.x * n.x + n.y * n.y + n.z * n.z);

  return (Unit) { n.x / length, n.y / length, n.z / length };
}

static double
unit_dot (Unit a,
          Unit b)
{
  return a.x * b.x + a.y * b.y + a.z * b.z;
}

static void
test_route_endpoints_exact (void)
{
  g_autofree DiploGeoPoint *points = NULL;

  points = diplo_route_great_circle (DIPLO_ROUTE_ORIGIN_LATITUDE, DIPLO_ROUTE_ORIGIN_LONGITUDE,
                                     55.7520, 37.6175, DIPLO_ROUTE_N_POINTS);

  g_assert_cmpfloat (points[0].latitude, ==, DIPLO_ROUTE_ORIGIN_LATITUDE);
  g_assert_cmpfloat (points[0].longitude, ==, DIPLO_ROUTE_ORIGIN_LONGITUDE);
  g_assert_cmpfloat (points[DIPLO_ROUTE_N_POINTS - 1].latitude, ==, 55.7520);
  g_assert_cmpfloat (points[DIPLO_ROUTE_N_POINTS - 1].longitude, ==, 37.6175);
}

static void
test_route_on_great_circle (void)
{
  g_autofree DiploGeoPoint *points = NULL;
  Unit from = unit_from_degrees (DIPLO_ROUTE_ORIGIN_LATITUDE, DIPLO_ROUTE_ORIGIN_LONGITUDE);
  Unit to = unit_from_degrees (-33.9249, 18.4241);
  Unit normal = unit_cross (from, to);
  double total = acos (unit_dot (from, to));
  double previous = 0.0;

  points = diplo_route_great_circle (DIPLO_ROUTE_ORIGIN_LATITUDE, DIPLO_ROUTE_ORIGIN_LONGITUDE,
                                     -33.9249, 18.4241, DIPLO_ROUTE_N_POINTS);

  for (guint i = 1; i + 1 < DIPLO_ROUTE_N_POINTS; i++)
    {
      Unit p = unit_from_degrees (points[i].latitude, points[i].longitude);
      double travelled = acos (unit_dot (from, p));

      /* On the plane of the great circle… */
      g_assert_cmpfloat_with_epsilon (unit_dot (p, normal), 0.0, 1e-9);
      /* …between the ends, evenly spaced, so the shorter way round. */
      g_assert_cmpfloat (travelled, >, previous);
      g_assert_cmpfloat_with_epsilon (travelled, total * i / (DIPLO_ROUTE_N_POINTS - 1), 1e-9);
      previous = travelled;
    }
}

static void
test_route_midpoint_bulges_poleward (void)
{
  g_autofree DiploGeoPoint *points = NULL;

  /* Two places on one parallel: the great circle runs north of it. */
  points = diplo_route_great_circle (40.0, -74.0, 40.0, 116.0, 3);

  g_assert_cmpfloat (points[1].latitude, >, 80.0);
}

static void
test_route_antimeridian_unwrapped (void)
{
  g_autofree DiploGeoPoint *points = NULL;
  const double sf_latitude = 37.7749;
  const double sf_longitude = -122.4194;

  points = diplo_route_great_circle (DIPLO_ROUTE_ORIGIN_LATITUDE, DIPLO_ROUTE_ORIGIN_LONGITUDE,
                                     sf_latitude, sf_longitude, DIPLO_ROUTE_N_POINTS);

  /* Eastwards over the Pacific: past 180° rather than back across Asia. */
  for (guint i = 1; i < DIPLO_ROUTE_N_POINTS; i++)
    {
      g_assert_cmpfloat (points[i].longitude, >, points[i - 1].longitude);
      g_assert_cmpfloat (points[i].longitude - points[i - 1].longitude, <, 10.0);
    }

  g_assert_cmpfloat (points[DIPLO_ROUTE_N_POINTS - 1].latitude, ==, sf_latitude);
  g_assert_cmpfloat_with_epsilon (points[DIPLO_ROUTE_N_POINTS - 1].longitude,
                                  sf_longitude + 360.0, 1e-12);
}

static void
test_route_unwrap_westwards (void)
{
  DiploGeoPoint points[] = {
    { 0.0, -170.0 }, { 0.0, 175.0 }, { 0.0, 160.0 }, { 0.0, -175.0 },
  };

  diplo_route_unwrap_longitudes (points, G_N_ELEMENTS (points));

  g_assert_cmpfloat (points[0].longitude, ==, -170.0);
  g_assert_cmpfloat (points[1].longitude, ==, -185.0);
  g_assert_cmpfloat (points[2].longitude, ==, -200.0);
  g_assert_cmpfloat (points[3].longitude, ==, -175.0);
}

static void
test_route_degenerate (void)
{
  g_autofree DiploGeoPoint *same = NULL;
  g_autofree DiploGeoPoint *antipodes = NULL;

  same = diplo_route_great_circle (10.0, 20.0, 10.0, 20.0, 8);
  for (guint i = 0; i < 8; i++)
    {
      g_assert_cmpfloat_with_epsilon (same[i].latitude, 10.0, 1e-9);
      g_assert_cmpfloat_with_epsilon (same[i].longitude, 20.0, 1e-9);
    }

  antipodes = diplo_route_great_circle (0.0, 0.0, 0.0, 180.0, 9);
  for (guint i = 0; i < 9; i++)
    {
      g_assert_false (isnan (antipodes[i].latitude));
      g_assert_false (isnan (antipodes[i].longitude));
    }
  g_assert_cmpfloat_with_epsilon (fabs (antipodes[4].latitude), 90.0, 1e-6);
}

/* Projected, the arc is the same points as the arc of latitudes and
 * longitudes projected one by one: across the antimeridian, between
 * antipodes, near a pole and from a place to itself. */
static void
test_route_projected_matches (void)
{
  static const double ends[][4] = {
    { DIPLO_ROUTE_ORIGIN_LATITUDE, DIPLO_ROUTE_ORIGIN_LONGITUDE, 55.7520, 37.6175 },
    { DIPLO_ROUTE_ORIGIN_LATITUDE, DIPLO_ROUTE_ORIGIN_LONGITUDE, 37.3894, -122.0819 },
    { 35.6762, 139.6503, -33.8688, 151.2093 },
    { 40.0, -74.0, 40.0, 116.0 },
    { 0.0, 0.0, 0.0, 180.0 },
    { 78.2232, 15.6267, 71.2906, -156.7886 },
    { 10.0, 20.0, 10.0, 20.0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (ends); i++)
    {
      g_autofree DiploGeoPoint *points = diplo_route_great_circle (ends[i][0], ends[i][1],
                                                                   ends[i][2], ends[i][3],
                                                                   DIPLO_ROUTE_N_POINTS);
      double x[DIPLO_ROUTE_N_POINTS];
      double y[DIPLO_ROUTE_N_POINTS];

      diplo_route_project_great_circle (ends[i][0], ends[i][1], ends[i][2], ends[i][3],
                                        DIPLO_ROUTE_N_POINTS, x, y);
      for (guint p = 0; p < DIPLO_ROUTE_N_POINTS; p++)
        {
          double expected_x, expected_y;

          diplo_mercator_project (points[p].latitude, points[p].longitude, &expected_x, &expected_y);
          g_assert_cmpfloat_with_epsilon (x[p], expected_x, 1e-12);
          g_assert_cmpfloat_with_epsilon (y[p], expected_y, 1e-12);
        }
    }
}

/* The distance from a point to a segment, all in pixels. */
static double
distance_to_segment (double px,
                     double py,
                     double ax,
                     double ay,
                     double bx,
                     double by)
{
  double dx = bx - ax, dy = by - ay;
  double length_2 = dx * dx + dy * dy;
  double t = length_2 > 0 ? CLAMP (((px - ax) * dx + (py - ay) * dy) / length_2, 0, 1) : 0;

  return hypot (px - ax - t * dx, py - ay - t * dy);
}

/* Dropping points keeps the ends, and every point dropped within the
 * tolerance of the line through those kept; far out, an arc needs few
 * points, close in, more. */
static void
test_route_needed_points (void)
{
  double x[DIPLO_ROUTE_N_POINTS];
  double y[DIPLO_ROUTE_N_POINTS];
  gboolean needed[DIPLO_ROUTE_N_POINTS];
  guint n_far, n_close;

  diplo_route_project_great_circle (DIPLO_ROUTE_ORIGIN_LATITUDE, DIPLO_ROUTE_ORIGIN_LONGITUDE,
                                    37.3894, -122.0819, DIPLO_ROUTE_N_POINTS, x, y);

  n_close = diplo_route_mark_needed_points (x, y, DIPLO_ROUTE_N_POINTS, 256 << 12, 0.2, needed);
  n_far = diplo_route_mark_needed_points (x, y, DIPLO_ROUTE_N_POINTS, 512, 0.2, needed);
  g_test_message ("%u points needed far out, %u close in", n_far, n_close);
  g_assert_cmpuint (n_far, <, DIPLO_ROUTE_N_POINTS / 2);
  g_assert_cmpuint (n_close, >, n_far);
  g_assert_true (needed[0] && needed[DIPLO_ROUTE_N_POINTS - 1]);

  for (guint kept = 0, next = 1; next < DIPLO_ROUTE_N_POINTS; next++)
    {
      if (!needed[next])
        continue;
      for (guint j = kept + 1; j < next; j++)
        g_assert_cmpfloat (distance_to_segment (x[j] * 512, y[j] * 512, x[kept] * 512, y[kept] * 512,
                                                x[next] * 512, y[next] * 512), <=, 0.2);
      kept = next;
    }

  /* A straight line needs its ends alone; a point, itself. */
  for (guint i = 0; i < 5; i++)
    {
      x[i] = 0.1 * i;
      y[i] = 0.05 * i;
    }
  g_assert_cmpuint (diplo_route_mark_needed_points (x, y, 5, 1000, 0.2, needed), ==, 2);
  g_assert_cmpuint (diplo_route_mark_needed_points (x, y, 1, 1000, 0.2, needed), ==, 1);
}

/* The pixels of a row of an image that a stroke covers. */
static guint
count_covered (cairo_surface_t *surface,
               int              row)
{
  const guchar *pixels = cairo_image_surface_get_data (surface) +
                         row * cairo_image_surface_get_stride (surface);
  guint n = 0;

  for (int x = 0; x < cairo_image_surface_get_width (surface); x++)
    n += pixels[x] > 0;

  return n;
}

/* A route over the pole leaves the map at its top edge and comes back
 * further on, rather than running along the edge. */
static void
test_route_path_leaves_the_map (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_A8, 512, 512);
  cairo_t *cr = cairo_create (surface);
  double x[DIPLO_ROUTE_N_POINTS];
  double y[DIPLO_ROUTE_N_POINTS];
  guint on_top_edge = 0;

  /* Svalbard to Utqiagvik, over the pole. */
  diplo_route_project_great_circle (78.2232, 15.6267, 71.2906, -156.7886,
                                    DIPLO_ROUTE_N_POINTS, x, y);
  for (guint i = 0; i < DIPLO_ROUTE_N_POINTS; i++)
    on_top_edge += y[i] == diplo_mercator_sine_to_y (1);
  g_assert_cmpuint (on_top_edge, >=, 2);

  diplo_route_append_path (cr, x, y, DIPLO_ROUTE_N_POINTS, 512, 0);
  cairo_set_line_width (cr, 2);
  cairo_stroke (cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  /* Only where it meets the edge, twice, each a line's width. */
  g_assert_cmpuint (count_covered (surface, 0), <=, 8);
  g_assert_cmpuint (count_covered (surface, 20), >=, 2);
  cairo_surface_destroy (surface);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/route/endpoints-exact", test_route_endpoints_exact);
  g_test_add_func ("/route/on-great-circle", test_route_on_great_circle);
  g_test_add_func ("/route/midpoint-bulges-poleward", test_route_midpoint_bulges_poleward);
  g_test_add_func ("/route/antimeridian-unwrapped", test_route_antimeridian_unwrapped);
  g_test_add_func ("/route/unwrap-westwards", test_route_unwrap_westwards);
  g_test_add_func ("/route/degenerate", test_route_degenerate);
  g_test_add_func ("/route/projected-matches", test_route_projected_matches);
  g_test_add_func ("/route/needed-points", test_route_needed_points);
  g_test_add_func ("/route/path-leaves-the-map", test_route_path_leaves_the_map);

  return g_test_run ();
}
