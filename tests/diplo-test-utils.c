#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "diplo-event.h"
#include "diplo-map-marker.h"
#include "diplo-marker-sheet.h"
#include "diplo-mercator.h"
#include "diplo-test-utils.h"
#include "diplo-timeline-row.h"

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

/* Instrumented runs (valgrind, sanitizers) are many times slower; their
 * test setups say how much, so that a wait is not cut short there. */
static gint64
wait_limit_usec (void)
{
  const char *slowdown = g_getenv ("DIPLO_TEST_SLOWDOWN");
  guint64 factor = slowdown != NULL ? g_ascii_strtoull (slowdown, NULL, 10) : 1;

  return 10 * G_USEC_PER_SEC * (gint64) MAX (factor, 1);
}

void
diplo_test_wait_for_at (gboolean  (*condition) (gpointer),
                        gpointer    data,
                        const char *where,
                        const char *what)
{
  gint64 limit = wait_limit_usec ();
  gint64 deadline = g_get_monotonic_time () + limit;
  /* A blocking iteration only returns when a source fires: the tick makes
   * sure one does, so that the deadline is seen even when nothing happens. */
  guint tick = g_timeout_add (100, keep_going, NULL);
  g_autofree char *message = NULL;

  while (!condition (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (tick);
  if (condition (data))
    return;

  message = g_strdup_printf ("%s: %s still false after %" G_GINT64_FORMAT " s",
                             where, what, limit / G_USEC_PER_SEC);
  g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC, message);
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

/* GTK in the C locale with UTF-8, whatever the environment, and without
 * animations, so that map movements land at once and tests wait on state,
 * not on time. */
void
diplo_test_init_gtk (void)
{
  gtk_disable_setlocale ();
  setlocale (LC_ALL, "C.UTF-8");
  gtk_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
}

/* An id of its own, so that a running Diplo never receives the tests; one
 * application registers on the bus for the whole run, as in the app. */
DiploApplication *
diplo_test_application_new (const char *application_id)
{
  g_autoptr(GError) error = NULL;
  DiploApplication *app = g_object_new (DIPLO_TYPE_APPLICATION,
                                        "application-id", application_id,
                                        "flags", G_APPLICATION_HANDLES_OPEN |
                                                 G_APPLICATION_NON_UNIQUE,
                                        "resource-base-path", RESOURCE_BASE_PATH,
                                        NULL);

  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  return app;
}

gboolean
diplo_test_is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

gboolean
diplo_test_is_unmapped (gpointer widget)
{
  return !gtk_widget_get_mapped (widget);
}

/* Presents @window and returns it once it is on screen. */
DiploWindow *
diplo_test_present_window (DiploWindow *window)
{
  gtk_window_present (GTK_WINDOW (window));
  diplo_test_wait_for (diplo_test_is_mapped, window);

  return window;
}

/* @node drawn with cairo, as the cairo renderer draws it, into a new
 * @width × @height image from 0, 0. */
cairo_surface_t *
diplo_test_draw_node (GskRenderNode *node,
                      int            width,
                      int            height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);

  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

/* Adds every label inside @widget, itself included, to @labels. */
void
diplo_test_collect_labels (GtkWidget *widget,
                           GPtrArray *labels)
{
  if (GTK_IS_LABEL (widget))
    g_ptr_array_add (labels, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    diplo_test_collect_labels (child, labels);
}

static gboolean
menu_button_popover_is_mapped (gpointer button)
{
  GtkPopover *popover = gtk_menu_button_get_popover (button);

  return popover != NULL && gtk_widget_get_mapped (GTK_WIDGET (popover));
}

/* Opens @button's menu as the keyboard would, and returns the popover once
 * it is on screen. A button shows itself pressed for a moment first. */
GtkWidget *
diplo_test_open_menu_button (GtkMenuButton *button)
{
  g_assert_true (gtk_widget_activate (GTK_WIDGET (button)));
  diplo_test_wait_for (menu_button_popover_is_mapped, button);

  return GTK_WIDGET (gtk_menu_button_get_popover (button));
}

static gboolean
labels_hold_text (GPtrArray  *labels,
                  const char *text)
{
  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (gtk_label_get_text (g_ptr_array_index (labels, i)), text) == 0)
      return TRUE;

  return FALSE;
}

static char *
strip_mnemonic (const char *label)
{
  GString *text = g_string_new (NULL);

  for (const char *c = label; *c != '\0'; c++)
    if (*c != '_')
      g_string_append_c (text, *c);

  return g_string_free (text, FALSE);
}

static void
assert_menu_labels_shown (GMenuModel *menu,
                          GPtrArray  *labels)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GMenuLinkIter) links = g_menu_model_iterate_item_links (menu, i);
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);
      g_autofree char *label = NULL;

      /* Items and submenus, not the headings of sections. */
      if (section == NULL &&
          g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &label))
        {
          g_autofree char *text = strip_mnemonic (label);

          if (!labels_hold_text (labels, text))
            g_error ("The menu item “%s” is not shown", text);
        }

      while (g_menu_link_iter_next (links))
        {
          g_autoptr(GMenuModel) linked = g_menu_link_iter_get_value (links);

          assert_menu_labels_shown (linked, labels);
        }
    }
}

/* Asserts that @popover shows every item of @menu, its sections' and
 * submenus' items too. */
void
diplo_test_assert_menu_shown (GMenuModel *menu,
                              GtkWidget  *popover)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  diplo_test_collect_labels (popover, labels);
  g_assert_cmpint (g_menu_model_get_n_items (menu), >, 0);
  assert_menu_labels_shown (menu, labels);
}

/* Returns: (transfer none): the item of a popover menu labelled @label,
 * as written without its mnemonic. */
GtkWidget *
diplo_test_find_menu_item (GtkWidget  *popover,
                           const char *label)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  GType model_button_type = g_type_from_name ("GtkModelButton");

  g_assert_true (model_button_type != G_TYPE_INVALID);
  diplo_test_collect_labels (popover, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *item = g_ptr_array_index (labels, i);

      if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (item)), label) == 0)
        {
          item = gtk_widget_get_ancestor (item, model_button_type);
          g_assert_nonnull (item);
          return item;
        }
    }

  g_error ("No menu item “%s”", label);
}

/* Returns: (nullable) (transfer none): the message dialog shown over @parent */
GtkWindow *
diplo_test_find_message_dialog (GtkWindow *parent)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_window_get_transient_for (toplevel) == parent)
        return toplevel;
    }

  return NULL;
}

char *
diplo_test_fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

/* A path in the test's own cache directory, which is made if need be. */
char *
diplo_test_cache_path (const char *name)
{
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);

  return g_build_filename (g_get_user_cache_dir (), name, NULL);
}

GFile *
diplo_test_write_cache_file (const char *name,
                             const char *contents,
                             gssize      length)
{
  g_autofree char *path = diplo_test_cache_path (name);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);

  return g_file_new_for_path (path);
}

/* The parent of the markers. */
static GtkWidget *
find_marker_sheet (DiploMapView *view)
{
  GtkWidget *map = GTK_WIDGET (diplo_map_view_get_map (view));
  GtkWidget *sheet = diplo_test_find_descendant (map, DIPLO_TYPE_MARKER_SHEET);

  g_assert_nonnull (sheet);
  return sheet;
}

/* The first event controller of @type on @widget. */
GtkEventController *
diplo_test_find_controller (GtkWidget *widget,
                            GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller;
    }

  return NULL;
}

/* Every marker widget alive, shown or waiting in the pool. */
guint
diplo_test_count_marker_widgets (DiploMapView *view)
{
  guint n = 0;

  for (GtkWidget *marker = gtk_widget_get_first_child (find_marker_sheet (view));
       marker != NULL;
       marker = gtk_widget_get_next_sibling (marker))
    n++;

  return n;
}

/* The text of the tooltip a marker shows, if any, after checking that
 * GTK is told to show it. */
const char *
diplo_test_marker_tooltip (DiploMapMarker *marker)
{
  GtkWidget *button = GTK_WIDGET (diplo_map_marker_get_button (marker));
  g_autoptr(GtkTooltip) tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
  const char *text = diplo_map_marker_get_description (marker);
  gboolean shows = FALSE;

  g_assert_true (gtk_widget_get_has_tooltip (button));
  g_signal_emit_by_name (button, "query-tooltip", 1, 1, FALSE, tooltip, &shows);
  g_assert_true (shows == (text != NULL));

  return text;
}

/* The markers showing a place or a cluster, not those waiting in the pool. */
GPtrArray *
diplo_test_shown_markers (DiploMapView *view)
{
  GPtrArray *shown = g_ptr_array_new ();

  for (GtkWidget *marker = gtk_widget_get_first_child (find_marker_sheet (view));
       marker != NULL;
       marker = gtk_widget_get_next_sibling (marker))
    if (gtk_widget_get_visible (marker) &&
        diplo_map_marker_get_cluster (DIPLO_MAP_MARKER (marker)) != DIPLO_MAP_MARKER_UNUSED)
      g_ptr_array_add (shown, marker);

  return shown;
}

static gboolean
count_frame (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       data)
{
  guint *frames = data;

  (*frames)++;

  return G_SOURCE_CONTINUE;
}

static gboolean
three_frames_drawn (gpointer data)
{
  return *(guint *) data >= 3;
}

/* What changed before is laid out and drawn in the frames that follow. */
void
diplo_test_wait_for_frames (GtkWidget *widget)
{
  guint frames = 0;
  guint tick = gtk_widget_add_tick_callback (widget, count_frame, &frames, NULL);

  diplo_test_wait_for (three_frames_drawn, &frames);
  gtk_widget_remove_tick_callback (widget, tick);
}

/* The timeline's rows in view, in their order, each showing an event. */
GPtrArray *
diplo_test_timeline_rows (DiploTimeline *timeline)
{
  GtkWidget *list = GTK_WIDGET (diplo_timeline_get_list (timeline));
  GPtrArray *rows = g_ptr_array_new ();

  for (GtkWidget *child = gtk_widget_get_first_child (list);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (DIPLO_IS_TIMELINE_ROW (child) && gtk_widget_get_child_visible (child) &&
        diplo_timeline_row_get_event (DIPLO_TIMELINE_ROW (child)) != NULL)
      g_ptr_array_add (rows, child);

  return rows;
}

/* The row in view that shows the event of @id, if any. */
DiploTimelineRow *
diplo_test_find_timeline_row (DiploTimeline *timeline,
                              const char    *id)
{
  g_autoptr(GPtrArray) rows = diplo_test_timeline_rows (timeline);

  for (guint i = 0; i < rows->len; i++)
    {
      DiploEvent *event = diplo_timeline_row_get_event (g_ptr_array_index (rows, i));

      if (g_str_equal (diplo_event_get_id (event), id))
        return g_ptr_array_index (rows, i);
    }

  return NULL;
}

/* Synthetic datasets for the benchmarks: every state visit of a score of
 * leaders over twenty years looks much like this. Places are drawn from a
 * fixed world of SYNTHETIC_N_PLACES, the busy ones far more often than the
 * rest, as capitals are; a fifth of the dates are only a month; a few
 * events have no place. The same seed always gives the same bytes. */
#define SYNTHETIC_N_PLACES 5000
#define SYNTHETIC_FIRST_YEAR 2004
#define SYNTHETIC_N_YEARS 20

static const char * const synthetic_countries[] = {
  "AR", "AU", "BR", "CA", "CN", "DE", "FR", "GB", "ID", "IN", "IT", "JP", "KR", "MX", "RU",
  "SA", "TR", "US", "ZA", "EG", "NG", "KE", "ET", "DZ", "MA", "TZ", "AO", "GH", "SN", "CI",
  "PK", "BD", "VN", "TH", "MY", "PH", "SG", "KZ", "UZ", "IR", "IQ", "AE", "QA", "IL", "JO",
  "ES", "PT", "NL", "BE", "CH", "AT", "PL", "CZ", "HU", "RO", "GR", "SE", "NO", "FI", "DK",
  "IE", "UA", "RS", "CL", "PE", "CO", "VE", "EC", "BO", "UY", "CU", "NZ", "MN", "NP", "LK",
};

static const char * const synthetic_syllables[] = {
  "ka", "ra", "to", "mi", "sa", "lo", "ne", "va", "di", "bu", "ar", "el", "on", "is", "po",
  "ze", "ta", "ma", "ri", "go", "an", "be", "lu", "mo", "ke", "ha", "ni", "so", "de", "fi",
};

static const char * const synthetic_kinds[] = {
  "state-visit", "state-visit", "state-visit", "summit", "summit", "meeting", "meeting",
  "meeting", "forum", "call", "virtual-summit", "ceremony", "mediation", "other",
};

typedef struct
{
  char       *name;
  const char *country;
  double      latitude;
  double      longitude;
} SyntheticPlace;

static char *
synthetic_name (GRand *rand)
{
  GString *name = g_string_new (NULL);
  guint n_syllables = g_rand_int_range (rand, 2, 5);

  for (guint i = 0; i < n_syllables; i++)
    g_string_append (name, synthetic_syllables[g_rand_int_range (rand, 0,
                                                  G_N_ELEMENTS (synthetic_syllables))]);
  name->str[0] = g_ascii_toupper (name->str[0]);

  return g_string_free (name, FALSE);
}

/* Places crowd around a few hundred centres, as cities do along coasts and
 * rivers, so that clustering has real work at every zoom. */
static void
synthetic_places_init (SyntheticPlace *places,
                       GRand          *rand)
{
  double centres[300][2];

  for (guint i = 0; i < G_N_ELEMENTS (centres); i++)
    {
      centres[i][0] = g_rand_double_range (rand, -45.0, 65.0);
      centres[i][1] = g_rand_double_range (rand, -170.0, 170.0);
    }

  for (guint i = 0; i < SYNTHETIC_N_PLACES; i++)
    {
      const double *centre = centres[g_rand_int_range (rand, 0, G_N_ELEMENTS (centres))];

      places[i].name = synthetic_name (rand);
      places[i].country = synthetic_countries[g_rand_int_range (rand, 0,
                                                G_N_ELEMENTS (synthetic_countries))];
      places[i].latitude = CLAMP (centre[0] + g_rand_double_range (rand, -6.0, 6.0), -85.0, 85.0);
      places[i].longitude = CLAMP (centre[1] + g_rand_double_range (rand, -8.0, 8.0),
                                   -180.0, 180.0);
    }
}

/* Busy places first: a quarter of the events happen in the first 1% of places. */
static guint
synthetic_pick_place (GRand *rand)
{
  double u = g_rand_double (rand);

  return (guint) (SYNTHETIC_N_PLACES * u * u * u) % SYNTHETIC_N_PLACES;
}

static void
append_synthetic_feature (GString              *out,
                          GRand                *rand,
                          guint                 index,
                          const SyntheticPlace *places,
                          char                **leaders,
                          guint                 n_leaders)
{
  const SyntheticPlace *place = &places[synthetic_pick_place (rand)];
  const char *kind = synthetic_kinds[g_rand_int_range (rand, 0, G_N_ELEMENTS (synthetic_kinds))];
  guint year = SYNTHETIC_FIRST_YEAR + g_rand_int_range (rand, 0, SYNTHETIC_N_YEARS);
  guint month = g_rand_int_range (rand, 1, 13);
  guint day = g_rand_int_range (rand, 1, 26);
  guint n_participants = g_rand_int_range (rand, 0, 4);

  g_string_append_printf (out, "%s\n    {\"type\": \"Feature\", \"id\": \"ev-%06u\", ",
                          index > 0 ? "," : "", index);

  /* Calls and virtual summits have no place, as in the built-in data. */
  if (g_str_equal (kind, "call") || g_str_equal (kind, "virtual-summit") ||
      g_rand_int_range (rand, 0, 100) < 2)
    g_string_append (out, "\"geometry\": null, ");
  else
    {
      char latitude[G_ASCII_DTOSTR_BUF_SIZE], longitude[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (latitude, sizeof latitude, "%.4f", place->latitude);
      g_ascii_formatd (longitude, sizeof longitude, "%.4f", place->longitude);
      g_string_append_printf (out, "\"geometry\": {\"type\": \"Point\", "
                              "\"coordinates\": [%s, %s]}, ", longitude, latitude);
    }

  g_string_append (out, "\"properties\": {");
  if (g_rand_int_range (rand, 0, 5) == 0)
    g_string_append_printf (out, "\"start\": \"%04u-%02u\", ", year, month);
  else
    {
      g_string_append_printf (out, "\"start\": \"%04u-%02u-%02u\", ", year, month, day);
      if (g_rand_int_range (rand, 0, 3) == 0)
        g_string_append_printf (out, "\"end\": \"%04u-%02u-%02u\", ", year, month,
                                day + g_rand_int_range (rand, 1, 4));
    }

  g_string_append_printf (out, "\"title\": \"%c%s in %s\", \"place\": \"%s\", "
                          "\"country\": \"%s\", \"kind\": \"%s\"",
                          g_ascii_toupper (kind[0]), kind + 1, place->name, place->name,
                          place->country, kind);

  if (n_participants > 0)
    {
      g_string_append (out, ", \"participants\": [");
      for (guint i = 0; i < n_participants; i++)
        g_string_append_printf (out, "%s\"%s\"", i > 0 ? ", " : "",
                                leaders[g_rand_int_range (rand, 0, n_leaders)]);
      g_string_append_c (out, ']');
    }

  if (g_rand_int_range (rand, 0, 4) == 0)
    g_string_append_printf (out, ", \"summary\": \"Talks in %s on trade, energy and security.\"",
                            place->name);
  g_string_append (out, ", \"source\": \"Synthetic benchmark data\"}}");
}

/**
 * diplo_test_synthetic_geojson:
 * @n_events: how many features
 * @seed: the same seed gives the same text
 *
 * Returns: (transfer full): a valid dataset of @n_events features over
 *   about 5,000 places
 */
GBytes *
diplo_test_synthetic_geojson (guint   n_events,
                              guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree SyntheticPlace *places = g_new (SyntheticPlace, SYNTHETIC_N_PLACES);
  g_autoptr(GPtrArray) leaders = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_sized_new ((gsize) n_events * 400);

  synthetic_places_init (places, rand);
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *first = synthetic_name (rand);
      g_autofree char *last = synthetic_name (rand);

      g_ptr_array_add (leaders, g_strdup_printf ("%s %s", first, last));
    }

  g_string_append_printf (out, "{\"type\": \"FeatureCollection\", "
                          "\"title\": \"Synthetic dataset, %u events\", \"features\": [",
                          n_events);
  for (guint i = 0; i < n_events; i++)
    append_synthetic_feature (out, rand, i, places, (char **) leaders->pdata, leaders->len);
  g_string_append (out, "\n]}\n");

  for (guint i = 0; i < SYNTHETIC_N_PLACES; i++)
    g_free (places[i].name);

  return g_string_free_to_bytes (out);
}

gboolean
diplo_test_write_synthetic_dataset (const char  *path,
                                    guint        n_events,
                                    guint32      seed,
                                    GError     **error)
{
  g_autoptr(GBytes) bytes = diplo_test_synthetic_geojson (n_events, seed);
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  return g_file_set_contents (path, data, length, error);
}

/* Benchmark figures */

/**
 * diplo_bench_run_child:
 * @program: the program to run
 * @argument1: (nullable): its first argument
 * @argument2: (nullable): its second argument, after a first one
 * @peak_kib: (out) (optional): the child's peak resident set
 *
 * Runs @program to its end; any failure of it ends the benchmark.
 *
 * Returns: (transfer full): what it printed, at most 63 bytes
 */
char *
diplo_bench_run_child (const char *program,
                       const char *argument1,
                       const char *argument2,
                       double     *peak_kib)
{
  struct rusage usage;
  char output[64] = { 0 };
  int fds[2];
  int status;
  pid_t pid;
  gssize n_read;

  if (pipe (fds) != 0)
    g_error ("pipe failed");

  pid = fork ();
  if (pid == 0)
    {
      dup2 (fds[1], STDOUT_FILENO);
      close (fds[0]);
      close (fds[1]);
      execl (program, program, argument1, argument2, NULL);
      _exit (127);
    }

  close (fds[1]);
  n_read = read (fds[0], output, sizeof output - 1);
  close (fds[0]);

  if (wait4 (pid, &status, 0, &usage) != pid || !WIFEXITED (status) ||
      WEXITSTATUS (status) != 0 || n_read <= 0)
    g_error ("%s %s failed", program, argument1 ? argument1 : "");

  if (peak_kib != NULL)
    *peak_kib = usage.ru_maxrss;

  return g_strdup (output);
}

/* Milliseconds of wall clock since @start, from g_get_monotonic_time(). */
double
diplo_bench_elapsed_ms (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* The main thread's processor time, in microseconds: unlike the wall
 * clock, neither the tile and texture threads nor other processes count. */
gint64
diplo_bench_thread_time (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);

  return now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

/* Milliseconds of the main thread's processor time since @start, from
 * diplo_bench_thread_time(). */
double
diplo_bench_thread_elapsed_ms (gint64 start)
{
  return (diplo_bench_thread_time () - start) / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The value below which @fraction of @values lie (nearest rank); sorts them. */
double
diplo_bench_percentile (GArray *values,
                        double  fraction)
{
  guint rank;

  g_assert (values->len > 0);

  g_array_sort (values, compare_doubles);
  rank = (guint) ceil (fraction * values->len);

  return g_array_index (values, double, CLAMP (rank, 1, values->len) - 1);
}

double
diplo_bench_median (GArray *values)
{
  double *v;
  guint n = values->len;

  g_assert (n > 0);

  g_array_sort (values, compare_doubles);
  v = (double *) values->data;

  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

void
diplo_bench_print_header (const char *title)
{
  g_print ("\n%s\n", title);
  g_print ("| %-52s | %12s | %12s | %7s | %-16s | %-4s |\n",
           "figure", "measured", "floor", "ratio", "target", "met?");
  g_print ("|%s|%s|%s|%s|%s|%s|\n", "------------------------------------------------------",
           "--------------", "--------------", "---------", "------------------", "------");
}

/* One row: a ratio against @floor when it is not negative, otherwise the
 * measured value alone; @met says whether @target is reached. */
void
diplo_bench_print_row (const char *figure,
                       const char *unit,
                       double      measured,
                       double      floor,
                       const char *target,
                       gboolean    met)
{
  g_autofree char *measured_text = g_strdup_printf ("%.1f %s", measured, unit);
  g_autofree char *floor_text = floor >= 0 ? g_strdup_printf ("%.1f %s", floor, unit)
                                           : g_strdup ("-");
  g_autofree char *ratio_text = floor > 0 ? g_strdup_printf ("%.2fx", measured / floor)
                                          : g_strdup ("-");

  g_print ("| %-52s | %12s | %12s | %7s | %-16s | %-4s |\n",
           figure, measured_text, floor_text, ratio_text, target, met ? "yes" : "NO");
}

/* Moves the view by whole pixels, as a drag does. */
void
diplo_test_pan_by_pixels (ShumateMap *map,
                          double      dx,
                          double      dy)
{
  ShumateViewport *viewport = shumate_map_get_viewport (map);
  double world_size = diplo_mercator_world_size (shumate_viewport_get_zoom_level (viewport), 256);
  double x, y, latitude, longitude;

  diplo_mercator_project (shumate_location_get_latitude (SHUMATE_LOCATION (viewport)),
                          shumate_location_get_longitude (SHUMATE_LOCATION (viewport)),
                          &x, &y);
  diplo_mercator_unproject (x + dx / world_size, y + dy / world_size, &latitude, &longitude);
  shumate_map_center_on (map, latitude, longitude);
}
