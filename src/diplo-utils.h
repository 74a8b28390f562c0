#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void diplo_widget_unparent_children (GtkWidget *widget);

G_END_DECLS
