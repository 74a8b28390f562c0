#pragma once

#include <gtk/gtk.h>

#include "diplo-dataset.h"
#include "diplo-map-view.h"

G_BEGIN_DECLS

/* Builds a dataset from compact feature lines: "id|start|end|kind|place|country|lat|lon|title|participants"
 * with empty fields for absent members and "-" coordinates for a null geometry. */
DiploDataset *diplo_test_dataset_new     (const char * const *features);
GListModel   *diplo_test_synthetic_events (guint      n_events,
                                          guint32    seed);
void          diplo_test_wait_for        (gboolean (*condition) (gpointer),
                                          gpointer   data);
void          diplo_test_iterate         (guint      milliseconds);
GtkWidget    *diplo_test_find_descendant (GtkWidget *widget,
                                          GType      type);
GPtrArray    *diplo_test_shown_markers   (DiploMapView *view);
guint         diplo_test_count_marker_widgets (DiploMapView *view);

G_END_DECLS
