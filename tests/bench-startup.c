/* How long Diplo takes from process start to its first frame, with the
 * built-in data, against the least a program showing a map does: a window
 * holding a ShumateSimpleMap (bench-startup-floor, built beside this one).
 * Both run in turn, several times, on the same display; each prints the
 * monotonic time of its first frame. Prints a table; asserts nothing. */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdlib.h>

#include "diplo-application.h"
#include "diplo-test-utils.h"

#define N_RUNS 7

static void
on_after_paint (GdkFrameClock *clock,
                GApplication  *app)
{
  g_print ("%" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  g_signal_handlers_disconnect_by_func (clock, on_after_paint, app);
  g_application_quit (app);
}

static void
on_window_realize (GtkWidget    *window,
                   GApplication *app)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_after_paint), app);
}

static void
on_window_added (GtkApplication *app,
                 GtkWindow      *window)
{
  g_signal_connect (window, "realize", G_CALLBACK (on_window_realize), app);
}

/* Child: the application as src/main.c runs it, until its first frame. */
static int
run_application (const char *argv0)
{
  g_autoptr(DiploApplication) app = NULL;
  char *argv[] = { (char *) argv0, NULL };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = diplo_application_new ();
  g_signal_connect (app, "window-added", G_CALLBACK (on_window_added), NULL);

  return g_application_run (G_APPLICATION (app), 1, argv);
}

/* Milliseconds from starting @program to the first frame it reports. */
static double
time_to_first_frame (const char *program,
                     const char *argument)
{
  gint64 start = g_get_monotonic_time ();
  g_autofree char *output = diplo_bench_run_child (program, argument, NULL, NULL);

  return (g_ascii_strtoll (output, NULL, 10) - start) / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) app_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) floor_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *self_path = NULL;
  const char *floor_program = g_getenv ("DIPLO_BENCH_STARTUP_FLOOR");
  double app_median, floor_median;

  if (argc == 2 && g_str_equal (argv[1], "--app"))
    return run_application (argv[0]);

  if (floor_program == NULL)
    g_error ("DIPLO_BENCH_STARTUP_FLOOR names the floor program; run through meson");

  self_path = g_file_read_link ("/proc/self/exe", &error);
  g_assert_no_error (error);

  /* One unmeasured run of each fills the page cache and the font cache. */
  time_to_first_frame (floor_program, NULL);
  time_to_first_frame (self_path, "--app");

  for (guint run = 0; run < N_RUNS; run++)
    {
      double floor = time_to_first_frame (floor_program, NULL);
      double app = time_to_first_frame (self_path, "--app");

      g_array_append_val (floor_ms, floor);
      g_array_append_val (app_ms, app);
      g_print ("run %u: ShumateSimpleMap %.0f ms, Diplo %.0f ms\n", run, floor, app);
    }

  app_median = diplo_bench_median (app_ms);
  floor_median = diplo_bench_median (floor_ms);

  g_print ("GSK_RENDERER=%s\n", g_getenv ("GSK_RENDERER") ?: "(default)");
  diplo_bench_print_header ("Start-up (medians of " G_STRINGIFY (N_RUNS) " runs; renderer: "
                            "GSK_RENDERER as set, cairo under meson; floor: a window holding "
                            "a ShumateSimpleMap)");
  diplo_bench_print_row ("process start -> first frame, built-in data", "ms", app_median,
                         floor_median, "<= 1.5x", app_median <= 1.5 * floor_median);

  return EXIT_SUCCESS;
}
