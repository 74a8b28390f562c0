#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void  diplo_widget_unparent_children (GtkWidget  *widget);
void  diplo_widget_update_tooltip    (GtkWidget  *widget,
                                      const char *text);
gboolean diplo_widget_uses_cairo_renderer (GtkWidget *widget);
void  diplo_surface_destroy_in_thread (cairo_surface_t *surface);
char *diplo_text_shorten             (const char *text,
                                      gsize       max_chars);
char *diplo_text_isolate             (const char *text);
GListModel *diplo_list_model_get_source (GListModel *model);

G_END_DECLS
