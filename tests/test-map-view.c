#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "diplo-basemap.h"
#include "diplo-country-layer.h"
#include "diplo-export.h"
#include "diplo-map-marker.h"
#include "diplo-map-places.h"
#include "diplo-map-view.h"
#include "diplo-marker-layer.h"
#include "diplo-marker-sheet.h"
#include "diplo-mercator.h"
#include "diplo-online-source.h"
#include "diplo-place.h"
#include "diplo-place-grouping.h"
#include "diplo-route.h"
#include "diplo-route-layer.h"
#include "diplo-test-utils.h"
#include "diplo-utils.h"

static const char *features[] = {
  "b1|2023-03-10||mediation|Beijing|CN|39.9042|116.4074|Talks conclude in Beijing|",
  "m1|2023-03-20|2023-03-22|state-visit|Moscow|RU|55.752|37.6175|State visit to Russia|",
  "m2|2023-03-21||meeting|The Kremlin, Moscow|RU|55.752|37.6175|Talks at the Kremlin|",
  "b2|2023-04||meeting|Beijing|CN|39.9042|116.4074|April meeting|",
  "c1|2023-04-26||call|||-|-|Phone call|",
  "h1|2023-07-01||ceremony|Hong Kong|HK|22.3193|114.1694|Anniversary|",
  "j1|2023-08-21|2023-08-24|state-visit|Johannesburg|ZA|-26.2041|28.0473|Visit to South Africa|",
  "b3|2023-10-18||forum|Beijing|CN|39.9042|116.4074|Belt and Road Forum|",
  "s1|2023-11-15||summit|Filoli Estate|US|37.4702|-122.3105|Summit with the United States|",
  NULL
};

typedef struct
{
  GtkWindow          *window;
  DiploMapView       *view;
  GtkFilterListModel *filtered;
  GtkSingleSelection *selection;
} Fixture;

static GtkWidget *
find_layer (Fixture *f,
            GType    type)
{
  GtkWidget *map = GTK_WIDGET (diplo_map_view_get_map (f->view));
  GtkWidget *layer = diplo_test_find_descendant (map, type);

  g_assert_nonnull (layer);
  return layer;
}

static GPtrArray *
shown_markers (Fixture *f)
{
  return diplo_test_shown_markers (f->view);
}

static DiploMapMarker *
find_place_marker (Fixture    *f,
                   const char *name)
{
  g_autoptr(GPtrArray) shown = shown_markers (f);

  for (guint i = 0; i < shown->len; i++)
    {
      DiploPlace *place = diplo_map_marker_get_place (g_ptr_array_index (shown, i));

      if (place != NULL && g_str_equal (diplo_place_get_name (place), name))
        return g_ptr_array_index (shown, i);
    }

  return NULL;
}

static guint
find_position (Fixture    *f,
               const char *id)
{
  GListModel *model = G_LIST_MODEL (f->selection);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DiploEvent) event = g_list_model_get_item (model, i);

      if (g_str_equal (diplo_event_get_id (event), id))
        return i;
    }

  g_assert_not_reached ();
}

static void
get_centre (Fixture *f,
            double  *latitude,
            double  *longitude)
{
  ShumateViewport *viewport = shumate_map_get_viewport (diplo_map_view_get_map (f->view));

  *latitude = shumate_location_get_latitude (SHUMATE_LOCATION (viewport));
  *longitude = shumate_location_get_longitude (SHUMATE_LOCATION (viewport));
}

static ShumateViewport *
get_viewport (Fixture *f)
{
  return shumate_map_get_viewport (diplo_map_view_get_map (f->view));
}

static double
get_zoom (Fixture *f)
{
  return shumate_viewport_get_zoom_level (get_viewport (f));
}

static const char *
get_selected_id (Fixture *f)
{
  DiploEvent *event = gtk_single_selection_get_selected_item (f->selection);

  return event != NULL ? diplo_event_get_id (event) : NULL;
}

static gboolean
has_css_class (DiploMapMarker *marker,
               const char     *css_class)
{
  return gtk_widget_has_css_class (GTK_WIDGET (diplo_map_marker_get_button (marker)), css_class);
}

static void
on_clicked (GtkButton *button,
            gboolean  *clicked)
{
  *clicked = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static void
on_after_paint (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

/* Waits for the next frame to be painted. The markers follow a move of the
 * view in that frame, before its layout. */
static void
wait_for_frame (Fixture *f)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (f->view));
  gboolean painted = FALSE;
  gulong handler;

  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &painted);
  gtk_widget_queue_draw (GTK_WIDGET (f->view));
  diplo_test_wait_for (is_true, &painted);
  g_signal_handler_disconnect (clock, handler);
}

/* A button's activation is animated: "clicked" comes a moment later. */
static void
activate_button (GtkButton *button)
{
  gboolean clicked = FALSE;
  gulong handler = g_signal_connect (button, "clicked", G_CALLBACK (on_clicked), &clicked);

  g_assert_true (gtk_widget_activate (GTK_WIDGET (button)));
  diplo_test_wait_for (is_true, &clicked);
  g_signal_handler_disconnect (button, handler);
}

static gboolean
has_shown_markers (gpointer data)
{
  g_autoptr(GPtrArray) shown = shown_markers (data);

  return shown->len > 0;
}

static void
set_animations (gboolean enabled)
{
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", enabled, NULL);
}

static void
fixture_set_up_with_model (Fixture    *f,
                           GListModel *events)
{
  f->filtered = gtk_filter_list_model_new (g_object_ref (events), NULL);
  f->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (f->filtered)));
  gtk_single_selection_set_autoselect (f->selection, FALSE);
  gtk_single_selection_set_can_unselect (f->selection, TRUE);
  gtk_single_selection_set_selected (f->selection, GTK_INVALID_LIST_POSITION);

  set_animations (FALSE);

  f->view = DIPLO_MAP_VIEW (diplo_map_view_new ());
  diplo_map_view_set_selection (f->view, f->selection);
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1000, 700);
  gtk_window_set_child (f->window, GTK_WIDGET (f->view));
  gtk_window_present (f->window);

  diplo_test_wait_for (has_shown_markers, f);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(DiploDataset) dataset = diplo_test_dataset_new (features);

  fixture_set_up_with_model (f, diplo_dataset_get_events (dataset));
}

static gboolean
is_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Until the view is finalized, so that none of its idles, image jobs and
 * tile requests runs on into the next test. */
static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gpointer view = f->view;

  g_object_add_weak_pointer (view, &view);
  gtk_window_destroy (f->window);
  diplo_test_wait_for (is_gone, &view);
  g_clear_object (&f->selection);
  g_clear_object (&f->filtered);
}

static void
test_map_view_groups_places (void)
{
  g_autoptr(DiploDataset) dataset = diplo_test_dataset_new (features);
  g_autoptr(GPtrArray) places = NULL;
  g_autofree guint *place_of_position = NULL;
  g_autoptr(GPtrArray) countries = NULL;
  const char *expected_countries[] = { "CN", "HK", "RU", "US", "ZA", NULL };
  DiploPlace *moscow;

  places = diplo_place_group_events (diplo_dataset_get_events (dataset), &place_of_position);
  countries = diplo_place_list_countries (places);
  g_assert_true (g_strv_equal ((const char * const *) countries->pdata, expected_countries));

  /* Beijing, Moscow, Hong Kong, Johannesburg, Filoli, in order of first
   * event; the two Moscow names share coordinates, so one place. */
  g_assert_cmpuint (places->len, ==, 5);
  g_assert_cmpstr (diplo_place_get_name (g_ptr_array_index (places, 0)), ==, "Beijing");
  g_assert_cmpuint (diplo_place_get_n_events (g_ptr_array_index (places, 0)), ==, 3);

  moscow = g_ptr_array_index (places, 1);
  g_assert_cmpstr (diplo_place_get_name (moscow), ==, "Moscow");
  g_assert_cmpstr (diplo_place_get_country (moscow), ==, "RU");
  g_assert_cmpuint (diplo_place_get_n_events (moscow), ==, 2);
  g_assert_cmpuint (diplo_place_get_position (moscow, 0), ==, 1);
  g_assert_cmpuint (diplo_place_get_position (moscow, 1), ==, 2);
  g_assert_cmpstr (diplo_event_get_id (diplo_place_get_event (moscow, 1)), ==, "m2");

  g_assert_cmpuint (place_of_position[0], ==, 0);
  g_assert_cmpuint (place_of_position[2], ==, 1);
  g_assert_cmpuint (place_of_position[4], ==, DIPLO_PLACE_NONE);
  g_assert_cmpuint (place_of_position[8], ==, 4);
}

/* Each marker shown is centred on its place, within the pixel its corner
 * is rounded to. */
static void
assert_markers_centred (Fixture *f)
{
  g_autoptr(GPtrArray) shown = shown_markers (f);
  GtkWidget *map = GTK_WIDGET (diplo_map_view_get_map (f->view));

  g_assert_cmpuint (shown->len, >, 0);
  for (guint i = 0; i < shown->len; i++)
    {
      GtkWidget *marker = g_ptr_array_index (shown, i);
      graphene_rect_t bounds;
      double x, y;

      if (!gtk_widget_get_child_visible (marker))
        continue;

      g_assert_true (gtk_widget_compute_bounds (marker, map, &bounds));
      shumate_viewport_location_to_widget_coords (get_viewport (f), map,
                                                  shumate_location_get_latitude (SHUMATE_LOCATION (marker)),
                                                  shumate_location_get_longitude (SHUMATE_LOCATION (marker)),
                                                  &x, &y);
      g_assert_cmpfloat (fabs (bounds.origin.x + bounds.size.width / 2 - x), <=, 1.0);
      g_assert_cmpfloat (fabs (bounds.origin.y + bounds.size.height / 2 - y), <=, 1.0);
    }
}

/* The markers follow the map as it moves, as it zooms and as they move.
 * As it only moves, they move with the sheet they are on, and are not
 * laid out again. */
static void
test_map_view_markers_follow_the_map (Fixture       *f,
                                      gconstpointer  data)
{
  ShumateMap *map = diplo_map_view_get_map (f->view);
  g_autoptr(GPtrArray) shown = shown_markers (f);
  g_autofree GtkAllocation *before = g_new (GtkAllocation, shown->len);

  assert_markers_centred (f);
  for (guint i = 0; i < shown->len; i++)
    gtk_widget_get_allocation (g_ptr_array_index (shown, i), &before[i]);

  diplo_test_pan_by_pixels (map, 37, -23);
  wait_for_frame (f);
  assert_markers_centred (f);
  for (guint i = 0; i < shown->len; i++)
    {
      GtkAllocation after;

      gtk_widget_get_allocation (g_ptr_array_index (shown, i), &after);
      g_assert_true (gdk_rectangle_equal (&before[i], &after));
    }

  shumate_viewport_set_zoom_level (get_viewport (f), shumate_viewport_get_zoom_level (get_viewport (f)) + 0.5);
  wait_for_frame (f);
  assert_markers_centred (f);

  shumate_location_set_location (SHUMATE_LOCATION (find_place_marker (f, "Moscow")), 59.94, 30.31);
  wait_for_frame (f);
  assert_markers_centred (f);
}

/* Whether a marker's place is inside the map, away from its edges. */
static gboolean
is_well_in_view (Fixture        *f,
                 DiploMapMarker *marker)
{
  GtkWidget *map = GTK_WIDGET (diplo_map_view_get_map (f->view));
  double x, y;

  shumate_viewport_location_to_widget_coords (get_viewport (f), map,
                                              shumate_location_get_latitude (SHUMATE_LOCATION (marker)),
                                              shumate_location_get_longitude (SHUMATE_LOCATION (marker)),
                                              &x, &y);

  return x > 20 && y > 20 && x < gtk_widget_get_width (map) - 20 && y < gtk_widget_get_height (map) - 20;
}

/* A drag brings markers in at the view's edges: those the pool gives
 * clusters anew are placed alone, at their places, and any of another
 * size than they had is laid out to its new one. */
static void
test_map_view_drag_places_markers_coming_in (void)
{
  g_autoptr(GListModel) events = diplo_test_synthetic_events (3000, 77);
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  Fixture fixture = { 0 }, *f = &fixture;
  ShumateMap *map;
  guint n_shown_anew = 0;

  fixture_set_up_with_model (f, events);
  map = diplo_map_view_get_map (f->view);
  shumate_viewport_set_zoom_level (get_viewport (f), 4);
  shumate_map_center_on (map, 30, 20);
  wait_for_frame (f);

  for (guint step = 0; step < 12; step++)
    {
      g_autoptr(GPtrArray) shown = NULL;

      diplo_test_pan_by_pixels (map, 40, step < 6 ? 25 : -25);
      wait_for_frame (f);
      assert_markers_centred (f);

      shown = shown_markers (f);
      for (guint i = 0; i < shown->len; i++)
        {
          GtkWidget *marker = g_ptr_array_index (shown, i);
          DiploPlace *place = diplo_map_marker_get_representative (DIPLO_MAP_MARKER (marker));
          GtkRequisition size;

          if (is_well_in_view (f, DIPLO_MAP_MARKER (marker)))
            g_assert_true (gtk_widget_get_child_visible (marker));
          gtk_widget_get_preferred_size (marker, &size, NULL);
          g_assert_cmpint (gtk_widget_get_width (marker), ==, size.width);
          g_assert_cmpint (gtk_widget_get_height (marker), ==, size.height);
          if (step > 0 && !g_hash_table_contains (seen, place))
            n_shown_anew++;
          g_hash_table_add (seen, place);
        }
    }

  g_assert_cmpuint (n_shown_anew, >, 20);
  fixture_tear_down (f, NULL);
}

/* A cluster's disc holds four digits: totals up to 9999 leave markers as
 * large as each other, which a pool handing markers around relies on. */
static void
test_map_view_cluster_size_follows_digits (void)
{
  g_autoptr(DiploDataset) dataset = diplo_test_dataset_new (features);
  g_autoptr(GPtrArray) places = diplo_place_group_events (diplo_dataset_get_events (dataset), NULL);
  DiploPlace *beijing = g_ptr_array_index (places, 0);
  DiploMapMarker *marker = g_object_ref_sink (diplo_map_marker_new ());
  const guint totals[] = { 7, 5308, 12345 };
  int widths[G_N_ELEMENTS (totals)];

  for (guint i = 0; i < G_N_ELEMENTS (totals); i++)
    {
      diplo_map_marker_show_cluster (marker, 0, beijing, 2, totals[i], 40, 116);
      gtk_widget_measure (GTK_WIDGET (marker), GTK_ORIENTATION_HORIZONTAL, -1,
                          NULL, &widths[i], NULL, NULL);
    }
  g_assert_cmpint (widths[0], ==, widths[1]);
  g_assert_cmpint (widths[2], >, widths[1]);

  g_assert_cmpuint (diplo_map_marker_shape_for (TRUE, 7), ==, diplo_map_marker_shape_for (TRUE, 5308));
  g_assert_cmpuint (diplo_map_marker_shape_for (TRUE, 5308), !=, diplo_map_marker_shape_for (TRUE, 12345));
  g_assert_cmpuint (diplo_map_marker_shape_for (FALSE, 1), !=, diplo_map_marker_shape_for (FALSE, 3));
  g_assert_cmpuint (diplo_map_marker_shape_for (FALSE, 3), ==, diplo_map_marker_shape_for (FALSE, 9));
  g_assert_cmpuint (diplo_map_marker_shape_for (FALSE, 9), !=, diplo_map_marker_shape_for (TRUE, 9));
  g_assert_cmpuint (diplo_map_marker_shape_for (TRUE, G_MAXUINT), <, DIPLO_MAP_MARKER_N_SHAPES);
  g_assert_cmpuint (diplo_map_marker_get_shape (marker), ==, diplo_map_marker_shape_for (TRUE, 12345));

  g_object_unref (marker);
}

static void
test_map_view_one_marker_per_place (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GPtrArray) shown = shown_markers (f);
  GtkWidget *map = GTK_WIDGET (diplo_map_view_get_map (f->view));
  DiploMapMarker *beijing = find_place_marker (f, "Beijing");
  DiploMapMarker *moscow = find_place_marker (f, "Moscow");
  DiploMapMarker *filoli = find_place_marker (f, "Filoli Estate");

  /* The first view fits every place: five markers, all inside the map. */
  g_assert_cmpuint (shown->len, ==, 5);
  for (guint i = 0; i < shown->len; i++)
    {
      GtkWidget *marker = g_ptr_array_index (shown, i);
      graphene_rect_t bounds;

      g_assert_false (diplo_map_marker_get_is_cluster (DIPLO_MAP_MARKER (marker)));
      g_assert_true (gtk_widget_get_child_visible (marker));
      g_assert_true (gtk_widget_compute_bounds (marker, map, &bounds));
      g_assert_cmpfloat (bounds.origin.x, >=, 0);
      g_assert_cmpfloat (bounds.origin.y, >=, 0);
      g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (map));
      g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (map));
    }

  g_assert_nonnull (beijing);
  g_assert_nonnull (moscow);
  g_assert_nonnull (filoli);
  g_assert_cmpuint (diplo_map_marker_get_n_events (beijing), ==, 3);
  g_assert_cmpuint (diplo_map_marker_get_n_events (moscow), ==, 2);
  g_assert_cmpuint (diplo_map_marker_get_n_events (filoli), ==, 1);
  g_assert_cmpfloat_with_epsilon (shumate_location_get_latitude (SHUMATE_LOCATION (moscow)),
                                  55.752, 1e-9);
  g_assert_cmpfloat_with_epsilon (shumate_location_get_longitude (SHUMATE_LOCATION (moscow)),
                                  37.6175, 1e-9);
}

static void
test_map_view_accessible_labels (Fixture       *f,
                                 gconstpointer  data)
{
  DiploMapMarker *moscow = find_place_marker (f, "Moscow");
  DiploMapMarker *filoli = find_place_marker (f, "Filoli Estate");
  DiploPlace *place = diplo_map_marker_get_place (moscow);
  g_autofree char *first = diplo_event_format_dates (diplo_place_get_event (place, 0));
  g_autofree char *second = diplo_event_format_dates (diplo_place_get_event (place, 1));
  DiploEvent *summit = diplo_place_get_event (diplo_map_marker_get_place (filoli), 0);
  g_autofree char *dates = diplo_event_format_dates (summit);
  g_autofree char *moscow_label = g_strdup_printf ("Moscow: 2 events, %s; %s", first, second);
  g_autofree char *filoli_label = g_strdup_printf ("Filoli Estate: 1 event, %s", dates);
  GtkButton *button = diplo_map_marker_get_button (moscow);

  g_assert_cmpstr (first, ==, "March 20–22, 2023");
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_ROLE_BUTTON);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       moscow_label);
  g_assert_cmpstr (diplo_test_marker_tooltip (moscow), ==, moscow_label);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (diplo_map_marker_get_button (filoli)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, filoli_label);

  /* Reachable with Tab. */
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (button)));
}

static gboolean
only_russia (gpointer item,
             gpointer user_data)
{
  return g_strcmp0 (diplo_event_get_country (item), "RU") == 0;
}

/* Markers not in use wait in the pool as visible widgets, out of view:
 * hiding them would restyle every marker beside them. Those in use are
 * in view. Returns how many wait. */
static guint
assert_pool_out_of_view (Fixture *f)
{
  GtkWidget *sheet = find_layer (f, DIPLO_TYPE_MARKER_SHEET);
  guint n_waiting = 0;

  wait_for_frame (f);
  for (GtkWidget *marker = gtk_widget_get_first_child (sheet);
       marker != NULL;
       marker = gtk_widget_get_next_sibling (marker))
    {
      gboolean in_use = diplo_map_marker_get_cluster (DIPLO_MAP_MARKER (marker)) != DIPLO_MAP_MARKER_UNUSED;

      g_assert_true (gtk_widget_get_visible (marker));
      g_assert_true (gtk_widget_get_mapped (marker) == in_use);
      n_waiting += !in_use;
    }

  return n_waiting;
}

static void
test_map_view_filter_changes_markers (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(GtkCustomFilter) filter = gtk_custom_filter_new (only_russia, NULL, NULL);
  g_autoptr(GPtrArray) filtered = NULL;
  g_autoptr(GPtrArray) unfiltered = NULL;
  DiploCountryLayer *countries = DIPLO_COUNTRY_LAYER (find_layer (f, DIPLO_TYPE_COUNTRY_LAYER));
  const char *all_countries[] = { "CN", "HK", "RU", "US", "ZA", NULL };
  const char *russia[] = { "RU", NULL };
  DiploMapMarker *moscow;
  DiploPlace *place;
  guint cluster;

  g_assert_true (g_strv_equal (diplo_country_layer_get_countries (countries), all_countries));

  gtk_filter_list_model_set_filter (f->filtered, GTK_FILTER (filter));

  filtered = shown_markers (f);
  g_assert_cmpuint (filtered->len, ==, 1);
  place = diplo_map_marker_get_place (g_ptr_array_index (filtered, 0));
  g_assert_cmpstr (diplo_place_get_name (place), ==, "Moscow");
  g_assert_null (find_place_marker (f, "Beijing"));
  g_assert_true (g_strv_equal (diplo_country_layer_get_countries (countries), russia));
  g_assert_cmpuint (assert_pool_out_of_view (f), ==, 4);

  gtk_filter_list_model_set_filter (f->filtered, NULL);

  unfiltered = shown_markers (f);
  g_assert_cmpuint (unfiltered->len, ==, 5);
  g_assert_nonnull (find_place_marker (f, "Beijing"));
  g_assert_cmpuint (assert_pool_out_of_view (f), ==, 0);

  /* Out of use and back where it was, which moves nothing. */
  moscow = find_place_marker (f, "Moscow");
  cluster = diplo_map_marker_get_cluster (moscow);
  place = g_object_ref (diplo_map_marker_get_place (moscow));
  diplo_map_marker_clear (moscow);
  g_assert_cmpuint (assert_pool_out_of_view (f), ==, 1);
  diplo_map_marker_show_place (moscow, cluster, place);
  g_assert_cmpuint (assert_pool_out_of_view (f), ==, 0);
  g_object_unref (place);
}

static gboolean
not_russia (gpointer item,
            gpointer user_data)
{
  return !only_russia (item, user_data);
}

static GListModel *
filter_events (Fixture           *f,
               GtkCustomFilterFunc match)
{
  GListModel *events = gtk_filter_list_model_get_model (f->filtered);

  return G_LIST_MODEL (gtk_filter_list_model_new (g_object_ref (events),
                                                  GTK_FILTER (gtk_custom_filter_new (match, NULL, NULL))));
}

/* The routes and the tint drawn ahead for events are those the map makes
 * for them once it shows them: the image then serves, and is no longer
 * kept ahead. The events shown are not drawn ahead again. */
static void
test_map_view_drawn_ahead_serves_the_same_events (Fixture       *f,
                                                  gconstpointer  data)
{
  g_autoptr(GtkCustomFilter) russia = gtk_custom_filter_new (only_russia, NULL, NULL);
  g_autoptr(GtkCustomFilter) elsewhere = gtk_custom_filter_new (not_russia, NULL, NULL);
  g_autoptr(GListModel) russian_events = NULL;
  g_autoptr(GListModel) other_events = NULL;
  DiploCachedLayer *routes = DIPLO_CACHED_LAYER (find_layer (f, DIPLO_TYPE_ROUTE_LAYER));

  gtk_filter_list_model_set_filter (f->filtered, GTK_FILTER (russia));
  wait_for_frame (f);
  g_assert_cmpuint (diplo_route_layer_get_n_routes (DIPLO_ROUTE_LAYER (routes)), ==, 1);

  other_events = filter_events (f, not_russia);
  diplo_map_view_draw_ahead (f->view, other_events);
  g_assert_cmpuint (diplo_cached_layer_get_n_ahead (routes), ==, 1);
  russian_events = filter_events (f, only_russia);
  diplo_map_view_draw_ahead (f->view, russian_events);
  g_assert_cmpuint (diplo_cached_layer_get_n_ahead (routes), ==, 1);

  gtk_filter_list_model_set_filter (f->filtered, GTK_FILTER (elsewhere));
  g_assert_cmpuint (diplo_route_layer_get_n_routes (DIPLO_ROUTE_LAYER (routes)), ==, 2);
  g_assert_cmpuint (diplo_cached_layer_get_n_ahead (routes), ==, 0);
}

static GtkWidget *
find_basemap_layer (Fixture *f)
{
  return diplo_test_find_descendant (GTK_WIDGET (f->view), SHUMATE_TYPE_MAP_LAYER);
}

/* Draws frames until the basemap's layer is hidden. */
static gboolean
basemap_layer_is_hidden (gpointer data)
{
  Fixture *f = data;

  gtk_widget_queue_draw (GTK_WIDGET (f->view));

  return gtk_widget_get_opacity (find_basemap_layer (f)) == 0;
}

static guchar *
download (GdkTexture *texture)
{
  guchar *pixels = g_malloc (gdk_texture_get_width (texture) * 4 * gdk_texture_get_height (texture));

  gdk_texture_download (texture, pixels, gdk_texture_get_width (texture) * 4);

  return pixels;
}

/* Bytes of the two images, as large, that differ by more than a rounding. */
static guint
count_different_bytes (GdkTexture *a,
                       GdkTexture *b)
{
  g_autofree guchar *pixels_a = download (a);
  g_autofree guchar *pixels_b = download (b);
  gsize n_bytes = (gsize) gdk_texture_get_width (a) * 4 * gdk_texture_get_height (a);
  guint n_different = 0;

  g_assert_cmpint (gdk_texture_get_width (a), ==, gdk_texture_get_width (b));
  g_assert_cmpint (gdk_texture_get_height (a), ==, gdk_texture_get_height (b));
  for (gsize i = 0; i < n_bytes; i++)
    n_different += ABS (pixels_a[i] - pixels_b[i]) > 2;

  return n_different;
}

/* Centred on a place between pixels, the map looks as with the layer's
 * own tiles once the markers' composite covers the view and the layer is
 * hidden. */
static void
assert_basemap_as_tiles (Fixture *f,
                         double   latitude,
                         double   longitude)
{
  DiploMarkerLayer *markers = DIPLO_MARKER_LAYER (find_layer (f, DIPLO_TYPE_MARKER_LAYER));
  g_autoptr(GdkTexture) composited = NULL;
  g_autoptr(GdkTexture) tiled = NULL;

  shumate_map_center_on (diplo_map_view_get_map (f->view), latitude, longitude);
  diplo_test_wait_for (basemap_layer_is_hidden, f);
  composited = diplo_export_render_widget (GTK_WIDGET (f->view), 0, 0, NULL, NULL);
  g_assert_nonnull (composited);

  diplo_marker_layer_set_basemap (markers, NULL, 0, NULL);
  g_assert_cmpfloat (gtk_widget_get_opacity (find_basemap_layer (f)), ==, 1);
  tiled = diplo_export_render_widget (GTK_WIDGET (f->view), 0, 0, NULL, NULL);
  /* Each tile of the layer spills a pixel over its neighbours, its edge
   * repeated: lines crossing the tiles' seams differ there, a few hundred
   * bytes. The whole basemap a pixel off differs in a hundred thousand. */
  g_assert_cmpuint (count_different_bytes (composited, tiled), <,
                    gdk_texture_get_width (tiled) * gdk_texture_get_height (tiled) * 4 / 1000);

  diplo_marker_layer_set_basemap (markers, diplo_basemap_get_default (NULL), 256,
                                  find_basemap_layer (f));
}

/* The basemap's layer is hidden while the markers' composite holds the
 * basemap under the routes over the whole view, and the map looks the
 * same; a new content shows the layer again in its first frame. */
static void
test_map_view_basemap_under_markers (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GtkCustomFilter) russia = gtk_custom_filter_new (only_russia, NULL, NULL);

  shumate_viewport_set_zoom_level (get_viewport (f), 3);
  /* At that zoom, the view's centre four fifths, then a fifth of a pixel
   * past whole pixels: cutting it and rounding it differ in the second. */
  assert_basemap_as_tiles (f, 40.123, 90.321);
  assert_basemap_as_tiles (f, 40.0, 90.2109375);

  diplo_test_wait_for (basemap_layer_is_hidden, f);
  gtk_filter_list_model_set_filter (f->filtered, GTK_FILTER (russia));
  wait_for_frame (f);
  g_assert_cmpfloat (gtk_widget_get_opacity (find_basemap_layer (f)), ==, 1);
}

static gboolean
all_but_m2 (gpointer item,
            gpointer user_data)
{
  return !g_str_equal (diplo_event_get_id (item), "m2");
}

static gboolean
none (gpointer item,
      gpointer user_data)
{
  return FALSE;
}

static DiploPlace *
shown_place (Fixture    *f,
             const char *name)
{
  DiploMapMarker *marker = find_place_marker (f, name);

  g_assert_nonnull (marker);
  return diplo_map_marker_get_place (marker);
}

/* Places grouped for the events drawn ahead, or shown before, are those
 * the map shows when the selection holds the same events again, until
 * another dataset comes. */
static void
test_map_view_kept_groupings_serve_the_same_events (Fixture       *f,
                                                    gconstpointer  data)
{
  g_autoptr(GtkCustomFilter) russia = gtk_custom_filter_new (only_russia, NULL, NULL);
  g_autoptr(GtkCustomFilter) elsewhere = gtk_custom_filter_new (not_russia, NULL, NULL);
  g_autoptr(GListModel) other_events = filter_events (f, not_russia);
  g_autoptr(DiploDataset) other = diplo_test_dataset_new (features);
  g_autoptr(DiploPlaceGrouping) other_grouping =
    diplo_place_grouping_new (diplo_dataset_get_events (other));
  g_autoptr(DiploPlace) moscow = NULL;
  g_autoptr(DiploPlace) beijing = NULL;

  gtk_filter_list_model_set_filter (f->filtered, GTK_FILTER (russia));
  moscow = g_object_ref (shown_place (f, "Moscow"));
  diplo_map_view_draw_ahead (f->view, other_events);
  gtk_filter_list_model_set_filter (f->filtered, GTK_FILTER (elsewhere));
  beijing = g_object_ref (shown_place (f, "Beijing"));

  gtk_filter_list_model_set_filter (f->filtered, GTK_FILTER (russia));
  g_assert_true (shown_place (f, "Moscow") == moscow);
  gtk_filter_list_model_set_filter (f->filtered, GTK_FILTER (elsewhere));
  g_assert_true (shown_place (f, "Beijing") == beijing);

  /* The same events, but another filter's: still the same places. */
  gtk_filter_list_model_set_filter (f->filtered, GTK_FILTER (russia));
  diplo_map_view_draw_ahead (f->view, other_events);
  gtk_filter_list_model_set_filter (f->filtered, GTK_FILTER (elsewhere));
  g_assert_true (shown_place (f, "Beijing") == beijing);

  diplo_map_view_set_place_grouping (f->view, other_grouping);
  gtk_filter_list_model_set_filter (f->filtered, GTK_FILTER (russia));
  g_assert_true (shown_place (f, "Moscow") != moscow);
  g_assert_cmpuint (diplo_place_get_n_events (shown_place (f, "Moscow")), ==, 2);
}

/* What the map makes of the places: their points, the routes of the
 * first places with a journey abroad, and clusters made once a level. */
static void
test_map_view_map_places (void)
{
  g_autoptr(DiploDataset) dataset = diplo_test_dataset_new (features);
  g_autoptr(DiploPlaceGrouping) grouping =
    diplo_place_grouping_new (diplo_dataset_get_events (dataset));
  g_autoptr(DiploMapPlaces) places = diplo_map_places_new (grouping, 1);
  GPtrArray *grouped = diplo_place_grouping_get_places (grouping);
  const guint *route_of_place = diplo_map_places_get_route_of_place (places);
  GArray *ends = diplo_map_places_get_route_ends (places);
  DiploClustering *clustering;
  double x, y;

  /* Beijing, Moscow, Hong Kong, Johannesburg, Filoli: Moscow's state
   * visit is the first journey abroad; one route only. */
  g_assert_cmpuint (grouped->len, ==, 5);
  g_assert_cmpstr (diplo_place_get_name (g_ptr_array_index (grouped, 1)), ==, "Moscow");
  g_assert_cmpuint (route_of_place[0], ==, DIPLO_PLACE_NONE);
  g_assert_cmpuint (route_of_place[1], ==, 0);
  for (guint i = 2; i < grouped->len; i++)
    g_assert_cmpuint (route_of_place[i], ==, DIPLO_PLACE_NONE);
  g_assert_cmpuint (ends->len, ==, 4);
  g_assert_cmpfloat (g_array_index (ends, double, 0), ==, DIPLO_ROUTE_ORIGIN_LATITUDE);
  g_assert_cmpfloat (g_array_index (ends, double, 2), ==, 55.752);
  g_assert_cmpfloat (g_array_index (ends, double, 3), ==, 37.6175);

  diplo_mercator_project (55.752, 37.6175, &x, &y);
  g_assert_cmpfloat (diplo_map_places_get_points (places)[1].x, ==, x);
  g_assert_cmpfloat (diplo_map_places_get_points (places)[1].y, ==, y);
  g_assert_cmpfloat (diplo_map_places_get_points (places)[1].weight, ==, 2);

  clustering = diplo_map_places_get_clustering (places, 3, 256);
  g_assert_true (diplo_map_places_get_clustering (places, 3, 256) == clustering);
  g_assert_true (diplo_map_places_get_clustering (places, 4, 256) != clustering);
  /* Twice the tile size, the world is twice as large: the clusters at a
   * level are those of the next level with the smaller tiles. */
  for (guint level = 0; level < 4; level++)
    g_assert_cmpuint (diplo_clustering_get_n_clusters (diplo_map_places_get_clustering (places, level, 512)), ==,
                      diplo_clustering_get_n_clusters (diplo_map_places_get_clustering (places, level + 1, 256)));
  /* Two places share a cluster at level 1 with the smaller tiles only. */
  g_assert_cmpuint (diplo_clustering_get_n_clusters (diplo_map_places_get_clustering (places, 1, 256)), <,
                    diplo_clustering_get_n_clusters (diplo_map_places_get_clustering (places, 1, 512)));
}

/* Places grouped in advance stand for the selection's only while the
 * filter passes every event of the model they were grouped from. */
static void
test_map_view_place_grouping (Fixture       *f,
                              gconstpointer  data)
{
  GListModel *events = gtk_filter_list_model_get_model (f->filtered);
  g_autoptr(DiploPlaceGrouping) grouping = diplo_place_grouping_new (events);
  g_autoptr(DiploDataset) other = diplo_test_dataset_new (features);
  g_autoptr(DiploPlaceGrouping) other_grouping =
    diplo_place_grouping_new (diplo_dataset_get_events (other));
  g_autoptr(GtkCustomFilter) filter = gtk_custom_filter_new (all_but_m2, NULL, NULL);
  DiploPlace *grouped_moscow = g_ptr_array_index (diplo_place_grouping_get_places (grouping), 1);
  DiploCountryLayer *countries = DIPLO_COUNTRY_LAYER (find_layer (f, DIPLO_TYPE_COUNTRY_LAYER));
  const char *all_countries[] = { "CN", "HK", "RU", "US", "ZA", NULL };

  g_assert_cmpstr (diplo_place_get_name (grouped_moscow), ==, "Moscow");
  diplo_map_view_set_place_grouping (f->view, grouping);

  gtk_filter_list_model_set_filter (f->filtered, GTK_FILTER (filter));
  g_assert_true (shown_place (f, "Moscow") != grouped_moscow);
  g_assert_cmpuint (diplo_place_get_n_events (shown_place (f, "Moscow")), ==, 1);

  g_assert_true (g_strv_equal (diplo_country_layer_get_countries (countries), all_countries));

  gtk_filter_list_model_set_filter (f->filtered, NULL);
  g_assert_true (shown_place (f, "Moscow") == grouped_moscow);
  g_assert_true (g_strv_equal (diplo_country_layer_get_countries (countries), all_countries));
  g_assert_true (g_ptr_array_find (diplo_place_grouping_get_places (grouping),
                                 shown_place (f, "Beijing"), NULL));

  /* Grouped from another model, even with the same events: not used. */
  diplo_map_view_set_place_grouping (f->view, other_grouping);
  gtk_filter_list_model_set_filter (f->filtered, GTK_FILTER (filter));
  gtk_filter_list_model_set_filter (f->filtered, NULL);
  g_assert_false (g_ptr_array_find (diplo_place_grouping_get_places (other_grouping),
                                    shown_place (f, "Moscow"), NULL));
  g_assert_cmpuint (diplo_place_get_n_events (shown_place (f, "Moscow")), ==, 2);

  diplo_map_view_set_place_grouping (f->view, NULL);
}

/* The texts of the labels and inscriptions that @widget shows, each in
 * brackets. */
static void
append_shown_texts (GtkWidget *widget,
                    GString   *texts)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_is_drawable (widget))
    g_string_append_printf (texts, "[%s]", gtk_label_get_text (GTK_LABEL (widget)));
  if (GTK_IS_INSCRIPTION (widget) && gtk_widget_is_drawable (widget))
    g_string_append_printf (texts, "[%s]", gtk_inscription_get_text (GTK_INSCRIPTION (widget)));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    append_shown_texts (child, texts);
}

/* What a marker shows, as a person sees and hears it: kind, spot, count,
 * visible labels, tooltip, screen-reader label and highlight. */
static char *
describe_marker (DiploMapMarker *marker)
{
  GtkWidget *button = GTK_WIDGET (diplo_map_marker_get_button (marker));
  g_autoptr(GString) texts = g_string_new (NULL);

  append_shown_texts (button, texts);

  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (button),
                                                   GTK_ACCESSIBLE_PROPERTY_LABEL));

  return g_strdup_printf ("%s %.6f %.6f n=%u %s tooltip=%s%s%s%s",
                          diplo_map_marker_get_is_cluster (marker) ? "cluster" : "place",
                          shumate_location_get_latitude (SHUMATE_LOCATION (marker)),
                          shumate_location_get_longitude (SHUMATE_LOCATION (marker)),
                          diplo_map_marker_get_n_events (marker), texts->str,
                          diplo_test_marker_tooltip (marker),
                          gtk_widget_has_css_class (button, "cluster") ? " .cluster" : "",
                          gtk_widget_has_css_class (button, "place") ? " .place" : "",
                          gtk_widget_has_css_class (button, "selected") ? " .selected" : "");
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/* Every shown marker's description, sorted. */
static GPtrArray *
describe_markers (DiploMapView *view)
{
  g_autoptr(GPtrArray) shown = diplo_test_shown_markers (view);
  GPtrArray *descriptions = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < shown->len; i++)
    g_ptr_array_add (descriptions, describe_marker (g_ptr_array_index (shown, i)));
  g_ptr_array_sort (descriptions, compare_strings);

  return descriptions;
}

/* The markers of @f's view show what a new view of the same selection, at
 * the same size, centre and zoom, shows. */
static void
assert_markers_as_fresh (Fixture *f)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  DiploMapView *fresh = DIPLO_MAP_VIEW (diplo_map_view_new ());
  ShumateMap *map = diplo_map_view_get_map (fresh);
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GPtrArray) found = NULL;
  double latitude, longitude;
  Fixture other = { window, fresh, f->filtered, f->selection };

  gtk_window_set_default_size (window, 1000, 700);
  gtk_window_set_child (window, GTK_WIDGET (fresh));
  gtk_window_present (window);
  wait_for_frame (&other);
  diplo_map_view_set_selection (fresh, f->selection);
  get_centre (f, &latitude, &longitude);
  shumate_viewport_set_zoom_level (shumate_map_get_viewport (map), get_zoom (f));
  shumate_map_center_on (map, latitude, longitude);
  wait_for_frame (&other);
  wait_for_frame (f);

  expected = describe_markers (fresh);
  found = describe_markers (f->view);
  g_assert_cmpuint (found->len, ==, expected->len);
  for (guint i = 0; i < found->len; i++)
    g_assert_cmpstr (g_ptr_array_index (found, i), ==, g_ptr_array_index (expected, i));

  gtk_window_destroy (window);
}

static gboolean
no_moscow_nor_b2 (gpointer item,
                  gpointer user_data)
{
  return g_strcmp0 (diplo_event_get_place (item), "Moscow") != 0 &&
         !g_str_equal (diplo_event_get_id (item), "m2") &&
         !g_str_equal (diplo_event_get_id (item), "b2");
}

static DiploMapMarker *
find_marker_at (Fixture *f,
                double   latitude,
                double   longitude)
{
  g_autoptr(GPtrArray) shown = shown_markers (f);

  for (guint i = 0; i < shown->len; i++)
    {
      DiploPlace *place = diplo_map_marker_get_representative (g_ptr_array_index (shown, i));

      if (diplo_place_get_latitude (place) == latitude &&
          diplo_place_get_longitude (place) == longitude)
        return g_ptr_array_index (shown, i);
    }

  return NULL;
}

/* A filter change regroups the places, but a place or cluster still shown
 * keeps its marker, changed only where it shows something else; every
 * marker shows what a fresh view would, at every zoom level. Moscow, the
 * first place from the north-west, goes: the markers after it would show
 * other places if they were dealt out again in order. */
static void
test_map_view_filter_keeps_markers (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GtkCustomFilter) filter = gtk_custom_filter_new (no_moscow_nor_b2, NULL, NULL);
  static const double spots[][2] = {
    { 39.9042, 116.4074 }, { 22.3193, 114.1694 }, { -26.2041, 28.0473 }, { 37.4702, -122.3105 },
  };
  ShumateMap *map = diplo_map_view_get_map (f->view);

  for (double zoom = 0.0; zoom <= 4.0; zoom += 1.0)
    {
      DiploMapMarker *kept[G_N_ELEMENTS (spots)];
      DiploMapMarker *beijing;

      gtk_filter_list_model_set_filter (f->filtered, NULL);
      shumate_viewport_set_zoom_level (get_viewport (f), zoom);
      shumate_map_center_on (map, 20.0, 40.0);
      wait_for_frame (f);
      wait_for_frame (f);
      assert_markers_as_fresh (f);

      for (guint i = 0; i < G_N_ELEMENTS (spots); i++)
        kept[i] = find_marker_at (f, spots[i][0], spots[i][1]);
      beijing = find_place_marker (f, "Beijing");

      gtk_filter_list_model_set_filter (f->filtered, GTK_FILTER (filter));
      g_assert_cmpfloat (get_zoom (f), ==, zoom);
      wait_for_frame (f);

      /* Markers named by a place still shown stay the same widgets. */
      for (guint i = 0; i < G_N_ELEMENTS (spots); i++)
        if (kept[i] != NULL)
          g_assert_true (find_marker_at (f, spots[i][0], spots[i][1]) == kept[i]);

      /* Beijing lost an event: the same marker, relabelled. */
      if (beijing != NULL)
        {
          g_assert_true (find_place_marker (f, "Beijing") == beijing);
          g_assert_cmpuint (diplo_map_marker_get_n_events (beijing), ==, 2);
        }

      assert_markers_as_fresh (f);
    }
}

/* A marker relabelled while it has the keyboard keeps it. */
static void
test_map_view_relabel_keeps_focus (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GtkCustomFilter) filter = gtk_custom_filter_new (no_moscow_nor_b2, NULL, NULL);
  DiploMapMarker *beijing = find_place_marker (f, "Beijing");
  GtkWidget *button = GTK_WIDGET (diplo_map_marker_get_button (beijing));
  const char *before;

  g_assert_true (gtk_widget_grab_focus (button));
  g_assert_true (gtk_widget_is_focus (button));
  before = diplo_test_marker_tooltip (beijing);
  g_assert_nonnull (strstr (before, "3 events"));

  gtk_filter_list_model_set_filter (f->filtered, GTK_FILTER (filter));
  wait_for_frame (f);

  g_assert_true (find_place_marker (f, "Beijing") == beijing);
  g_assert_nonnull (strstr (diplo_test_marker_tooltip (beijing), "2 events"));
  g_assert_true (gtk_widget_is_focus (button));
  g_assert_true (gtk_widget_get_visible (button));
}

static void
test_map_view_activate_selects (Fixture       *f,
                                gconstpointer  data)
{
  DiploMapMarker *filoli = find_place_marker (f, "Filoli Estate");
  DiploEvent *selected;

  g_assert_null (get_selected_id (f));

  activate_button (diplo_map_marker_get_button (filoli));
  wait_for_frame (f);

  selected = gtk_single_selection_get_selected_item (f->selection);
  g_assert_nonnull (selected);
  g_assert_cmpstr (diplo_event_get_id (selected), ==, "s1");

  /* The selected place stands out, once the view has moved to it too. */
  filoli = find_place_marker (f, "Filoli Estate");
  g_assert_nonnull (filoli);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (diplo_map_marker_get_button (filoli)),
                                           "selected"));
}

static void
on_popover_map (GtkWidget *popover,
                gboolean  *shown)
{
  *shown = TRUE;
}

static gboolean
menu_item_is_active (GtkWidget *item)
{
  gboolean active = FALSE;

  g_object_get (item, "active", &active, NULL);
  return active;
}

/* The layer menu holds every item, tied to the view's actions. */
static void
test_map_view_layer_menu (Fixture       *f,
                          gconstpointer  data)
{
  GtkMenuButton *button = GTK_MENU_BUTTON (diplo_test_find_descendant (GTK_WIDGET (f->view),
                                                                       GTK_TYPE_MENU_BUTTON));
  GtkWidget *popover = diplo_test_open_menu_button (button);

  g_assert_true (GTK_IS_POPOVER_MENU (popover));
  diplo_test_assert_menu_shown (gtk_menu_button_get_menu_model (button), popover);
  g_assert_cmpstr (diplo_map_view_get_map_layer (f->view), ==, "offline");
  g_assert_true (menu_item_is_active (diplo_test_find_menu_item (popover, "Offline Map")));
  g_assert_false (menu_item_is_active (diplo_test_find_menu_item (popover, "OpenStreetMap")));

  g_assert_true (gtk_widget_activate (diplo_test_find_menu_item (popover, "Show All Places")));
  diplo_test_wait_for (diplo_test_is_unmapped, popover);
}

static void
test_map_view_several_events_popover (Fixture       *f,
                                      gconstpointer  data)
{
  DiploMapMarker *beijing = find_place_marker (f, "Beijing");
  /* The view's own child, not the layer menu's popover. */
  GtkWidget *popover = gtk_widget_get_last_child (GTK_WIDGET (f->view));
  GtkListBox *list = GTK_LIST_BOX (diplo_test_find_descendant (popover, GTK_TYPE_LIST_BOX));
  gboolean shown = FALSE;
  GtkWidget *row;
  GtkWidget *title;

  g_signal_connect (popover, "map", G_CALLBACK (on_popover_map), &shown);
  g_assert_true (has_css_class (beijing, "place"));
  activate_button (diplo_map_marker_get_button (beijing));

  /* No selection yet: a choice is asked for. */
  g_assert_true (GTK_IS_POPOVER (popover));
  g_assert_true (shown);
  g_assert_null (get_selected_id (f));
  g_assert_nonnull (gtk_list_box_get_row_at_index (list, 2));
  g_assert_null (gtk_list_box_get_row_at_index (list, 3));

  row = GTK_WIDGET (gtk_list_box_get_row_at_index (list, 1));
  title = gtk_widget_get_last_child (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row)));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (title)), ==, "April meeting");

  gtk_widget_activate (row);

  g_assert_cmpstr (get_selected_id (f), ==, "b2");
  g_assert_false (gtk_widget_get_visible (popover));
  g_signal_handlers_disconnect_by_data (popover, &shown);
}

static void
assert_centre_near (Fixture *f,
                    double   latitude,
                    double   longitude)
{
  double centre_latitude, centre_longitude;

  get_centre (f, &centre_latitude, &centre_longitude);
  g_assert_cmpfloat_with_epsilon (centre_latitude, latitude, 0.01);
  g_assert_cmpfloat_with_epsilon (centre_longitude, longitude, 0.01);
}

static void
test_map_view_selection_moves_map (Fixture       *f,
                                   gconstpointer  data)
{
  gtk_single_selection_set_selected (f->selection, find_position (f, "j1"));

  assert_centre_near (f, -26.2041, 28.0473);
  g_assert_cmpfloat (get_zoom (f), >=, DIPLO_MAP_VIEW_SELECTED_MIN_ZOOM);
}

typedef struct
{
  Fixture *fixture;
  double   latitude;
  double   longitude;
} Destination;

static gboolean
arrived (gpointer data)
{
  Destination *destination = data;
  double latitude, longitude;

  get_centre (destination->fixture, &latitude, &longitude);

  return fabs (latitude - destination->latitude) < 0.01 &&
         fabs (longitude - destination->longitude) < 0.01 &&
         shumate_map_get_state (diplo_map_view_get_map (destination->fixture->view))
         == SHUMATE_STATE_NONE;
}

static void
test_map_view_selection_animates (Fixture       *f,
                                  gconstpointer  data)
{
  Destination moscow = { f, 55.752, 37.6175 };
  double zoom;

  shumate_map_set_go_to_duration (diplo_map_view_get_map (f->view), 200);
  set_animations (TRUE);

  /* Closer than the minimum already: the map keeps the zoom. */
  shumate_viewport_set_zoom_level (get_viewport (f), 6.0);
  zoom = get_zoom (f);
  gtk_single_selection_set_selected (f->selection, find_position (f, "m2"));
  diplo_test_wait_for (arrived, &moscow);

  g_assert_cmpfloat_with_epsilon (get_zoom (f), zoom, 1e-9);
  set_animations (FALSE);
}

static void
test_map_view_null_geometry_keeps_centre (Fixture       *f,
                                          gconstpointer  data)
{
  double latitude, longitude, zoom = get_zoom (f);

  get_centre (f, &latitude, &longitude);

  gtk_single_selection_set_selected (f->selection, find_position (f, "c1"));
  wait_for_frame (f);

  g_assert_cmpstr (get_selected_id (f), ==, "c1");
  assert_centre_near (f, latitude, longitude);
  g_assert_cmpfloat (get_zoom (f), ==, zoom);
}

static DiploMapMarker *
find_cluster_marker (Fixture *f)
{
  g_autoptr(GPtrArray) shown = shown_markers (f);

  for (guint i = 0; i < shown->len; i++)
    if (diplo_map_marker_get_is_cluster (g_ptr_array_index (shown, i)))
      return g_ptr_array_index (shown, i);

  return NULL;
}

static void
test_map_view_cluster_zooms_in (Fixture       *f,
                                gconstpointer  data)
{
  ShumateMap *map = diplo_map_view_get_map (f->view);
  DiploMapMarker *cluster;
  g_autofree char *label = NULL;

  shumate_viewport_set_zoom_level (shumate_map_get_viewport (map), 0.0);
  shumate_map_center_on (map, 20.0, 0.0);
  wait_for_frame (f);

  /* Beijing and Hong Kong are 15 pixels apart at zoom 0. */
  cluster = find_cluster_marker (f);
  g_assert_nonnull (cluster);
  g_assert_cmpuint (diplo_map_marker_get_n_events (cluster), ==, 4);
  g_assert_true (has_css_class (cluster, "cluster"));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (diplo_map_marker_get_button (cluster)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Beijing and 1 other place. 4 events. Activate to zoom in.");

  activate_button (diplo_map_marker_get_button (cluster));
  wait_for_frame (f);

  g_assert_cmpfloat (get_zoom (f), >=, 1.0);
  g_assert_null (find_cluster_marker (f));
  g_assert_nonnull (find_place_marker (f, "Beijing"));
  g_assert_nonnull (find_place_marker (f, "Hong Kong"));
}

static void
test_map_view_routes (Fixture       *f,
                      gconstpointer  data)
{
  DiploRouteLayer *routes = DIPLO_ROUTE_LAYER (find_layer (f, DIPLO_TYPE_ROUTE_LAYER));
  int moscow;

  /* State visits and summits abroad: Moscow, Johannesburg, Filoli. */
  g_assert_cmpuint (diplo_route_layer_get_n_routes (routes), ==, 3);
  g_assert_cmpint (diplo_route_layer_get_highlighted (routes), ==, -1);

  gtk_single_selection_set_selected (f->selection, find_position (f, "m1"));
  moscow = diplo_route_layer_get_highlighted (routes);
  g_assert_cmpint (moscow, >=, 0);

  gtk_single_selection_set_selected (f->selection, find_position (f, "j1"));
  g_assert_cmpint (diplo_route_layer_get_highlighted (routes), >=, 0);
  g_assert_cmpint (diplo_route_layer_get_highlighted (routes), !=, moscow);

  /* A meeting in Moscow is no journey of its own. */
  gtk_single_selection_set_selected (f->selection, find_position (f, "m2"));
  g_assert_cmpint (diplo_route_layer_get_highlighted (routes), ==, -1);
}

static gboolean
routes_shown (gpointer layer)
{
  return diplo_cached_layer_shows_content (layer);
}

/* A worker thread draws the routes of a new filter: until a frame has
 * shown them, the route layer says that it shows what was. */
static void
test_map_view_routes_shown_after_change (Fixture       *f,
                                         gconstpointer  data)
{
  GtkWidget *routes = find_layer (f, DIPLO_TYPE_ROUTE_LAYER);
  g_autoptr(GtkCustomFilter) filter = gtk_custom_filter_new (only_russia, NULL, NULL);

  diplo_test_wait_for (routes_shown, routes);

  gtk_filter_list_model_set_filter (f->filtered, GTK_FILTER (filter));
  g_assert_cmpuint (diplo_route_layer_get_n_routes (DIPLO_ROUTE_LAYER (routes)), ==, 1);
  g_assert_false (diplo_cached_layer_shows_content (DIPLO_CACHED_LAYER (routes)));
  diplo_test_wait_for (routes_shown, routes);

  gtk_filter_list_model_set_filter (f->filtered, NULL);
  g_assert_false (diplo_cached_layer_shows_content (DIPLO_CACHED_LAYER (routes)));
  diplo_test_wait_for (routes_shown, routes);
}

typedef struct
{
  guint8 red;
  guint8 green;
  guint8 blue;
} Pixel;

typedef struct
{
  Fixture      *fixture;
  GdkPaintable *paintable;  /* what the map showed in its last frame */
  guchar       *pixels;
  int           width;
  int           height;
  Pixel         russia;
  Pixel         kazakhstan;
  Pixel         arc;
} Probe;

/* Renders the map's last frame as the window did. */
static gboolean
probe_render (Probe *probe)
{
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (probe->fixture->window));
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  probe->width = gdk_paintable_get_intrinsic_width (probe->paintable);
  probe->height = gdk_paintable_get_intrinsic_height (probe->paintable);
  gdk_paintable_snapshot (probe->paintable, snapshot, probe->width, probe->height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return FALSE;

  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, probe->width, probe->height));
  g_free (probe->pixels);
  probe->pixels = g_malloc (probe->width * probe->height * 4);
  gdk_texture_download (texture, probe->pixels, probe->width * 4);

  return TRUE;
}

static Pixel
probe_read (Probe  *probe,
            double  latitude,
            double  longitude)
{
  GtkWidget *map = GTK_WIDGET (diplo_map_view_get_map (probe->fixture->view));
  guchar *bgra;
  double x, y;

  shumate_viewport_location_to_widget_coords (get_viewport (probe->fixture), map,
                                              latitude, longitude, &x, &y);
  g_assert_cmpfloat (x, >=, 0);
  g_assert_cmpfloat (x, <, probe->width);
  g_assert_cmpfloat (y, >=, 0);
  g_assert_cmpfloat (y, <, probe->height);

  bgra = probe->pixels + ((int) y * probe->width + (int) x) * 4;
  return (Pixel) { bgra[2], bgra[1], bgra[0] };
}

/* A point of the Beijing–Moscow arc, away from the markers. */
#define ARC_LATITUDE 54.943
#define ARC_LONGITUDE 83.534

static gboolean
layers_drawn (gpointer data)
{
  Probe *probe = data;

  if (!probe_render (probe))
    return FALSE;

  probe->russia = probe_read (probe, 66.0, 100.0);
  probe->kazakhstan = probe_read (probe, 47.0, 67.0);
  probe->arc = probe_read (probe, ARC_LATITUDE, ARC_LONGITUDE);

  /* Land is near white; the tint takes blue away, the arc is blue. */
  return probe->russia.blue < 200 && probe->kazakhstan.blue > 215 &&
         probe->arc.blue > probe->arc.red + 100;
}

static void
test_map_view_draws_layers (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree DiploGeoPoint *arc = NULL;
  Probe probe = { f };

  /* The probe's arc point is on the arc. */
  arc = diplo_route_great_circle (DIPLO_ROUTE_ORIGIN_LATITUDE, DIPLO_ROUTE_ORIGIN_LONGITUDE,
                                  55.752, 37.6175, DIPLO_ROUTE_N_POINTS);
  g_assert_cmpfloat_with_epsilon (arc[32].latitude, ARC_LATITUDE, 0.01);
  g_assert_cmpfloat_with_epsilon (arc[32].longitude, ARC_LONGITUDE, 0.01);

  gtk_single_selection_set_selected (f->selection, find_position (f, "m1"));
  shumate_viewport_set_zoom_level (get_viewport (f), 3.0);
  shumate_map_center_on (diplo_map_view_get_map (f->view), 55.0, 80.0);

  /* Tiles and the tint are drawn in worker threads: wait for them. */
  probe.paintable = gtk_widget_paintable_new (GTK_WIDGET (diplo_map_view_get_map (f->view)));
  diplo_test_wait_for (layers_drawn, &probe);

  g_clear_object (&probe.paintable);
  g_clear_pointer (&probe.pixels, g_free);
}

static gboolean
draws_anything (gpointer widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;

  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));

  return node != NULL;
}

static gboolean
is_black (Pixel pixel)
{
  return pixel.red == 0 && pixel.green == 0 && pixel.blue == 0;
}

typedef struct
{
  Probe      probe;
  GtkWidget *tint;
} TintQuery;

/* The tint layer has an image of its own, and the routes' image has no
 * tint in Russia. */
static gboolean
tint_drawn_apart (gpointer data)
{
  TintQuery *query = data;

  return draws_anything (query->tint) && probe_render (&query->probe) &&
         is_black (probe_read (&query->probe, 66.0, 100.0));
}

/* Right above the tint, the route layer draws the tint into its own image,
 * below the routes, and the tint layer draws nothing: with the cairo
 * renderer, each image costs a copy of its size in every frame. Over the
 * online map's tiles, which lie between them, each has its own. The
 * marker layer paints the route layer's image (see
 * test_map_view_routes_painted_with_markers()). */
static void
test_map_view_tint_in_route_image (Fixture       *f,
                                   gconstpointer  data)
{
  GtkWidget *map = GTK_WIDGET (diplo_map_view_get_map (f->view));
  GtkWidget *markers = diplo_test_find_descendant (map, DIPLO_TYPE_MARKER_LAYER);
  TintQuery query = { { f }, diplo_test_find_descendant (map, DIPLO_TYPE_COUNTRY_LAYER) };
  Probe probe = { f };

  gtk_single_selection_set_selected (f->selection, find_position (f, "m1"));
  shumate_viewport_set_zoom_level (get_viewport (f), 3.0);
  shumate_map_center_on (diplo_map_view_get_map (f->view), 55.0, 80.0);
  probe.paintable = gtk_widget_paintable_new (map);
  diplo_test_wait_for (layers_drawn, &probe);

  /* Alone on a clear background: the tint in Russia, not in Kazakhstan. */
  query.probe.paintable = gtk_widget_paintable_new (markers);
  g_assert_false (draws_anything (query.tint));
  g_assert_true (probe_render (&query.probe));
  g_assert_false (is_black (probe_read (&query.probe, 66.0, 100.0)));
  g_assert_true (is_black (probe_read (&query.probe, 47.0, 67.0)));

  diplo_map_view_set_map_layer (f->view, "openstreetmap");
  diplo_test_wait_for (tint_drawn_apart, &query);

  diplo_map_view_set_map_layer (f->view, "offline");
  diplo_test_wait_for (layers_drawn, &probe);
  g_assert_false (draws_anything (query.tint));

  g_clear_object (&probe.paintable);
  g_clear_pointer (&probe.pixels, g_free);
  g_clear_object (&query.probe.paintable);
  g_clear_pointer (&query.probe.pixels, g_free);
}

/* The pixels of the image that stands for @name's marker. */
static GBytes *
marker_image (Fixture    *f,
              const char *name)
{
  graphene_rect_t bounds;
  cairo_surface_t *image = diplo_map_marker_ref_image (find_place_marker (f, name), &bounds);
  GBytes *pixels;

  g_assert_nonnull (image);
  cairo_surface_flush (image);
  pixels = g_bytes_new (cairo_image_surface_get_data (image),
                        cairo_image_surface_get_stride (image) * cairo_image_surface_get_height (image));
  cairo_surface_destroy (image);

  return pixels;
}

static gboolean
filoli_is_highlighted (gpointer data)
{
  return has_css_class (find_place_marker (data, "Filoli Estate"), "selected");
}

static gboolean
filoli_is_plain (gpointer data)
{
  return !filoli_is_highlighted (data);
}

/* Markers that look alike share one image: a marker whose look changes
 * must not keep the image of its old look, nor give it to the others. */
static void
test_map_view_marker_images_follow_looks (Fixture       *f,
                                          gconstpointer  data)
{
  g_autoptr(GBytes) filoli_plain = NULL;
  g_autoptr(GBytes) hong_kong_plain = NULL;
  g_autoptr(GBytes) moscow_plain = NULL;
  g_autoptr(GBytes) filoli_selected = NULL;
  g_autoptr(GBytes) filoli_again = NULL;

  filoli_plain = marker_image (f, "Filoli Estate");
  hong_kong_plain = marker_image (f, "Hong Kong");
  moscow_plain = marker_image (f, "Moscow");
  g_assert_true (g_bytes_equal (filoli_plain, hong_kong_plain));
  /* Moscow's badge counts its two events. */
  g_assert_false (g_bytes_equal (filoli_plain, moscow_plain));

  gtk_single_selection_set_selected (f->selection, find_position (f, "s1"));
  diplo_test_wait_for (filoli_is_highlighted, f);
  diplo_test_wait_for_frames (GTK_WIDGET (f->window));
  filoli_selected = marker_image (f, "Filoli Estate");
  g_assert_false (g_bytes_equal (filoli_selected, filoli_plain));

  gtk_single_selection_set_selected (f->selection, GTK_INVALID_LIST_POSITION);
  diplo_test_wait_for (filoli_is_plain, f);
  diplo_test_wait_for_frames (GTK_WIDGET (f->window));
  filoli_again = marker_image (f, "Filoli Estate");
  g_assert_true (g_bytes_equal (filoli_again, filoli_plain));
}

static gboolean
layers_show_content (gpointer data)
{
  Fixture *f = data;

  return diplo_cached_layer_shows_content (DIPLO_CACHED_LAYER (find_layer (f, DIPLO_TYPE_ROUTE_LAYER))) &&
         diplo_cached_layer_shows_content (DIPLO_CACHED_LAYER (find_layer (f, DIPLO_TYPE_COUNTRY_LAYER)));
}

/* The pixels around Moscow in the map's last frame. */
static GBytes *
moscow_in_last_frame (Fixture *f)
{
  GtkWidget *map = GTK_WIDGET (diplo_map_view_get_map (f->view));
  Probe probe = { f };
  GByteArray *pixels = g_byte_array_new ();
  double x, y;

  probe.paintable = gtk_widget_paintable_new (map);
  g_assert_true (probe_render (&probe));
  shumate_viewport_location_to_widget_coords (get_viewport (f), map, 55.752, 37.6175, &x, &y);
  for (int row = (int) y - 24; row < (int) y + 24; row++)
    g_byte_array_append (pixels, probe.pixels + (row * probe.width + (int) x - 24) * 4, 48 * 4);

  g_clear_object (&probe.paintable);
  g_clear_pointer (&probe.pixels, g_free);

  return g_byte_array_free_to_bytes (pixels);
}

typedef struct
{
  Fixture *fixture;
  GBytes  *shown;
} Settling;

static gboolean
moscow_settled (gpointer data)
{
  Settling *settling = data;
  g_autoptr(GBytes) previous = g_steal_pointer (&settling->shown);

  wait_for_frame (settling->fixture);
  settling->shown = moscow_in_last_frame (settling->fixture);

  return layers_show_content (settling->fixture) && previous != NULL &&
         g_bytes_equal (previous, settling->shown);
}

/* Kazakhstan, untinted, shows the basemap's near-white land, not the
 * blue sea beneath the tiles. */
static gboolean
basemap_drawn (gpointer data)
{
  Probe *probe = data;

  wait_for_frame (probe->fixture);

  return probe_render (probe) && probe_read (probe, 47.0, 67.0).red > 220;
}

/* The pixels around Moscow once the map's frames no longer change them:
 * its tiles, routes and tint are drawn in worker threads. */
static GBytes *
moscow_as_shown (Fixture *f)
{
  Settling settling = { f };

  diplo_test_wait_for (moscow_settled, &settling);

  return settling.shown;
}

static guint
count_cairo_nodes (GskRenderNode *node)
{
  guint n = 0;

  if (node == NULL)
    return 0;

  switch ((int) gsk_render_node_get_node_type (node))
    {
    case GSK_CAIRO_NODE:
      return 1;
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        n += count_cairo_nodes (gsk_container_node_get_child (node, i));
      return n;
    case GSK_TRANSFORM_NODE:
      return count_cairo_nodes (gsk_transform_node_get_child (node));
    case GSK_CLIP_NODE:
      return count_cairo_nodes (gsk_clip_node_get_child (node));
    case GSK_OPACITY_NODE:
      return count_cairo_nodes (gsk_opacity_node_get_child (node));
    case GSK_DEBUG_NODE:
      return count_cairo_nodes (gsk_debug_node_get_child (node));
    default:
      return 0;
    }
}

/* The cairo nodes of @widget's drawing in the last frame. */
static guint
count_widget_cairo_nodes (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;

  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));

  return count_cairo_nodes (node);
}

/* The largest difference of a colour channel between two frames. */
static int
largest_difference (const guchar *a,
                    const guchar *b,
                    gsize         size)
{
  int largest = 0;

  for (gsize i = 0; i < size; i++)
    largest = MAX (largest, ABS ((int) a[i] - (int) b[i]));

  return largest;
}

/* With the cairo renderer, which paints each cairo node through an
 * intermediate image of its size, the marker layer paints the route
 * layer's image and its markers in one node: the same pixels as each
 * drawing its own, and as each marker its own node. A hovered marker,
 * whose look may be changing, draws itself above. */
static void
test_map_view_routes_painted_with_markers (Fixture       *f,
                                           gconstpointer  data)
{
  GtkWidget *map = GTK_WIDGET (diplo_map_view_get_map (f->view));
  GtkWidget *routes = find_layer (f, DIPLO_TYPE_ROUTE_LAYER);
  GtkWidget *markers = find_layer (f, DIPLO_TYPE_MARKER_LAYER);
  g_autoptr(GPtrArray) shown = NULL;
  g_autofree guchar *together = NULL;
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(GBytes) focused = NULL;
  g_autoptr(GtkCustomFilter) empty = gtk_custom_filter_new (none, NULL, NULL);
  DiploMapMarker *moscow;
  Probe probe = { f };
  gsize size;

  if (!diplo_widget_uses_cairo_renderer (map))
    {
      g_test_skip ("Only the cairo renderer paints the layers together");
      return;
    }

  gtk_single_selection_set_selected (f->selection, find_position (f, "m1"));
  shumate_viewport_set_zoom_level (get_viewport (f), 3.0);
  shumate_map_center_on (diplo_map_view_get_map (f->view), 55.0, 80.0);
  probe.paintable = gtk_widget_paintable_new (map);
  diplo_test_wait_for (layers_drawn, &probe);
  shown = shown_markers (f);
  g_assert_cmpuint (shown->len, >=, 3);

  g_assert_false (draws_anything (routes));
  g_assert_cmpuint (count_widget_cairo_nodes (markers), ==, 1);
  size = probe.width * probe.height * 4;
  together = g_memdup2 (probe.pixels, size);

  diplo_marker_layer_set_ground (DIPLO_MARKER_LAYER (markers), NULL);
  wait_for_frame (f);
  g_assert_true (draws_anything (routes));
  g_assert_cmpuint (count_widget_cairo_nodes (markers), ==, shown->len);
  g_assert_true (probe_render (&probe));
  /* Composited in another order, a pixel may round otherwise. */
  g_assert_cmpint (largest_difference (together, probe.pixels, size), <=, 2);

  diplo_marker_layer_set_ground (DIPLO_MARKER_LAYER (markers), DIPLO_CACHED_LAYER (routes));
  moscow = find_place_marker (f, "Moscow");
  gtk_widget_set_state_flags (GTK_WIDGET (diplo_map_marker_get_button (moscow)),
                              GTK_STATE_FLAG_PRELIGHT, FALSE);
  wait_for_frame (f);
  g_assert_false (draws_anything (routes));
  g_assert_false (diplo_map_marker_get_drawn_by_layer (moscow));
  g_assert_cmpuint (count_widget_cairo_nodes (markers), ==, 2);

  gtk_widget_unset_state_flags (GTK_WIDGET (diplo_map_marker_get_button (moscow)),
                                GTK_STATE_FLAG_PRELIGHT);
  wait_for_frame (f);
  g_assert_true (diplo_map_marker_get_drawn_by_layer (moscow));
  g_assert_cmpuint (count_widget_cairo_nodes (markers), ==, 1);

  /* Its focus ring shows, although the layer draws it. */
  plain = moscow_in_last_frame (f);
  gtk_widget_set_state_flags (GTK_WIDGET (diplo_map_marker_get_button (moscow)),
                              GTK_STATE_FLAG_FOCUSED | GTK_STATE_FLAG_FOCUS_VISIBLE, FALSE);
  wait_for_frame (f);
  focused = moscow_in_last_frame (f);
  g_assert_true (diplo_map_marker_get_drawn_by_layer (moscow));
  g_assert_false (g_bytes_equal (plain, focused));

  /* Without its painter, the route layer draws itself again. */
  gtk_widget_set_visible (markers, FALSE);
  wait_for_frame (f);
  g_assert_true (draws_anything (routes));
  gtk_widget_set_visible (markers, TRUE);
  wait_for_frame (f);
  g_assert_false (draws_anything (routes));

  /* With nothing to paint, no intermediate image at all. */
  gtk_filter_list_model_set_filter (f->filtered, GTK_FILTER (empty));
  diplo_test_wait_for (layers_show_content, f);
  wait_for_frame (f);
  g_assert_cmpuint (count_widget_cairo_nodes (markers), ==, 0);

  g_clear_object (&probe.paintable);
  g_clear_pointer (&probe.pixels, g_free);
}

/* A marker drawn from a shared image shows each change of its count in
 * the next frame, however often it goes back and forth. */
static void
test_map_view_marker_redrawn_on_change (Fixture       *f,
                                        gconstpointer  data)
{
  g_autoptr(GtkCustomFilter) filter = gtk_custom_filter_new (all_but_m2, NULL, NULL);
  Probe probe = { f };
  GBytes *shown[4];

  probe.paintable = gtk_widget_paintable_new (GTK_WIDGET (diplo_map_view_get_map (f->view)));
  diplo_test_wait_for (basemap_drawn, &probe);
  g_clear_object (&probe.paintable);
  g_clear_pointer (&probe.pixels, g_free);

  for (guint i = 0; i < G_N_ELEMENTS (shown); i++)
    {
      gtk_filter_list_model_set_filter (f->filtered, i % 2 == 0 ? NULL : GTK_FILTER (filter));
      g_assert_cmpuint (diplo_map_marker_get_n_events (find_place_marker (f, "Moscow")), ==,
                        i % 2 == 0 ? 2 : 1);
      shown[i] = moscow_as_shown (f);
    }

  g_assert_false (g_bytes_equal (shown[0], shown[1]));
  g_assert_true (g_bytes_equal (shown[0], shown[2]));
  g_assert_true (g_bytes_equal (shown[1], shown[3]));

  for (guint i = 0; i < G_N_ELEMENTS (shown); i++)
    g_bytes_unref (shown[i]);
}

static void
test_map_view_keyboard_actions (Fixture       *f,
                                gconstpointer  data)
{
  double latitude, longitude, new_latitude, new_longitude;
  double zoom = get_zoom (f);

  get_centre (f, &latitude, &longitude);
  gtk_widget_activate_action (GTK_WIDGET (f->view), "map.pan", "(ii)", 1, 0);
  get_centre (f, &new_latitude, &new_longitude);
  g_assert_cmpfloat (new_longitude, >, longitude);
  g_assert_cmpfloat_with_epsilon (new_latitude, latitude, 1e-6);

  gtk_widget_activate_action (GTK_WIDGET (f->view), "map.pan", "(ii)", 0, -1);
  get_centre (f, &latitude, &longitude);
  g_assert_cmpfloat (latitude, >, new_latitude);

  shumate_map_set_animate_zoom (diplo_map_view_get_map (f->view), FALSE);
  gtk_widget_activate_action (GTK_WIDGET (f->view), "map.zoom-in", NULL);
  g_assert_cmpfloat (get_zoom (f), >, zoom);

  gtk_widget_activate_action (GTK_WIDGET (f->view), "map.fit", NULL);
  g_assert_cmpfloat_with_epsilon (get_zoom (f), zoom, 1e-9);
}

static guint
count_map_layers (GtkWidget *map)
{
  guint n_layers = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (map);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n_layers += SHUMATE_IS_MAP_LAYER (child);

  return n_layers;
}

static void
test_map_view_layer_setting (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  DiploMapView *view = g_object_ref_sink (DIPLO_MAP_VIEW (diplo_map_view_new ()));
  GtkWidget *map = GTK_WIDGET (diplo_map_view_get_map (view));
  g_autofree char *stored = NULL;

  g_settings_set_string (settings, "map-layer", "offline");
  g_assert_cmpuint (count_map_layers (map), ==, 1);

  /* Never shown, so the tile layer never fetches anything. */
  gtk_widget_activate_action (GTK_WIDGET (view), "map.layer", "s", "openstreetmap");
  g_assert_cmpstr (diplo_map_view_get_map_layer (view), ==, "openstreetmap");
  stored = g_settings_get_string (settings, "map-layer");
  g_assert_cmpstr (stored, ==, "openstreetmap");
  g_assert_cmpuint (count_map_layers (map), ==, 2);

  g_settings_set_string (settings, "map-layer", "offline");
  g_assert_cmpstr (diplo_map_view_get_map_layer (view), ==, "offline");

  g_object_unref (view);
}

/* Whatever keeps a disposed view alive, the setting no longer reaches it:
 * its map is gone. */
static void
test_map_view_layer_setting_after_dispose (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  DiploMapView *view = g_object_ref_sink (DIPLO_MAP_VIEW (diplo_map_view_new ()));

  g_settings_set_string (settings, "map-layer", "offline");
  g_object_run_dispose (G_OBJECT (view));
  g_assert_null (diplo_map_view_get_map (view));

  g_settings_set_string (settings, "map-layer", "openstreetmap");
  g_assert_cmpstr (diplo_map_view_get_map_layer (view), ==, "offline");

  g_object_unref (view);
  g_settings_set_string (settings, "map-layer", "offline");
}

static void
on_notify_count (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static gboolean
has_failed_tiles (gpointer data)
{
  return diplo_online_source_get_n_failed_tiles (data) >= 4;
}

/* No network here, and none needed: a real raster source asks a local
 * port where nothing listens, so every tile fails at once. The view says
 * so once, not once a tile, and the offline map stays beneath. */
static void
test_map_view_online_tiles_fail_once (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(ShumateRasterRenderer) unreachable =
    shumate_raster_renderer_new_full_from_url ("unreachable", "Unreachable", "", "", 0, 19, 256,
                                               SHUMATE_MAP_PROJECTION_MERCATOR,
                                               "http://127.0.0.1:1/#Z#/#X#/#Y#.png");
  g_autoptr(DiploOnlineSource) source = diplo_online_source_new (SHUMATE_MAP_SOURCE (unreachable));
  ShumateViewport *viewport = shumate_map_get_viewport (diplo_map_view_get_map (f->view));
  GtkWidget *map = GTK_WIDGET (diplo_map_view_get_map (f->view));
  guint n_notified = 0;

  g_signal_connect (f->view, "notify::online-tiles-failed", G_CALLBACK (on_notify_count),
                    &n_notified);
  diplo_map_view_set_online_source (f->view, SHUMATE_MAP_SOURCE (source));
  g_assert_false (diplo_map_view_get_online_tiles_failed (f->view));

  diplo_map_view_set_map_layer (f->view, "openstreetmap");
  diplo_test_wait_for (has_failed_tiles, source);
  g_assert_true (diplo_map_view_get_online_tiles_failed (f->view));
  g_assert_cmpuint (n_notified, ==, 1);

  /* New tiles at other zoom levels fail too, and say nothing more. */
  for (guint i = 0; i < 3; i++)
    {
      guint n_failed = diplo_online_source_get_n_failed_tiles (source);

      shumate_viewport_set_zoom_level (viewport, shumate_viewport_get_zoom_level (viewport) + 1);
      wait_for_frame (f);
      while (diplo_online_source_get_n_failed_tiles (source) == n_failed)
        g_main_context_iteration (NULL, TRUE);
    }
  g_test_message ("%u tiles failed", diplo_online_source_get_n_failed_tiles (source));
  g_assert_cmpuint (n_notified, ==, 1);
  /* The basemap is still there, under the empty online layer */
  g_assert_cmpuint (count_map_layers (map), ==, 2);

  /* Asked for anew, the layer may say so once more. */
  diplo_map_view_set_map_layer (f->view, "offline");
  diplo_map_view_set_map_layer (f->view, "openstreetmap");
  g_assert_false (diplo_map_view_get_online_tiles_failed (f->view));
  diplo_test_wait_for ((gboolean (*) (gpointer))diplo_map_view_get_online_tiles_failed, f->view);
  g_assert_cmpuint (n_notified, ==, 3);

  g_signal_handlers_disconnect_by_data (f->view, &n_notified);
  g_settings_set_string (settings, "map-layer", "offline");
}

static void
test_map_view_bounded_markers (void)
{
  g_autoptr(GListModel) events = diplo_test_synthetic_events (100000, 1000);
  Fixture fixture = { 0 };
  Fixture *f = &fixture;
  ShumateMap *map;

  fixture_set_up_with_model (f, events);
  map = diplo_map_view_get_map (f->view);

  for (double zoom = 0; zoom <= 10; zoom += 1.5)
    {
      g_autoptr(GPtrArray) shown = NULL;

      static const int steps[][2] = { { 1, 0 }, { 0, 1 }, { -1, 0 }, { 0, -1 } };

      shumate_viewport_set_zoom_level (shumate_map_get_viewport (map), zoom);
      shumate_map_center_on (map, 20.0, 10.0);
      wait_for_frame (f);
      for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
        {
          gtk_widget_activate_action (GTK_WIDGET (f->view), "map.pan", "(ii)",
                                      steps[i][0], steps[i][1]);
          wait_for_frame (f);
          g_assert_cmpuint (diplo_test_count_marker_widgets (f->view), <=, DIPLO_MAP_VIEW_MAX_MARKERS);
        }

      shown = shown_markers (f);
      g_test_message ("zoom %.1f: %u markers shown, %u alive",
                      zoom, shown->len, diplo_test_count_marker_widgets (f->view));
      g_assert_cmpuint (shown->len, >, 0);
    }

  fixture_tear_down (f, NULL);
}

/* CSS cannot take the sea's colour from C: the map's background rule must
 * repeat it. */
static void
test_map_view_background_is_sea (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_resources_lookup_data (RESOURCE_BASE_PATH "/style.css",
                                                     G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  g_autofree char *css = NULL;
  g_autofree char *rule = NULL;
  const char *start;
  const char *end;

  g_assert_no_error (error);
  css = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  start = strstr (css, "diplomapview .diplo-map {");
  g_assert_nonnull (start);
  end = strchr (start, '}');
  g_assert_nonnull (end);
  rule = g_strndup (start, end - start);

  g_assert_nonnull (strstr (rule, "background-color: " DIPLO_BASEMAP_SEA_COLOR ";"));
}

/* The application's look, as AdwApplication would load it. */
static void
load_style (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  adw_init ();
  gtk_css_provider_load_from_resource (provider, RESOURCE_BASE_PATH "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

int
main (int   argc,
      char *argv[])
{
  /* The test accessibility backend records what screen readers would get. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  load_style ();

#define ADD_TEST(path, func) \
  g_test_add ("/map-view/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/map-view/groups-places", test_map_view_groups_places);
  g_test_add_func ("/map-view/drag-places-markers-coming-in",
                   test_map_view_drag_places_markers_coming_in);
  g_test_add_func ("/map-view/cluster-size-follows-digits",
                   test_map_view_cluster_size_follows_digits);
  ADD_TEST ("one-marker-per-place", test_map_view_one_marker_per_place);
  ADD_TEST ("markers-follow-the-map", test_map_view_markers_follow_the_map);
  ADD_TEST ("accessible-labels", test_map_view_accessible_labels);
  ADD_TEST ("filter-changes-markers", test_map_view_filter_changes_markers);
  ADD_TEST ("place-grouping", test_map_view_place_grouping);
  ADD_TEST ("filter-keeps-markers", test_map_view_filter_keeps_markers);
  ADD_TEST ("relabel-keeps-focus", test_map_view_relabel_keeps_focus);
  ADD_TEST ("activate-selects", test_map_view_activate_selects);
  ADD_TEST ("several-events-popover", test_map_view_several_events_popover);
  ADD_TEST ("layer-menu", test_map_view_layer_menu);
  ADD_TEST ("selection-moves-map", test_map_view_selection_moves_map);
  ADD_TEST ("selection-animates", test_map_view_selection_animates);
  ADD_TEST ("null-geometry-keeps-centre", test_map_view_null_geometry_keeps_centre);
  ADD_TEST ("cluster-zooms-in", test_map_view_cluster_zooms_in);
  ADD_TEST ("routes", test_map_view_routes);
  ADD_TEST ("routes-shown-after-change", test_map_view_routes_shown_after_change);
  ADD_TEST ("draws-layers", test_map_view_draws_layers);
  ADD_TEST ("tint-in-route-image", test_map_view_tint_in_route_image);
  ADD_TEST ("routes-painted-with-markers", test_map_view_routes_painted_with_markers);
  ADD_TEST ("marker-images-follow-looks", test_map_view_marker_images_follow_looks);
  ADD_TEST ("keyboard-actions", test_map_view_keyboard_actions);
  g_test_add_func ("/map-view/layer-setting", test_map_view_layer_setting);
  ADD_TEST ("online-tiles-fail-once", test_map_view_online_tiles_fail_once);
  ADD_TEST ("drawn-ahead-serves-the-same-events", test_map_view_drawn_ahead_serves_the_same_events);
  ADD_TEST ("basemap-under-markers", test_map_view_basemap_under_markers);
  ADD_TEST ("kept-groupings-serve-the-same-events", test_map_view_kept_groupings_serve_the_same_events);
  ADD_TEST ("marker-redrawn-on-change", test_map_view_marker_redrawn_on_change);
  g_test_add_func ("/map-view/layer-setting-after-dispose",
                   test_map_view_layer_setting_after_dispose);
  g_test_add_func ("/map-view/bounded-markers", test_map_view_bounded_markers);
  g_test_add_func ("/map-view/map-places", test_map_view_map_places);
  g_test_add_func ("/map-view/background-is-sea", test_map_view_background_is_sea);

#undef ADD_TEST

  return g_test_run ();
}
