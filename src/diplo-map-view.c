#define G_LOG_DOMAIN "diplo-map-view"

#include "config.h"

#include "diplo-map-view.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "diplo-clustering.h"
#include "diplo-country-layer.h"
#include "diplo-event.h"
#include "diplo-map-marker.h"
#include "diplo-map-places.h"
#include "diplo-marker-layer.h"
#include "diplo-mercator.h"
#include "diplo-offline-source.h"
#include "diplo-online-source.h"
#include "diplo-place.h"
#include "diplo-place-grouping.h"
#include "diplo-route.h"
#include "diplo-route-layer.h"
#include "diplo-utils.h"

/* Clusterings are made for whole zoom levels up to this one. */
/* The next and the previous month's and the one pointed at in the month
 * menu, drawn ahead, and the one shown before. */
#define MAX_KEPT_PLACES 4

/**
 * DiploMapView:
 *
 * The map half of the window: one view of the shared selection. It draws
 * the places of the selection's events as markers (clustered when they
 * crowd), the journeys abroad as arcs, and follows the selected event; a
 * chosen marker writes the selection. It never talks to the timeline.
 */
struct _DiploMapView
{
  GtkWidget            parent_instance;

  GtkSingleSelection  *selection;
  GListModel          *filter_model;
  GSettings           *settings;
  char                *map_layer;

  /* Places grouped in advance for the model behind the filter. */
  DiploPlaceGrouping  *place_grouping;
  /* The map's places for the grouping above, made once. */
  DiploMapPlaces      *dataset_places;
  /* Selections' places drawn ahead or shown before, the latest last,
   * which a selection holding the same events takes again. */
  GPtrArray           *kept_places;

  /* Rebuilt whenever the selection's items change. */
  DiploMapPlaces      *map_places;            /* the selection's places */
  GPtrArray           *places;                /* theirs */
  const DiploClusterPoint *points;            /* theirs */
  const guint         *place_of_position;     /* theirs */
  guint                n_positions;
  guint                selected_place;

  /* The marker pool and the clustering its markers currently show. */
  GPtrArray           *markers;
  DiploClustering     *shown;
  GArray              *found;

  gboolean             needs_fit;
  guint                refresh_tick;
  int                  last_width;
  int                  last_height;
  DiploPlace          *popover_place;

  /* Template widgets */
  GtkOverlay          *overlay;
  ShumateMap          *map;
  ShumateScale        *scale;
  ShumateLicense      *license;
  GtkPopover          *events_popover;
  GtkListBox          *events_list;

  /* Layers, bottom to top */
  ShumateMapSource    *basemap_source;
  ShumateMapLayer     *basemap_layer;
  DiploBasemap        *basemap;   /* what the basemap source draws */
  DiploCountryLayer   *country_layer;
  DiploOnlineSource   *osm_source;
  ShumateMapLayer     *osm_layer;
  DiploRouteLayer     *route_layer;
  DiploMarkerLayer    *marker_layer;
};

G_DEFINE_FINAL_TYPE (DiploMapView, diplo_map_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SELECTION,
  PROP_MAP_LAYER,
  PROP_ONLINE_TILES_FAILED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Padding kept around places when fitting them into view, in pixels. */
#define FIT_PADDING 64.0

/* Fitting never zooms closer than this: the offline map has little detail
 * beyond, and a lone place is better seen with its surroundings. */
#define FIT_MAX_ZOOM 8.0


/* An arrow key pans by this fraction of the view. */
#define PAN_FRACTION 0.25

#define MAP_LAYER_OFFLINE "offline"
#define MAP_LAYER_OPENSTREETMAP "openstreetmap"

GtkWidget *
diplo_map_view_new (void)
{
  return g_object_new (DIPLO_TYPE_MAP_VIEW, NULL);
}

/**
 * diplo_map_view_get_map:
 *
 * Returns: (transfer none): the map widget, for its viewport and settings
 */
ShumateMap *
diplo_map_view_get_map (DiploMapView *self)
{
  g_return_val_if_fail (DIPLO_IS_MAP_VIEW (self), NULL);

  return self->map;
}

static ShumateViewport *
diplo_map_view_get_viewport (DiploMapView *self)
{
  g_assert (DIPLO_IS_MAP_VIEW (self));

  return shumate_map_get_viewport (self->map);
}

static guint
diplo_map_view_get_tile_size (DiploMapView *self)
{
  g_assert (DIPLO_IS_MAP_VIEW (self));

  return shumate_map_source_get_tile_size (self->basemap_source);
}

static gboolean
diplo_map_view_get_animations_enabled (DiploMapView *self)
{
  gboolean enabled = TRUE;

  g_assert (DIPLO_IS_MAP_VIEW (self));

  g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)),
                "gtk-enable-animations", &enabled,
                NULL);

  /* Without a frame clock an animation would never advance. */
  return enabled && gtk_widget_get_mapped (GTK_WIDGET (self));
}

static void
diplo_map_view_move_to (DiploMapView *self,
                        double        latitude,
                        double        longitude,
                        double        zoom_level,
                        gboolean      animate)
{
  g_assert (DIPLO_IS_MAP_VIEW (self));

  self->needs_fit = FALSE;

  if (animate && diplo_map_view_get_animations_enabled (self))
    {
      shumate_map_go_to_full (self->map, latitude, longitude, zoom_level);
      return;
    }

  shumate_map_stop_go_to (self->map);
  shumate_viewport_set_zoom_level (diplo_map_view_get_viewport (self), zoom_level);
  shumate_map_center_on (self->map, latitude, longitude);
}

static gboolean
diplo_map_view_get_map_size (DiploMapView *self,
                             double       *width,
                             double       *height)
{
  g_assert (DIPLO_IS_MAP_VIEW (self));

  *width = gtk_widget_get_width (GTK_WIDGET (self->map));
  *height = gtk_widget_get_height (GTK_WIDGET (self->map));

  return *width > 0 && *height > 0;
}

/* Shows a box of normalised Web-Mercator coordinates whole, at a zoom
 * level between @min_zoom and @max_zoom. */
static void
diplo_map_view_fit_box (DiploMapView *self,
                        double        min_x,
                        double        min_y,
                        double        max_x,
                        double        max_y,
                        double        min_zoom,
                        double        max_zoom,
                        gboolean      animate)
{
  ShumateViewport *viewport = diplo_map_view_get_viewport (self);
  double width, height, zoom, latitude, longitude;

  g_assert (DIPLO_IS_MAP_VIEW (self));

  if (!diplo_map_view_get_map_size (self, &width, &height))
    return;

  zoom = diplo_mercator_fit_zoom (max_x - min_x, max_y - min_y,
                                  MAX (width - 2 * FIT_PADDING, width / 2),
                                  MAX (height - 2 * FIT_PADDING, height / 2),
                                  diplo_map_view_get_tile_size (self));
  zoom = CLAMP (zoom, min_zoom, max_zoom);
  zoom = CLAMP (zoom,
                shumate_viewport_get_min_zoom_level (viewport),
                shumate_viewport_get_max_zoom_level (viewport));

  diplo_mercator_unproject ((min_x + max_x) / 2, (min_y + max_y) / 2, &latitude, &longitude);
  diplo_map_view_move_to (self, latitude, longitude, zoom, animate);
}

/* Shows all the places of the selection's events. Before the map has a
 * size this is remembered and done once it has one. */
static void
diplo_map_view_fit_places (DiploMapView *self,
                           gboolean      animate)
{
  double min_x = INFINITY, min_y = INFINITY, max_x = -INFINITY, max_y = -INFINITY;
  double width, height;

  g_assert (DIPLO_IS_MAP_VIEW (self));

  if (self->places == NULL || self->places->len == 0 ||
      !diplo_map_view_get_map_size (self, &width, &height))
    {
      self->needs_fit = TRUE;
      return;
    }

  for (guint i = 0; i < self->places->len; i++)
    {
      min_x = MIN (min_x, self->points[i].x);
      min_y = MIN (min_y, self->points[i].y);
      max_x = MAX (max_x, self->points[i].x);
      max_y = MAX (max_y, self->points[i].y);
    }

  diplo_map_view_fit_box (self, min_x, min_y, max_x, max_y, 0.0, FIT_MAX_ZOOM, animate);
}

static DiploClustering *
diplo_map_view_get_clustering (DiploMapView *self,
                               guint         level)
{
  g_assert (DIPLO_IS_MAP_VIEW (self));

  return diplo_map_places_get_clustering (self->map_places, level,
                                          diplo_map_view_get_tile_size (self));
}

/* The part of the world the markers are wanted for, normalised: the view
 * and a margin of one cluster radius, so that markers are ready before
 * they slide in. */
static gboolean
diplo_map_view_get_marker_box (DiploMapView *self,
                               double       *min_x,
                               double       *min_y,
                               double       *max_x,
                               double       *max_y)
{
  ShumateViewport *viewport = diplo_map_view_get_viewport (self);
  double width, height, world_size, centre_x, centre_y, half_width, half_height;

  g_assert (DIPLO_IS_MAP_VIEW (self));

  if (!diplo_map_view_get_map_size (self, &width, &height))
    return FALSE;

  world_size = diplo_mercator_world_size (shumate_viewport_get_zoom_level (viewport),
                                          diplo_map_view_get_tile_size (self));
  diplo_mercator_project (shumate_location_get_latitude (SHUMATE_LOCATION (viewport)),
                          shumate_location_get_longitude (SHUMATE_LOCATION (viewport)),
                          &centre_x, &centre_y);

  half_width = width / 2;
  half_height = height / 2;
  if (shumate_viewport_get_rotation (viewport) != 0.0)
    half_width = half_height = hypot (width, height) / 2;

  half_width = (half_width + DIPLO_CLUSTER_RADIUS) / world_size;
  half_height = (half_height + DIPLO_CLUSTER_RADIUS) / world_size;

  *min_x = centre_x - half_width;
  *max_x = centre_x + half_width;
  *min_y = centre_y - half_height;
  *max_y = centre_y + half_height;

  return TRUE;
}

static void
diplo_map_view_highlight_markers (DiploMapView *self)
{
  guint selected_cluster = DIPLO_MAP_MARKER_UNUSED;

  g_assert (DIPLO_IS_MAP_VIEW (self));

  /* Between a regrouping and the markers' update, they still show the old
   * places: the update highlights them. */
  if (self->shown == NULL && self->places != NULL && self->places->len > 0)
    return;

  if (self->shown != NULL && self->selected_place != DIPLO_PLACE_NONE)
    selected_cluster = diplo_clustering_find_cluster (self->shown, self->selected_place);

  for (guint i = 0; i < self->markers->len; i++)
    {
      DiploMapMarker *marker = g_ptr_array_index (self->markers, i);
      guint cluster = diplo_map_marker_get_cluster (marker);

      diplo_map_marker_set_highlighted (marker, cluster != DIPLO_MAP_MARKER_UNUSED &&
                                                cluster == selected_cluster);
    }
}

static void
on_marker_button_clicked (DiploMapMarker *marker,
                          GtkButton      *button);

static DiploMapMarker *
diplo_map_view_add_marker (DiploMapView *self)
{
  DiploMapMarker *marker = g_object_ref_sink (diplo_map_marker_new ());

  g_assert (DIPLO_IS_MAP_VIEW (self));
  g_assert (self->markers->len < DIPLO_MAP_VIEW_MAX_MARKERS);

  g_signal_connect_swapped (diplo_map_marker_get_button (marker), "clicked",
                            G_CALLBACK (on_marker_button_clicked), marker);
  g_ptr_array_add (self->markers, marker);
  diplo_marker_layer_add_marker (self->marker_layer, marker);

  return marker;
}

static void
diplo_map_view_show_cluster (DiploMapView   *self,
                             DiploMapMarker *marker,
                             guint           index)
{
  const DiploCluster *cluster;
  DiploPlace *representative;
  double latitude, longitude;

  g_assert (DIPLO_IS_MAP_VIEW (self));
  g_assert (DIPLO_IS_MAP_MARKER (marker));

  cluster = diplo_clustering_get_cluster (self->shown, index);
  representative = g_ptr_array_index (self->places, cluster->representative);

  if (cluster->n_members == 1)
    {
      diplo_map_marker_show_place (marker, index, representative);
    }
  else
    {
      diplo_mercator_unproject (cluster->x, cluster->y, &latitude, &longitude);
      diplo_map_marker_show_cluster (marker, index, representative,
                                     cluster->n_members, cluster->weight,
                                     latitude, longitude);
    }
}

static gboolean
found_contains (GArray *found,
                guint   cluster,
                guint  *position)
{
  guint low = 0;
  guint high = found->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      guint value = g_array_index (found, guint, middle);

      if (value == cluster)
        {
          *position = middle;
          return TRUE;
        }
      else if (value < cluster)
        low = middle + 1;
      else
        high = middle;
    }

  return FALSE;
}

/* A place is its coordinates: the same place grouped again is another
 * object at the same spot. */
static guint
place_spot_hash (gconstpointer key)
{
  DiploPlace *place = (DiploPlace *) key;
  double latitude = diplo_place_get_latitude (place) + 0.0;
  double longitude = diplo_place_get_longitude (place) + 0.0;
  guint64 bits[2];

  memcpy (&bits[0], &latitude, sizeof (double));
  memcpy (&bits[1], &longitude, sizeof (double));

  return (guint) (bits[0] ^ (bits[0] >> 32)) * 31 + (guint) (bits[1] ^ (bits[1] >> 32));
}

static gboolean
place_spot_equal (gconstpointer a,
                  gconstpointer b)
{
  DiploPlace *place_a = (DiploPlace *) a;
  DiploPlace *place_b = (DiploPlace *) b;

  return diplo_place_get_latitude (place_a) == diplo_place_get_latitude (place_b) &&
         diplo_place_get_longitude (place_a) == diplo_place_get_longitude (place_b);
}

/* After a regrouping or a change of zoom level, the clusters are new, but
 * most are still named by the same place (a place's own marker, or the
 * heaviest place of a cluster): their markers keep showing them, and
 * change only what changed, often nothing. Relabelling every marker, as
 * releasing them all would, costs several milliseconds a month change.
 * Marks in @taken the clusters of self->found so kept, and adds the other
 * markers to @spare. */
static void
diplo_map_view_keep_markers_by_place (DiploMapView *self,
                                      gboolean     *taken,
                                      GPtrArray    *spare)
{
  g_autoptr(GHashTable) marker_of_place = g_hash_table_new (place_spot_hash, place_spot_equal);
  g_autoptr(GHashTable) kept = g_hash_table_new (NULL, NULL);

  g_assert (DIPLO_IS_MAP_VIEW (self));

  for (guint i = 0; i < self->markers->len; i++)
    {
      DiploMapMarker *marker = g_ptr_array_index (self->markers, i);
      DiploPlace *representative = diplo_map_marker_get_representative (marker);

      if (representative != NULL && diplo_map_marker_get_in_use (marker))
        g_hash_table_insert (marker_of_place, representative, marker);
    }

  for (guint i = 0; i < self->found->len && g_hash_table_size (marker_of_place) > 0; i++)
    {
      guint index = g_array_index (self->found, guint, i);
      const DiploCluster *cluster = diplo_clustering_get_cluster (self->shown, index);
      DiploPlace *representative = g_ptr_array_index (self->places, cluster->representative);
      DiploMapMarker *marker = g_hash_table_lookup (marker_of_place, representative);

      if (marker == NULL)
        continue;

      g_hash_table_remove (marker_of_place, representative);
      g_hash_table_add (kept, marker);
      diplo_map_view_show_cluster (self, marker, index);
      taken[i] = TRUE;
    }

  for (guint i = 0; i < self->markers->len; i++)
    if (!g_hash_table_contains (kept, g_ptr_array_index (self->markers, i)))
      g_ptr_array_add (spare, g_ptr_array_index (self->markers, i));
}

/* Spare markers by the shape they last showed, those still in use first:
 * a marker given a cluster of its own shape keeps its size, which spares
 * GTK a layout of every marker, and one in use is already in view. */
static void
diplo_map_view_sort_spares (GPtrArray  *spare,
                            GPtrArray **spares)
{
  for (int in_use = TRUE; in_use >= FALSE; in_use--)
    for (guint i = 0; i < spare->len; i++)
      {
        DiploMapMarker *marker = g_ptr_array_index (spare, i);

        if (diplo_map_marker_get_in_use (marker) == in_use)
          g_ptr_array_add (spares[diplo_map_marker_get_shape (marker)], marker);
      }
}

/* Returns: (nullable): a spare marker of the shape asked for, or else of
 * the same kind (place or cluster), or else any */
static DiploMapMarker *
take_spare (GPtrArray **spares,
            guint      *next_spare,
            guint       shape)
{
  guint found = G_MAXUINT;

  if (next_spare[shape] < spares[shape]->len)
    found = shape;
  for (guint other = 0; found == G_MAXUINT && other < DIPLO_MAP_MARKER_N_SHAPES; other++)
    if (other % 2 == shape % 2 && next_spare[other] < spares[other]->len)
      found = other;
  for (guint other = 0; found == G_MAXUINT && other < DIPLO_MAP_MARKER_N_SHAPES; other++)
    if (next_spare[other] < spares[other]->len)
      found = other;

  if (found == G_MAXUINT)
    return NULL;

  return g_ptr_array_index (spares[found], next_spare[found]++);
}

/* Gives each cluster in self->found a marker. Markers already showing one
 * of them keep it, so panning only touches the markers at the edges; the
 * others are recycled, and cleared when nothing is left for them, which
 * takes them out of view. Clearing is cheap, adding and removing are not. */
static void
diplo_map_view_assign_markers (DiploMapView *self,
                               gboolean      regrouped)
{
  g_autofree gboolean *taken = NULL;
  g_autoptr(GPtrArray) spare = g_ptr_array_new ();
  GPtrArray *spares[DIPLO_MAP_MARKER_N_SHAPES];
  guint next_spare[DIPLO_MAP_MARKER_N_SHAPES] = { 0 };

  g_assert (DIPLO_IS_MAP_VIEW (self));

  taken = g_new0 (gboolean, MAX (self->found->len, 1));
  for (guint shape = 0; shape < G_N_ELEMENTS (spares); shape++)
    spares[shape] = g_ptr_array_new ();

  if (regrouped)
    diplo_map_view_keep_markers_by_place (self, taken, spare);
  else
    for (guint i = 0; i < self->markers->len; i++)
      {
        DiploMapMarker *marker = g_ptr_array_index (self->markers, i);
        guint cluster = diplo_map_marker_get_cluster (marker);
        guint position;

        if (cluster != DIPLO_MAP_MARKER_UNUSED && found_contains (self->found, cluster, &position))
          taken[position] = TRUE;
        else
          g_ptr_array_add (spare, marker);
      }

  diplo_map_view_sort_spares (spare, spares);

  for (guint i = 0; i < self->found->len; i++)
    {
      guint index = g_array_index (self->found, guint, i);
      const DiploCluster *cluster;
      DiploMapMarker *marker;

      if (taken[i])
        continue;

      cluster = diplo_clustering_get_cluster (self->shown, index);
      marker = take_spare (spares, next_spare,
                           diplo_map_marker_shape_for (cluster->n_members > 1, cluster->weight));
      if (marker == NULL)
        marker = diplo_map_view_add_marker (self);

      diplo_map_view_show_cluster (self, marker, index);
    }

  for (guint shape = 0; shape < G_N_ELEMENTS (spares); shape++)
    {
      for (guint i = next_spare[shape]; i < spares[shape]->len; i++)
        diplo_map_marker_clear (g_ptr_array_index (spares[shape], i));
      g_ptr_array_unref (spares[shape]);
    }

  diplo_map_view_highlight_markers (self);
}

static void
diplo_map_view_release_markers (DiploMapView *self)
{
  g_assert (DIPLO_IS_MAP_VIEW (self));

  for (guint i = 0; i < self->markers->len; i++)
    diplo_map_marker_clear (g_ptr_array_index (self->markers, i));

  g_clear_pointer (&self->shown, diplo_clustering_unref);
}

/* Queries the clusters near the view at the current zoom level; when even
 * those are too many for the pool, takes the coarser clustering of the
 * level below (twice the radius on screen), which quarters them at worst. */
static void
diplo_map_view_update_markers (DiploMapView *self)
{
  DiploClustering *clustering = NULL;
  double min_x, min_y, max_x, max_y;
  gboolean regrouped;
  int level;

  g_assert (DIPLO_IS_MAP_VIEW (self));

  g_array_set_size (self->found, 0);

  if (self->places == NULL || self->places->len == 0 ||
      !diplo_map_view_get_marker_box (self, &min_x, &min_y, &max_x, &max_y))
    {
      diplo_map_view_release_markers (self);
      diplo_map_view_assign_markers (self, FALSE);
      return;
    }

  /* The nearest whole level: places merge between 28 and 57 pixels apart
   * on screen, around the nominal radius. */
  level = round (shumate_viewport_get_zoom_level (diplo_map_view_get_viewport (self)));
  for (level = CLAMP (level, 0, DIPLO_MAP_PLACES_MAX_LEVEL); level >= 0; level--)
    {
      clustering = diplo_map_view_get_clustering (self, level);
      g_array_set_size (self->found, 0);
      diplo_clustering_query (clustering, min_x, min_y, max_x, max_y, self->found);

      if (self->found->len <= DIPLO_MAP_VIEW_MAX_MARKERS)
        break;
    }

  /* Only a pathologically small pool could still overflow at level 0. */
  g_array_set_size (self->found, MIN (self->found->len, DIPLO_MAP_VIEW_MAX_MARKERS));

  regrouped = clustering != self->shown;
  if (regrouped)
    {
      g_clear_pointer (&self->shown, diplo_clustering_unref);
      self->shown = diplo_clustering_ref (clustering);
    }

  diplo_map_view_assign_markers (self, regrouped);
}

static void
diplo_map_view_rebuild_routes (DiploMapView *self)
{
  GArray *ends;

  g_assert (DIPLO_IS_MAP_VIEW (self));

  diplo_route_layer_remove_all (self->route_layer);
  if (self->map_places == NULL)
    return;

  ends = diplo_map_places_get_route_ends (self->map_places);
  for (guint i = 0; i < ends->len; i += 4)
    diplo_route_layer_add_route (self->route_layer,
                                 g_array_index (ends, double, i), g_array_index (ends, double, i + 1),
                                 g_array_index (ends, double, i + 2), g_array_index (ends, double, i + 3));
}

/* The countries where events took place, for the tint. */
static void
diplo_map_view_rebuild_countries (DiploMapView *self)
{
  const char *no_countries[] = { NULL };

  g_assert (DIPLO_IS_MAP_VIEW (self));

  if (self->country_layer == NULL)
    return;

  diplo_country_layer_set_countries (self->country_layer,
                                     self->map_places != NULL
                                       ? diplo_place_grouping_get_countries (diplo_map_places_get_grouping (self->map_places))
                                       : no_countries);
}

static void
diplo_map_view_update_selected_place (DiploMapView *self)
{
  DiploEvent *event = NULL;
  guint position = GTK_INVALID_LIST_POSITION;
  int route = -1;

  g_assert (DIPLO_IS_MAP_VIEW (self));

  if (self->selection != NULL)
    {
      position = gtk_single_selection_get_selected (self->selection);
      event = gtk_single_selection_get_selected_item (self->selection);
    }

  self->selected_place = DIPLO_PLACE_NONE;
  if (position < self->n_positions)
    self->selected_place = self->place_of_position[position];

  if (self->selected_place != DIPLO_PLACE_NONE && DIPLO_IS_EVENT (event) &&
      diplo_map_places_event_is_journey (event))
    {
      guint route_of_place = diplo_map_places_get_route_of_place (self->map_places)[self->selected_place];

      if (route_of_place != DIPLO_PLACE_NONE)
        route = route_of_place;
    }

  diplo_route_layer_set_highlighted (self->route_layer, route);
  diplo_map_view_highlight_markers (self);
}

/* Keeps @places, the latest, and as many before it as make @max. */
static void
diplo_map_view_keep_places (DiploMapView   *self,
                            DiploMapPlaces *places,
                            guint           max)
{
  g_assert (DIPLO_IS_MAP_VIEW (self));

  g_ptr_array_add (self->kept_places, places);
  if (self->kept_places->len > max)
    g_ptr_array_remove_range (self->kept_places, 0, self->kept_places->len - max);
}

static void
diplo_map_view_clear_places (DiploMapView *self)
{
  g_assert (DIPLO_IS_MAP_VIEW (self));

  /* The markers keep showing the old places until the markers' update
   * finds which of them are still shown. */
  g_clear_pointer (&self->shown, diplo_clustering_unref);
  /* Freeing a month's places would cost a month change half a
   * millisecond: drawing ahead does it. */
  if (self->map_places != NULL &&
      diplo_place_grouping_get_model (diplo_map_places_get_grouping (self->map_places)) == NULL)
    diplo_map_view_keep_places (self, g_steal_pointer (&self->map_places), MAX_KEPT_PLACES + 1);
  g_clear_pointer (&self->map_places, diplo_map_places_unref);
  self->places = NULL;
  self->points = NULL;
  self->place_of_position = NULL;
  self->n_positions = 0;
  self->selected_place = DIPLO_PLACE_NONE;
}

/* Whether @events is the list the places of the whole dataset were
 * grouped for, all of it. */
static gboolean
diplo_map_view_is_dataset_list (DiploMapView *self,
                                GListModel   *events)
{
  guint n_positions;

  g_assert (DIPLO_IS_MAP_VIEW (self));

  if (self->place_grouping == NULL || events == NULL ||
      events != diplo_place_grouping_get_model (self->place_grouping))
    return FALSE;

  diplo_place_grouping_get_place_of_position (self->place_grouping, &n_positions);

  return g_list_model_get_n_items (events) == n_positions;
}

/* A filter list model only removes items, never reorders them: when it
 * passes them all, its positions are those of its model, and places
 * grouped for that model are the selection's. */
static gboolean
diplo_map_view_can_use_place_grouping (DiploMapView *self)
{
  GListModel *source;

  g_assert (DIPLO_IS_MAP_VIEW (self));

  if (self->filter_model == NULL || self->selection == NULL)
    return FALSE;

  source = gtk_filter_list_model_get_model (GTK_FILTER_LIST_MODEL (self->filter_model));

  return diplo_map_view_is_dataset_list (self, source) &&
         g_list_model_get_n_items (G_LIST_MODEL (self->selection)) == g_list_model_get_n_items (source);
}

static DiploMapPlaces *
diplo_map_view_get_dataset_places (DiploMapView *self)
{
  g_assert (self->place_grouping != NULL);

  if (self->dataset_places == NULL)
    self->dataset_places = diplo_map_places_new (self->place_grouping, DIPLO_MAP_VIEW_MAX_ROUTES);

  return self->dataset_places;
}

/* Returns: (transfer full): the places of the events @events holds, kept
 * from before if they were grouped already */
static DiploMapPlaces *
diplo_map_view_take_places (DiploMapView *self,
                            GListModel   *events)
{
  g_autoptr(DiploPlaceGrouping) grouping = NULL;
  GListModel *source = diplo_list_model_get_source (events);

  g_assert (DIPLO_IS_MAP_VIEW (self));

  for (guint i = 0; i < self->kept_places->len; i++)
    {
      DiploMapPlaces *kept = g_ptr_array_index (self->kept_places, i);

      if (diplo_place_grouping_holds_events (diplo_map_places_get_grouping (kept), source))
        return g_ptr_array_steal_index (self->kept_places, i);
    }

  grouping = diplo_place_grouping_new_for_events (source);

  return diplo_map_places_new (grouping, DIPLO_MAP_VIEW_MAX_ROUTES);
}

static void
diplo_map_view_group_places (DiploMapView *self)
{
  DiploPlaceGrouping *grouping;

  g_assert (DIPLO_IS_MAP_VIEW (self));

  if (diplo_map_view_can_use_place_grouping (self))
    self->map_places = diplo_map_places_ref (diplo_map_view_get_dataset_places (self));
  else
    {
      self->map_places = diplo_map_view_take_places (self, G_LIST_MODEL (self->selection));
    }

  grouping = diplo_map_places_get_grouping (self->map_places);
  self->places = diplo_place_grouping_get_places (grouping);
  self->points = diplo_map_places_get_points (self->map_places);
  self->place_of_position = diplo_place_grouping_get_place_of_position (grouping, &self->n_positions);
}

/**
 * diplo_map_view_draw_ahead:
 * @events: events the map may be given next, such as the next month's
 *
 * Draws the routes and the tint of @events ahead, once those shown are
 * drawn, so that when the selection comes to hold them, they show in the
 * frame that follows. The dataset's own list, given whole, takes the
 * places grouped for it already.
 */
void
diplo_map_view_draw_ahead (DiploMapView *self,
                           GListModel   *events)
{
  DiploMapPlaces *places;
  double zoom_level;

  g_return_if_fail (DIPLO_IS_MAP_VIEW (self));
  g_return_if_fail (G_IS_LIST_MODEL (events));

  if (diplo_map_view_is_dataset_list (self, events))
    {
      places = diplo_map_view_get_dataset_places (self);
    }
  else
    {
      places = diplo_map_view_take_places (self, events);
      diplo_map_view_keep_places (self, places, MAX_KEPT_PLACES);
    }

  /* The markers' clusters at the level they would show now. */
  zoom_level = shumate_viewport_get_zoom_level (diplo_map_view_get_viewport (self));
  diplo_map_places_get_clustering (places, CLAMP (round (zoom_level), 0, DIPLO_MAP_PLACES_MAX_LEVEL),
                                   diplo_map_view_get_tile_size (self));

  diplo_cached_layer_draw_ahead (DIPLO_CACHED_LAYER (self->route_layer),
                                 diplo_map_places_get_route_ends (places),
                                 self->country_layer != NULL
                                   ? (gpointer) diplo_place_grouping_get_countries (diplo_map_places_get_grouping (places))
                                   : NULL);
}

static void
diplo_map_view_rebuild (DiploMapView *self)
{
  g_assert (DIPLO_IS_MAP_VIEW (self));

  /* Its rows name positions that may have moved. */
  gtk_popover_popdown (self->events_popover);

  diplo_map_view_clear_places (self);

  if (self->selection != NULL)
    diplo_map_view_group_places (self);

  diplo_map_view_rebuild_routes (self);
  diplo_map_view_rebuild_countries (self);
  diplo_map_view_update_selected_place (self);

  if (self->needs_fit)
    diplo_map_view_fit_places (self, FALSE);

  /* Their image is drawn while the markers and the list follow. */
  diplo_cached_layer_update_now (DIPLO_CACHED_LAYER (self->route_layer));
  if (self->country_layer != NULL)
    diplo_cached_layer_update_now (DIPLO_CACHED_LAYER (self->country_layer));

  diplo_map_view_update_markers (self);
}

static void
on_selection_items_changed (DiploMapView *self,
                            guint         position,
                            guint         removed,
                            guint         added,
                            GListModel   *model)
{
  g_assert (DIPLO_IS_MAP_VIEW (self));

  diplo_map_view_rebuild (self);
}

static void
on_selection_selected_item_changed (DiploMapView       *self,
                                    GParamSpec         *pspec,
                                    GtkSingleSelection *selection)
{
  DiploEvent *event = gtk_single_selection_get_selected_item (selection);
  double latitude, longitude, zoom;

  g_assert (DIPLO_IS_MAP_VIEW (self));

  diplo_map_view_update_selected_place (self);

  /* An event without a place leaves the map where it is. */
  if (!DIPLO_IS_EVENT (event) || !diplo_event_get_location (event, &latitude, &longitude))
    return;

  zoom = shumate_viewport_get_zoom_level (diplo_map_view_get_viewport (self));
  diplo_map_view_move_to (self, latitude, longitude,
                          MAX (zoom, DIPLO_MAP_VIEW_SELECTED_MIN_ZOOM), TRUE);
}

static void
diplo_map_view_find_filter_model (DiploMapView *self)
{
  GListModel *model = NULL;

  g_assert (DIPLO_IS_MAP_VIEW (self));

  g_clear_object (&self->filter_model);

  if (self->selection != NULL)
    model = gtk_single_selection_get_model (self->selection);

  if (GTK_IS_FILTER_LIST_MODEL (model))
    self->filter_model = g_object_ref (model);
}

static void
on_selection_model_changed (DiploMapView       *self,
                            GParamSpec         *pspec,
                            GtkSingleSelection *selection)
{
  g_assert (DIPLO_IS_MAP_VIEW (self));

  diplo_map_view_find_filter_model (self);
  self->needs_fit = TRUE;
  diplo_map_view_rebuild (self);
}

/**
 * diplo_map_view_set_place_grouping:
 * @grouping: (nullable): places grouped in advance
 *
 * While the selection's filter passes every item of the model @grouping
 * was made from, the map shows @grouping's places instead of grouping the
 * events itself, which takes long for a large model. Set it before the
 * filter's model, so that the map does not group that model once more.
 *
 * A grouping comes with each new dataset, so the map then shows all of
 * its places; the filter's model going between a month's events and all
 * of them leaves the view where it is.
 */
void
diplo_map_view_set_place_grouping (DiploMapView       *self,
                                   DiploPlaceGrouping *grouping)
{
  g_return_if_fail (DIPLO_IS_MAP_VIEW (self));

  if (self->place_grouping == grouping)
    return;

  g_clear_pointer (&self->place_grouping, diplo_place_grouping_unref);
  /* Their events are another dataset's. */
  g_ptr_array_set_size (self->kept_places, 0);
  g_clear_pointer (&self->dataset_places, diplo_map_places_unref);
  if (grouping != NULL)
    {
      self->place_grouping = diplo_place_grouping_ref (grouping);
      self->needs_fit = TRUE;
    }
}

/**
 * diplo_map_view_set_selection:
 * @selection: (nullable): the shared selection over the events
 *
 * The map shows the places of the selection's items and follows, and sets,
 * its selected item. It shows them all once it has a size.
 */
void
diplo_map_view_set_selection (DiploMapView       *self,
                              GtkSingleSelection *selection)
{
  g_return_if_fail (DIPLO_IS_MAP_VIEW (self));
  g_return_if_fail (selection == NULL || GTK_IS_SINGLE_SELECTION (selection));

  if (self->selection == selection)
    return;

  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);

  g_set_object (&self->selection, selection);

  if (selection != NULL)
    {
      g_signal_connect_object (selection, "items-changed",
                               G_CALLBACK (on_selection_items_changed), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (selection, "notify::selected-item",
                               G_CALLBACK (on_selection_selected_item_changed), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (selection, "notify::model",
                               G_CALLBACK (on_selection_model_changed), self,
                               G_CONNECT_SWAPPED);
    }

  diplo_map_view_find_filter_model (self);
  self->needs_fit = TRUE;
  diplo_map_view_rebuild (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTION]);
}

static void
diplo_map_view_select_position (DiploMapView *self,
                                guint         position)
{
  g_assert (DIPLO_IS_MAP_VIEW (self));

  if (self->selection != NULL)
    gtk_single_selection_set_selected (self->selection, position);
}

static void
diplo_map_view_zoom_into_cluster (DiploMapView *self,
                                  guint         index)
{
  const DiploCluster *cluster;
  double zoom;

  g_assert (DIPLO_IS_MAP_VIEW (self));

  cluster = diplo_clustering_get_cluster (self->shown, index);
  zoom = shumate_viewport_get_zoom_level (diplo_map_view_get_viewport (self));

  /* At least one level closer, or a cluster whose places just fit the view
   * would stay a cluster. */
  diplo_map_view_fit_box (self, cluster->min_x, cluster->min_y, cluster->max_x, cluster->max_y,
                          floor (zoom) + 1, DIPLO_MAP_PLACES_MAX_LEVEL, TRUE);
}

static GtkWidget *
create_event_row (DiploEvent *event)
{
  g_autofree char *dates = NULL;
  GtkWidget *box;
  GtkWidget *title;
  GtkWidget *date;

  g_assert (DIPLO_IS_EVENT (event));

  dates = diplo_event_format_dates (event);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  title = gtk_label_new (diplo_event_get_title (event));
  date = gtk_label_new (dates);

  gtk_label_set_xalign (GTK_LABEL (title), 0.0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (title), 36);
  gtk_label_set_xalign (GTK_LABEL (date), 0.0);
  gtk_widget_add_css_class (date, "caption");
  gtk_widget_add_css_class (date, "dim-label");

  gtk_box_append (GTK_BOX (box), date);
  gtk_box_append (GTK_BOX (box), title);

  return box;
}

static void
diplo_map_view_show_events_popover (DiploMapView   *self,
                                    DiploMapMarker *marker)
{
  DiploPlace *place;
  graphene_rect_t bounds;
  GtkWidget *row;

  g_assert (DIPLO_IS_MAP_VIEW (self));
  g_assert (DIPLO_IS_MAP_MARKER (marker));

  place = diplo_map_marker_get_place (marker);

  g_set_object (&self->popover_place, place);

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->events_list))) != NULL)
    gtk_list_box_remove (self->events_list, row);

  for (guint i = 0; i < diplo_place_get_n_events (place); i++)
    gtk_list_box_append (self->events_list, create_event_row (diplo_place_get_event (place, i)));

  if (gtk_widget_compute_bounds (GTK_WIDGET (marker), GTK_WIDGET (self), &bounds))
    gtk_popover_set_pointing_to (self->events_popover,
                                 &(GdkRectangle) {
                                   floor (bounds.origin.x), floor (bounds.origin.y),
                                   ceil (bounds.size.width), ceil (bounds.size.height),
                                 });

  gtk_popover_popup (self->events_popover);
}

static void
on_marker_button_clicked (DiploMapMarker *marker,
                          GtkButton      *button)
{
  DiploMapView *self;
  DiploPlace *place;

  g_assert (DIPLO_IS_MAP_MARKER (marker));

  self = DIPLO_MAP_VIEW (gtk_widget_get_ancestor (GTK_WIDGET (marker), DIPLO_TYPE_MAP_VIEW));
  place = diplo_map_marker_get_place (marker);

  g_assert (DIPLO_IS_MAP_VIEW (self));

  if (diplo_map_marker_get_is_cluster (marker))
    diplo_map_view_zoom_into_cluster (self, diplo_map_marker_get_cluster (marker));
  else if (place != NULL && diplo_place_get_n_events (place) == 1)
    diplo_map_view_select_position (self, diplo_place_get_position (place, 0));
  else if (place != NULL)
    diplo_map_view_show_events_popover (self, marker);
}

static void
on_events_list_row_activated (DiploMapView  *self,
                              GtkListBoxRow *row,
                              GtkListBox    *list)
{
  g_autoptr(DiploPlace) place = NULL;
  int index = gtk_list_box_row_get_index (row);

  g_assert (DIPLO_IS_MAP_VIEW (self));

  if (self->popover_place == NULL || index < 0)
    return;

  place = g_object_ref (self->popover_place);
  gtk_popover_popdown (self->events_popover);
  diplo_map_view_select_position (self, diplo_place_get_position (place, index));
}

static void
on_events_popover_closed (DiploMapView *self,
                          GtkPopover   *popover)
{
  g_assert (DIPLO_IS_MAP_VIEW (self));

  g_clear_object (&self->popover_place);
}

/* A click on the map itself (not on a marker or a control) gives it the
 * keyboard, so that the arrow keys and plus and minus then work. */
static void
on_map_click_pressed (DiploMapView    *self,
                      int              n_press,
                      double           x,
                      double           y,
                      GtkGestureClick *gesture)
{
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (self->map), x, y, GTK_PICK_DEFAULT);

  g_assert (DIPLO_IS_MAP_VIEW (self));

  if (picked == NULL || gtk_widget_get_ancestor (picked, GTK_TYPE_BUTTON) == NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->map));
}

static gboolean
on_refresh_tick (GtkWidget     *widget,
                 GdkFrameClock *frame_clock,
                 gpointer       user_data)
{
  DiploMapView *self = DIPLO_MAP_VIEW (widget);

  /* The fit moves the view: while the tick is still pending, that is no
   * reason for another. */
  if (self->needs_fit)
    diplo_map_view_fit_places (self, FALSE);

  self->refresh_tick = 0;
  diplo_map_view_update_markers (self);

  return G_SOURCE_REMOVE;
}

/* Markers follow the view once a frame, before its layout, however many
 * of the viewport's properties changed: a move notifies the latitude and
 * the longitude, a zoom around a point the zoom level too. */
static void
diplo_map_view_queue_refresh (DiploMapView *self)
{
  g_assert (DIPLO_IS_MAP_VIEW (self));

  if (self->refresh_tick == 0)
    self->refresh_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), on_refresh_tick,
                                                       NULL, NULL);
}

static void
on_viewport_notify (DiploMapView    *self,
                    GParamSpec      *pspec,
                    ShumateViewport *viewport)
{
  g_assert (DIPLO_IS_MAP_VIEW (self));

  /* The popover points at a marker that is moving away. */
  if (gtk_widget_get_visible (GTK_WIDGET (self->events_popover)))
    gtk_popover_popdown (self->events_popover);

  diplo_map_view_queue_refresh (self);
}

const char *
diplo_map_view_get_map_layer (DiploMapView *self)
{
  g_return_val_if_fail (DIPLO_IS_MAP_VIEW (self), NULL);

  return self->map_layer;
}

/* The deepest zoom level is the one of the finest layer shown. */
static void
diplo_map_view_limit_zoom (DiploMapView     *self,
                           ShumateMapSource *source)
{
  g_assert (DIPLO_IS_MAP_VIEW (self));

  shumate_viewport_set_max_zoom_level (diplo_map_view_get_viewport (self),
                                       shumate_map_source_get_max_zoom_level (source));
}

static void diplo_map_view_show_openstreetmap (DiploMapView *self);
static void diplo_map_view_hide_openstreetmap (DiploMapView *self);

static void
on_online_source_failed_changed (DiploMapView *self)
{
  g_assert (DIPLO_IS_MAP_VIEW (self));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE_TILES_FAILED]);
}

/**
 * diplo_map_view_set_online_source:
 * @source: where the online layer's tiles come from, wrapped in a
 *   #DiploOnlineSource unless it is one
 *
 * The online layer shows OpenStreetMap unless another source is set here,
 * as the tests do to fetch from an address that answers nothing.
 */
void
diplo_map_view_set_online_source (DiploMapView     *self,
                                  ShumateMapSource *source)
{
  gboolean shown;

  g_return_if_fail (DIPLO_IS_MAP_VIEW (self));
  g_return_if_fail (SHUMATE_IS_MAP_SOURCE (source));

  shown = self->osm_layer != NULL;
  if (shown)
    diplo_map_view_hide_openstreetmap (self);

  if (self->osm_source != NULL)
    g_signal_handlers_disconnect_by_data (self->osm_source, self);
  g_clear_object (&self->osm_source);

  self->osm_source = DIPLO_IS_ONLINE_SOURCE (source)
                     ? g_object_ref (DIPLO_ONLINE_SOURCE (source))
                     : diplo_online_source_new (source);
  g_signal_connect_object (self->osm_source, "notify::failed",
                           G_CALLBACK (on_online_source_failed_changed), self,
                           G_CONNECT_SWAPPED);

  if (shown)
    diplo_map_view_show_openstreetmap (self);
}

/* Right above the tint, the routes draw it into their own image. The
 * online map's tiles come between them and cover the tint. */
static void
diplo_map_view_stack_event_layers (DiploMapView *self)
{
  gboolean adjacent = self->country_layer != NULL && self->osm_layer == NULL;

  if (self->route_layer == NULL)
    return;

  diplo_cached_layer_set_beneath (DIPLO_CACHED_LAYER (self->route_layer),
                                  adjacent ? DIPLO_CACHED_LAYER (self->country_layer) : NULL);
  /* The markers' layer paints the basemap under them too, while no
   * online tiles lie between. */
  diplo_marker_layer_set_basemap (self->marker_layer, adjacent ? self->basemap : NULL,
                                  shumate_map_source_get_tile_size (self->basemap_source),
                                  GTK_WIDGET (self->basemap_layer));
}

static void
diplo_map_view_show_openstreetmap (DiploMapView *self)
{
  g_assert (DIPLO_IS_MAP_VIEW (self));

  if (self->osm_layer != NULL)
    return;

  if (self->osm_source == NULL)
    {
      g_autoptr(ShumateMapSourceRegistry) registry = shumate_map_source_registry_new_with_defaults ();
      ShumateMapSource *osm = shumate_map_source_registry_get_by_id (registry,
                                                                     SHUMATE_MAP_SOURCE_OSM_MAPNIK);

      shumate_map_source_set_license (osm, _("© OpenStreetMap contributors"));
      diplo_map_view_set_online_source (self, osm);
    }

  /* Asked for anew: a failure gets a notice again. */
  diplo_online_source_reset (self->osm_source);

  /* Above the basemap and the tint: where a tile fails, they show through. */
  self->osm_layer = shumate_map_layer_new (SHUMATE_MAP_SOURCE (self->osm_source),
                                           diplo_map_view_get_viewport (self));
  shumate_map_insert_layer_above (self->map, SHUMATE_LAYER (self->osm_layer),
                                  self->country_layer != NULL
                                  ? SHUMATE_LAYER (self->country_layer)
                                  : SHUMATE_LAYER (self->basemap_layer));
  shumate_license_prepend_map_source (self->license, SHUMATE_MAP_SOURCE (self->osm_source));
  diplo_map_view_limit_zoom (self, SHUMATE_MAP_SOURCE (self->osm_source));
  diplo_map_view_stack_event_layers (self);
}

static void
diplo_map_view_hide_openstreetmap (DiploMapView *self)
{
  g_assert (DIPLO_IS_MAP_VIEW (self));

  if (self->osm_layer == NULL)
    return;

  shumate_license_remove_map_source (self->license, SHUMATE_MAP_SOURCE (self->osm_source));
  shumate_map_remove_layer (self->map, SHUMATE_LAYER (self->osm_layer));
  self->osm_layer = NULL;

  diplo_map_view_limit_zoom (self, self->basemap_source);
  diplo_map_view_stack_event_layers (self);
}

/**
 * diplo_map_view_dup_attribution:
 *
 * Returns: (transfer full): the licences of the map layers shown, in the
 *   order the map credits them
 */
char *
diplo_map_view_dup_attribution (DiploMapView *self)
{
  g_autoptr(GStrvBuilder) licenses = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;

  g_return_val_if_fail (DIPLO_IS_MAP_VIEW (self), NULL);

  if (self->osm_layer != NULL)
    g_strv_builder_add (licenses, shumate_map_source_get_license (SHUMATE_MAP_SOURCE (self->osm_source)));
  g_strv_builder_add (licenses, shumate_map_source_get_license (self->basemap_source));
  strv = g_strv_builder_end (licenses);

  return g_strjoinv (" · ", strv);
}

gboolean
diplo_map_view_get_online_tiles_failed (DiploMapView *self)
{
  g_return_val_if_fail (DIPLO_IS_MAP_VIEW (self), FALSE);

  return self->osm_source != NULL && diplo_online_source_get_failed (self->osm_source);
}

/**
 * diplo_map_view_set_map_layer:
 * @map_layer: "offline" for the bundled map alone, "openstreetmap" for
 *   OpenStreetMap tiles above it
 */
void
diplo_map_view_set_map_layer (DiploMapView *self,
                              const char   *map_layer)
{
  g_return_if_fail (DIPLO_IS_MAP_VIEW (self));
  g_return_if_fail (g_strcmp0 (map_layer, MAP_LAYER_OFFLINE) == 0 ||
                    g_strcmp0 (map_layer, MAP_LAYER_OPENSTREETMAP) == 0);

  if (g_strcmp0 (self->map_layer, map_layer) == 0)
    return;

  g_free (self->map_layer);
  self->map_layer = g_strdup (map_layer);

  if (g_str_equal (map_layer, MAP_LAYER_OPENSTREETMAP))
    diplo_map_view_show_openstreetmap (self);
  else
    diplo_map_view_hide_openstreetmap (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAP_LAYER]);
}

static void
diplo_map_view_pan (DiploMapView *self,
                    double        dx,
                    double        dy)
{
  ShumateViewport *viewport = diplo_map_view_get_viewport (self);
  double rotation = shumate_viewport_get_rotation (viewport);
  double world_size, x, y, latitude, longitude;

  g_assert (DIPLO_IS_MAP_VIEW (self));

  world_size = diplo_mercator_world_size (shumate_viewport_get_zoom_level (viewport),
                                          diplo_map_view_get_tile_size (self));
  diplo_mercator_project (shumate_location_get_latitude (SHUMATE_LOCATION (viewport)),
                          shumate_location_get_longitude (SHUMATE_LOCATION (viewport)),
                          &x, &y);

  /* The keys move the view as seen, whatever the map's rotation. */
  x += (dx * cos (rotation) + dy * sin (rotation)) / world_size;
  y += (dy * cos (rotation) - dx * sin (rotation)) / world_size;

  diplo_mercator_unproject (CLAMP (x, 0.0, 1.0), CLAMP (y, 0.0, 1.0), &latitude, &longitude);
  shumate_map_stop_go_to (self->map);
  shumate_map_center_on (self->map, latitude, longitude);
}

static void
pan_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  DiploMapView *self = DIPLO_MAP_VIEW (widget);
  double width, height;
  int dx, dy;

  if (!diplo_map_view_get_map_size (self, &width, &height))
    return;

  g_variant_get (parameter, "(ii)", &dx, &dy);
  diplo_map_view_pan (self, dx * width * PAN_FRACTION, dy * height * PAN_FRACTION);
}

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  shumate_map_zoom_in (DIPLO_MAP_VIEW (widget)->map);
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  shumate_map_zoom_out (DIPLO_MAP_VIEW (widget)->map);
}

static void
fit_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  diplo_map_view_fit_places (DIPLO_MAP_VIEW (widget), TRUE);
}

static void
diplo_map_view_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  DiploMapView *self = DIPLO_MAP_VIEW (widget);

  gtk_widget_measure (GTK_WIDGET (self->overlay), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

/* The renderer is known once the window is realized, before any tile is
 * asked for. */
static void
diplo_map_view_realize (GtkWidget *widget)
{
  DiploMapView *self = DIPLO_MAP_VIEW (widget);

  GTK_WIDGET_CLASS (diplo_map_view_parent_class)->realize (widget);

  diplo_offline_source_set_cairo_widget (DIPLO_OFFLINE_SOURCE (self->basemap_source),
                                         diplo_widget_uses_cairo_renderer (widget) ? widget : NULL);
}

static void
diplo_map_view_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  DiploMapView *self = DIPLO_MAP_VIEW (widget);

  gtk_widget_allocate (GTK_WIDGET (self->overlay), width, height, baseline, NULL);

  if (gtk_widget_get_visible (GTK_WIDGET (self->events_popover)))
    gtk_popover_present (self->events_popover);

  /* Markers and the first fit depend on the size, but changing widgets in
   * the middle of an allocation would queue another: do it next frame. */
  if (width != self->last_width || height != self->last_height)
    diplo_map_view_queue_refresh (self);

  self->last_width = width;
  self->last_height = height;
}

static void
diplo_map_view_create_layers (DiploMapView *self)
{
  ShumateViewport *viewport = diplo_map_view_get_viewport (self);
  g_autoptr(GError) error = NULL;
  DiploBasemap *basemap;
  GtkGesture *click;

  g_assert (DIPLO_IS_MAP_VIEW (self));

  /* The reference source also positions the markers: without one they
   * would silently never show. */
  self->basemap_source = SHUMATE_MAP_SOURCE (diplo_offline_source_new ());
  shumate_viewport_set_reference_map_source (viewport, self->basemap_source);
  diplo_map_view_limit_zoom (self, self->basemap_source);
  self->basemap_layer = shumate_map_layer_new (self->basemap_source, viewport);
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->basemap_layer));
  shumate_license_append_map_source (self->license, self->basemap_source);

  basemap = diplo_basemap_get_default (&error);
  if (basemap != NULL)
    {
      self->basemap = diplo_basemap_ref (basemap);
      self->country_layer = diplo_country_layer_new (viewport, basemap);
      shumate_map_add_layer (self->map, SHUMATE_LAYER (self->country_layer));
    }
  else
    {
      g_warning ("Visited countries are not tinted: %s", error->message);
    }

  self->route_layer = diplo_route_layer_new (viewport);
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->route_layer));

  self->marker_layer = diplo_marker_layer_new (viewport);
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->marker_layer));
  diplo_marker_layer_set_ground (self->marker_layer, DIPLO_CACHED_LAYER (self->route_layer));
  diplo_map_view_stack_event_layers (self);

  shumate_scale_set_viewport (self->scale, viewport);

  click = gtk_gesture_click_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect_object (click, "pressed", G_CALLBACK (on_map_click_pressed), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->map), GTK_EVENT_CONTROLLER (click));

  g_signal_connect_object (viewport, "notify::zoom-level",
                           G_CALLBACK (on_viewport_notify), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::latitude",
                           G_CALLBACK (on_viewport_notify), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::longitude",
                           G_CALLBACK (on_viewport_notify), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::rotation",
                           G_CALLBACK (on_viewport_notify), self, G_CONNECT_SWAPPED);
}

static void
diplo_map_view_dispose (GObject *object)
{
  DiploMapView *self = DIPLO_MAP_VIEW (object);

  /* The binding lives as long as the view, not as long as its map: a
   * change of the key after this would show tiles on a map that is gone. */
  g_settings_unbind (self, "map-layer");
  if (self->refresh_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->refresh_tick);
  self->refresh_tick = 0;

  diplo_map_view_set_selection (self, NULL);
  diplo_map_view_release_markers (self);
  diplo_map_view_clear_places (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), DIPLO_TYPE_MAP_VIEW);
  diplo_widget_unparent_children (GTK_WIDGET (self));

  g_clear_pointer (&self->place_grouping, diplo_place_grouping_unref);
  g_clear_pointer (&self->dataset_places, diplo_map_places_unref);
  g_ptr_array_set_size (self->kept_places, 0);
  g_clear_object (&self->popover_place);
  g_clear_object (&self->basemap_source);
  g_clear_pointer (&self->basemap, diplo_basemap_unref);
  if (self->osm_source != NULL)
    g_signal_handlers_disconnect_by_data (self->osm_source, self);
  g_clear_object (&self->osm_source);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (diplo_map_view_parent_class)->dispose (object);
}

static void
diplo_map_view_finalize (GObject *object)
{
  DiploMapView *self = DIPLO_MAP_VIEW (object);

  /* Not in dispose, which may run again and then releases the markers. */
  g_clear_pointer (&self->markers, g_ptr_array_unref);
  g_clear_pointer (&self->found, g_array_unref);
  g_clear_pointer (&self->kept_places, g_ptr_array_unref);
  g_clear_pointer (&self->map_layer, g_free);

  G_OBJECT_CLASS (diplo_map_view_parent_class)->finalize (object);
}

static void
diplo_map_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DiploMapView *self = DIPLO_MAP_VIEW (object);

  switch (prop_id)
    {
    case PROP_SELECTION:
      g_value_set_object (value, self->selection);
      break;

    case PROP_MAP_LAYER:
      g_value_set_string (value, self->map_layer);
      break;

    case PROP_ONLINE_TILES_FAILED:
      g_value_set_boolean (value, diplo_map_view_get_online_tiles_failed (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
diplo_map_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  DiploMapView *self = DIPLO_MAP_VIEW (object);

  switch (prop_id)
    {
    case PROP_SELECTION:
      diplo_map_view_set_selection (self, g_value_get_object (value));
      break;

    case PROP_MAP_LAYER:
      diplo_map_view_set_map_layer (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
diplo_map_view_add_key_bindings (GtkWidgetClass *widget_class)
{
  static const struct {
    guint keyval;
    int   dx;
    int   dy;
  } arrows[] = {
    { GDK_KEY_Left, -1, 0 }, { GDK_KEY_KP_Left, -1, 0 },
    { GDK_KEY_Right, 1, 0 }, { GDK_KEY_KP_Right, 1, 0 },
    { GDK_KEY_Up, 0, -1 }, { GDK_KEY_KP_Up, 0, -1 },
    { GDK_KEY_Down, 0, 1 }, { GDK_KEY_KP_Down, 0, 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (arrows); i++)
    gtk_widget_class_add_binding_action (widget_class, arrows[i].keyval, 0,
                                         "map.pan", "(ii)", arrows[i].dx, arrows[i].dy);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "map.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "map.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "map.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "map.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "map.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "map.fit", NULL);
}

/* Before the basemap's layer is snapshotted. */
static void
diplo_map_view_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  DiploMapView *self = DIPLO_MAP_VIEW (widget);

  if (self->marker_layer != NULL)
    diplo_marker_layer_update_basemap_layer (self->marker_layer);

  GTK_WIDGET_CLASS (diplo_map_view_parent_class)->snapshot (widget, snapshot);
}

static void
diplo_map_view_class_init (DiploMapViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = diplo_map_view_dispose;
  object_class->finalize = diplo_map_view_finalize;
  object_class->get_property = diplo_map_view_get_property;
  object_class->set_property = diplo_map_view_set_property;

  widget_class->measure = diplo_map_view_measure;
  widget_class->size_allocate = diplo_map_view_size_allocate;
  widget_class->realize = diplo_map_view_realize;
  widget_class->snapshot = diplo_map_view_snapshot;

  properties[PROP_SELECTION] =
    g_param_spec_object ("selection", NULL, NULL,
                         GTK_TYPE_SINGLE_SELECTION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MAP_LAYER] =
    g_param_spec_string ("map-layer", NULL, NULL,
                         MAP_LAYER_OFFLINE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * DiploMapView:online-tiles-failed:
   *
   * Whether tiles of the online layer could not be had since it was last
   * shown, as without a network: the offline map shows instead. It turns
   * true once, however many tiles fail.
   */
  properties[PROP_ONLINE_TILES_FAILED] =
    g_param_spec_boolean ("online-tiles-failed", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SHUMATE_TYPE_MAP);
  g_type_ensure (SHUMATE_TYPE_SCALE);
  g_type_ensure (SHUMATE_TYPE_LICENSE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/diplo-map-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DiploMapView, overlay);
  gtk_widget_class_bind_template_child (widget_class, DiploMapView, map);
  gtk_widget_class_bind_template_child (widget_class, DiploMapView, scale);
  gtk_widget_class_bind_template_child (widget_class, DiploMapView, license);
  gtk_widget_class_bind_template_child (widget_class, DiploMapView, events_popover);
  gtk_widget_class_bind_template_child (widget_class, DiploMapView, events_list);
  gtk_widget_class_bind_template_callback (widget_class, on_events_list_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_events_popover_closed);

  gtk_widget_class_install_property_action (widget_class, "map.layer", "map-layer");
  gtk_widget_class_install_action (widget_class, "map.pan", "(ii)", pan_action);
  gtk_widget_class_install_action (widget_class, "map.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "map.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "map.fit", NULL, fit_action);
  diplo_map_view_add_key_bindings (widget_class);

  gtk_widget_class_set_css_name (widget_class, "diplomapview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
diplo_map_view_init (DiploMapView *self)
{
  self->map_layer = g_strdup (MAP_LAYER_OFFLINE);
  self->markers = g_ptr_array_new_with_free_func (g_object_unref);
  self->found = g_array_new (FALSE, FALSE, sizeof (guint));
  self->kept_places = g_ptr_array_new_with_free_func ((GDestroyNotify) diplo_map_places_unref);
  self->selected_place = DIPLO_PLACE_NONE;
  self->needs_fit = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));

  diplo_map_view_create_layers (self);

  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "map-layer", self, "map-layer", G_SETTINGS_BIND_DEFAULT);
}
