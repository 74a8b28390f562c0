#define G_LOG_DOMAIN "diplo-route"

#include "config.h"

#include "diplo-route.h"

#include <math.h>

#include "diplo-mercator.h"

typedef struct
{
  double x;
  double y;
  double z;
} Vector;

static Vector
vector_from_degrees (double latitude,
                     double longitude)
{
  double phi = latitude * G_PI / 180.0;
  double lambda = longitude * G_PI / 180.0;

  return (Vector) { cos (phi) * cos (lambda), cos (phi) * sin (lambda), sin (phi) };
}

static DiploGeoPoint
vector_to_degrees (Vector v)
{
  return (DiploGeoPoint) {
    .latitude = atan2 (v.z, hypot (v.x, v.y)) * 180.0 / G_PI,
    .longitude = atan2 (v.y, v.x) * 180.0 / G_PI,
  };
}

static Vector
vector_cross (Vector a,
              Vector b)
{
  return (Vector) { a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x };
}

static double
vector_dot (Vector a,
            Vector b)
{
  return a.x * b.x + a.y * b.y + a.z * b.z;
}

static double
vector_length (Vector v)
{
  return sqrt (vector_dot (v, v));
}

/* Antipodes lie on infinitely many great circles: go over the pole nearer
 * to the start, which is at least a great circle. */
static Vector
antipodal_waypoint (Vector a)
{
  Vector pole = { 0.0, 0.0, a.z >= 0.0 ? 1.0 : -1.0 };
  Vector axis = vector_cross (a, pole);

  if (vector_length (axis) < 1e-12)
    axis = (Vector) { 0.0, 1.0, 0.0 };

  return vector_cross (axis, a);
}

/* A great-circle arc, with what every point of it needs worked out once:
 * the trigonometry was most of a month change's routes. */
typedef struct
{
  Vector a;
  Vector b;
  Vector middle;    /* the waypoint between antipodes */
  double omega;     /* the angle from a to b */
  double sin_omega;
  gboolean antipodal;
} Arc;

static Arc
arc_new (Vector a,
         Vector b)
{
  Arc arc = { .a = a, .b = b };

  arc.omega = atan2 (vector_length (vector_cross (a, b)), vector_dot (a, b));
  arc.antipodal = G_PI - arc.omega < 1e-9;
  if (arc.antipodal)
    {
      arc.middle = antipodal_waypoint (a);
      arc.omega = G_PI / 2.0;
    }
  arc.sin_omega = sin (arc.omega);

  return arc;
}

static Vector
slerp (const Arc *arc,
       Vector     a,
       Vector     b,
       double     t)
{
  double wa = sin ((1.0 - t) * arc->omega) / arc->sin_omega;
  double wb = sin (t * arc->omega) / arc->sin_omega;

  return (Vector) { wa * a.x + wb * b.x, wa * a.y + wb * b.y, wa * a.z + wb * b.z };
}

static Vector
arc_point (const Arc *arc,
           double     t)
{
  if (arc->omega < 1e-12)
    return arc->a;

  if (arc->antipodal)
    return t < 0.5 ? slerp (arc, arc->a, arc->middle, 2.0 * t)
                   : slerp (arc, arc->middle, arc->b, 2.0 * t - 1.0);

  return slerp (arc, arc->a, arc->b, t);
}

/* @longitude shifted by whole turns to be at most half a turn from
 * @previous. */
static double
unwrap_after (double previous,
              double longitude)
{
  return longitude - 360.0 * round ((longitude - previous) / 360.0);
}

/**
 * diplo_route_unwrap_longitudes:
 * @points: (array length=n_points): a path
 * @n_points: its length
 *
 * Shifts longitudes by whole turns so that no step is longer than half a
 * turn: a path over the Pacific then runs past 180° instead of jumping back
 * across the whole map.
 */
void
diplo_route_unwrap_longitudes (DiploGeoPoint *points,
                               guint          n_points)
{
  g_return_if_fail (points != NULL || n_points == 0);

  for (guint i = 1; i < n_points; i++)
    points[i].longitude = unwrap_after (points[i - 1].longitude, points[i].longitude);
}

/**
 * diplo_route_great_circle:
 * @from_latitude: start, degrees
 * @from_longitude: start, degrees
 * @to_latitude: end, degrees
 * @to_longitude: end, degrees
 * @n_points: how many points, at least 2
 *
 * Interpolates the shortest great-circle arc by spherical linear
 * interpolation. The first point is the start as given; the last is the end
 * as given, its longitude shifted by whole turns to continue the unwrapped
 * path.
 *
 * Returns: (transfer full) (array length=n_points): the points, free with
 *   g_free()
 */
DiploGeoPoint *
diplo_route_great_circle (double from_latitude,
                          double from_longitude,
                          double to_latitude,
                          double to_longitude,
                          guint  n_points)
{
  Arc arc = arc_new (vector_from_degrees (from_latitude, from_longitude),
                     vector_from_degrees (to_latitude, to_longitude));
  DiploGeoPoint *points;

  g_return_val_if_fail (n_points >= 2, NULL);

  points = g_new (DiploGeoPoint, n_points);
  points[0] = (DiploGeoPoint) { from_latitude, from_longitude };

  for (guint i = 1; i + 1 < n_points; i++)
    points[i] = vector_to_degrees (arc_point (&arc, (double) i / (n_points - 1)));

  points[n_points - 1] = (DiploGeoPoint) { to_latitude, to_longitude };
  diplo_route_unwrap_longitudes (points, n_points);

  return points;
}

/**
 * diplo_route_project_great_circle:
 * @n_points: how many points, at least 2
 * @x: (out caller-allocates) (array length=n_points): their normalised
 *   Web-Mercator x, longitudes unwrapped
 * @y: (out caller-allocates) (array length=n_points): their normalised
 *   Web-Mercator y
 *
 * The points of diplo_route_great_circle(), projected, with less
 * trigonometry for each: the longitude and the sine of the latitude are
 * all the projection needs of a point on the sphere, and a month change
 * draws hundreds of arcs.
 */
void
diplo_route_project_great_circle (double  from_latitude,
                                  double  from_longitude,
                                  double  to_latitude,
                                  double  to_longitude,
                                  guint   n_points,
                                  double *x,
                                  double *y)
{
  Arc arc = arc_new (vector_from_degrees (from_latitude, from_longitude),
                     vector_from_degrees (to_latitude, to_longitude));
  double longitude = from_longitude;

  g_return_if_fail (n_points >= 2);
  g_return_if_fail (x != NULL && y != NULL);

  diplo_mercator_project (from_latitude, from_longitude, &x[0], &y[0]);
  for (guint i = 1; i + 1 < n_points; i++)
    {
      Vector v = arc_point (&arc, (double) i / (n_points - 1));

      longitude = unwrap_after (longitude, atan2 (v.y, v.x) * 180.0 / G_PI);
      x[i] = (longitude + 180.0) / 360.0;
      y[i] = diplo_mercator_sine_to_y (v.z);
    }

  longitude = unwrap_after (longitude, to_longitude);
  diplo_mercator_project (to_latitude, longitude, &x[n_points - 1], &y[n_points - 1]);
}

/* The point between @first and @last furthest from the line joining them,
 * as Douglas and Peucker do: if it is too far, it is needed, and then
 * those on each side of it are looked at alike. */
static guint
mark_between (const double *x,
              const double *y,
              guint         first,
              guint         last,
              double        scale,
              double        tolerance,
              gboolean     *needed)
{
  double dx = (x[last] - x[first]) * scale;
  double dy = (y[last] - y[first]) * scale;
  double length = hypot (dx, dy);
  double furthest_distance = 0;
  guint furthest = first;

  for (guint i = first + 1; i < last; i++)
    {
      double px = (x[i] - x[first]) * scale;
      double py = (y[i] - y[first]) * scale;
      double distance = length > 0 ? fabs (px * dy - py * dx) / length : hypot (px, py);

      if (distance > furthest_distance)
        {
          furthest_distance = distance;
          furthest = i;
        }
    }

  if (furthest_distance <= tolerance)
    return 0;

  needed[furthest] = TRUE;

  return 1 + mark_between (x, y, first, furthest, scale, tolerance, needed) +
         mark_between (x, y, furthest, last, scale, tolerance, needed);
}

/**
 * diplo_route_mark_needed_points:
 * @x: (array length=n_points): the points, in any unit
 * @y: (array length=n_points):
 * @scale: pixels per unit
 * @tolerance: in pixels
 * @needed: (out caller-allocates) (array length=n_points): whether each
 *   point is needed
 *
 * Finds the points a line drawn at @scale needs so as to stray no more
 * than @tolerance from the line through all of them. The ends are always
 * needed.
 *
 * Returns: the number of points needed
 */
guint
diplo_route_mark_needed_points (const double *x,
                                const double *y,
                                guint         n_points,
                                double        scale,
                                double        tolerance,
                                gboolean     *needed)
{
  g_return_val_if_fail (n_points == 0 || (x != NULL && y != NULL && needed != NULL), 0);

  if (n_points == 0)
    return 0;

  for (guint i = 0; i < n_points; i++)
    needed[i] = i == 0 || i == n_points - 1;
  if (n_points < 3)
    return n_points;

  return 2 + mark_between (x, y, 0, n_points - 1, scale, tolerance, needed);
}

/* How far from its line a route may stray, in pixels, once the points
 * that make no visible difference are dropped: a route's points are
 * enough for a close zoom, and far out, most of them would only add
 * pieces to stroke. */
#define SIMPLIFY_TOLERANCE 0.2

/**
 * diplo_route_append_path:
 * @cr: a cairo context, in pixels of a world @world_size wide
 * @x: (array length=n_points): the route's points, normalised
 * @y: (array length=n_points):
 * @x_offset: pixels added to each point's x, for a copy of the world
 *
 * Appends a route through the points its size needs (see
 * diplo_route_mark_needed_points()). Where it runs beyond the top or the
 * bottom of the map, over a pole, Web-Mercator cannot show it: the path
 * leaves a gap there rather than running along the edge.
 */
void
diplo_route_append_path (cairo_t      *cr,
                         const double *x,
                         const double *y,
                         guint         n_points,
                         double        world_size,
                         double        x_offset)
{
  const double top = diplo_mercator_sine_to_y (1);
  const double bottom = diplo_mercator_sine_to_y (-1);
  gboolean *needed;
  guint last = 0;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (n_points == 0 || (x != NULL && y != NULL));

  if (n_points == 0)
    return;

  needed = g_newa (gboolean, n_points);
  diplo_route_mark_needed_points (x, y, n_points, world_size, SIMPLIFY_TOLERANCE, needed);

  cairo_move_to (cr, x[0] * world_size + x_offset, y[0] * world_size);
  for (guint i = 1; i < n_points; i++)
    {
      double px = x[i] * world_size + x_offset;
      double py = y[i] * world_size;

      if (!needed[i])
        continue;

      if (y[i] == y[last] && (y[i] == top || y[i] == bottom))
        cairo_move_to (cr, px, py);
      else
        cairo_line_to (cr, px, py);
      last = i;
    }
}
