#define G_LOG_DOMAIN "diplo-map-places"

#include "config.h"

#include "diplo-map-places.h"

#include "diplo-mercator.h"
#include "diplo-place.h"
#include "diplo-route.h"

/**
 * DiploMapPlaces:
 *
 * Everything the map view makes of a grouping of places, made once: the
 * map keeps it with the groupings drawn ahead and shown before, so that a
 * month shown again projects, routes and clusters nothing anew.
 */
struct _DiploMapPlaces
{
  gatomicrefcount     ref_count;
  DiploPlaceGrouping *grouping;
  DiploClusterPoint  *points;
  guint              *route_of_place;   /* or DIPLO_PLACE_NONE */
  GArray             *route_ends;       /* 4 doubles a route, in route order */
  guint               tile_size;        /* of the clusterings */
  DiploClustering    *clusterings[DIPLO_MAP_PLACES_MAX_LEVEL + 1];
};

/**
 * diplo_map_places_event_is_journey:
 *
 * Returns: whether @event is a journey abroad from the routes' origin, at
 *   a known place
 */
gboolean
diplo_map_places_event_is_journey (DiploEvent *event)
{
  DiploEventKind kind;
  const char *country;

  g_return_val_if_fail (DIPLO_IS_EVENT (event), FALSE);

  kind = diplo_event_get_kind (event);
  country = diplo_event_get_country (event);

  /* Country codes are upper case: the dataset checks them. */
  return (kind == DIPLO_EVENT_KIND_STATE_VISIT || kind == DIPLO_EVENT_KIND_SUMMIT) &&
         country != NULL && *country != '\0' &&
         !g_str_equal (country, DIPLO_ROUTE_ORIGIN_COUNTRY) &&
         diplo_event_get_location (event, NULL, NULL);
}

static gboolean
place_has_journey (DiploPlace *place)
{
  for (guint i = 0; i < diplo_place_get_n_events (place); i++)
    if (diplo_map_places_event_is_journey (diplo_place_get_event (place, i)))
      return TRUE;

  return FALSE;
}

/* A route from the origin to each place with a journey, the first
 * @max_routes of them. */
static void
diplo_map_places_find_routes (DiploMapPlaces *self,
                              GPtrArray      *places,
                              guint           max_routes)
{
  self->route_of_place = g_new (guint, MAX (places->len, 1));
  self->route_ends = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < places->len; i++)
    {
      DiploPlace *place = g_ptr_array_index (places, i);
      guint n_routes = self->route_ends->len / 4;
      double ends[4] = { DIPLO_ROUTE_ORIGIN_LATITUDE, DIPLO_ROUTE_ORIGIN_LONGITUDE,
                         diplo_place_get_latitude (place), diplo_place_get_longitude (place) };

      self->route_of_place[i] = DIPLO_PLACE_NONE;
      if (n_routes >= max_routes || !place_has_journey (place))
        continue;

      self->route_of_place[i] = n_routes;
      g_array_append_vals (self->route_ends, ends, G_N_ELEMENTS (ends));
    }
}

/**
 * diplo_map_places_new:
 * @grouping: the places
 * @max_routes: how many of them may have a route
 *
 * Returns: (transfer full): what the map makes of @grouping's places
 */
DiploMapPlaces *
diplo_map_places_new (DiploPlaceGrouping *grouping,
                      guint               max_routes)
{
  DiploMapPlaces *self;
  GPtrArray *places;

  g_return_val_if_fail (grouping != NULL, NULL);

  self = g_new0 (DiploMapPlaces, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->grouping = diplo_place_grouping_ref (grouping);

  places = diplo_place_grouping_get_places (grouping);
  self->points = g_new (DiploClusterPoint, MAX (places->len, 1));
  for (guint i = 0; i < places->len; i++)
    {
      DiploPlace *place = g_ptr_array_index (places, i);

      diplo_mercator_project (diplo_place_get_latitude (place), diplo_place_get_longitude (place),
                              &self->points[i].x, &self->points[i].y);
      self->points[i].weight = diplo_place_get_n_events (place);
    }

  diplo_map_places_find_routes (self, places, max_routes);

  return self;
}

DiploMapPlaces *
diplo_map_places_ref (DiploMapPlaces *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

static void
diplo_map_places_clear_clusterings (DiploMapPlaces *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->clusterings); i++)
    g_clear_pointer (&self->clusterings[i], diplo_clustering_unref);
}

void
diplo_map_places_unref (DiploMapPlaces *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  diplo_map_places_clear_clusterings (self);
  g_clear_pointer (&self->grouping, diplo_place_grouping_unref);
  g_clear_pointer (&self->points, g_free);
  g_clear_pointer (&self->route_of_place, g_free);
  g_clear_pointer (&self->route_ends, g_array_unref);
  g_free (self);
}

DiploPlaceGrouping *
diplo_map_places_get_grouping (DiploMapPlaces *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->grouping;
}

/**
 * diplo_map_places_get_points:
 *
 * Returns: (array): each place on the Web-Mercator plane, weighed by its
 *   number of events
 */
const DiploClusterPoint *
diplo_map_places_get_points (DiploMapPlaces *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->points;
}

/**
 * diplo_map_places_get_route_of_place:
 *
 * Returns: (array): for each place, the index of its route, or
 *   %DIPLO_PLACE_NONE
 */
const guint *
diplo_map_places_get_route_of_place (DiploMapPlaces *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->route_of_place;
}

/**
 * diplo_map_places_get_route_ends:
 *
 * Returns: (transfer none) (element-type double): the routes' ends, four
 *   doubles a route: the origin's latitude and longitude, then the place's
 */
GArray *
diplo_map_places_get_route_ends (DiploMapPlaces *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->route_ends;
}

/**
 * diplo_map_places_get_clustering:
 * @level: a whole zoom level
 * @tile_size: the map's tile size, in pixels
 *
 * Returns: (transfer none): the places' clusters at @level, made the first
 *   time they are asked for
 */
DiploClustering *
diplo_map_places_get_clustering (DiploMapPlaces *self,
                                 guint           level,
                                 guint           tile_size)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (level <= DIPLO_MAP_PLACES_MAX_LEVEL, NULL);

  if (tile_size != self->tile_size)
    {
      diplo_map_places_clear_clusterings (self);
      self->tile_size = tile_size;
    }

  if (self->clusterings[level] == NULL)
    self->clusterings[level] =
      diplo_clustering_new (self->points, diplo_place_grouping_get_places (self->grouping)->len,
                            level, tile_size, DIPLO_CLUSTER_RADIUS);

  return self->clusterings[level];
}
