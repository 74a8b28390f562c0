#pragma once

#include <gtk/gtk.h>
#include <shumate/shumate.h>

#include "diplo-place-grouping.h"

G_BEGIN_DECLS

#define DIPLO_TYPE_MAP_VIEW (diplo_map_view_get_type ())

G_DECLARE_FINAL_TYPE (DiploMapView, diplo_map_view, DIPLO, MAP_VIEW, GtkWidget)

/* However many places there are, the map keeps at most this many marker
 * widgets: only clusters in or near the viewport get one. */
#define DIPLO_MAP_VIEW_MAX_MARKERS 256

/* Journeys are drawn to at most this many destinations, the earliest
 * first: more arcs would only be a tangle. */
#define DIPLO_MAP_VIEW_MAX_ROUTES 256

/* Selecting an event zooms at least this close to its place: near enough
 * to tell the city, far enough to keep the country around it. */
#define DIPLO_MAP_VIEW_SELECTED_MIN_ZOOM 4.0

GtkWidget  *diplo_map_view_new           (void);
void        diplo_map_view_set_selection (DiploMapView       *self,
                                          GtkSingleSelection *selection);
void        diplo_map_view_draw_ahead    (DiploMapView       *self,
                                          GListModel         *events);
const char *diplo_map_view_get_map_layer (DiploMapView       *self);
void        diplo_map_view_set_map_layer (DiploMapView       *self,
                                          const char         *map_layer);
void        diplo_map_view_set_place_grouping (DiploMapView       *self,
                                               DiploPlaceGrouping *grouping);
ShumateMap *diplo_map_view_get_map       (DiploMapView       *self);
gboolean    diplo_map_view_get_online_tiles_failed (DiploMapView     *self);
char       *diplo_map_view_dup_attribution         (DiploMapView     *self);
void        diplo_map_view_set_online_source       (DiploMapView     *self,
                                                    ShumateMapSource *source);

G_END_DECLS
