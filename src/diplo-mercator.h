/* diplo-mercator.h
 *
 * Web-Mercator arithmetic shared by clustering, routes and fitting views.
 * Positions are normalised: the world is the unit square with (0, 0) at its
 * north-west corner, so a pixel position at a zoom level is the normalised
 * position times diplo_mercator_world_size().
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DIPLO_MERCATOR_MAX_LATITUDE 85.0511287798066

void   diplo_mercator_project    (double  latitude,
                                  double  longitude,
                                  double *x,
                                  double *y);
double diplo_mercator_sine_to_y  (double  sin_latitude);
void   diplo_mercator_unproject  (double  x,
                                  double  y,
                                  double *latitude,
                                  double *longitude);
double diplo_mercator_world_size (double  zoom_level,
                                  guint   tile_size);
double diplo_mercator_fit_zoom   (double  extent_x,
                                  double  extent_y,
                                  double  width,
                                  double  height,
                                  guint   tile_size);

G_END_DECLS
