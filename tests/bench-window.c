/* The window with 100,000 events: main-loop stalls while a file loads and
 * is installed, a month filter change until the list, the markers and the
 * routes are updated against the same change with nothing on the map,
 * marker widgets alive at each zoom, and frame times while panning against
 * the same pan with nothing on the map. Frames are
 * drawn by the renderer GSK_RENDERER names (cairo under meson). Prints a
 * table; asserts nothing. */

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <time.h>

#include "diplo-application.h"
#include "diplo-cached-layer.h"
#include "diplo-map-view.h"
#include "diplo-marker-layer.h"
#include "diplo-route-layer.h"
#include "diplo-test-utils.h"
#include "diplo-window-private.h"

/* DIPLO_BENCH_EVENTS gives fewer, for a profiler. */
static guint n_events = 100000;
#define N_MONTH_STEPS 24
#define N_MONTH_JUMPS 8
#define N_PAN_STEPS 60
/* A 95th percentile needs many frames: of 180, it is the ninth slowest,
 * and moved by a third between runs. */
#define N_PAN_RUNS 8

static double
elapsed_ms (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* The main thread's processor time, in microseconds: on a shared machine
 * the wall clock measures the neighbours as much as the window. Tiles and
 * cached layers are drawn by other threads; the frame waits for none. */
static gint64
thread_time (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);

  return now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

static double
thread_elapsed_ms (gint64 start)
{
  return (thread_time () - start) / 1000.0;
}

/* Frame work: from the start of a frame's before-paint phase to the end of
 * its paint, which holds the tick callbacks, the layout and the drawing,
 * in the main thread's processor time. */
typedef struct
{
  GdkFrameClock *clock;
  gint64         paint_start;
  double         last_frame_ms;
  double         total_ms;      /* of the frames since it was zeroed */
  gint64         painted_at;    /* monotonic time of the last frame's end */
  gboolean       painted;
  gulong         handlers[2];
} FrameTimer;

static void
on_before_paint (GdkFrameClock *clock,
                 FrameTimer    *timer)
{
  timer->paint_start = thread_time ();
}

static void
on_after_paint (GdkFrameClock *clock,
                FrameTimer    *timer)
{
  timer->last_frame_ms = thread_elapsed_ms (timer->paint_start);
  timer->total_ms += timer->last_frame_ms;
  timer->painted_at = g_get_monotonic_time ();
  timer->painted = TRUE;
}

static void
frame_timer_start (FrameTimer *timer,
                   GtkWidget  *widget)
{
  timer->clock = gtk_widget_get_frame_clock (widget);
  timer->handlers[0] = g_signal_connect (timer->clock, "before-paint",
                                         G_CALLBACK (on_before_paint), timer);
  timer->handlers[1] = g_signal_connect_after (timer->clock, "after-paint",
                                               G_CALLBACK (on_after_paint), timer);
}

static void
frame_timer_stop (FrameTimer *timer)
{
  g_clear_signal_handler (&timer->handlers[0], timer->clock);
  g_clear_signal_handler (&timer->handlers[1], timer->clock);
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* Waits for the next frame; returns its work in milliseconds. */
static double
next_frame_ms (FrameTimer *timer,
               GtkWidget  *widget)
{
  timer->painted = FALSE;
  gtk_widget_queue_draw (widget);
  diplo_test_wait_for (is_true, &timer->painted);

  return timer->last_frame_ms;
}

/* The largest gap between two frames while the frame clock runs on. */
typedef struct
{
  gint64 last;
  gint64 largest;
  /* The same in the main thread's processor time, which the neighbours
   * on a shared machine do not lengthen. */
  gint64 last_cpu;
  gint64 largest_cpu;
  gboolean verbose;
} StallWatch;

static gboolean
on_stall_tick (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       user_data)
{
  StallWatch *watch = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 now_cpu = thread_time ();

  if (watch->last != 0)
    {
      watch->largest = MAX (watch->largest, now - watch->last);
      watch->largest_cpu = MAX (watch->largest_cpu, now_cpu - watch->last_cpu);
      if (watch->verbose && now_cpu - watch->last_cpu > 50 * 1000)
        g_print ("gap of %.0f CPU ms (%.0f ms) %s\n", (now_cpu - watch->last_cpu) / 1000.0,
                 (now - watch->last) / 1000.0, widget != NULL ? "between frames" : "in the main loop");
    }
  watch->last = now;
  watch->last_cpu = now_cpu;

  return G_SOURCE_CONTINUE;
}

/* The same from a timeout, which runs even when no frame is asked for. */
static gboolean
on_stall_timeout (gpointer user_data)
{
  on_stall_tick (NULL, NULL, user_data);

  return G_SOURCE_CONTINUE;
}

static gboolean
dataset_is_installed (gpointer data)
{
  DiploWindow *window = data;

  return diplo_window_get_dataset (window) != NULL &&
         g_list_model_get_n_items (diplo_dataset_get_events (diplo_window_get_dataset (window)))
         == n_events;
}

/* The part of opening a file that runs on the main thread once the worker
 * is done: installing the dataset, then the frame that shows it. */
static void
bench_installing (DiploWindow *window,
                  const char  *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(DiploDataset) dataset = diplo_dataset_new_from_file (file, &error);
  FrameTimer timer = { 0 };
  double install_ms, frame_ms;
  gint64 start;

  g_assert_no_error (error);
  /* The loader's thread makes these before the window gets the dataset. */
  diplo_dataset_get_month_index (dataset);
  diplo_dataset_get_place_grouping (dataset);
  frame_timer_start (&timer, GTK_WIDGET (window));
  start = thread_time ();
  diplo_window_set_dataset (window, dataset);
  install_ms = thread_elapsed_ms (start);
  frame_ms = next_frame_ms (&timer, GTK_WIDGET (window));
  frame_timer_stop (&timer);
  g_print ("install a %u-event dataset in the window: %.0f CPU ms, then %.0f CPU ms "
           "the next frame\n", n_events, install_ms, frame_ms);
}

/* The installing, from the end of the load to the dataset's notification,
 * in the main thread's processor time. */
static gint64 loaded_cpu;

static void
on_loading_changed (DiploWindow *window)
{
  if (!diplo_window_get_loading (window))
    loaded_cpu = thread_time ();
}

static void
on_dataset_changed (DiploWindow *window)
{
  if (loaded_cpu != 0 && g_getenv ("DIPLO_BENCH_VERBOSE") != NULL)
    g_print ("installing the loaded dataset: %.0f CPU ms\n", thread_elapsed_ms (loaded_cpu));
  loaded_cpu = 0;
}

/* Returns the largest gap in the main thread's processor time, the part
 * Diplo answers for; @wall_ms gets the same on the clock, which the
 * neighbours on a shared machine lengthen. */
static double
bench_loading (DiploWindow *window,
               const char  *path,
               double      *wall_ms)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  StallWatch watch = { 0 };
  StallWatch loop_watch = { 0 };
  guint tick, timeout;
  gint64 start;

  tick = gtk_widget_add_tick_callback (GTK_WIDGET (window), on_stall_tick, &watch, NULL);
  timeout = g_timeout_add_full (G_PRIORITY_HIGH, 5, on_stall_timeout, &loop_watch, NULL);
  diplo_test_iterate (200);
  watch.largest = watch.largest_cpu = 0;
  loop_watch.largest = loop_watch.largest_cpu = 0;
  loop_watch.verbose = g_getenv ("DIPLO_BENCH_VERBOSE") != NULL;

  g_signal_connect (window, "notify::loading", G_CALLBACK (on_loading_changed), NULL);
  g_signal_connect (window, "notify::dataset", G_CALLBACK (on_dataset_changed), NULL);
  start = g_get_monotonic_time ();
  diplo_window_open_file (window, file);
  while (!dataset_is_installed (window))
    g_main_context_iteration (NULL, TRUE);
  if (loop_watch.verbose)
    g_print ("dataset installed\n");
  /* The markers follow on the next frames. */
  diplo_test_iterate (300);
  g_print ("open a %u-event file through the window: %.0f ms until shown\n", n_events,
           elapsed_ms (start) - 300);

  g_signal_handlers_disconnect_by_func (window, on_loading_changed, NULL);
  g_signal_handlers_disconnect_by_func (window, on_dataset_changed, NULL);
  gtk_widget_remove_tick_callback (GTK_WIDGET (window), tick);
  g_source_remove (timeout);
  g_print ("largest gap: %.0f ms between frames, %.0f ms between main-loop iterations\n",
           watch.largest / 1000.0, loop_watch.largest / 1000.0);
  g_print ("largest gap in main-thread CPU time: %.0f ms between frames, "
           "%.0f ms between main-loop iterations\n",
           watch.largest_cpu / 1000.0, loop_watch.largest_cpu / 1000.0);

  *wall_ms = MAX (watch.largest, loop_watch.largest) / 1000.0;

  return MAX (watch.largest_cpu, loop_watch.largest_cpu) / 1000.0;
}

/* A month change, as the next-month action makes it: the filter's change,
 * the frame in which the list and the markers follow, and the frames until
 * the one showing the new month's routes, drawn meanwhile by a worker
 * thread. Each change starts from rest, as a person's key presses come
 * apart: right after a frame, GDK's frame clock would hold the next one
 * until its 60 Hz slot, and the figure would measure that wait. */
#define REST_MS 100

typedef struct
{
  double wall_ms;       /* until the routes show */
  double cpu_ms;        /* the same, in the main thread's processor time */
  double first_ms;      /* main-thread processor time to the first frame */
} MonthChange;

static gboolean
routes_shown (gpointer routes)
{
  return diplo_cached_layer_shows_content (routes);
}

/* @repaint, if not %NULL, is drawn again with the change. */
static void
month_change (DiploWindow *window,
              FrameTimer  *timer,
              const char  *month,
              GtkWidget   *repaint,
              MonthChange *change)
{
  DiploCachedLayer *routes = DIPLO_CACHED_LAYER (diplo_test_find_descendant (GTK_WIDGET (window->map_view),
                                                                             DIPLO_TYPE_ROUTE_LAYER));
  gint64 start_wall, start;
  double sync_ms;

  diplo_test_iterate (REST_MS);
  start_wall = g_get_monotonic_time ();
  start = thread_time ();
  g_settings_set_string (window->settings, "month", month);
  if (repaint != NULL)
    gtk_widget_queue_draw (repaint);
  sync_ms = thread_elapsed_ms (start);
  timer->total_ms = 0;
  change->first_ms = sync_ms + next_frame_ms (timer, GTK_WIDGET (window));
  diplo_test_wait_for (routes_shown, routes);
  change->cpu_ms = sync_ms + timer->total_ms;
  change->wall_ms = (timer->painted_at - start_wall) / 1000.0;
  if (g_getenv ("DIPLO_BENCH_VERBOSE") != NULL)
    g_print ("month %s: %.1f ms to refilter, %.1f ms the first frame, %.1f ms (%.1f CPU ms) "
             "until the routes show\n", month, sync_ms, change->first_ms - sync_ms,
             change->wall_ms, change->cpu_ms);
}

typedef struct
{
  double wall_ms;
  double cpu_ms;
  double first_ms;
  double floor_ms;
  double floor_cpu_ms;
  double picked_ms;     /* jumps, medians */
  double to_all_ms;
  double unwarned_ms;
} MonthFigures;

static double
median_of (GArray     *values,
           const char *what)
{
  if (g_getenv ("DIPLO_BENCH_VERBOSE") != NULL)
    {
      g_print ("%s, ms:", what);
      for (guint i = 0; i < values->len; i++)
        g_print (" %.1f", g_array_index (values, double, i));
      g_print ("\n");
    }

  return diplo_bench_median (values);
}

/* Steps through @months from the second on; returns the median time until
 * the routes show, and in @cpu_ms and @first_ms those of the other figures. */
static double
month_steps (DiploWindow *window,
             FrameTimer  *timer,
             GPtrArray   *months,
             GtkWidget   *repaint,
             double      *cpu_ms,
             double      *first_ms)
{
  g_autoptr(GArray) wall = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) first = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 1; i <= N_MONTH_STEPS; i++)
    {
      MonthChange change;

      month_change (window, timer, g_ptr_array_index (months, i), repaint, &change);
      g_array_append_val (wall, change.wall_ms);
      g_array_append_val (cpu, change.cpu_ms);
      g_array_append_val (first, change.first_ms);
    }
  *cpu_ms = diplo_bench_median (cpu);
  *first_ms = diplo_bench_median (first);

  return median_of (wall, "month changes");
}

/* The floor of a month change: the same changes with the map given no
 * events, so that only the list follows the month, while the basemap is
 * painted again as under the routes' new image. What is left is the
 * toolkit's share of a change: a refiltered list and a frame painting the
 * list and the map. */
static void
bench_month_floor (DiploWindow  *window,
                   GPtrArray    *months,
                   MonthFigures *figures)
{
  GtkWidget *basemap = diplo_test_find_descendant (GTK_WIDGET (window->map_view),
                                                   SHUMATE_TYPE_MAP_LAYER);
  FrameTimer timer = { 0 };
  double first_ms;

  diplo_map_view_set_selection (window->map_view, NULL);
  frame_timer_start (&timer, GTK_WIDGET (window));
  figures->floor_ms = month_steps (window, &timer, months, basemap,
                                   &figures->floor_cpu_ms, &first_ms);
  frame_timer_stop (&timer);
  diplo_map_view_set_selection (window->map_view, window->selection);
}

/* A month picked in the month menu: its row pointed at, then clicked a
 * moment later (see month_change ()). */
static void
month_pick (DiploWindow *window,
            FrameTimer  *timer,
            const char  *month,
            MonthChange *change)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (window->month_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "month"), month) == 0)
      diplo_window_point_at_month_row (window, GTK_LIST_BOX_ROW (row));

  month_change (window, timer, month, NULL, change);
}

/* Jumps from all months to a month, none of them drawn ahead as the
 * neighbours of the one shown, and back to all months, which the window
 * draws ahead while a month shows: picked in the month menu, and set with
 * no warning (its setting alone). @picked holds the first pick already,
 * made right after the dataset showed. */
static void
month_jumps (DiploWindow  *window,
             FrameTimer   *timer,
             GPtrArray    *months,
             GArray       *picked,
             MonthFigures *figures)
{
  g_autoptr(GArray) to_all = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) unwarned = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < N_MONTH_JUMPS; i++)
    {
      MonthChange change;

      month_change (window, timer, "", NULL, &change);
      g_array_append_val (to_all, change.wall_ms);
      month_pick (window, timer, g_ptr_array_index (months, 4 * i + 2), &change);
      g_array_append_val (picked, change.wall_ms);
      month_change (window, timer, "", NULL, &change);
      g_array_append_val (to_all, change.wall_ms);
      month_change (window, timer, g_ptr_array_index (months, 4 * i + 4), NULL, &change);
      g_array_append_val (unwarned, change.wall_ms);
    }
  month_change (window, timer, "", NULL, &(MonthChange) { 0 });

  figures->picked_ms = median_of (picked, "months picked in the menu");
  figures->to_all_ms = median_of (to_all, "back to all months");
  figures->unwarned_ms = median_of (unwarned, "months set with no warning");
}

static void
bench_month_changes (DiploWindow  *window,
                     MonthFigures *figures)
{
  g_autoptr(GPtrArray) months = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) picked = g_array_new (FALSE, FALSE, sizeof (double));
  int first_month = diplo_month_index_get_first (window->month_index);
  int last_month = diplo_month_index_get_last (window->month_index);
  DiploCachedLayer *routes = DIPLO_CACHED_LAYER (diplo_test_find_descendant (GTK_WIDGET (window->map_view),
                                                                             DIPLO_TYPE_ROUTE_LAYER));
  FrameTimer timer = { 0 };
  MonthChange first;

  /* From the middle of the dataset on. */
  for (int month = (first_month + last_month) / 2; month <= last_month; month++)
    g_ptr_array_add (months, diplo_month_number_to_string (month));
  g_assert_cmpuint (months->len, >, MAX (N_MONTH_STEPS, 4 * N_MONTH_JUMPS + 4));

  /* As when a person picks a month once the dataset shows: the map's
   * tiles and the routes of all months are drawn by then. */
  diplo_test_wait_for (routes_shown, routes);
  diplo_test_iterate (500);

  frame_timer_start (&timer, GTK_WIDGET (window));
  next_frame_ms (&timer, GTK_WIDGET (window));

  month_pick (window, &timer, g_ptr_array_index (months, 0), &first);
  g_array_append_val (picked, first.wall_ms);
  figures->wall_ms = month_steps (window, &timer, months, NULL, &figures->cpu_ms, &figures->first_ms);
  g_print ("%u events in %s\n",
           g_list_model_get_n_items (G_LIST_MODEL (window->selection)), (char *) g_ptr_array_index (months, N_MONTH_STEPS));
  frame_timer_stop (&timer);

  bench_month_floor (window, months, figures);

  /* They end on all months, which the figures after these measure. */
  frame_timer_start (&timer, GTK_WIDGET (window));
  month_jumps (window, &timer, months, picked, figures);
  frame_timer_stop (&timer);
}

static guint
bench_marker_widgets (DiploWindow *window)
{
  DiploMapView *view = window->map_view;
  ShumateMap *map = diplo_map_view_get_map (view);
  FrameTimer timer = { 0 };
  guint most = 0;

  frame_timer_start (&timer, GTK_WIDGET (view));
  for (guint zoom = 0; zoom <= 10; zoom++)
    {
      guint n;

      shumate_viewport_set_zoom_level (shumate_map_get_viewport (map), zoom);
      shumate_map_center_on (map, 30.0, 20.0);
      next_frame_ms (&timer, GTK_WIDGET (view));
      next_frame_ms (&timer, GTK_WIDGET (view));
      n = diplo_test_count_marker_widgets (view);
      g_print ("zoom %2u: %u marker widgets\n", zoom, n);
      most = MAX (most, n);
    }
  frame_timer_stop (&timer);

  return most;
}

/* A drag around a square at zoom 4 from the same place, 24 pixels a frame:
 * the move and the frame's work, each step. */
static void
pan_frames (DiploMapView *view,
            GArray       *times)
{
  static const int directions[][2] = { { 1, 0 }, { 0, 1 }, { -1, 0 }, { 0, -1 } };
  ShumateMap *map = diplo_map_view_get_map (view);
  FrameTimer timer = { 0 };

  shumate_viewport_set_zoom_level (shumate_map_get_viewport (map), 4.0);
  shumate_map_center_on (map, 30.0, 20.0);
  frame_timer_start (&timer, GTK_WIDGET (view));
  next_frame_ms (&timer, GTK_WIDGET (view));
  /* Tiles and cached layers settle before the measure. */
  diplo_test_iterate (300);
  next_frame_ms (&timer, GTK_WIDGET (view));

  for (guint i = 0; i < N_PAN_STEPS; i++)
    {
      const int *direction = directions[i * 4 / N_PAN_STEPS];
      gint64 start = thread_time ();
      double ms;

      diplo_test_pan_by_pixels (map, 24 * direction[0], 24 * direction[1]);
      ms = thread_elapsed_ms (start) + next_frame_ms (&timer, GTK_WIDGET (view));
      g_array_append_val (times, ms);
    }
  frame_timer_stop (&timer);
}

static void
bench_panning (DiploWindow *window,
               double      *with_ms,
               double      *without_ms)
{
  g_autoptr(GArray) with = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) without = g_array_new (FALSE, FALSE, sizeof (double));

  /* Alternated, so that a noisy neighbour weighs on both alike. */
  for (guint run = 0; run < N_PAN_RUNS; run++)
    {
      diplo_map_view_set_selection (window->map_view, NULL);
      pan_frames (window->map_view, without);
      diplo_map_view_set_selection (window->map_view, window->selection);
      pan_frames (window->map_view, with);
    }

  *with_ms = diplo_bench_percentile (with, 0.95);
  *without_ms = diplo_bench_percentile (without, 0.95);
  g_print ("pan frames, median %.1f ms with the events, %.1f ms without\n",
           diplo_bench_median (with), diplo_bench_median (without));
  /* Whether the events cost a few slow frames or every frame alike. */
  if (g_getenv ("DIPLO_BENCH_VERBOSE") != NULL)
    for (double share = 0.1; share < 1.0; share += 0.2)
      g_print ("pan frames, %.0f%% within %.1f ms with the events, %.1f ms without\n",
               share * 100, diplo_bench_percentile (with, share),
               diplo_bench_percentile (without, share));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(DiploApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *jump_label = NULL;
  g_autofree char *back_label = NULL;
  DiploWindow *window;
  double stall_ms = 0, stall_wall_ms = 0, pan_ms = 0, pan_floor_ms = 0;
  MonthFigures months;
  guint most_markers = 0;

  gtk_init ();
  app = diplo_application_new ();
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  dir = g_dir_make_tmp ("diplo-bench-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "events.geojson", NULL);
  if (g_getenv ("DIPLO_BENCH_EVENTS") != NULL)
    n_events = MAX (1000, g_ascii_strtoull (g_getenv ("DIPLO_BENCH_EVENTS"), NULL, 10));
  if (!diplo_test_write_synthetic_dataset (path, n_events, 4242, &error))
    g_error ("%s", error->message);

  window = diplo_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  g_settings_set_string (window->settings, "month", "");
  gtk_window_present (GTK_WINDOW (window));
  diplo_test_iterate (500);

  /* DIPLO_BENCH_HIDE shows what a part costs by its absence. */
  if (g_strcmp0 (g_getenv ("DIPLO_BENCH_HIDE"), "timeline") == 0)
    gtk_widget_set_visible (GTK_WIDGET (window->timeline), FALSE);
  if (g_strcmp0 (g_getenv ("DIPLO_BENCH_HIDE"), "map") == 0)
    gtk_widget_set_visible (GTK_WIDGET (window->map_view), FALSE);
  if (g_strcmp0 (g_getenv ("DIPLO_BENCH_HIDE"), "markers") == 0)
    gtk_widget_set_visible (diplo_test_find_descendant (GTK_WIDGET (window->map_view), DIPLO_TYPE_MARKER_LAYER), FALSE);
  if (g_strcmp0 (g_getenv ("DIPLO_BENCH_HIDE"), "routes") == 0)
    gtk_widget_set_visible (diplo_test_find_descendant (GTK_WIDGET (window->map_view), DIPLO_TYPE_ROUTE_LAYER), FALSE);
  if (g_getenv ("DIPLO_BENCH_STOP") == NULL)
    stall_ms = bench_loading (window, path, &stall_wall_ms);
  bench_installing (window, path);
  /* For a profiler: the installation alone. */
  if (g_strcmp0 (g_getenv ("DIPLO_BENCH_STOP"), "installed") == 0)
    {
      gtk_window_destroy (GTK_WINDOW (window));
      return EXIT_SUCCESS;
    }
  bench_month_changes (window, &months);
  /* DIPLO_BENCH_QUICK=1 measures the file's opening and the month changes
   * alone. */
  if (g_getenv ("DIPLO_BENCH_QUICK") == NULL)
    {
      most_markers = bench_marker_widgets (window);
      bench_panning (window, &pan_ms, &pan_floor_ms);
    }

  g_print ("GSK_RENDERER=%s\n", g_getenv ("GSK_RENDERER") ?: "(default)");
  diplo_bench_print_header ("The window with 100,000 events (gaps and pan frames in main-thread "
                            "CPU time, month changes on the clock; renderer: GSK_RENDERER)");
  diplo_bench_print_row ("largest main-loop or frame gap, 100k file loading", "ms", stall_ms, -1,
                         "<= 100 ms", stall_ms <= 100);
  diplo_bench_print_row ("  the same on the clock, neighbours included", "ms", stall_wall_ms, -1,
                         "(not judged)", TRUE);
  diplo_bench_print_row ("month change until its routes show, median of " G_STRINGIFY (N_MONTH_STEPS),
                         "ms", months.wall_ms, months.floor_ms, "<= 16 ms", months.wall_ms <= 16);
  diplo_bench_print_row ("  the same in main-thread CPU time", "ms", months.cpu_ms,
                         months.floor_cpu_ms, "(not judged)", TRUE);
  diplo_bench_print_row ("  list and markers: CPU time to the first frame", "ms", months.first_ms,
                         -1, "(not judged)", TRUE);
  jump_label = g_strdup_printf ("  all months -> a month picked, median of %u", N_MONTH_JUMPS + 1);
  diplo_bench_print_row (jump_label, "ms", months.picked_ms, -1, "<= 16 ms", months.picked_ms <= 16);
  back_label = g_strdup_printf ("  one month -> all months, median of %u", 2 * N_MONTH_JUMPS);
  diplo_bench_print_row (back_label, "ms", months.to_all_ms, -1, "<= 16 ms", months.to_all_ms <= 16);
  diplo_bench_print_row ("  all months -> a month set unwarned, median of " G_STRINGIFY (N_MONTH_JUMPS),
                         "ms", months.unwarned_ms, -1, "(not judged)", TRUE);
  if (g_getenv ("DIPLO_BENCH_QUICK") == NULL)
    {
      diplo_bench_print_row ("marker widgets alive, most over zoom 0 to 10", "", most_markers, -1,
                             "<= 500", most_markers <= 500);
      diplo_bench_print_row ("pan frame time p95, events and routes shown", "ms", pan_ms,
                             pan_floor_ms, "<= 1.5x", pan_ms <= 1.5 * pan_floor_ms);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (path);
  g_rmdir (dir);

  return EXIT_SUCCESS;
}
