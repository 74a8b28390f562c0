#define G_LOG_DOMAIN "diplo-mercator"

#include "config.h"

#include "diplo-mercator.h"

#include <math.h>

/**
 * diplo_mercator_project:
 * @latitude: degrees, clamped to what Web-Mercator can show
 * @longitude: degrees; values beyond ±180 give positions beyond the unit
 *   square, which is how unwrapped routes cross the antimeridian
 * @x: (out): normalised position, 0 at 180° W
 * @y: (out): normalised position, 0 at the northern edge
 */
void
diplo_mercator_project (double  latitude,
                        double  longitude,
                        double *x,
                        double *y)
{
  latitude = CLAMP (latitude, -DIPLO_MERCATOR_MAX_LATITUDE, DIPLO_MERCATOR_MAX_LATITUDE);

  *x = (longitude + 180.0) / 360.0;
  *y = diplo_mercator_sine_to_y (sin (latitude * G_PI / 180.0));
}

/**
 * diplo_mercator_sine_to_y:
 * @sin_latitude: the sine of a latitude, as a point on the unit sphere
 *   gives it directly
 *
 * Returns: the normalised position, 0 at the northern edge, of that
 *   latitude clamped to what Web-Mercator can show
 */
double
diplo_mercator_sine_to_y (double sin_latitude)
{
  /* The sine of the largest latitude, where the map ends: tanh (π). */
  const double max_sine = 0.99627207622075;

  sin_latitude = CLAMP (sin_latitude, -max_sine, max_sine);

  return 0.5 - log ((1.0 + sin_latitude) / (1.0 - sin_latitude)) / (4.0 * G_PI);
}

void
diplo_mercator_unproject (double  x,
                          double  y,
                          double *latitude,
                          double *longitude)
{
  *longitude = x * 360.0 - 180.0;
  *latitude = 90.0 - 360.0 * atan (exp ((y - 0.5) * 2.0 * G_PI)) / G_PI;
}

double
diplo_mercator_world_size (double zoom_level,
                           guint  tile_size)
{
  return tile_size * exp2 (zoom_level);
}

/**
 * diplo_mercator_fit_zoom:
 * @extent_x: width of a box, in normalised units
 * @extent_y: height of the box, in normalised units
 * @width: pixels available across
 * @height: pixels available down
 * @tile_size: the map source's tile size
 *
 * Returns: the (fractional) zoom level at which the box just fits, or
 *   infinity for a box without extent; callers clamp it to their range.
 */
double
diplo_mercator_fit_zoom (double extent_x,
                         double extent_y,
                         double width,
                         double height,
                         guint  tile_size)
{
  double scale = INFINITY;

  if (extent_x > 0.0)
    scale = MIN (scale, width / (extent_x * tile_size));
  if (extent_y > 0.0)
    scale = MIN (scale, height / (extent_y * tile_size));

  return isinf (scale) ? INFINITY : log2 (MAX (scale, 1e-9));
}
