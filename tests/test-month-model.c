#include "config.h"

#include <gtk/gtk.h>

#include "diplo-event-filter.h"
#include "diplo-month-model.h"
#include "diplo-place-grouping.h"
#include "diplo-test-utils.h"

/* Events in no particular order: some spanning months or years, some
 * without a place, some of month precision. */
static GListModel *
create_events (guint   n_events,
               guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  GListStore *store = g_list_store_new (DIPLO_TYPE_EVENT);
  GDate date;
  guint first_day;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, G_DATE_JANUARY, 2021);
  first_day = g_date_get_julian (&date);

  for (guint i = 0; i < n_events; i++)
    {
      g_autofree char *id = g_strdup_printf ("event-%u", i);
      guint start = first_day + g_rand_int_range (rand, 0, 3 * 365);
      gboolean by_month = i % 7 == 0;
      gboolean spanning = i % 5 == 0;
      gboolean located = i % 11 != 0;
      guint end = 0;

      if (by_month)
        {
          g_date_set_julian (&date, start);
          g_date_set_day (&date, 1);
          start = g_date_get_julian (&date);
        }
      if (spanning)
        end = start + g_rand_int_range (rand, 1, i % 3 == 0 ? 400 : 60);

      g_ptr_array_add (events, g_object_new (DIPLO_TYPE_EVENT,
                                             "id", id,
                                             "title", id,
                                             "start-day", start,
                                             "start-precision", by_month ? DIPLO_DATE_PRECISION_MONTH
                                                                         : DIPLO_DATE_PRECISION_DAY,
                                             "end-day", end,
                                             "has-location", located,
                                             "latitude", located ? 10.0 : 0.0,
                                             "longitude", located ? 20.0 : 0.0,
                                             "kind", (DiploEventKind) (i % DIPLO_EVENT_N_KINDS),
                                             NULL));
    }

  g_list_store_splice (store, 0, 0, events->pdata, events->len);

  return G_LIST_MODEL (store);
}

static void
assert_same_items (GListModel *expected,
                   GListModel *model)
{
  guint n_items = g_list_model_get_n_items (expected);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n_items);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(GObject) a = g_list_model_get_item (expected, i);
      g_autoptr(GObject) b = g_list_model_get_item (model, i);

      g_assert_true (a == b);
    }
  g_assert_null (g_list_model_get_item (model, n_items));
}

/* What a listener rebuilds from items-changed alone. */
static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GListStore *mirror)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < added; i++)
    g_ptr_array_add (items, g_list_model_get_item (model, position + i));
  g_list_store_splice (mirror, position, removed, items->pdata, items->len);
}

/* Every month, and one on either side of the dataset: the month model
 * lists exactly what the month filter lists over the whole model, in the
 * same order, and its changes tell a listener as much. */
static void
test_month_model_matches_month_filter (void)
{
  g_autoptr(GListModel) events = create_events (3000, 7);
  g_autoptr(DiploMonthIndex) index = diplo_month_index_new (events);
  g_autoptr(DiploMonthModel) model = diplo_month_model_new (events, index);
  g_autoptr(DiploEventFilter) filter = diplo_event_filter_new ();
  g_autoptr(GtkFilterListModel) filtered =
    gtk_filter_list_model_new (g_object_ref (events), g_object_ref (GTK_FILTER (filter)));
  g_autoptr(GListStore) mirror = g_list_store_new (DIPLO_TYPE_EVENT);
  int first = diplo_month_index_get_first (index);
  int last = diplo_month_index_get_last (index);
  guint n_spanning_shown = 0;

  on_items_changed (G_LIST_MODEL (model), 0, 0, g_list_model_get_n_items (G_LIST_MODEL (model)),
                    mirror);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), mirror);
  assert_same_items (events, G_LIST_MODEL (model));

  for (int month = first - 1; month <= last + 1; month++)
    {
      g_autofree char *month_text = diplo_month_number_to_string (month);

      diplo_event_filter_set_month (filter, month_text);
      diplo_month_model_set_month (model, month);

      g_assert_cmpint (diplo_month_model_get_month (model), ==, month);
      assert_same_items (G_LIST_MODEL (filtered), G_LIST_MODEL (model));
      assert_same_items (G_LIST_MODEL (model), G_LIST_MODEL (mirror));
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==,
                        diplo_month_index_get_count (index, month));
      n_spanning_shown += g_list_model_get_n_items (G_LIST_MODEL (model));
    }
  g_assert_cmpuint (n_spanning_shown, >, g_list_model_get_n_items (events));

  /* Backwards and skipping, then all months again. */
  for (int month = last; month >= first; month -= 5)
    {
      g_autofree char *month_text = diplo_month_number_to_string (month);

      diplo_event_filter_set_month (filter, month_text);
      diplo_month_model_set_month (model, month);
      assert_same_items (G_LIST_MODEL (filtered), G_LIST_MODEL (model));
      assert_same_items (G_LIST_MODEL (model), G_LIST_MODEL (mirror));
    }

  diplo_month_model_set_month (model, -1);
  assert_same_items (events, G_LIST_MODEL (model));
  assert_same_items (events, G_LIST_MODEL (mirror));
}

/* The window's own data: sorted, with the calls and events without a
 * place of a real dataset. */
static void
test_month_model_matches_dataset (void)
{
  static const char *features[] = {
    "a|2022-12-20|2023-02-03|summit|Hanoi|VN|21.03|105.85|Across the year|",
    "b|2023-01||meeting|Beijing|CN|39.9|116.4|Some day in January|",
    "c|2023-01-31||call|||||Call|",
    "d|2023-02-01||meeting|||||Nowhere|",
    "e|2023-02-15|2023-04-02|summit|Hangzhou|CN|30.27|120.15|Spanning|",
    "f|2023-04||meeting|Beijing|CN|39.9|116.4|April|",
    NULL
  };
  g_autoptr(DiploDataset) dataset = diplo_test_dataset_new (features);
  GListModel *events = diplo_dataset_get_events (dataset);
  DiploMonthIndex *index = diplo_dataset_get_month_index (dataset);
  g_autoptr(DiploMonthModel) model = diplo_month_model_new (events, index);
  g_autoptr(DiploEventFilter) filter = diplo_event_filter_new ();
  g_autoptr(GtkFilterListModel) filtered =
    gtk_filter_list_model_new (g_object_ref (events), g_object_ref (GTK_FILTER (filter)));
  static const guint expected_counts[] = { 1, 3, 3, 1, 2 };
  int first = diplo_month_index_get_first (index);

  g_assert_cmpint (first, ==, diplo_month_number_parse ("2022-12"));
  for (guint i = 0; i < G_N_ELEMENTS (expected_counts); i++)
    {
      g_autofree char *month_text = diplo_month_number_to_string (first + i);

      diplo_event_filter_set_month (filter, month_text);
      diplo_month_model_set_month (model, first + i);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, expected_counts[i]);
      assert_same_items (G_LIST_MODEL (filtered), G_LIST_MODEL (model));
    }
}

/* Under the window's filter, which then leaves the month to the model:
 * search text and kinds still apply, and a month change is the model's. */
static void
test_month_model_under_filter (void)
{
  g_autoptr(GListModel) events = create_events (2000, 11);
  g_autoptr(DiploMonthIndex) index = diplo_month_index_new (events);
  g_autoptr(DiploMonthModel) model = diplo_month_model_new (events, index);
  g_autoptr(DiploEventFilter) reference = diplo_event_filter_new ();
  g_autoptr(DiploEventFilter) filter = diplo_event_filter_new ();
  g_autoptr(GtkFilterListModel) expected =
    gtk_filter_list_model_new (g_object_ref (events), g_object_ref (GTK_FILTER (reference)));
  g_autoptr(GtkFilterListModel) shown =
    gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (model)), g_object_ref (GTK_FILTER (filter)));
  int middle = (diplo_month_index_get_first (index) + diplo_month_index_get_last (index)) / 2;
  guint kinds = (1u << DIPLO_EVENT_KIND_MEETING) | (1u << DIPLO_EVENT_KIND_CALL);

  diplo_event_filter_set_match_month (filter, FALSE);
  g_assert_false (diplo_event_filter_get_match_month (filter));

  for (guint step = 0; step < 3; step++)
    {
      for (int month = middle; month < middle + 4; month++)
        {
          g_autofree char *month_text = diplo_month_number_to_string (month);

          diplo_event_filter_set_month (reference, month_text);
          diplo_event_filter_set_month (filter, month_text);
          g_assert_cmpstr (diplo_event_filter_get_month (filter), ==, month_text);
          diplo_month_model_set_month (model, month);
          assert_same_items (G_LIST_MODEL (expected), G_LIST_MODEL (shown));
        }

      if (step == 0)
        {
          diplo_event_filter_set_search_text (reference, "event-1");
          diplo_event_filter_set_search_text (filter, "event-1");
        }
      else
        {
          diplo_event_filter_set_kinds (reference, kinds);
          diplo_event_filter_set_kinds (filter, kinds);
        }
      assert_same_items (G_LIST_MODEL (expected), G_LIST_MODEL (shown));
    }
}

/* A grouping made from a month model knows the events of that month of
 * that list again, in another month model, without asking for each; and
 * any model holding the same events, by asking. */
static void
test_month_model_grouping_holds_month (void)
{
  g_autoptr(GListModel) events = create_events (3000, 11);
  g_autoptr(GListModel) others = create_events (3000, 11);
  g_autoptr(DiploMonthIndex) index = diplo_month_index_new (events);
  g_autoptr(DiploMonthIndex) other_index = diplo_month_index_new (others);
  g_autoptr(DiploMonthModel) shown = diplo_month_model_new (events, index);
  g_autoptr(DiploMonthModel) ahead = diplo_month_model_new (events, index);
  g_autoptr(DiploMonthModel) other = diplo_month_model_new (others, other_index);
  g_autoptr(GListStore) copy = g_list_store_new (DIPLO_TYPE_EVENT);
  g_autoptr(DiploPlaceGrouping) grouping = NULL;
  int month = diplo_month_index_get_first (index) + 4;

  diplo_month_model_set_month (ahead, month);
  grouping = diplo_place_grouping_new_for_events (G_LIST_MODEL (ahead));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ahead)), >, 1);
  on_items_changed (G_LIST_MODEL (ahead), 0, 0, g_list_model_get_n_items (G_LIST_MODEL (ahead)), copy);

  /* The model it was made from moves on; another one comes to the month. */
  diplo_month_model_set_month (ahead, month + 1);
  g_assert_false (diplo_place_grouping_holds_events (grouping, G_LIST_MODEL (ahead)));
  diplo_month_model_set_month (shown, month);
  g_assert_true (diplo_place_grouping_holds_events (grouping, G_LIST_MODEL (shown)));
  g_assert_true (diplo_place_grouping_holds_events (grouping, G_LIST_MODEL (copy)));

  /* The same month of another list, of as many events, holds others. */
  diplo_month_model_set_month (other, month);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (other)), ==,
                    g_list_model_get_n_items (G_LIST_MODEL (shown)));
  g_assert_false (diplo_place_grouping_holds_events (grouping, G_LIST_MODEL (other)));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/month-model/matches-month-filter", test_month_model_matches_month_filter);
  g_test_add_func ("/month-model/matches-dataset", test_month_model_matches_dataset);
  g_test_add_func ("/month-model/under-filter", test_month_model_under_filter);
  g_test_add_func ("/month-model/grouping-holds-month", test_month_model_grouping_holds_month);

  return g_test_run ();
}
