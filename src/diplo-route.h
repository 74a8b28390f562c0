/* diplo-route.h
 *
 * Journeys drawn as great-circle arcs.
 */

#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* Where journeys abroad start from. */
#define DIPLO_ROUTE_ORIGIN_LATITUDE   39.9042
#define DIPLO_ROUTE_ORIGIN_LONGITUDE 116.4074
#define DIPLO_ROUTE_ORIGIN_COUNTRY   "CN"

/* Enough points for an intercontinental arc to look curved. */
#define DIPLO_ROUTE_N_POINTS 64

typedef struct
{
  double latitude;
  double longitude;
} DiploGeoPoint;

DiploGeoPoint *diplo_route_great_circle      (double         from_latitude,
                                              double         from_longitude,
                                              double         to_latitude,
                                              double         to_longitude,
                                              guint          n_points);
void           diplo_route_unwrap_longitudes (DiploGeoPoint *points,
                                              guint          n_points);
void           diplo_route_project_great_circle (double  from_latitude,
                                                 double  from_longitude,
                                                 double  to_latitude,
                                                 double  to_longitude,
                                                 guint   n_points,
                                                 double *x,
                                                 double *y);
guint          diplo_route_mark_needed_points (const double *x,
                                               const double *y,
                                               guint         n_points,
                                               double        scale,
                                               double        tolerance,
                                               gboolean     *needed);
void           diplo_route_append_path (cairo_t      *cr,
                                        const double *x,
                                        const double *y,
                                        guint         n_points,
                                        double        world_size,
                                        double        x_offset);

G_END_DECLS
