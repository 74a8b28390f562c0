#pragma once

#include <gtk/gtk.h>

#include "diplo-application.h"
#include "diplo-dataset.h"
#include "diplo-map-marker.h"
#include "diplo-map-view.h"
#include "diplo-timeline.h"
#include "diplo-timeline-row.h"
#include "diplo-window.h"

G_BEGIN_DECLS

/* Builds a dataset from compact feature lines: "id|start|end|kind|place|country|lat|lon|title|participants"
 * with empty fields for absent members and "-" coordinates for a null geometry. */
DiploDataset *diplo_test_dataset_new     (const char * const *features);
GListModel   *diplo_test_synthetic_events (guint      n_events,
                                          guint32    seed);
void          diplo_test_wait_for_at     (gboolean  (*condition) (gpointer),
                                          gpointer    data,
                                          const char *where,
                                          const char *what);
/* Iterates the main loop until @condition holds, failing after a while
 * with the caller's place and the condition's name. */
#define diplo_test_wait_for(condition, ...) \
  diplo_test_wait_for_at ((condition), (__VA_ARGS__), G_STRLOC, #condition)
void          diplo_test_iterate         (guint      milliseconds);
void          diplo_test_wait_for_frames (GtkWidget *widget);
GtkWidget    *diplo_test_find_descendant (GtkWidget *widget,
                                          GType      type);
GtkEventController *diplo_test_find_controller (GtkWidget *widget,
                                                GType      type);
GPtrArray    *diplo_test_shown_markers   (DiploMapView *view);
const char   *diplo_test_marker_tooltip  (DiploMapMarker *marker);
void          diplo_test_pan_by_pixels   (ShumateMap   *map,
                                          double        dx,
                                          double        dy);
guint         diplo_test_count_marker_widgets (DiploMapView *view);
GPtrArray    *diplo_test_timeline_rows   (DiploTimeline *timeline);
DiploTimelineRow *diplo_test_find_timeline_row (DiploTimeline *timeline,
                                                const char    *id);

void          diplo_test_init_gtk        (void);
DiploApplication *diplo_test_application_new (const char *application_id);
gboolean      diplo_test_is_mapped       (gpointer   widget);
gboolean      diplo_test_is_unmapped     (gpointer   widget);
DiploWindow  *diplo_test_present_window  (DiploWindow *window);
void          diplo_test_collect_labels  (GtkWidget  *widget,
                                          GPtrArray  *labels);
cairo_surface_t *diplo_test_draw_node    (GskRenderNode *node,
                                          int            width,
                                          int            height);
GtkWindow    *diplo_test_find_message_dialog (GtkWindow *parent);
GtkWidget    *diplo_test_open_menu_button (GtkMenuButton *button);
void          diplo_test_assert_menu_shown (GMenuModel *menu,
                                            GtkWidget  *popover);
GtkWidget    *diplo_test_find_menu_item  (GtkWidget  *popover,
                                          const char *label);

char         *diplo_test_fixture_path    (const char *name);
char         *diplo_test_cache_path      (const char *name);
GFile        *diplo_test_write_cache_file (const char *name,
                                           const char *contents,
                                           gssize      length);

GBytes       *diplo_test_synthetic_geojson (guint     n_events,
                                           guint32   seed);
gboolean      diplo_test_write_synthetic_dataset (const char  *path,
                                                 guint        n_events,
                                                 guint32      seed,
                                                 GError     **error);

char         *diplo_bench_run_child      (const char *program,
                                          const char *argument1,
                                          const char *argument2,
                                          double     *peak_kib);
double        diplo_bench_elapsed_ms     (gint64      start);
gint64        diplo_bench_thread_time    (void);
double        diplo_bench_thread_elapsed_ms (gint64   start);
double        diplo_bench_median         (GArray     *values);
double        diplo_bench_percentile     (GArray     *values,
                                          double      fraction);
void          diplo_bench_print_header   (const char *title);
void          diplo_bench_print_row      (const char *figure,
                                          const char *unit,
                                          double      measured,
                                          double      floor,
                                          const char *target,
                                          gboolean    met);

G_END_DECLS
