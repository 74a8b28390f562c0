#define G_LOG_DOMAIN "diplo-utils"

#include "config.h"

#include "diplo-utils.h"

/* For widgets whose template root is laid out by a GtkBinLayout: the root
 * is not a bound template child, so dispose has to unparent it. */
void
diplo_widget_unparent_children (GtkWidget *widget)
{
  GtkWidget *child;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    gtk_widget_unparent (child);
}
