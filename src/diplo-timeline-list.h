#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DIPLO_TYPE_TIMELINE_LIST (diplo_timeline_list_get_type ())

G_DECLARE_FINAL_TYPE (DiploTimelineList, diplo_timeline_list, DIPLO, TIMELINE_LIST, GtkWidget)

GtkWidget          *diplo_timeline_list_new       (void);
GtkSingleSelection *diplo_timeline_list_get_model (DiploTimelineList  *self);
void                diplo_timeline_list_set_model (DiploTimelineList  *self,
                                                   GtkSingleSelection *model);
void                diplo_timeline_list_scroll_to (DiploTimelineList  *self,
                                                   guint               position);
GtkWidget          *diplo_timeline_list_get_row   (DiploTimelineList  *self,
                                                   guint               position);
void                diplo_timeline_list_prepare   (DiploTimelineList  *self,
                                                   GListModel         *events);

G_END_DECLS
