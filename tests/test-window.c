#include "config.h"

#include <locale.h>

#include <sys/stat.h>

#include <glib/gstdio.h>

#include <gtk/gtk.h>

#include "diplo-application.h"
#include "diplo-window.h"
#include "diplo-window-private.h"
#include "diplo-test-utils.h"
#include "diplo-map-marker.h"
#include "diplo-route-layer.h"
#include "diplo-timeline-row.h"

/* One application registers on the bus for the whole run, as in the app. */
static DiploApplication *app;

static void
test_window_mapped_with_title (void)
{
  GtkWindow *window;

  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (DIPLO_IS_WINDOW (window));

  diplo_test_wait_for (diplo_test_is_mapped, window);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_assert_cmpstr (gtk_window_get_title (window), ==, "Diplo");

  gtk_window_destroy (window);
}

static void
test_window_size_saved (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  DiploWindow *window;
  int width, height;

  window = diplo_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 777, 555);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 777);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 555);
  gtk_window_destroy (GTK_WINDOW (window));

  window = diplo_window_new (app);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 777);
  g_assert_cmpint (height, ==, 555);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_actions_have_accels (void)
{
  g_auto(GStrv) quit = NULL;
  g_auto(GStrv) close = NULL;

  quit = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit");
  close = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "window.close");
  g_assert_cmpstr (quit[0], ==, "<Control>q");
  g_assert_cmpstr (close[0], ==, "<Control>w");
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));
}


static DiploWindow *
create_window (void)
{
  return diplo_test_present_window (diplo_window_new (app));
}

static void
assert_all_in_month (GListModel *model,
                     const char *month)
{
  int year, month_of_year;

  g_assert_true (diplo_month_parse (month, &year, &month_of_year));
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 0);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DiploEvent) event = g_list_model_get_item (model, i);

      g_assert_true (diplo_event_overlaps_month (event, year, month_of_year));
    }
}

static guint
count_in_month (GListModel *model,
                const char *month)
{
  int year, month_of_year;
  guint count = 0;

  g_assert_true (diplo_month_parse (month, &year, &month_of_year));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DiploEvent) event = g_list_model_get_item (model, i);

      count += diplo_event_overlaps_month (event, year, month_of_year);
    }

  return count;
}

static void
assert_month_setting (GSettings  *settings,
                      const char *expected)
{
  g_autofree char *month = g_settings_get_string (settings, "month");

  g_assert_cmpstr (month, ==, expected);
}

static void
test_window_month_steps_and_is_restored (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  DiploWindow *window = create_window ();
  GListModel *events = diplo_dataset_get_events (window->dataset);
  GListModel *shown = G_LIST_MODEL (window->selection);
  guint n_march;

  g_settings_set_string (settings, "month", "");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, g_list_model_get_n_items (events));

  /* The built-in year starts in March 2023. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.next-month", NULL);
  assert_month_setting (settings, "2023-03");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.next-month", NULL);
  assert_month_setting (settings, "2023-04");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.previous-month", NULL);
  assert_month_setting (settings, "2023-03");

  assert_all_in_month (shown, "2023-03");
  n_march = count_in_month (events, "2023-03");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, n_march);
  g_assert_cmpstr (gtk_label_get_text (window->month_label), ==, "March 2023");
  gtk_window_destroy (GTK_WINDOW (window));

  window = create_window ();
  g_assert_cmpstr (diplo_event_filter_get_month (window->filter), ==, "2023-03");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (window->selection)), ==, n_march);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.clear-filters", NULL);
  assert_month_setting (settings, "");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_search_and_kinds (void)
{
  DiploWindow *window = create_window ();
  GListModel *shown = G_LIST_MODEL (window->selection);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  g_assert_true (gtk_search_bar_get_search_mode (window->search_bar));

  diplo_event_filter_set_search_text (window->filter, "Moscow");
  g_assert_cmpuint (g_list_model_get_n_items (shown), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(DiploEvent) event = g_list_model_get_item (shown, i);

      g_assert_cmpstr (diplo_event_get_country (event), ==, "RU");
    }

  diplo_event_filter_set_kinds (window->filter, 1u << DIPLO_EVENT_KIND_CALL);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 0);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.clear-filters", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==,
                    g_list_model_get_n_items (diplo_dataset_get_events (window->dataset)));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
window_is_idle (gpointer data)
{
  return !diplo_window_get_loading (data);
}

static GFile *
write_temp_file (const char *name,
                 const char *contents)
{
  return diplo_test_write_cache_file (name, contents, -1);
}

static gboolean
has_label_with_text (GPtrArray  *labels,
                     const char *text)
{
  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (gtk_label_get_text (g_ptr_array_index (labels, i)), text) == 0)
      return TRUE;

  return FALSE;
}

static void
test_window_bad_file_keeps_dataset (void)
{
  DiploWindow *window = create_window ();
  DiploDataset *before = window->dataset;
  guint n_before = g_list_model_get_n_items (G_LIST_MODEL (window->selection));
  g_autoptr(GFile) bad = write_temp_file ("bad.geojson",
                                          "{ \"type\": \"FeatureCollection\", \"features\": [\n"
                                          "  { \"type\": \"Feature\", \"geometry\": null,\n"
                                          "    \"properties\": { \"start\": \"2023-02-30\", \"title\": \"x\" } },\n"
                                          "  { \"type\": \"Feature\", \"geometry\": null,\n"
                                          "    \"properties\": { \"start\": \"2023-01-01\", \"title\": 7 } } ] }");
  g_autoptr(GFile) good = write_temp_file ("good.geojson",
                                           "{ \"type\": \"FeatureCollection\", \"title\": \"Mine & <Co>\", \"features\": [\n"
                                           "  { \"type\": \"Feature\", \"id\": \"a\", \"geometry\": null,\n"
                                           "    \"properties\": { \"start\": \"2020-01-01\", \"title\": \"x\" } } ] }");
  GtkWindow *dialog;
  GtkLabel *details;

  diplo_window_open_file (window, bad);
  g_assert_true (diplo_window_get_loading (window));
  diplo_test_wait_for (window_is_idle, window);

  g_assert_true (window->dataset == before);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (window->selection)), ==, n_before);
  dialog = diplo_test_find_message_dialog (GTK_WINDOW (window));
  g_assert_nonnull (dialog);
  /* The first problem in the body, all of them as plain text below. */
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "2023-02-30"));
  g_assert_null (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "title"));
  details = GTK_LABEL (diplo_test_find_descendant (adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog)),
                                                   GTK_TYPE_LABEL));
  g_assert_nonnull (strstr (gtk_label_get_text (details), "2023-02-30"));
  g_assert_nonnull (strstr (gtk_label_get_text (details), "properties.title"));
  g_assert_false (gtk_label_get_use_markup (details));
  gtk_window_destroy (dialog);

  diplo_window_open_file (window, good);
  diplo_test_wait_for (window_is_idle, window);
  g_assert_true (window->dataset != before);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (window->selection)), ==, 1);
  g_assert_cmpstr (gtk_label_get_text (window->dataset_title_label), ==, "Mine & <Co>");

  /* The toast that announces it shows the title as written. */
  {
    g_autoptr(GPtrArray) labels = g_ptr_array_new ();

    diplo_test_collect_labels (GTK_WIDGET (window->toast_overlay), labels);
    g_assert_true (has_label_with_text (labels, "Opened “Mine & <Co>”"));
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

static guint
count_children (GtkWidget *widget)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;

  return n;
}

/* Returns: the index of the only month row whose check mark shows, or -1
 * if none does */
static int
checked_month_row (DiploWindow *window)
{
  int checked = -1;
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (window->month_list, i)) != NULL; i++)
    {
      GtkWidget *check = gtk_widget_get_first_child (gtk_widget_get_first_child (GTK_WIDGET (row)));

      g_assert_true (GTK_IS_IMAGE (check));
      if (gtk_widget_get_opacity (check) == 0.0)
        continue;
      g_assert_cmpint (checked, ==, -1);
      checked = i;
    }

  return checked;
}

static void
test_window_month_list (void)
{
  const char *short_span[] = {
    "a|2023-01-31||meeting|||-|-|January|",
    "b|2023-03||meeting|||-|-|March|",
    NULL
  };
  const char *long_span[] = {
    "a|0001-01|9999-12|other|||-|-|Everything|",
    "b|2023-04-02||meeting|||-|-|One day|",
    NULL
  };
  g_autoptr(DiploDataset) short_dataset = diplo_test_dataset_new (short_span);
  g_autoptr(DiploDataset) long_dataset = diplo_test_dataset_new (long_span);
  DiploWindow *window = create_window ();
  GtkWidget *february;

  /* All months, then January to March with the empty February insensitive. */
  diplo_window_set_dataset (window, short_dataset);
  g_assert_cmpuint (count_children (GTK_WIDGET (window->month_list)), ==, 4);
  february = GTK_WIDGET (gtk_list_box_get_row_at_index (window->month_list, 2));
  g_assert_false (gtk_widget_get_sensitive (february));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (gtk_list_box_get_row_at_index (window->month_list, 3))));

  /* Only the shown month's row is checked. */
  g_assert_cmpint (checked_month_row (window), ==, 0);
  g_settings_set_string (window->settings, "month", "2023-03");
  g_assert_cmpint (checked_month_row (window), ==, 3);
  g_settings_set_string (window->settings, "month", "2023-01");
  g_assert_cmpint (checked_month_row (window), ==, 1);

  /* Ten thousand years list only the months where events begin: January
   * 2023, still shown, has no row to check. */
  diplo_window_set_dataset (window, long_dataset);
  g_assert_cmpuint (count_children (GTK_WIDGET (window->month_list)), ==, 3);
  g_assert_cmpint (checked_month_row (window), ==, -1);
  g_settings_set_string (window->settings, "month", "2023-04");
  g_assert_cmpint (checked_month_row (window), ==, 2);
  g_settings_set_string (window->settings, "month", "");
  g_assert_cmpint (checked_month_row (window), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The main menu is built when first opened: it must then hold every item,
 * and they must work. */
static void
test_window_primary_menu (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  DiploWindow *window = create_window ();
  GtkWidget *popover;

  g_settings_set_uint (settings, "playback-interval", 3000);
  popover = diplo_test_open_menu_button (window->primary_menu_button);
  g_assert_true (GTK_IS_POPOVER_MENU (popover));
  diplo_test_assert_menu_shown (window->primary_menu, popover);

  /* An item in the submenu, as clicked. */
  g_assert_true (gtk_widget_activate (diplo_test_find_menu_item (popover, "Fast")));
  g_assert_cmpuint (g_settings_get_uint (settings, "playback-interval"), ==, 1500);
  diplo_test_wait_for (diplo_test_is_unmapped, popover);

  /* Opened again, the same menu shows. */
  g_assert_true (diplo_test_open_menu_button (window->primary_menu_button) == popover);
  gtk_popover_popdown (GTK_POPOVER (popover));

  g_settings_reset (settings, "playback-interval");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The month list joins its button when first opened, with the rows made
 * for the dataset, and a row still picks its month. */
static void
test_window_month_popover (void)
{
  const char *lines[] = {
    "a|2023-01-31||meeting|||-|-|January|",
    "b|2023-03||meeting|||-|-|March|",
    NULL
  };
  g_autoptr(DiploDataset) dataset = diplo_test_dataset_new (lines);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  DiploWindow *window = create_window ();
  GtkWidget *popover;

  diplo_window_set_dataset (window, dataset);
  popover = diplo_test_open_menu_button (window->month_button);
  g_assert_true (popover == GTK_WIDGET (window->month_popover));
  g_assert_true (gtk_widget_is_ancestor (GTK_WIDGET (window->month_list), popover));
  g_assert_cmpuint (count_children (GTK_WIDGET (window->month_list)), ==, 4);

  g_signal_emit_by_name (window->month_list, "row-activated",
                         gtk_list_box_get_row_at_index (window->month_list, 3));
  assert_month_setting (settings, "2023-03");
  diplo_test_wait_for (diplo_test_is_unmapped, popover);

  g_settings_set_string (settings, "month", "");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_dataset_text_is_plain (void)
{
  const char *lines[] = {
    "a|2023-01-31||meeting|<i>Place</i> & co|FR|48.85|2.35|<b>A & B</b>|<span>Someone</span>",
    NULL
  };
  g_autoptr(DiploDataset) dataset = diplo_test_dataset_new (lines);
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  DiploWindow *window = create_window ();

  diplo_window_set_dataset (window, dataset);
  gtk_single_selection_set_selected (window->selection, 0);

  diplo_test_collect_labels (GTK_WIDGET (window), labels);
  g_assert_true (has_label_with_text (labels, "<b>A & B</b>"));
  g_assert_true (has_label_with_text (labels, "With <span>Someone</span>"));
  /* Labels that show the dataset's text never parse it. */
  for (guint i = 0; i < labels->len; i++)
    {
      GtkLabel *label = g_ptr_array_index (labels, i);

      if (strchr (gtk_label_get_text (label), '<') != NULL)
        g_assert_false (gtk_label_get_use_markup (label));
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean map_has_markers (gpointer data);

typedef struct
{
  DiploWindow *window;
  const char  *name;
} ShownFile;

static gboolean
file_is_shown (gpointer data)
{
  ShownFile *shown = data;

  return !diplo_window_get_loading (shown->window)
         && g_strcmp0 (diplo_dataset_get_display_name (shown->window->dataset),
                       shown->name) == 0
         && map_has_markers (shown->window);
}

/* A new window with the fixture @name opened as the user opens a file,
 * shown on the map, its first event selected. */
static DiploWindow *
create_window_showing (const char *name)
{
  g_autofree char *path = diplo_test_fixture_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  DiploWindow *window = create_window ();
  ShownFile shown = { window, name };

  diplo_window_open_file (window, file);
  diplo_test_wait_for (file_is_shown, &shown);
  gtk_single_selection_set_selected (window->selection, 0);

  return window;
}

/* Markup and entities from a real file, opened as the user opens one:
 * every place that shows them shows them as written. */
static void
test_window_markup_file_is_plain (void)
{
  const char *title = "<b>Bold</b> &amp; <span foreground=\"red\">red</span> &lt;";
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GPtrArray) markers = NULL;
  DiploWindow *window = create_window_showing ("markup-title.geojson");

  diplo_test_collect_labels (GTK_WIDGET (window), labels);
  /* Header, timeline row, details */
  g_assert_true (has_label_with_text (labels,
                                      "<b>Title</b> &amp; <span foreground=\"red\">more</span>"));
  g_assert_true (has_label_with_text (labels, "<i>Someone</i> &copy;"));
  g_assert_true (has_label_with_text (labels, title));
  g_assert_true (has_label_with_text (labels, "<i>Paris</i> & co"));
  g_assert_true (has_label_with_text (labels, "With <u>Someone</u>"));
  g_assert_true (has_label_with_text (labels, "<a href=\"https://example.org\">a link</a> &#x41;"));
  /* The toast */
  g_assert_true (has_label_with_text (labels,
                                      "Opened “<b>Title</b> &amp; "
                                      "<span foreground=\"red\">more</span>”"));
  /* A label that parses markup (the toast's, in libadwaita 1.2) was
   * given the text escaped, so that what it shows is what it was given. */
  for (guint i = 0; i < labels->len; i++)
    {
      GtkLabel *label = g_ptr_array_index (labels, i);
      g_autofree char *escaped = NULL;

      if (strchr (gtk_label_get_text (label), '<') == NULL || !gtk_label_get_use_markup (label))
        continue;

      escaped = g_markup_escape_text (gtk_label_get_text (label), -1);
      g_test_message ("markup label: %s", gtk_label_get_label (label));
      g_assert_cmpstr (gtk_label_get_label (label), ==, escaped);
    }

  /* The marker's tooltip, which is also what screen readers say */
  markers = diplo_test_shown_markers (window->map_view);
  g_assert_cmpuint (markers->len, ==, 1);
  g_assert_nonnull (strstr (diplo_test_marker_tooltip (g_ptr_array_index (markers, 0)),
                            "<i>Paris</i> & co"));

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Diplo");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A right-to-left override (U+202E) in a file's text reverses only that
 * text, never our words around it: where the app puts it in a sentence,
 * it is isolated (U+2068 … U+2069). Alone in its label, it is as written. */
static void
test_window_bidi_override_is_isolated (void)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GPtrArray) markers = NULL;
  DiploWindow *window = create_window_showing ("bidi-override.geojson");

  diplo_test_collect_labels (GTK_WIDGET (window), labels);
  g_assert_true (has_label_with_text (labels, "\u202eexe.tesatad"));
  g_assert_true (has_label_with_text (labels, "\u202eevil title"));
  g_assert_true (has_label_with_text (labels, "\u202eParis"));
  g_assert_true (has_label_with_text (labels, "\u200e\u2068\u202eParis\u2069, France"));
  g_assert_true (has_label_with_text (labels, "With \u200e\u2068\u202eSomeone\u2069, Other"));
  g_assert_true (has_label_with_text (labels, "Opened “\u200e\u2068\u202eexe.tesatad\u2069”"));

  markers = diplo_test_shown_markers (window->map_view);
  g_assert_cmpuint (markers->len, ==, 1);
  g_assert_cmpstr (diplo_test_marker_tooltip (g_ptr_array_index (markers, 0)), ==,
                   "\u200e\u2068\u202eParis\u2069: 1 event, March 1, 2023");

  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  char      *contents;
  gsize      length;
  GDateTime *modified;
} FileState;

static void
file_state_clear (FileState *state)
{
  g_clear_pointer (&state->contents, g_free);
  g_clear_pointer (&state->modified, g_date_time_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FileState, file_state_clear)

static void
read_file_state (GFile     *file,
                 FileState *state)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  g_file_load_contents (file, NULL, &state->contents, &state->length, NULL, &error);
  g_assert_no_error (error);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                            G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC, G_FILE_QUERY_INFO_NONE,
                            NULL, &error);
  g_assert_no_error (error);
  state->modified = g_file_info_get_modification_date_time (info);
}

/* The app reads datasets and never writes them: not on opening, not on
 * browsing, not on closing the window. */
static void
test_window_never_writes_dataset (void)
{
  g_autofree char *source = diplo_test_fixture_path ("valid-all-fields.geojson");
  g_autofree char *contents = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(FileState) before = { 0 };
  g_auto(FileState) after = { 0 };
  DiploWindow *window;
  gsize length;

  g_file_get_contents (source, &contents, &length, &error);
  g_assert_no_error (error);
  file = write_temp_file ("mine.geojson", contents);
  read_file_state (file, &before);

  window = create_window ();
  diplo_window_open_file (window, file);
  diplo_test_wait_for (window_is_idle, window);
  g_assert_cmpstr (diplo_dataset_get_display_name (window->dataset), ==, "mine.geojson");
  gtk_single_selection_set_selected (window->selection, 1);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.next-month", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.clear-filters", NULL);
  diplo_test_iterate (100);
  gtk_window_destroy (GTK_WINDOW (window));
  diplo_test_iterate (100);

  read_file_state (file, &after);
  g_assert_cmpmem (after.contents, after.length, before.contents, before.length);
  g_assert_true (g_date_time_equal (after.modified, before.modified));
}

/* Each way a file can be bad ends in a dialog that names it, and the
 * window keeps the dataset it had. */
static void
test_window_hostile_files_keep_dataset (void)
{
  const char *fixtures[] = {
    "not-json.geojson", "truncated.geojson", "too-deep.geojson", "huge-integer.geojson",
    "duplicate-member.geojson", "null-escape.geojson", "utf16.geojson", "out-of-range.geojson",
  };
  g_autofree char *fifo = g_build_filename (g_get_user_cache_dir (), "fifo.geojson", NULL);
  g_autofree char *folder = diplo_test_fixture_path (".");
  g_autoptr(GString) nested = g_string_new (NULL);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  DiploWindow *window = create_window ();
  DiploDataset *before = window->dataset;
  guint n_before = g_list_model_get_n_items (G_LIST_MODEL (window->selection));

  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autofree char *path = diplo_test_fixture_path (fixtures[i]);

      g_ptr_array_add (files, g_file_new_for_path (path));
    }

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (nested, '[');
  g_ptr_array_add (files, write_temp_file ("nested.geojson", nested->str));
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_ptr_array_add (files, g_file_new_for_path (fifo));
  g_ptr_array_add (files, g_file_new_for_path (folder));

  for (guint i = 0; i < files->len; i++)
    {
      GFile *file = g_ptr_array_index (files, i);
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *prefix = g_strconcat (name, ":", NULL);
      GtkWindow *dialog;
      const char *body;

      diplo_window_open_file (window, file);
      diplo_test_wait_for (window_is_idle, window);

      g_assert_true (window->dataset == before);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (window->selection)), ==, n_before);
      dialog = diplo_test_find_message_dialog (GTK_WINDOW (window));
      g_assert_nonnull (dialog);
      body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
      g_test_message ("%s", body);
      g_assert_true (g_str_has_prefix (body, prefix));
      g_assert_false (adw_message_dialog_get_body_use_markup (ADW_MESSAGE_DIALOG (dialog)));
      gtk_window_destroy (dialog);
    }

  g_unlink (fifo);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
has_tiles_notice (gpointer data)
{
  DiploWindow *window = data;
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  diplo_test_collect_labels (GTK_WIDGET (window->toast_overlay), labels);
  return has_label_with_text (labels,
                              "Map tiles could not be downloaded; showing the offline map");
}

/* Without a network the online map says so once, in a toast, and the
 * offline map shows; a local port where nothing listens stands for the
 * missing network. */
static void
test_window_online_map_unreachable (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(ShumateRasterRenderer) unreachable =
    shumate_raster_renderer_new_full_from_url ("unreachable", "Unreachable", "", "", 0, 19, 256,
                                               SHUMATE_MAP_PROJECTION_MERCATOR,
                                               "http://127.0.0.1:1/#Z#/#X#/#Y#.png");
  DiploWindow *window = create_window ();

  diplo_map_view_set_online_source (window->map_view, SHUMATE_MAP_SOURCE (unreachable));
  g_assert_false (has_tiles_notice (window));
  g_settings_set_string (settings, "map-layer", "openstreetmap");

  diplo_test_wait_for (has_tiles_notice, window);

  g_settings_set_string (settings, "map-layer", "offline");
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
has_title (gpointer data)
{
  DiploWindow *window = data;

  return !diplo_window_get_loading (window) &&
         g_strcmp0 (gtk_label_get_text (window->dataset_title_label), "Dropped") == 0;
}

static void
test_window_drop_opens_file (void)
{
  DiploWindow *window = create_window ();
  GtkDropTarget *target = GTK_DROP_TARGET (diplo_test_find_controller (GTK_WIDGET (window), GTK_TYPE_DROP_TARGET));
  g_autoptr(GFile) file = write_temp_file ("dropped.geojson",
                                           "{ \"type\": \"FeatureCollection\", \"title\": \"Dropped\", \"features\": [\n"
                                           "  { \"type\": \"Feature\", \"id\": \"a\", \"geometry\": null,\n"
                                           "    \"properties\": { \"start\": \"2020-01-01\", \"title\": \"x\" } } ] }");
  g_auto(GValue) value = G_VALUE_INIT;
  gboolean accepted = FALSE;

  g_assert_nonnull (target);
  g_value_init (&value, G_TYPE_FILE);
  g_value_set_object (&value, file);

  /* As a file manager's drop does, once GTK has read the file's address. */
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_assert_true (accepted);
  diplo_test_wait_for (has_title, window);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_command_line_file_opens (void)
{
  g_autoptr(GFile) file = write_temp_file ("named.geojson",
                                           "{ \"type\": \"FeatureCollection\", \"title\": \"Dropped\", \"features\": [\n"
                                           "  { \"type\": \"Feature\", \"id\": \"a\", \"geometry\": null,\n"
                                           "    \"properties\": { \"start\": \"2020-01-01\", \"title\": \"x\" } } ] }");
  GFile *files[] = { file };
  DiploWindow *window;

  /* What "diplo FILE" asks of the running application. */
  g_application_open (G_APPLICATION (app), files, 1, "");
  window = DIPLO_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  diplo_test_wait_for (has_title, window);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_own_icons_load (void)
{
  const char *icons[] = {
    RESOURCE_BASE_PATH "/icons/scalable/actions/diplo-filter-symbolic.svg",
    RESOURCE_BASE_PATH "/icons/scalable/actions/diplo-map-layers-symbolic.svg",
    RESOURCE_BASE_PATH "/icons/scalable/apps/" APP_ID ".svg",
  };

  /* Without an SVG loader these show as broken images, with no error. */
  for (guint i = 0; i < G_N_ELEMENTS (icons); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new_from_resource (icons[i], &error);

      g_assert_no_error (error);
      g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), >, 0);
    }
}

static gboolean
playback_stopped (gpointer data)
{
  DiploWindow *window = data;

  return window->playback_source == 0;
}

static void
test_window_playback_steps_to_the_end (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  DiploWindow *window = create_window ();
  GListModel *shown = G_LIST_MODEL (window->selection);
  guint n_items;

  g_settings_set_uint (settings, "playback-interval", 500);
  g_settings_set_string (settings, "month", "2023-10");
  n_items = g_list_model_get_n_items (shown);
  g_assert_cmpuint (n_items, >=, 2);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-playback", NULL);
  g_assert_cmpuint (gtk_single_selection_get_selected (window->selection), ==, 0);
  g_assert_false (playback_stopped (window));

  diplo_test_wait_for (playback_stopped, window);
  g_assert_cmpuint (gtk_single_selection_get_selected (window->selection), ==, n_items - 1);

  /* Playing again from the end starts over; pausing keeps the place. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-playback", NULL);
  g_assert_cmpuint (gtk_single_selection_get_selected (window->selection), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-playback", NULL);
  g_assert_true (playback_stopped (window));
  g_assert_cmpuint (gtk_single_selection_get_selected (window->selection), ==, 0);

  g_settings_set_string (settings, "month", "");
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
selected_second (gpointer data)
{
  DiploWindow *window = data;

  return gtk_single_selection_get_selected (window->selection) == 1;
}

static void
test_window_playback_pace_applies_at_once (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  DiploWindow *window = create_window ();

  g_settings_set_uint (settings, "playback-interval", 60000);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-playback", NULL);
  g_assert_cmpuint (gtk_single_selection_get_selected (window->selection), ==, 0);

  /* Without the change the next step would come in a minute. */
  g_settings_set_uint (settings, "playback-interval", 500);
  diplo_test_wait_for (selected_second, window);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-playback", NULL);
  g_assert_true (playback_stopped (window));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_details_follow_selection (void)
{
  DiploWindow *window = create_window ();
  DiploEvent *event;

  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->details_scroller)));
  gtk_single_selection_set_selected (window->selection, 2);
  event = gtk_single_selection_get_selected_item (window->selection);
  g_assert_true (diplo_event_details_get_event (window->details) == event);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->details_scroller)));

  gtk_single_selection_set_selected (window->selection, GTK_INVALID_LIST_POSITION);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->details_scroller)));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
map_has_markers (gpointer data)
{
  DiploWindow *window = data;
  g_autoptr(GPtrArray) shown = diplo_test_shown_markers (window->map_view);

  return shown->len > 0;
}

static DiploMapMarker *
find_marker_of_event (DiploWindow *window,
                      const char  *id)
{
  g_autoptr(GPtrArray) shown = diplo_test_shown_markers (window->map_view);

  for (guint i = 0; i < shown->len; i++)
    {
      DiploPlace *place = diplo_map_marker_get_place (g_ptr_array_index (shown, i));

      for (guint j = 0; place != NULL && j < diplo_place_get_n_events (place); j++)
        if (g_str_equal (diplo_event_get_id (diplo_place_get_event (place, j)), id))
          return g_ptr_array_index (shown, i);
    }

  return NULL;
}

typedef struct
{
  DiploWindow *window;
  const char  *id;
} RowQuery;

/* A row for the event is bound and lies inside the timeline's viewport. */
static gboolean
row_is_visible (gpointer data)
{
  RowQuery *query = data;
  DiploTimelineRow *row = diplo_test_find_timeline_row (query->window->timeline, query->id);
  GtkWidget *scroller = gtk_widget_get_parent (GTK_WIDGET (diplo_timeline_get_list (query->window->timeline)));
  graphene_rect_t bounds;

  if (row == NULL || !gtk_widget_compute_bounds (GTK_WIDGET (row), scroller, &bounds))
    return FALSE;

  return bounds.origin.y >= 0 &&
         bounds.origin.y + bounds.size.height <= gtk_widget_get_height (scroller);
}

static gboolean
has_selection (gpointer data)
{
  DiploWindow *window = data;

  return gtk_single_selection_get_selected_item (window->selection) != NULL;
}

static void
test_window_marker_selects_and_row_shows (void)
{
  DiploWindow *window = create_window ();
  RowQuery query = { window, "2023-11-biden" };
  DiploMapMarker *marker;
  DiploEvent *selected;

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 600);
  diplo_test_wait_for (map_has_markers, window);

  /* November is far below the fold when the window opens. */
  g_assert_false (row_is_visible (&query));

  marker = find_marker_of_event (window, query.id);
  g_assert_nonnull (marker);
  g_assert_cmpuint (diplo_map_marker_get_n_events (marker), ==, 1);
  g_assert_true (gtk_widget_activate (GTK_WIDGET (diplo_map_marker_get_button (marker))));

  /* A button reports an activation as a click once its press shows. */
  diplo_test_wait_for (has_selection, window);
  selected = gtk_single_selection_get_selected_item (window->selection);
  g_assert_cmpstr (diplo_event_get_id (selected), ==, query.id);
  diplo_test_wait_for (row_is_visible, &query);

  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  ShumateViewport *viewport;
  double           latitude;
  double           longitude;
} CentreQuery;

static gboolean
centre_is_near (gpointer data)
{
  CentreQuery *query = data;

  return fabs (shumate_location_get_latitude (SHUMATE_LOCATION (query->viewport)) - query->latitude) < 0.5 &&
         fabs (shumate_location_get_longitude (SHUMATE_LOCATION (query->viewport)) - query->longitude) < 0.5;
}

static void
test_window_row_moves_map (void)
{
  DiploWindow *window = create_window ();
  GListModel *shown = G_LIST_MODEL (window->selection);
  CentreQuery query;
  guint moscow = GTK_INVALID_LIST_POSITION;
  double latitude, longitude;

  query.viewport = shumate_map_get_viewport (diplo_map_view_get_map (window->map_view));
  diplo_test_wait_for (map_has_markers, window);

  for (guint i = 0; i < g_list_model_get_n_items (shown) && moscow == GTK_INVALID_LIST_POSITION; i++)
    {
      g_autoptr(DiploEvent) event = g_list_model_get_item (shown, i);

      if (g_strcmp0 (diplo_event_get_country (event), "RU") == 0)
        moscow = i;
    }
  g_assert_cmpuint (moscow, !=, GTK_INVALID_LIST_POSITION);

  {
    g_autoptr(DiploEvent) event = g_list_model_get_item (shown, moscow);

    g_assert_true (diplo_event_get_location (event, &latitude, &longitude));
  }
  query.latitude = latitude;
  query.longitude = longitude;
  g_assert_false (centre_is_near (&query));

  /* As a click on the row does: the list writes the shared selection. */
  gtk_single_selection_set_selected (window->selection, moscow);
  diplo_test_wait_for (centre_is_near, &query);

  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  DiploWindow *window;
  guint        n_events;
} MarkerCount;

static gboolean
markers_count_events (gpointer data)
{
  MarkerCount *count = data;
  g_autoptr(GPtrArray) markers = diplo_test_shown_markers (count->window->map_view);
  guint n_events = 0;

  for (guint i = 0; i < markers->len; i++)
    n_events += diplo_map_marker_get_n_events (g_ptr_array_index (markers, i));

  return n_events == count->n_events;
}

static void
test_window_month_filters_markers (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  DiploWindow *window = create_window ();
  g_autoptr(GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) markers = NULL;
  GListModel *shown = G_LIST_MODEL (window->selection);
  guint n_marked = 0;
  guint n_located = 0;
  MarkerCount count;

  g_settings_set_string (settings, "month", "2023-10");
  assert_all_in_month (shown, "2023-10");

  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(DiploEvent) event = g_list_model_get_item (shown, i);
      double latitude, longitude;

      if (diplo_event_get_location (event, &latitude, &longitude))
        {
          g_hash_table_add (expected, g_strdup_printf ("%.4f,%.4f", latitude, longitude));
          n_located++;
        }
    }

  /* Every marker stands for October's places, and together they count
   * each located October event once (nearby Beijing venues may cluster). */
  count.window = window;
  count.n_events = n_located;
  diplo_test_wait_for (markers_count_events, &count);
  markers = diplo_test_shown_markers (window->map_view);
  g_assert_cmpuint (markers->len, >, 0);
  for (guint i = 0; i < markers->len; i++)
    {
      DiploMapMarker *marker = g_ptr_array_index (markers, i);
      DiploPlace *place = diplo_map_marker_get_place (marker);
      double latitude, longitude;
      g_autofree char *key = NULL;

      n_marked += diplo_map_marker_get_n_events (marker);
      if (diplo_map_marker_get_is_cluster (marker))
        continue;

      g_assert_true (diplo_event_get_location (diplo_place_get_event (place, 0), &latitude, &longitude));
      key = g_strdup_printf ("%.4f,%.4f", latitude, longitude);
      g_assert_true (g_hash_table_contains (expected, key));
    }
  g_assert_cmpuint (n_marked, ==, n_located);

  g_settings_set_string (settings, "month", "");
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
nothing_left_to_draw_ahead (gpointer data)
{
  DiploWindow *window = data;

  return window->draw_ahead_source == 0 && window->point_source == 0;
}

static GtkListBoxRow *
find_month_row (DiploWindow *window,
                const char  *month)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (window->month_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "month"), month) == 0)
      return GTK_LIST_BOX_ROW (row);

  g_assert_not_reached ();
}

/* Shows @month and checks that it took the image of a content drawn ahead:
 * one fewer is left. */
static void
assert_shows_drawn_ahead (DiploWindow      *window,
                          DiploCachedLayer *routes,
                          const char       *month)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  guint n_ahead;

  diplo_test_wait_for (nothing_left_to_draw_ahead, window);
  n_ahead = diplo_cached_layer_get_n_ahead (routes);
  g_settings_set_string (settings, "month", month);
  g_assert_cmpuint (diplo_cached_layer_get_n_ahead (routes), ==, n_ahead - 1);
}

/* The months either side of the one shown, all months and the month
 * pointed at in the month menu are drawn ahead on the map, as the window
 * makes their events: showing one of them takes its image. */
static void
test_window_draws_next_months_ahead (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  DiploWindow *window = create_window ();
  DiploCachedLayer *routes = DIPLO_CACHED_LAYER (diplo_test_find_descendant (GTK_WIDGET (window->map_view),
                                                                             DIPLO_TYPE_ROUTE_LAYER));

  g_settings_set_string (settings, "month", "2023-10");
  assert_shows_drawn_ahead (window, routes, "2023-11");
  assert_shows_drawn_ahead (window, routes, "2023-10");
  assert_shows_drawn_ahead (window, routes, "");

  /* The BRICS summit in Johannesburg, far from the months drawn ahead,
   * once pointed at. */
  diplo_window_point_at_month_row (window, find_month_row (window, "2023-08"));
  assert_shows_drawn_ahead (window, routes, "2023-08");

  /* The keyboard's focus on a row points at it too. */
  gtk_menu_button_popup (window->month_button);
  gtk_widget_grab_focus (GTK_WIDGET (find_month_row (window, "2023-05")));
  g_assert_cmpstr (window->pointed_month, ==, "2023-05");
  gtk_menu_button_popdown (window->month_button);

  g_settings_set_string (settings, "month", "");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The metainfo promises a 360 px wide screen: with GNOME's window buttons
 * (close alone) and the longest kind of month name chosen, the window
 * must still fit there. */
static void
test_window_fits_phone_width (void)
{
  GtkSettings *settings = gtk_settings_get_default ();
  g_autofree char *layout = NULL;
  DiploWindow *window;
  int minimum;

  g_object_get (settings, "gtk-decoration-layout", &layout, NULL);
  g_object_set (settings, "gtk-decoration-layout", "appmenu:close", NULL);

  window = create_window ();
  g_settings_set_string (window->settings, "month", "2023-09");
  diplo_test_iterate (50);
  g_assert_cmpstr (gtk_label_get_label (window->month_label), ==, "September 2023");

  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1,
                      &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, 360);

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_set (settings, "gtk-decoration-layout", layout, NULL);
}

/* A month's events come from the month index, the whole dataset's from its
 * own list: going between them keeps the selected event where it is still
 * shown, and leaves the map where the user put it. */
static void
test_window_month_model_keeps_selection_and_map (void)
{
  static const char *features[] = {
    "a|2023-01-10||meeting|Beijing|CN|39.9|116.4|January|",
    "b|2023-01-20|2023-02-05|summit|Hanoi|VN|21.03|105.85|Spanning|",
    "c|2023-02-01||call|||||Call|",
    "d|2023-02-10||meeting|Paris|FR|48.85|2.35|February|",
    "e|2023-03||meeting|Lima|PE|-12.05|-77.04|March|",
    NULL
  };
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(DiploDataset) dataset = diplo_test_dataset_new (features);
  DiploWindow *window = NULL;
  GListModel *shown;
  ShumateViewport *viewport;
  DiploEvent *spanning;
  double latitude, longitude;

  g_settings_set_string (settings, "month", "");
  window = create_window ();
  diplo_window_set_dataset (window, dataset);
  shown = G_LIST_MODEL (window->selection);
  viewport = shumate_map_get_viewport (diplo_map_view_get_map (window->map_view));
  diplo_test_iterate (200);

  /* All months: the dataset's own list, which its places were grouped for. */
  g_assert_true (gtk_filter_list_model_get_model (window->filter_model) ==
                 diplo_dataset_get_events (dataset));
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 5);

  gtk_single_selection_set_selected (window->selection, 1);
  spanning = gtk_single_selection_get_selected_item (window->selection);
  g_assert_cmpstr (diplo_event_get_id (spanning), ==, "b");

  g_settings_set_string (settings, "month", "2023-02");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 3);
  g_assert_true (gtk_single_selection_get_selected_item (window->selection) == spanning);
  g_assert_cmpuint (gtk_single_selection_get_selected (window->selection), ==, 0);

  g_settings_set_string (settings, "month", "2023-01");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 2);
  g_assert_true (gtk_single_selection_get_selected_item (window->selection) == spanning);
  g_assert_cmpuint (gtk_single_selection_get_selected (window->selection), ==, 1);

  g_settings_set_string (settings, "month", "");
  g_assert_true (gtk_filter_list_model_get_model (window->filter_model) ==
                 diplo_dataset_get_events (dataset));
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 5);
  g_assert_true (gtk_single_selection_get_selected_item (window->selection) == spanning);

  /* With nothing selected, the map stays where it was put. */
  gtk_single_selection_set_selected (window->selection, GTK_INVALID_LIST_POSITION);
  diplo_test_iterate (200);
  shumate_map_center_on (diplo_map_view_get_map (window->map_view), 0.0, 0.0);
  g_settings_set_string (settings, "month", "2023-02");
  diplo_test_iterate (200);
  g_settings_set_string (settings, "month", "2023-01");
  diplo_test_iterate (200);
  g_settings_set_string (settings, "month", "");
  diplo_test_iterate (200);
  latitude = shumate_location_get_latitude (SHUMATE_LOCATION (viewport));
  longitude = shumate_location_get_longitude (SHUMATE_LOCATION (viewport));
  g_assert_cmpfloat_with_epsilon (latitude, 0.0, 0.01);
  g_assert_cmpfloat_with_epsilon (longitude, 0.0, 0.01);

  /* March holds none of them: nothing stays selected. */
  gtk_single_selection_set_selected (window->selection, 1);
  g_settings_set_string (settings, "month", "2023-03");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
  g_assert_cmpuint (gtk_single_selection_get_selected (window->selection), ==,
                    GTK_INVALID_LIST_POSITION);

  g_settings_set_string (settings, "month", "");
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  ShumateViewport *viewport;
  double           min_longitude;
  double           max_longitude;
} LongitudeQuery;

static gboolean
map_centre_is_between (gpointer data)
{
  LongitudeQuery *query = data;
  double longitude = shumate_location_get_longitude (SHUMATE_LOCATION (query->viewport));

  return longitude > query->min_longitude && longitude < query->max_longitude;
}

/* A new dataset is shown whole, wherever the map was left. */
static void
test_window_new_dataset_fits_map (void)
{
  const char *americas[] = {
    "a|2023-01-10||meeting|Lima|PE|-12.05|-77.04|Lima|",
    "b|2023-02-10||meeting|Bogotá|CO|4.71|-74.07|Bogotá|",
    NULL
  };
  const char *asia[] = {
    "c|2023-01-10||meeting|Beijing|CN|39.9|116.4|Beijing|",
    "d|2023-02-10||meeting|Hanoi|VN|21.03|105.85|Hanoi|",
    NULL
  };
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(DiploDataset) first = diplo_test_dataset_new (americas);
  g_autoptr(DiploDataset) second = diplo_test_dataset_new (asia);
  DiploWindow *window;
  ShumateViewport *viewport;

  g_settings_set_string (settings, "month", "");
  window = create_window ();
  viewport = shumate_map_get_viewport (diplo_map_view_get_map (window->map_view));
  diplo_window_set_dataset (window, first);
  diplo_test_wait_for (map_centre_is_between, &(LongitudeQuery) { viewport, -90.0, -60.0 });

  shumate_location_set_location (SHUMATE_LOCATION (viewport), 0.0, 0.0);
  diplo_window_set_dataset (window, second);
  diplo_test_wait_for (map_centre_is_between, &(LongitudeQuery) { viewport, 100.0, 120.0 });

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  /* Not G_TEST_OPTION_ISOLATE_DIRS: widgets need the system's MIME database
   * to load icons; the test environment gives a private cache directory. */
  g_test_init (&argc, &argv, NULL);
  diplo_test_init_gtk ();
  app = diplo_test_application_new (APP_ID ".Test");

  g_test_add_func ("/window/mapped-with-title", test_window_mapped_with_title);
  g_test_add_func ("/window/size-saved", test_window_size_saved);
  g_test_add_func ("/window/month-model-keeps-selection-and-map",
                   test_window_month_model_keeps_selection_and_map);
  g_test_add_func ("/window/actions-have-accels", test_window_actions_have_accels);

  g_test_add_func ("/window/month-steps-and-is-restored", test_window_month_steps_and_is_restored);
  g_test_add_func ("/window/search-and-kinds", test_window_search_and_kinds);
  g_test_add_func ("/window/bad-file-keeps-dataset", test_window_bad_file_keeps_dataset);
  g_test_add_func ("/window/month-list", test_window_month_list);
  g_test_add_func ("/window/month-popover", test_window_month_popover);
  g_test_add_func ("/window/primary-menu", test_window_primary_menu);
  g_test_add_func ("/window/own-icons-load", test_window_own_icons_load);
  g_test_add_func ("/window/drop-opens-file", test_window_drop_opens_file);
  g_test_add_func ("/window/command-line-file-opens", test_window_command_line_file_opens);
  g_test_add_func ("/window/dataset-text-is-plain", test_window_dataset_text_is_plain);
  g_test_add_func ("/window/markup-file-is-plain", test_window_markup_file_is_plain);
  g_test_add_func ("/window/bidi-override-is-isolated", test_window_bidi_override_is_isolated);
  g_test_add_func ("/window/never-writes-dataset", test_window_never_writes_dataset);
  g_test_add_func ("/window/hostile-files-keep-dataset", test_window_hostile_files_keep_dataset);
  g_test_add_func ("/window/online-map-unreachable", test_window_online_map_unreachable);
  g_test_add_func ("/window/playback-steps-to-the-end", test_window_playback_steps_to_the_end);
  g_test_add_func ("/window/playback-pace-applies-at-once", test_window_playback_pace_applies_at_once);
  g_test_add_func ("/window/details-follow-selection", test_window_details_follow_selection);

  g_test_add_func ("/window/marker-selects-and-row-shows", test_window_marker_selects_and_row_shows);
  g_test_add_func ("/window/row-moves-map", test_window_row_moves_map);
  g_test_add_func ("/window/month-filters-markers", test_window_month_filters_markers);
  g_test_add_func ("/window/draws-next-months-ahead", test_window_draws_next_months_ahead);
  g_test_add_func ("/window/fits-phone-width", test_window_fits_phone_width);
  g_test_add_func ("/window/new-dataset-fits-map", test_window_new_dataset_fits_map);

  ret = g_test_run ();
  g_clear_object (&app);

  return ret;
}
