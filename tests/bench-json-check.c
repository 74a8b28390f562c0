/* What the strict JSON check costs next to json-glib's own parse, on a
 * dataset of about 30 MB. Prints figures; asserts nothing about time. */

#include "config.h"

#include <string.h>
#include <sys/resource.h>

#include <json-glib/json-glib.h>

#include "diplo-dataset.h"
#include "diplo-json-check.h"

#define TARGET_SIZE (30 * 1024 * 1024)
#define N_RUNS 3

static GBytes *
build_dataset (void)
{
  GString *text = g_string_sized_new (TARGET_SIZE + 4096);

  g_string_append (text, "{\n  \"type\": \"FeatureCollection\",\n"
                         "  \"title\": \"Benchmark\",\n  \"features\": [\n");

  for (guint i = 0; text->len < TARGET_SIZE; i++)
    g_string_append_printf (text,
                            "%s    {\"type\": \"Feature\", \"id\": \"event-%u\",\n"
                            "     \"geometry\": {\"type\": \"Point\", "
                            "\"coordinates\": [%.4f, %.4f]},\n"
                            "     \"properties\": {\"start\": \"2023-%02u-%02u\", "
                            "\"title\": \"Event number %u at a place \\u00e9\", "
                            "\"place\": \"Place %u\", \"country\": \"FR\", "
                            "\"kind\": \"meeting\", \"participants\": [\"Someone\", "
                            "\"Someone Else\"], \"summary\": \"A summary of some length, "
                            "long enough to look like the real ones do.\", "
                            "\"source\": \"Generated\"}}",
                            i > 0 ? ",\n" : "", i,
                            -180.0 + (i % 3600) * 0.1, -80.0 + (i % 1600) * 0.1,
                            1 + i % 12, 1 + i % 28, i, i % 5000);

  g_string_append (text, "\n  ]\n}\n");

  return g_string_free_to_bytes (text);
}

static double
best_of (double *times)
{
  double best = times[0];

  for (guint i = 1; i < N_RUNS; i++)
    best = MIN (best, times[i]);

  return best;
}

int
main (void)
{
  g_autoptr(GBytes) bytes = build_dataset ();
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  double check_times[N_RUNS], parse_times[N_RUNS], load_times[N_RUNS];
  struct rusage usage;

  for (guint run = 0; run < N_RUNS; run++)
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      g_autoptr(DiploDataset) dataset = NULL;
      g_autoptr(GError) error = NULL;
      gint64 start;

      start = g_get_monotonic_time ();
      if (!diplo_json_check (data, length, "bench.geojson", &error))
        g_error ("%s", error->message);
      check_times[run] = (g_get_monotonic_time () - start) / 1000.0;

      start = g_get_monotonic_time ();
      if (!json_parser_load_from_data (parser, data, length, &error))
        g_error ("%s", error->message);
      parse_times[run] = (g_get_monotonic_time () - start) / 1000.0;
      g_clear_object (&parser);

      start = g_get_monotonic_time ();
      dataset = diplo_dataset_new_from_bytes (bytes, "bench.geojson", &error);
      if (dataset == NULL)
        g_error ("%s", error->message);
      load_times[run] = (g_get_monotonic_time () - start) / 1000.0;
    }

  getrusage (RUSAGE_SELF, &usage);

  g_print ("file: %.1f MB\n", length / 1e6);
  g_print ("strict check: %.1f ms (%.0f MB/s)\n",
           best_of (check_times), length / 1e3 / best_of (check_times));
  g_print ("json-glib parse alone: %.1f ms\n", best_of (parse_times));
  g_print ("whole load (check, parse, validate): %.1f ms\n", best_of (load_times));
  g_print ("check / parse: %.1f %%\n", 100.0 * best_of (check_times) / best_of (parse_times));
  g_print ("peak resident memory: %ld MB\n", usage.ru_maxrss / 1024);

  return 0;
}
