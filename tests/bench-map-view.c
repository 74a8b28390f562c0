/* What the map costs with 100,000 events: grouping into places, clustering
 * at each zoom level, the first markers, panning and zooming with frames
 * painted, and a filter change. Prints figures; asserts nothing. */

#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "diplo-clustering.h"
#include "diplo-dataset.h"
#include "diplo-event-filter.h"
#include "diplo-map-view.h"
#include "diplo-month-index.h"
#include "diplo-mercator.h"
#include "diplo-place.h"
#include "diplo-place-grouping.h"
#include "diplo-test-utils.h"

#define N_EVENTS 100000
#define N_PANS 40
/* Fewer under a profiler: DIPLO_BENCH_MONTHS=STEPS,RUNS. */
static guint n_month_steps = 24;
static guint n_month_runs = 3;
#define N_PAN_STEPS 60

static void
on_after_paint (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* Times the update phase of frames, where tick callbacks run, in
 * processor time: the markers follow the view there. */
typedef struct
{
  GdkFrameClock *clock;
  gulong         before_paint_handler;
  gulong         update_handler;
  gint64         phase_start;
  double         update_ms;
} UpdateTimer;

static void
on_before_paint (GdkFrameClock *clock,
                 UpdateTimer   *timer)
{
  timer->phase_start = diplo_bench_thread_time ();
}

static void
on_update_done (GdkFrameClock *clock,
                UpdateTimer   *timer)
{
  timer->update_ms += diplo_bench_thread_elapsed_ms (timer->phase_start);
}

static void
update_timer_start (UpdateTimer *timer,
                    GtkWidget   *widget)
{
  timer->clock = gtk_widget_get_frame_clock (widget);
  timer->update_ms = 0.0;
  timer->before_paint_handler = g_signal_connect (timer->clock, "before-paint",
                                                  G_CALLBACK (on_before_paint), timer);
  /* After every tick callback, which are connected as ordinary handlers. */
  timer->update_handler = g_signal_connect_after (timer->clock, "update",
                                                  G_CALLBACK (on_update_done), timer);
}

static void
update_timer_stop (UpdateTimer *timer)
{
  g_clear_signal_handler (&timer->before_paint_handler, timer->clock);
  g_clear_signal_handler (&timer->update_handler, timer->clock);
}

/* Waits for the next frame to be painted. */
static void
wait_for_frame (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gboolean painted = FALSE;
  gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &painted);

  gtk_widget_queue_draw (widget);
  diplo_test_wait_for (is_true, &painted);
  g_signal_handler_disconnect (clock, handler);
}

static void
bench_grouping_and_clustering (GListModel *events)
{
  g_autoptr(GPtrArray) places = NULL;
  g_autofree guint *place_of_position = NULL;
  g_autofree DiploClusterPoint *points = NULL;
  gint64 start = g_get_monotonic_time ();

  places = diplo_place_group_events (events, &place_of_position);
  g_print ("group %u events into %u places: %.1f ms\n", N_EVENTS, places->len,
           diplo_bench_elapsed_ms (start));

  points = g_new (DiploClusterPoint, places->len);
  for (guint i = 0; i < places->len; i++)
    {
      DiploPlace *place = g_ptr_array_index (places, i);

      diplo_mercator_project (diplo_place_get_latitude (place), diplo_place_get_longitude (place),
                              &points[i].x, &points[i].y);
      points[i].weight = diplo_place_get_n_events (place);
    }

  for (guint zoom = 0; zoom <= 10; zoom += 2)
    {
      g_autoptr(DiploClustering) clustering = NULL;

      start = g_get_monotonic_time ();
      clustering = diplo_clustering_new (points, places->len, zoom, 256, DIPLO_CLUSTER_RADIUS);
      g_print ("cluster at zoom %2u: %6u clusters, %.1f ms\n",
               zoom, diplo_clustering_get_n_clusters (clustering), diplo_bench_elapsed_ms (start));
    }
}

/* A drag around a square, 32 pixels a frame. Returns the time a frame,
 * and in @update_ms the processor time a frame to move the view and to
 * run the update phase. */
static double
drag_frame_ms (DiploMapView *view,
               double       *update_ms)
{
  static const int directions[][2] = { { 1, 0 }, { 0, 1 }, { -1, 0 }, { 0, -1 } };
  UpdateTimer timer = { 0 };
  double move_ms = 0.0;
  gint64 start;

  wait_for_frame (GTK_WIDGET (view));
  update_timer_start (&timer, GTK_WIDGET (view));
  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_PANS; i++)
    {
      const int *direction = directions[i * 4 / N_PANS];
      gint64 move_start = diplo_bench_thread_time ();

      diplo_test_pan_by_pixels (diplo_map_view_get_map (view), 32 * direction[0], 32 * direction[1]);
      move_ms += diplo_bench_thread_elapsed_ms (move_start);
      wait_for_frame (GTK_WIDGET (view));
    }
  update_timer_stop (&timer);

  if (update_ms != NULL)
    *update_ms = (move_ms + timer.update_ms) / N_PANS;

  return diplo_bench_elapsed_ms (start) / N_PANS;
}

static void
bench_panning (DiploMapView *view,
               double        zoom)
{
  ShumateMap *map = diplo_map_view_get_map (view);
  static const int steps[][2] = { { 1, 0 }, { 0, 1 }, { -1, 0 }, { 0, -1 } };
  UpdateTimer timer = { 0 };
  double action_ms = 0.0;
  double frame_ms, update_ms;
  gint64 start;

  shumate_viewport_set_zoom_level (shumate_map_get_viewport (map), zoom);
  shumate_map_center_on (map, 30.0, 20.0);
  wait_for_frame (GTK_WIDGET (view));

  update_timer_start (&timer, GTK_WIDGET (view));
  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_PANS; i++)
    {
      gint64 step_start = diplo_bench_thread_time ();

      gtk_widget_activate_action (GTK_WIDGET (view), "map.pan", "(ii)",
                                  steps[i % 4][0], steps[i % 4][1]);
      action_ms += diplo_bench_thread_elapsed_ms (step_start);
      wait_for_frame (GTK_WIDGET (view));
    }
  update_timer_stop (&timer);

  /* Wherever the markers are updated, in the action or in the frame. */
  g_print ("pan at zoom %4.1f by arrow keys: %.2f CPU ms a step to move and update markers, "
           "%.1f ms a step with the frame; %u marker widgets alive\n",
           zoom, (action_ms + timer.update_ms) / N_PANS, diplo_bench_elapsed_ms (start) / N_PANS,
           diplo_test_count_marker_widgets (view));
  frame_ms = drag_frame_ms (view, &update_ms);
  g_print ("drag at zoom %4.1f, 32 pixels a frame: %.1f ms a frame, %.2f CPU ms to move and "
           "update markers; %u marker widgets alive\n",
           zoom, frame_ms, update_ms, diplo_test_count_marker_widgets (view));
}

/* Hides the layers from the top down, to tell what each costs a frame. */
static void
bench_layers (DiploMapView *view)
{
  GtkWidget *map = GTK_WIDGET (diplo_map_view_get_map (view));
  g_autoptr(GPtrArray) layers = g_ptr_array_new ();
  double with_all;

  shumate_viewport_set_zoom_level (shumate_map_get_viewport (diplo_map_view_get_map (view)), 3.0);
  shumate_map_center_on (diplo_map_view_get_map (view), 30.0, 20.0);

  for (GtkWidget *child = gtk_widget_get_last_child (map);
       child != NULL;
       child = gtk_widget_get_prev_sibling (child))
    g_ptr_array_add (layers, child);

  with_all = drag_frame_ms (view, NULL);
  g_print ("drag at zoom 3, 32 pixels a frame, with every layer: %.1f ms a frame\n", with_all);

  for (guint i = 0; i + 1 < layers->len; i++)
    {
      GtkWidget *layer = g_ptr_array_index (layers, i);
      double without;

      gtk_widget_set_visible (layer, FALSE);
      without = drag_frame_ms (view, NULL);
      g_print ("  without %s and above: %.1f ms a frame\n", G_OBJECT_TYPE_NAME (layer), without);
    }

  for (guint i = 0; i < layers->len; i++)
    gtk_widget_set_visible (g_ptr_array_index (layers, i), TRUE);
}

static void
bench_zooming (DiploMapView *view)
{
  ShumateViewport *viewport = shumate_map_get_viewport (diplo_map_view_get_map (view));
  gint64 start = g_get_monotonic_time ();
  guint n_steps = 0;

  /* Quarter steps, as an animation would go, crossing whole levels. */
  for (double zoom = 2.0; zoom <= 8.0; zoom += 0.25, n_steps++)
    {
      shumate_viewport_set_zoom_level (viewport, zoom);
      wait_for_frame (GTK_WIDGET (view));
    }

  g_print ("zoom from 2 to 8 in quarter steps: %.1f ms a step with the frame; "
           "%u marker widgets alive\n",
           diplo_bench_elapsed_ms (start) / n_steps, diplo_test_count_marker_widgets (view));
}

/* One month change as the window makes it: the filter's change, in which
 * the map regroups its places, then the frame in which the markers and the
 * routes follow; then a frame with nothing changed, which draws the same.
 * Main-thread processor time. */
typedef struct
{
  double change_ms;  /* the filter's change */
  double frame_ms;   /* the frame after it */
  double steady_ms;  /* a frame with nothing changed */
} MonthChange;

static void
month_change (DiploMapView     *view,
              DiploEventFilter *filter,
              const char       *month,
              MonthChange      *change)
{
  gint64 start = diplo_bench_thread_time ();

  diplo_event_filter_set_month (filter, month);
  change->change_ms = diplo_bench_thread_elapsed_ms (start);
  start = diplo_bench_thread_time ();
  wait_for_frame (GTK_WIDGET (view));
  change->frame_ms = diplo_bench_thread_elapsed_ms (start);
  /* Cached layers drawn in other threads come in a frame of their own. */
  diplo_test_iterate (50);
  start = diplo_bench_thread_time ();
  wait_for_frame (GTK_WIDGET (view));
  change->steady_ms = diplo_bench_thread_elapsed_ms (start);
}

/* Medians over months from the middle of the dataset on. */
static void
month_changes (DiploMapView     *view,
               DiploEventFilter *filter,
               DiploMonthIndex  *index,
               MonthChange      *medians)
{
  g_autoptr(GArray) change = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) frame = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) steady = g_array_new (FALSE, FALSE, sizeof (double));
  int middle = (diplo_month_index_get_first (index) + diplo_month_index_get_last (index)) / 2;
  g_autofree char *first = diplo_month_number_to_string (middle);
  MonthChange one;

  month_change (view, filter, first, &one);
  for (int i = 1; i <= (int) n_month_steps; i++)
    {
      g_autofree char *month = diplo_month_number_to_string (middle + i);

      month_change (view, filter, month, &one);
      g_array_append_val (change, one.change_ms);
      g_array_append_val (frame, one.frame_ms);
      g_array_append_val (steady, one.steady_ms);
    }
  month_change (view, filter, "", &one);

  medians->change_ms = diplo_bench_median (change);
  medians->frame_ms = diplo_bench_median (frame);
  medians->steady_ms = diplo_bench_median (steady);
}

/* Apart, so that a profile tells one from the other. */
static G_GNUC_NO_INLINE void
month_changes_with_map (DiploMapView     *view,
                        DiploEventFilter *filter,
                        DiploMonthIndex  *index,
                        MonthChange      *medians)
{
  month_changes (view, filter, index, medians);
}

static G_GNUC_NO_INLINE void
month_changes_without_map (DiploMapView     *view,
                           DiploEventFilter *filter,
                           DiploMonthIndex  *index,
                           MonthChange      *medians)
{
  month_changes (view, filter, index, medians);
}

/* The drag of bench-window: around a square at zoom 4 from the same
 * place, 24 pixels a frame; the move and the frame's work each step, in
 * main-thread processor time. */
static void
pan_frames (DiploMapView *view,
            GArray       *times)
{
  static const int directions[][2] = { { 1, 0 }, { 0, 1 }, { -1, 0 }, { 0, -1 } };
  ShumateMap *map = diplo_map_view_get_map (view);

  shumate_viewport_set_zoom_level (shumate_map_get_viewport (map), 4.0);
  shumate_map_center_on (map, 30.0, 20.0);
  wait_for_frame (GTK_WIDGET (view));
  /* Tiles and cached layers settle before the measure. */
  diplo_test_iterate (300);
  wait_for_frame (GTK_WIDGET (view));

  for (guint i = 0; i < N_PAN_STEPS; i++)
    {
      const int *direction = directions[i * 4 / N_PAN_STEPS];
      gint64 start = diplo_bench_thread_time ();
      double ms;

      diplo_test_pan_by_pixels (map, 24 * direction[0], 24 * direction[1]);
      wait_for_frame (GTK_WIDGET (view));
      ms = diplo_bench_thread_elapsed_ms (start);
      g_array_append_val (times, ms);
    }
}

/* Apart, so that a profile tells one from the other. */
static G_GNUC_NO_INLINE void
pan_frames_with_events (DiploMapView *view,
                        GArray       *times)
{
  pan_frames (view, times);
}

static G_GNUC_NO_INLINE void
pan_frames_without_events (DiploMapView *view,
                           GArray       *times)
{
  pan_frames (view, times);
}

/* Month changes on a dataset like a real one (about 5,000 places, the busy
 * ones far more often), the map alone in a window of the app's size,
 * against the same changes with nothing on the map: the difference is the
 * map's own part of a month change. */
static void
bench_month_changes (void)
{
  /* Fewer for a profile under valgrind, which would take long to load. */
  const char *n_events = g_getenv ("DIPLO_BENCH_EVENTS");
  g_autoptr(GBytes) bytes = diplo_test_synthetic_geojson (n_events != NULL ? atoi (n_events)
                                                                            : N_EVENTS, 4242);
  g_autoptr(GError) error = NULL;
  g_autoptr(DiploDataset) dataset = diplo_dataset_new_from_bytes (bytes, "events.geojson", &error);
  g_autoptr(DiploEventFilter) filter = diplo_event_filter_new ();
  g_autoptr(GtkFilterListModel) filtered = NULL;
  g_autoptr(GtkSingleSelection) selection = NULL;
  g_autoptr(GArray) with = g_array_new (FALSE, FALSE, sizeof (MonthChange));
  g_autoptr(GArray) without = g_array_new (FALSE, FALSE, sizeof (MonthChange));
  g_autoptr(GArray) map_change = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) map_frame = g_array_new (FALSE, FALSE, sizeof (double));
  DiploMonthIndex *index;
  DiploMapView *view;
  GtkWindow *window;

  g_assert_no_error (error);
  if (g_getenv ("DIPLO_BENCH_MONTHS") != NULL)
    sscanf (g_getenv ("DIPLO_BENCH_MONTHS"), "%u,%u", &n_month_steps, &n_month_runs);
  index = diplo_dataset_get_month_index (dataset);
  filtered = gtk_filter_list_model_new (NULL, g_object_ref (GTK_FILTER (filter)));
  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (filtered)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 900, 800);
  view = DIPLO_MAP_VIEW (diplo_map_view_new ());
  gtk_window_set_child (window, GTK_WIDGET (view));
  gtk_window_present (window);
  wait_for_frame (GTK_WIDGET (view));

  diplo_map_view_set_place_grouping (view, diplo_dataset_get_place_grouping (dataset));
  diplo_map_view_set_selection (view, selection);
  gtk_filter_list_model_set_model (filtered, diplo_dataset_get_events (dataset));
  wait_for_frame (GTK_WIDGET (view));
  wait_for_frame (GTK_WIDGET (view));
  diplo_test_iterate (300);

  /* For a profiler attached from here on. */
  g_print ("month changes begin\n");

  /* Alternated, so that a noisy neighbour weighs on both alike. */
  for (guint run = 0; run < n_month_runs && g_strcmp0 (g_getenv ("DIPLO_BENCH_ONLY"), "drag") != 0; run++)
    {
      MonthChange medians;

      diplo_map_view_set_selection (view, NULL);
      month_changes_without_map (view, filter, index, &medians);
      g_array_append_val (without, medians);
      diplo_map_view_set_selection (view, selection);
      diplo_test_iterate (300);
      month_changes_with_map (view, filter, index, &medians);
      g_array_append_val (with, medians);
    }

  for (guint run = 0; run < with->len; run++)
    {
      MonthChange *a = &g_array_index (with, MonthChange, run);
      MonthChange *b = &g_array_index (without, MonthChange, run);

      g_print ("month change, medians of %u: the filter's change %.2f CPU ms with the map "
               "following, %.2f without; the frame after it %.2f ms, %.2f ms the next\n",
               n_month_steps, a->change_ms, b->change_ms, a->frame_ms, a->steady_ms);
      g_array_append_val (map_change, (double) { a->change_ms - b->change_ms });
      g_array_append_val (map_frame, (double) { a->frame_ms - a->steady_ms });
    }
  if (with->len > 0)
    g_print ("month change, the map's part: %.2f CPU ms in the filter's change, %.2f ms more "
             "in the frame after it than in the next (medians of %u runs); %u marker widgets "
             "alive\n", diplo_bench_median (map_change), diplo_bench_median (map_frame),
             n_month_runs, diplo_test_count_marker_widgets (view));

  if (g_strcmp0 (g_getenv ("DIPLO_BENCH_ONLY"), "month") != 0)
    {
      g_autoptr(GArray) pan_with = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) pan_without = g_array_new (FALSE, FALSE, sizeof (double));

      g_print ("drag begins\n");
      for (guint run = 0; run < 3; run++)
        {
          diplo_map_view_set_selection (view, NULL);
          pan_frames_without_events (view, pan_without);
          diplo_map_view_set_selection (view, selection);
          pan_frames_with_events (view, pan_with);
        }

      g_print ("drag at zoom 4, 24 pixels a frame, every month: p95 %.1f CPU ms a frame with "
               "the events, %.1f without (%.2fx); medians %.1f and %.1f\n",
               diplo_bench_percentile (pan_with, 0.95), diplo_bench_percentile (pan_without, 0.95),
               diplo_bench_percentile (pan_with, 0.95) / diplo_bench_percentile (pan_without, 0.95),
               diplo_bench_median (pan_with), diplo_bench_median (pan_without));
    }

  gtk_window_destroy (window);
}

static gboolean
keep_even (gpointer item,
           gpointer user_data)
{
  return g_str_has_suffix (diplo_event_get_id (item), "0") ||
         g_str_has_suffix (diplo_event_get_id (item), "2") ||
         g_str_has_suffix (diplo_event_get_id (item), "4") ||
         g_str_has_suffix (diplo_event_get_id (item), "6") ||
         g_str_has_suffix (diplo_event_get_id (item), "8");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GListModel) events = NULL;
  g_autoptr(GtkFilterListModel) filtered = NULL;
  g_autoptr(GtkSingleSelection) selection = NULL;
  g_autoptr(GtkCustomFilter) filter = NULL;
  g_autoptr(GtkCssProvider) provider = NULL;
  DiploMapView *view;
  GtkWindow *window;
  gint64 start;

  gtk_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  /* The application's style, as AdwApplication would load it. */
  adw_init ();
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, RESOURCE_BASE_PATH "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  /* DIPLO_BENCH_ONLY=month runs the month changes alone, =dataset those
   * and the drag on the same dataset, as for a profile of them. */
  if (g_getenv ("DIPLO_BENCH_ONLY") != NULL)
    {
      bench_month_changes ();
      return 0;
    }

  start = g_get_monotonic_time ();
  events = diplo_test_synthetic_events (N_EVENTS, 4242);
  g_print ("create %u events: %.1f ms\n", N_EVENTS, diplo_bench_elapsed_ms (start));

  bench_grouping_and_clustering (events);

  filtered = gtk_filter_list_model_new (g_object_ref (events), NULL);
  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (filtered)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_selected (selection, GTK_INVALID_LIST_POSITION);

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 1280, 800);
  view = DIPLO_MAP_VIEW (diplo_map_view_new ());
  gtk_window_set_child (window, GTK_WIDGET (view));
  gtk_window_present (window);
  wait_for_frame (GTK_WIDGET (view));

  start = g_get_monotonic_time ();
  diplo_map_view_set_selection (view, selection);
  wait_for_frame (GTK_WIDGET (view));
  wait_for_frame (GTK_WIDGET (view));
  g_print ("first view (group, cluster, fit, markers, two frames): %.1f ms; "
           "%u marker widgets alive\n",
           diplo_bench_elapsed_ms (start), diplo_test_count_marker_widgets (view));

  bench_panning (view, 2.0);
  bench_panning (view, 5.0);
  bench_panning (view, 9.0);
  bench_zooming (view);
  bench_layers (view);

  filter = gtk_custom_filter_new (keep_even, NULL, NULL);
  start = g_get_monotonic_time ();
  gtk_filter_list_model_set_filter (filtered, GTK_FILTER (filter));
  g_print ("filter to %u events and rebuild: %.1f ms; %u marker widgets alive\n",
           g_list_model_get_n_items (G_LIST_MODEL (filtered)), diplo_bench_elapsed_ms (start),
           diplo_test_count_marker_widgets (view));

  gtk_window_destroy (window);

  bench_month_changes ();

  return 0;
}
