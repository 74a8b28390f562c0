/* fuzz-dataset.c
 *
 * libFuzzer target for the dataset loader: any bytes must give either a
 * dataset or a DIPLO_DATASET_ERROR, never a crash, a leak, undefined
 * behaviour or a GLib critical. The loaded events are then read through
 * every getter that formats or derives something from what was parsed.
 */

#include "config.h"

#include <glib.h>
#include <string.h>

#include "diplo-dataset.h"
#include "diplo-event.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  /* A critical or a warning on bad input is a finding, like a crash. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

static void
assert_iso_date_reads_back (const char *iso)
{
  DiploDatePrecision precision;
  guint julian_day;

  g_assert_true (diplo_date_parse (iso, &julian_day, &precision));
}

static void
read_event (DiploEvent *event)
{
  g_autofree char *dates = diplo_event_format_dates (event);
  g_autofree char *iso_start = diplo_event_dup_iso_start (event);
  g_autofree char *iso_end = diplo_event_dup_iso_end (event);
  double latitude;
  double longitude;

  g_assert_nonnull (diplo_event_get_id (event));
  g_assert_true (g_utf8_validate (diplo_event_get_id (event), -1, NULL));
  g_assert_nonnull (diplo_event_get_title (event));
  g_assert_true (g_utf8_validate (diplo_event_get_title (event), -1, NULL));
  g_assert_cmpuint (diplo_event_get_first_day (event), <=, diplo_event_get_last_day (event));
  diplo_event_get_location (event, &latitude, &longitude);
  g_assert_nonnull (dates);
  g_assert_nonnull (iso_start);
  assert_iso_date_reads_back (iso_start);
  if (iso_end != NULL)
    assert_iso_date_reads_back (iso_end);
}

/* The date parsers also see the raw text, as the first line of the input,
 * to reach forms the JSON around them would rarely let through. */
static void
parse_dates (const guint8 *data,
             size_t        size)
{
  g_autofree char *text = g_strndup ((const char *) data, MIN (size, 64));
  DiploDatePrecision precision;
  guint julian_day;
  int year;
  int month;

  if (diplo_date_parse (text, &julian_day, &precision))
    {
      g_autofree char *iso = diplo_date_to_iso (julian_day, precision);
      guint last_day = diplo_date_get_last_day (julian_day, precision);

      g_assert_cmpuint (last_day, >=, julian_day);
      g_assert_nonnull (iso);
    }

  diplo_month_parse (text, &year, &month);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(DiploDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;

  parse_dates (data, size);

  dataset = diplo_dataset_new_from_bytes (bytes, "fuzz.geojson", &error);
  if (dataset == NULL)
    {
      g_assert_error (error, DIPLO_DATASET_ERROR, error->code);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }

  g_assert_no_error (error);
  {
    GListModel *events = diplo_dataset_get_events (dataset);
    guint n_events = g_list_model_get_n_items (events);

    for (guint i = 0; i < n_events; i++)
      {
        g_autoptr(DiploEvent) event = g_list_model_get_item (events, i);

        read_event (event);
      }
  }

  return 0;
}
