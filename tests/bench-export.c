/* How long exporting 100,000 events takes in each format: the part the
 * window waits for (copying the filtered list) and the write in a thread,
 * to a real file. Prints figures; asserts nothing. */

#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "diplo-dataset.h"
#include "diplo-export.h"
#include "diplo-test-utils.h"

#define N_EVENTS 100000

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gboolean *done = user_data;

  if (!diplo_export_finish (result, &error))
    g_error ("Export failed: %s", error->message);
  *done = TRUE;
}

static void
bench_format (GListModel        *events,
              DiploExportFormat  format,
              const char        *dir)
{
  g_autofree char *name = g_strconcat ("events.", diplo_export_format_get_suffix (format), NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = NULL;
  gboolean done = FALSE;
  gint64 start, returned, finished;

  start = g_get_monotonic_time ();
  diplo_export_events_async (file, format, events, "Synthetic", NULL, NULL, on_done, &done);
  returned = g_get_monotonic_time ();
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  finished = g_get_monotonic_time ();

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL, NULL);
  g_print ("%-8s %u events: main thread %6.1f ms, whole export %7.1f ms, %5.1f MB\n",
           diplo_export_format_get_suffix (format), N_EVENTS,
           (returned - start) / 1000.0, (finished - start) / 1000.0,
           g_file_info_get_size (info) / 1e6);

  if (format == DIPLO_EXPORT_FORMAT_GEOJSON)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DiploDataset) dataset = NULL;

      start = g_get_monotonic_time ();
      dataset = diplo_dataset_new_from_file (file, &error);
      g_assert_no_error (error);
      g_print ("geojson  reloaded %u events in %.1f ms\n",
               g_list_model_get_n_items (diplo_dataset_get_events (dataset)),
               (g_get_monotonic_time () - start) / 1000.0);
    }

  g_remove (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GListModel) events = diplo_test_synthetic_events (N_EVENTS, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("diplo-bench-export-XXXXXX", &error);

  g_assert_no_error (error);

  bench_format (events, DIPLO_EXPORT_FORMAT_GEOJSON, dir);
  bench_format (events, DIPLO_EXPORT_FORMAT_CSV, dir);
  bench_format (events, DIPLO_EXPORT_FORMAT_ICALENDAR, dir);

  g_rmdir (dir);
  return 0;
}
