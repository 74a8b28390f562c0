/* diplo-map-places.h
 *
 * A selection's places and what the map makes of them: their points on the
 * Web-Mercator plane, their routes and their clusters at each zoom level.
 */

#pragma once

#include "diplo-clustering.h"
#include "diplo-event.h"
#include "diplo-place-grouping.h"

G_BEGIN_DECLS

/* The deepest zoom level with clusters of their own: past it, places this
 * close are the same spot. */
#define DIPLO_MAP_PLACES_MAX_LEVEL 20

typedef struct _DiploMapPlaces DiploMapPlaces;

DiploMapPlaces          *diplo_map_places_new                 (DiploPlaceGrouping *grouping,
                                                               guint               max_routes);
DiploMapPlaces          *diplo_map_places_ref                 (DiploMapPlaces     *self);
void                     diplo_map_places_unref               (DiploMapPlaces     *self);
DiploPlaceGrouping      *diplo_map_places_get_grouping        (DiploMapPlaces     *self);
const DiploClusterPoint *diplo_map_places_get_points          (DiploMapPlaces     *self);
const guint             *diplo_map_places_get_route_of_place  (DiploMapPlaces     *self);
GArray                  *diplo_map_places_get_route_ends      (DiploMapPlaces     *self);
DiploClustering         *diplo_map_places_get_clustering      (DiploMapPlaces     *self,
                                                               guint               level,
                                                               guint               tile_size);
gboolean                 diplo_map_places_event_is_journey    (DiploEvent         *event);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiploMapPlaces, diplo_map_places_unref)

G_END_DECLS
