#include "config.h"

#include <gtk/gtk.h>

#include "diplo-month-index.h"
#include "diplo-test-utils.h"

static const char *features[] = {
  "a|2023-01-31||meeting|Beijing|CN|39.9|116.4|January|",
  "b|2023-03-30|2023-04-02|summit|Hangzhou|CN|30.27|120.15|Spanning|",
  "c|2023-04||meeting|Beijing|CN|39.9|116.4|April|",
  "d|2023-06-01||meeting|Beijing|CN|39.9|116.4|June|",
  NULL
};

static DiploMonthIndex *
create_index (void)
{
  g_autoptr(DiploDataset) dataset = diplo_test_dataset_new (features);

  return diplo_month_index_new (diplo_dataset_get_events (dataset));
}

static void
test_month_index_range_and_counts (void)
{
  g_autoptr(DiploMonthIndex) index = create_index ();
  int jan = diplo_month_number_parse ("2023-01");

  g_assert_cmpint (diplo_month_index_get_first (index), ==, jan);
  g_assert_cmpint (diplo_month_index_get_last (index), ==, jan + 5);
  g_assert_cmpuint (diplo_month_index_get_count (index, jan), ==, 1);
  g_assert_cmpuint (diplo_month_index_get_count (index, jan + 1), ==, 0);
  g_assert_cmpuint (diplo_month_index_get_count (index, jan + 2), ==, 1);
  g_assert_cmpuint (diplo_month_index_get_count (index, jan + 3), ==, 2);
  g_assert_cmpuint (diplo_month_index_get_count (index, jan + 4), ==, 0);
  g_assert_cmpuint (diplo_month_index_get_count (index, jan + 5), ==, 1);
  g_assert_cmpuint (diplo_month_index_get_count (index, jan + 6), ==, 0);
  g_assert_true (diplo_month_index_contains (index, "2023-02"));
  g_assert_false (diplo_month_index_contains (index, "2023-07"));
  g_assert_false (diplo_month_index_contains (index, "nonsense"));
}

static void
test_month_index_steps_calendar_months (void)
{
  g_autoptr(DiploMonthIndex) index = create_index ();
  const char *expected[] = { "2023-01", "2023-02", "2023-03", "2023-04", "2023-05", "2023-06", "2023-06" };
  g_autofree char *month = g_strdup ("");

  /* From January 31, the next month is February, never skipped. */
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      char *next = diplo_month_index_step (index, month, 1);

      g_assert_cmpstr (next, ==, expected[i]);
      g_free (month);
      month = next;
    }

  {
    g_autofree char *back = diplo_month_index_step (index, "2023-01", -1);
    g_autofree char *from_all = diplo_month_index_step (index, NULL, -1);

    g_assert_cmpstr (back, ==, "2023-01");
    g_assert_cmpstr (from_all, ==, "2023-06");
  }
}

static void
test_month_index_across_years (void)
{
  const char *lines[] = {
    "a|2023-12-30|2024-01-02|summit|Hanoi|VN|21.03|105.85|New year|",
    NULL
  };
  g_autoptr(DiploDataset) dataset = diplo_test_dataset_new (lines);
  g_autoptr(DiploMonthIndex) index = diplo_month_index_new (diplo_dataset_get_events (dataset));
  g_autofree char *next = diplo_month_index_step (index, "2023-12", 1);
  g_autofree char *label = diplo_month_number_format (diplo_month_number_parse ("2024-01"));

  g_assert_cmpstr (next, ==, "2024-01");
  g_assert_cmpuint (diplo_month_index_get_count (index, diplo_month_number_parse ("2024-01")), ==, 1);
  g_assert_cmpstr (label, ==, "January 2024");
}

static void
test_month_index_wide_span (void)
{
  const char *lines[] = {
    "a|0001-01|9999-12|other|||-|-|Everything|",
    "b|2023-04-02||meeting|||-|-|One day|",
    NULL
  };
  g_autoptr(DiploDataset) dataset = diplo_test_dataset_new (lines);
  g_autoptr(DiploMonthIndex) index = diplo_month_index_new (diplo_dataset_get_events (dataset));

  g_assert_cmpint (diplo_month_index_get_first (index), ==, diplo_month_number_parse ("0001-01"));
  g_assert_cmpint (diplo_month_index_get_last (index), ==, diplo_month_number_parse ("9999-12"));
  g_assert_cmpuint (diplo_month_index_get_count (index, diplo_month_number_parse ("0001-01")), ==, 1);
  g_assert_cmpuint (diplo_month_index_get_count (index, diplo_month_number_parse ("2023-04")), ==, 2);
  g_assert_cmpuint (diplo_month_index_get_count (index, diplo_month_number_parse ("2023-05")), ==, 1);
  g_assert_cmpuint (diplo_month_index_get_count (index, diplo_month_number_parse ("9999-12")), ==, 1);
  g_assert_cmpuint (diplo_month_index_get_n_starting (index, diplo_month_number_parse ("0001-01")), ==, 1);
  g_assert_cmpuint (diplo_month_index_get_n_starting (index, diplo_month_number_parse ("2023-04")), ==, 1);
  g_assert_cmpuint (diplo_month_index_get_n_starting (index, diplo_month_number_parse ("2023-05")), ==, 0);
}

static void
test_month_index_empty (void)
{
  g_autoptr(GListStore) store = g_list_store_new (G_TYPE_OBJECT);
  g_autoptr(DiploMonthIndex) index = diplo_month_index_new (G_LIST_MODEL (store));
  g_autofree char *step = diplo_month_index_step (index, NULL, 1);

  g_assert_true (diplo_month_index_is_empty (index));
  g_assert_cmpstr (step, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/month-index/range-and-counts", test_month_index_range_and_counts);
  g_test_add_func ("/month-index/steps-calendar-months", test_month_index_steps_calendar_months);
  g_test_add_func ("/month-index/across-years", test_month_index_across_years);
  g_test_add_func ("/month-index/wide-span", test_month_index_wide_span);
  g_test_add_func ("/month-index/empty", test_month_index_empty);

  return g_test_run ();
}
