#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "diplo-application.h"
#include "diplo-timeline-row.h"
#include "diplo-window.h"
#include "diplo-window-private.h"
#include "diplo-test-utils.h"

/* The application as a Chinese reader sees it: the labels from
 * po/zh_CN.po, built into the build tree, and the built-in dataset's
 * own Chinese text. */

static DiploApplication *app;

static DiploWindow *
create_window (void)
{
  return diplo_test_present_window (diplo_window_new (app));
}

typedef struct
{
  DiploWindow *window;
  const char  *id;
} RowQuery;

static DiploTimelineRow *
find_row (RowQuery *query)
{
  return diplo_test_find_timeline_row (query->window->timeline, query->id);
}

static gboolean
row_exists (gpointer data)
{
  return find_row (data) != NULL;
}

static void
collect_label_texts (GtkWidget *widget,
                     GPtrArray *texts)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget))
    g_ptr_array_add (texts, (gpointer)gtk_label_get_text (GTK_LABEL (widget)));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_label_texts (child, texts);
}

static void
assert_row_shows (DiploWindow *window,
                  const char  *id,
                  const char  *text)
{
  RowQuery query = { window, id };
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();

  diplo_test_wait_for (row_exists, &query);
  collect_label_texts (GTK_WIDGET (find_row (&query)), texts);

  for (guint i = 0; i < texts->len; i++)
    if (g_strcmp0 (g_ptr_array_index (texts, i), text) == 0)
      return;

  for (guint i = 0; i < texts->len; i++)
    g_test_message ("row %s shows “%s”", id, (char *)g_ptr_array_index (texts, i));
  g_error ("row %s does not show “%s”", id, text);
}

static void
test_translation_labels (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  DiploWindow *window;

  g_settings_set_string (settings, "month", "");
  window = create_window ();

  g_assert_cmpstr (gtk_label_get_text (window->month_label), ==, "所有月份");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (window->play_button)), ==,
                   "播放事件");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (window->next_month_button), ==, "下个月");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.next-month", NULL);
  g_assert_cmpstr (gtk_label_get_text (window->month_label), ==, "2023年3月");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.clear-filters", NULL);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_translation_builtin_rows (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  DiploWindow *window;

  g_settings_set_string (settings, "month", "");
  window = create_window ();

  g_assert_cmpstr (gtk_label_get_text (window->dataset_title_label), ==, "2023年习近平外交");

  /* The first event of March carries the month heading. */
  assert_row_shows (window, "2023-03-honduras-relations", "2023年3月");
  assert_row_shows (window, "2023-03-honduras-relations", "中国同洪都拉斯建立外交关系");
  assert_row_shows (window, "2023-03-russia", "对俄罗斯进行国事访问");
  assert_row_shows (window, "2023-03-russia", "2023年3月20日至21日");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_translation_dates (void)
{
  const char * const features[] = {
    "day|2023-03-20||meeting|||-|-|Day|",
    "month|2023-04||meeting|||-|-|Month|",
    "in-month|2023-08-21|2023-08-24|meeting|||-|-|In a month|",
    "in-year|2023-03-30|2023-04-02|meeting|||-|-|In a year|",
    "over-years|2023-12-30|2024-01-02|meeting|||-|-|Over two years|",
    "mixed|2023-04|2023-05-03|meeting|||-|-|Month to day|",
    NULL
  };
  const struct { const char *id, *dates; } expected[] = {
    { "day", "2023年3月20日" },
    { "month", "2023年4月" },
    { "in-month", "2023年8月21日至24日" },
    { "in-year", "2023年3月30日至4月2日" },
    { "over-years", "2023年12月30日至2024年1月2日" },
    { "mixed", "2023年4月至2023年5月3日" },
  };
  g_autoptr(DiploDataset) dataset = diplo_test_dataset_new (features);
  GListModel *events = diplo_dataset_get_events (dataset);

  g_assert_cmpuint (g_list_model_get_n_items (events), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(DiploEvent) event = g_list_model_get_item (events, i);
      g_autofree char *dates = diplo_event_format_dates (event);

      for (guint j = 0; j < G_N_ELEMENTS (expected); j++)
        if (g_str_equal (diplo_event_get_id (event), expected[j].id))
          g_assert_cmpstr (dates, ==, expected[j].dates);
    }
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("DIPLO_LOCALEDIR");
  g_autofree char *catalog = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  /* gettext ignores LANGUAGE only under the C locale itself, not under
   * C.UTF-8, so no Chinese locale needs to be installed. */
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  gtk_disable_setlocale ();
  setlocale (LC_ALL, "C.UTF-8");

  g_assert_nonnull (localedir);
  catalog = g_build_filename (localedir, "zh_CN", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  g_assert_true (g_file_test (catalog, G_FILE_TEST_IS_REGULAR));
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (g_strcmp0 (_("Map"), "Map") == 0)
    {
      g_test_skip ("this C library does not translate by LANGUAGE under the C.UTF-8 locale");
      return g_test_run ();
    }

  /* Sets the same locale again, and starts GTK. */
  diplo_test_init_gtk ();
  app = diplo_test_application_new (APP_ID ".TestTranslation");

  g_test_add_func ("/translation/zh-CN/dates", test_translation_dates);
  g_test_add_func ("/translation/zh-CN/labels", test_translation_labels);
  g_test_add_func ("/translation/zh-CN/builtin-rows", test_translation_builtin_rows);

  ret = g_test_run ();
  g_clear_object (&app);

  return ret;
}
