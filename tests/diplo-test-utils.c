#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "diplo-event.h"
#include "diplo-map-marker.h"
#include "diplo-test-utils.h"

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  if (value == NULL || *value == '\0')
    return;

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_geometry (JsonBuilder *builder,
              const char  *latitude,
              const char  *longitude)
{
  json_builder_set_member_name (builder, "geometry");
  if (g_str_equal (latitude, "-"))
    {
      json_builder_add_null_value (builder);
      return;
    }

  json_builder_begin_object (builder);
  add_string_member (builder, "type", "Point");
  json_builder_set_member_name (builder, "coordinates");
  json_builder_begin_array (builder);
  json_builder_add_double_value (builder, g_ascii_strtod (longitude, NULL));
  json_builder_add_double_value (builder, g_ascii_strtod (latitude, NULL));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
add_participants (JsonBuilder *builder,
                  const char  *participants)
{
  g_auto(GStrv) names = NULL;

  if (participants == NULL || *participants == '\0')
    return;

  names = g_strsplit (participants, ";", -1);
  json_builder_set_member_name (builder, "participants");
  json_builder_begin_array (builder);
  for (guint i = 0; names[i] != NULL; i++)
    json_builder_add_string_value (builder, names[i]);
  json_builder_end_array (builder);
}

static void
add_feature (JsonBuilder *builder,
             const char  *line)
{
  g_auto(GStrv) f = g_strsplit (line, "|", 10);

  g_assert_cmpuint (g_strv_length (f), ==, 10);

  json_builder_begin_object (builder);
  add_string_member (builder, "type", "Feature");
  add_string_member (builder, "id", f[0]);
  add_geometry (builder, f[6], f[7]);
  json_builder_set_member_name (builder, "properties");
  json_builder_begin_object (builder);
  add_string_member (builder, "start", f[1]);
  add_string_member (builder, "end", f[2]);
  add_string_member (builder, "kind", f[3]);
  add_string_member (builder, "place", f[4]);
  add_string_member (builder, "country", f[5]);
  add_string_member (builder, "title", f[8]);
  add_participants (builder, f[9]);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

DiploDataset *
diplo_test_dataset_new (const char * const *features)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  DiploDataset *dataset;
  char *text;

  json_builder_begin_object (builder);
  add_string_member (builder, "type", "FeatureCollection");
  add_string_member (builder, "title", "Test events");
  json_builder_set_member_name (builder, "features");
  json_builder_begin_array (builder);
  for (guint i = 0; features[i] != NULL; i++)
    add_feature (builder, features[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  bytes = g_bytes_new_take (text, strlen (text));

  dataset = diplo_dataset_new_from_bytes (bytes, "test.geojson", &error);
  g_assert_no_error (error);

  return dataset;
}

/* Events at random places between 60° S and 70° N, every tenth of them a
 * state visit abroad, a day each through one year. */
GListModel *
diplo_test_synthetic_events (guint   n_events,
                             guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  GListStore *store = g_list_store_new (DIPLO_TYPE_EVENT);
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, G_DATE_JANUARY, 2023);

  for (guint i = 0; i < n_events; i++)
    {
      g_autofree char *id = g_strdup_printf ("event-%u", i);
      gboolean visit = i % 10 == 0;

      g_ptr_array_add (events, g_object_new (DIPLO_TYPE_EVENT,
                                             "id", id,
                                             "title", id,
                                             "start-day", g_date_get_julian (&date) + i % 365,
                                             "has-location", TRUE,
                                             "latitude", g_rand_double_range (rand, -60.0, 70.0),
                                             "longitude", g_rand_double_range (rand, -180.0, 180.0),
                                             "country", visit ? "ZZ" : "CN",
                                             "kind", visit ? DIPLO_EVENT_KIND_STATE_VISIT
                                                           : DIPLO_EVENT_KIND_MEETING,
                                             NULL));
    }

  g_list_store_splice (store, 0, 0, events->pdata, events->len);

  return G_LIST_MODEL (store);
}

static gboolean
keep_going (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

void
diplo_test_wait_for (gboolean (*condition) (gpointer),
                     gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  /* A blocking iteration only returns when a source fires: the tick makes
   * sure one does, so that the deadline is seen even when nothing happens. */
  guint tick = g_timeout_add (100, keep_going, NULL);

  while (!condition (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (tick);
  g_assert_true (condition (data));
}

static gboolean
on_timeout_done (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

void
diplo_test_iterate (guint milliseconds)
{
  gboolean done = FALSE;

  g_timeout_add (milliseconds, on_timeout_done, &done);
  diplo_test_wait_for (is_true, &done);
}

GtkWidget *
diplo_test_find_descendant (GtkWidget *widget,
                            GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = diplo_test_find_descendant (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static ShumateMarkerLayer *
find_marker_layer (DiploMapView *view)
{
  GtkWidget *map = GTK_WIDGET (diplo_map_view_get_map (view));
  GtkWidget *layer = diplo_test_find_descendant (map, SHUMATE_TYPE_MARKER_LAYER);

  g_assert_nonnull (layer);
  return SHUMATE_MARKER_LAYER (layer);
}

/* Every marker widget alive, shown or waiting in the pool. */
guint
diplo_test_count_marker_widgets (DiploMapView *view)
{
  g_autoptr(GList) markers = shumate_marker_layer_get_markers (find_marker_layer (view));

  return g_list_length (markers);
}

/* The markers showing a place or a cluster, not those waiting in the pool. */
GPtrArray *
diplo_test_shown_markers (DiploMapView *view)
{
  g_autoptr(GList) markers = shumate_marker_layer_get_markers (find_marker_layer (view));
  GPtrArray *shown = g_ptr_array_new ();

  for (GList *l = markers; l != NULL; l = l->next)
    if (gtk_widget_get_visible (l->data) &&
        diplo_map_marker_get_cluster (l->data) != DIPLO_MAP_MARKER_UNUSED)
      g_ptr_array_add (shown, l->data);

  return shown;
}
