#pragma once

#include <gtk/gtk.h>

#include "diplo-event.h"

G_BEGIN_DECLS

#define DIPLO_TYPE_TIMELINE_ROW (diplo_timeline_row_get_type ())

G_DECLARE_FINAL_TYPE (DiploTimelineRow, diplo_timeline_row, DIPLO, TIMELINE_ROW, GtkWidget)

GtkWidget  *diplo_timeline_row_new            (void);
void        diplo_timeline_row_bind           (DiploTimelineRow *self,
                                               GListModel       *model,
                                               guint             position);
void        diplo_timeline_row_unbind         (DiploTimelineRow *self);
DiploEvent *diplo_timeline_row_get_event      (DiploTimelineRow *self);
gboolean    diplo_timeline_row_get_has_header (DiploTimelineRow *self);
const char *diplo_timeline_row_get_kind_tooltip (DiploTimelineRow *self);
const char *diplo_event_describe_place        (DiploEvent       *event);

G_END_DECLS
