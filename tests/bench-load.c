/* What loading 100,000 events costs against json-glib alone: time and peak
 * memory of diplo_dataset_new_from_file () over those of
 * json_parser_load_from_file () on the same file, in processor time. Each load runs in a fresh
 * child process, so that each peak is its own; the medians of several runs
 * are compared. Prints a table; asserts nothing. */

#include "config.h"

#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <time.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "diplo-dataset.h"
#include "diplo-test-utils.h"

#define N_EVENTS 100000
#define N_RUNS 5

/* Processor time of this process, in microseconds: on a shared machine
 * the wall clock measures the neighbours as much as the load. */
static gint64
cpu_time (void)
{
  struct timespec now;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &now);

  return now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

/* Child: loads @path one way and prints the processor milliseconds it
 * took. The floor frees its parser, tree included, as the loader does once
 * its events exist; the loader's time stops when the store is ready, before
 * anything is freed. "--load-indexed" also groups the places and indexes
 * the months, as the window's load does in its thread: what a person
 * opening the file waits for, given for information. */
static int
run_child (const char *mode,
           const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DiploDataset) dataset = NULL;
  gint64 start = cpu_time ();
  double elapsed;

  if (g_str_equal (mode, "--floor"))
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (!json_parser_load_from_file (parser, path, &error))
        g_error ("%s", error->message);
    }
  else
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);

      dataset = diplo_dataset_new_from_file (file, &error);
      if (dataset == NULL)
        g_error ("%s", error->message);

      if (g_str_equal (mode, "--load-indexed"))
        {
          diplo_dataset_get_month_index (dataset);
          diplo_dataset_get_place_grouping (dataset);
        }
    }

  elapsed = (cpu_time () - start) / 1000.0;
  g_print ("%.3f\n", elapsed);

  /* The figure is printed: no need to free a hundred thousand events. */
  if (dataset != NULL)
    exit (EXIT_SUCCESS);

  return EXIT_SUCCESS;
}

/* Runs this program with @mode on @path; returns its time in ms and its
 * peak resident set in @peak_kib. */
static double
measure_child (const char *self_path,
               const char *mode,
               const char *path,
               double     *peak_kib)
{
  g_autofree char *output = diplo_bench_run_child (self_path, mode, path, peak_kib);

  return g_ascii_strtod (output, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) load_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) floor_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) load_kib = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) floor_kib = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) indexed_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *self_path = NULL;
  double time_ratio, memory_ratio, load_time, floor_time, load_peak, floor_peak, indexed_time;
  struct stat info;

  if (argc == 3)
    return run_child (argv[1], argv[2]);

  self_path = g_file_read_link ("/proc/self/exe", &error);
  g_assert_no_error (error);
  dir = g_dir_make_tmp ("diplo-bench-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "events.geojson", NULL);
  if (!diplo_test_write_synthetic_dataset (path, N_EVENTS, 4242, &error))
    g_error ("%s", error->message);
  g_stat (path, &info);
  g_print ("%u events, %.1f MB\n", N_EVENTS, info.st_size / 1e6);

  /* Alternated, so that a noisy neighbour weighs on both alike. */
  for (guint run = 0; run < N_RUNS; run++)
    {
      double ms, kib;

      ms = measure_child (self_path, "--floor", path, &kib);
      g_array_append_val (floor_ms, ms);
      g_array_append_val (floor_kib, kib);
      ms = measure_child (self_path, "--load", path, &kib);
      g_array_append_val (load_ms, ms);
      g_array_append_val (load_kib, kib);
      ms = measure_child (self_path, "--load-indexed", path, &kib);
      g_array_append_val (indexed_ms, ms);
      g_print ("run %u: json-glib %.0f ms %.0f MiB, dataset %.0f ms %.0f MiB, "
               "indexed %.0f ms\n", run,
               g_array_index (floor_ms, double, run), g_array_index (floor_kib, double, run) / 1024,
               g_array_index (load_ms, double, run), g_array_index (load_kib, double, run) / 1024,
               g_array_index (indexed_ms, double, run));
    }

  load_time = diplo_bench_median (load_ms);
  floor_time = diplo_bench_median (floor_ms);
  load_peak = diplo_bench_median (load_kib) / 1024;
  floor_peak = diplo_bench_median (floor_kib) / 1024;
  indexed_time = diplo_bench_median (indexed_ms);
  time_ratio = load_time / floor_time;
  memory_ratio = load_peak / floor_peak;

  diplo_bench_print_header ("Loading 100,000 events (medians of " G_STRINGIFY (N_RUNS)
                            " runs; floor: json_parser_load_from_file on the same file)");
  diplo_bench_print_row ("load 100k events into the store: CPU time", "ms", load_time, floor_time,
                         "<= 1.25x", time_ratio <= 1.25);
  diplo_bench_print_row ("load 100k events into the store: peak RSS", "MiB", load_peak,
                         floor_peak, "<= 1.2x", memory_ratio <= 1.2);
  /* Not a target: the store alone is compared with json-glib. */
  g_print ("with months indexed and places grouped, as the window loads: %.1f ms, %.2fx the floor\n",
           indexed_time, indexed_time / floor_time);

  g_unlink (path);
  g_rmdir (dir);

  return EXIT_SUCCESS;
}
