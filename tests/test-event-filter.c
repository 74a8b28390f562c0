#include "config.h"

#include <gtk/gtk.h>

#include "diplo-event-filter.h"
#include "diplo-test-utils.h"
#include "diplo-utils.h"

static const char *features[] = {
  "moscow|2023-03-20|2023-03-22|state-visit|Moscow|RU|55.752|37.6175|State visit to Russia|Vladimir Putin",
  "spans|2023-03-30|2023-04-02|summit|Hangzhou|CN|30.27|120.15|Spanning summit|",
  "april|2023-04||meeting|Beijing|CN|39.9|116.4|Meeting with Luiz Inacio Lula da Silva|Luiz Inacio Lula da Silva",
  "call|2023-04-26||call|||-|-|Phone call with Volodymyr Zelensky|Volodymyr Zelensky",
  "venezuela|2023-09||meeting|Beijing|CN|39.9|116.4|Meeting in September|Nicolás Maduro Moros",
  NULL
};

static GtkFilterListModel *
create_filtered (DiploEventFilter **filter_out)
{
  g_autoptr(DiploDataset) dataset = diplo_test_dataset_new (features);
  DiploEventFilter *filter = diplo_event_filter_new ();

  *filter_out = filter;
  return gtk_filter_list_model_new (g_object_ref (diplo_dataset_get_events (dataset)),
                                    g_object_ref (GTK_FILTER (filter)));
}

static char *
ids_of (GListModel *model)
{
  GString *ids = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DiploEvent) event = g_list_model_get_item (model, i);

      if (i > 0)
        g_string_append_c (ids, ' ');
      g_string_append (ids, diplo_event_get_id (event));
    }

  return g_string_free (ids, FALSE);
}

#define assert_ids(model, expected)                          \
  G_STMT_START {                                             \
    g_autofree char *_ids = ids_of (G_LIST_MODEL (model));   \
    g_assert_cmpstr (_ids, ==, expected);                    \
  } G_STMT_END

static void
test_filter_month (void)
{
  g_autoptr(DiploEventFilter) filter = NULL;
  g_autoptr(GtkFilterListModel) model = create_filtered (&filter);

  assert_ids (model, "moscow spans april call venezuela");

  diplo_event_filter_set_month (filter, "2023-03");
  assert_ids (model, "moscow spans");

  /* An event from March 30 to April 2 is in both months. */
  diplo_event_filter_set_month (filter, "2023-04");
  assert_ids (model, "spans april call");

  diplo_event_filter_set_month (filter, "2023-05");
  assert_ids (model, "");

  diplo_event_filter_set_month (filter, "");
  assert_ids (model, "moscow spans april call venezuela");
  g_assert_null (diplo_event_filter_get_month (filter));
}

static void
test_filter_month_invalid_means_all (void)
{
  g_autoptr(DiploEventFilter) filter = NULL;
  g_autoptr(GtkFilterListModel) model = create_filtered (&filter);

  diplo_event_filter_set_month (filter, "2023-13");
  g_assert_null (diplo_event_filter_get_month (filter));
  g_assert_false (diplo_event_filter_is_active (filter));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 5);
}

static void
test_filter_search_folds_case_and_accents (void)
{
  g_autoptr(DiploEventFilter) filter = NULL;
  g_autoptr(GtkFilterListModel) model = create_filtered (&filter);

  /* Participants, ignoring accents: "Nicolás" */
  diplo_event_filter_set_search_text (filter, "NICOLAS");
  assert_ids (model, "venezuela");

  /* Country code */
  diplo_event_filter_set_search_text (filter, "ru");
  assert_ids (model, "moscow");

  /* Place */
  diplo_event_filter_set_search_text (filter, "hangz");
  assert_ids (model, "spans");

  /* Title, narrowing then widening */
  diplo_event_filter_set_search_text (filter, "Meeting");
  assert_ids (model, "april venezuela");
  diplo_event_filter_set_search_text (filter, "Meeting in");
  assert_ids (model, "venezuela");
  diplo_event_filter_set_search_text (filter, "Meet");
  assert_ids (model, "april venezuela");

  diplo_event_filter_set_search_text (filter, "");
  assert_ids (model, "moscow spans april call venezuela");
}

static void
test_filter_kinds_combine_with_month_and_search (void)
{
  g_autoptr(DiploEventFilter) filter = NULL;
  g_autoptr(GtkFilterListModel) model = create_filtered (&filter);

  diplo_event_filter_set_kinds (filter, 1u << DIPLO_EVENT_KIND_MEETING);
  assert_ids (model, "april venezuela");

  diplo_event_filter_set_month (filter, "2023-04");
  assert_ids (model, "april");

  diplo_event_filter_set_kinds (filter, (1u << DIPLO_EVENT_KIND_MEETING) | (1u << DIPLO_EVENT_KIND_CALL));
  assert_ids (model, "april call");

  diplo_event_filter_set_search_text (filter, "zelensky");
  assert_ids (model, "call");

  g_assert_true (diplo_event_filter_is_active (filter));
  diplo_event_filter_clear (filter);
  g_assert_false (diplo_event_filter_is_active (filter));
  assert_ids (model, "moscow spans april call venezuela");
}

static void
on_filter_changed (GtkFilter       *filter,
                   GtkFilterChange  change,
                   GtkFilterChange *last)
{
  *last = change;
}

static void
test_filter_strictness_hints (void)
{
  g_autoptr(DiploEventFilter) filter = diplo_event_filter_new ();
  GtkFilterChange last = -1;

  g_signal_connect (filter, "changed", G_CALLBACK (on_filter_changed), &last);

  diplo_event_filter_set_search_text (filter, "mee");
  g_assert_cmpint (last, ==, GTK_FILTER_CHANGE_MORE_STRICT);
  diplo_event_filter_set_search_text (filter, "meet");
  g_assert_cmpint (last, ==, GTK_FILTER_CHANGE_MORE_STRICT);
  diplo_event_filter_set_search_text (filter, "me");
  g_assert_cmpint (last, ==, GTK_FILTER_CHANGE_LESS_STRICT);
  diplo_event_filter_set_search_text (filter, "call");
  g_assert_cmpint (last, ==, GTK_FILTER_CHANGE_DIFFERENT);

  diplo_event_filter_set_kinds (filter, 3);
  g_assert_cmpint (last, ==, GTK_FILTER_CHANGE_MORE_STRICT);
  diplo_event_filter_set_kinds (filter, 7);
  g_assert_cmpint (last, ==, GTK_FILTER_CHANGE_LESS_STRICT);

  diplo_event_filter_set_month (filter, "2023-01");
  g_assert_cmpint (last, ==, GTK_FILTER_CHANGE_MORE_STRICT);
  diplo_event_filter_set_month (filter, "2023-02");
  g_assert_cmpint (last, ==, GTK_FILTER_CHANGE_DIFFERENT);
  diplo_event_filter_set_month (filter, NULL);
  g_assert_cmpint (last, ==, GTK_FILTER_CHANGE_LESS_STRICT);
}

static void
count_changes (GtkFilter       *filter,
               GtkFilterChange  change,
               guint           *n_changes)
{
  (*n_changes)++;
}

static void
test_filter_clear_refilters_once (void)
{
  g_autoptr(DiploEventFilter) filter = NULL;
  g_autoptr(GtkFilterListModel) model = create_filtered (&filter);
  guint n_changes = 0;

  diplo_event_filter_set_month (filter, "2023-04");
  diplo_event_filter_set_search_text (filter, "call");
  diplo_event_filter_set_kinds (filter, 1u << DIPLO_EVENT_KIND_CALL);
  assert_ids (model, "call");

  g_signal_connect (filter, "changed", G_CALLBACK (count_changes), &n_changes);
  diplo_event_filter_clear (filter);
  g_assert_cmpuint (n_changes, ==, 1);
  assert_ids (model, "moscow spans april call venezuela");
  g_assert_null (diplo_event_filter_get_search_text (filter));

  diplo_event_filter_clear (filter);
  g_assert_cmpuint (n_changes, ==, 1);
}

/* A selection over a filter that lets every event through holds the
 * dataset's own events: they are asked of the dataset, not through the
 * filter, until the filter leaves some out. */
static void
test_filter_source_model (void)
{
  g_autoptr(DiploEventFilter) filter = NULL;
  GtkFilterListModel *filtered = create_filtered (&filter);
  GListModel *events = gtk_filter_list_model_get_model (filtered);
  g_autoptr(GtkSingleSelection) selection = gtk_single_selection_new (G_LIST_MODEL (filtered));

  g_assert_true (diplo_list_model_get_source (G_LIST_MODEL (selection)) == events);
  g_assert_true (diplo_list_model_get_source (events) == events);

  diplo_event_filter_set_search_text (filter, "meeting");
  g_assert_true (diplo_list_model_get_source (G_LIST_MODEL (selection)) == G_LIST_MODEL (filtered));

  diplo_event_filter_set_search_text (filter, NULL);
  diplo_event_filter_set_month (filter, "2023-04");
  g_assert_true (diplo_list_model_get_source (G_LIST_MODEL (selection)) == G_LIST_MODEL (filtered));

  diplo_event_filter_set_month (filter, NULL);
  gtk_filter_list_model_set_filter (filtered, NULL);
  g_assert_true (diplo_list_model_get_source (G_LIST_MODEL (selection)) == events);
}

static void
test_fold_for_search (void)
{
  g_autofree char *a = diplo_fold_for_search ("Nicolás Maduro");
  g_autofree char *b = diplo_fold_for_search ("XI'AN Şanlıurfa");

  g_assert_cmpstr (a, ==, "nicolas maduro");
  g_assert_cmpstr (b, ==, "xi'an sanlıurfa");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/event-filter/month", test_filter_month);
  g_test_add_func ("/event-filter/month-invalid-means-all", test_filter_month_invalid_means_all);
  g_test_add_func ("/event-filter/search-folds-case-and-accents", test_filter_search_folds_case_and_accents);
  g_test_add_func ("/event-filter/kinds-combine", test_filter_kinds_combine_with_month_and_search);
  g_test_add_func ("/event-filter/strictness-hints", test_filter_strictness_hints);
  g_test_add_func ("/event-filter/clear-refilters-once", test_filter_clear_refilters_once);
  g_test_add_func ("/event-filter/source-model", test_filter_source_model);
  g_test_add_func ("/event-filter/fold-for-search", test_fold_for_search);

  return g_test_run ();
}
