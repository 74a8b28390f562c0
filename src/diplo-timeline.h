#pragma once

#include <gtk/gtk.h>

#include "diplo-timeline-list.h"

G_BEGIN_DECLS

#define DIPLO_TYPE_TIMELINE (diplo_timeline_get_type ())

G_DECLARE_FINAL_TYPE (DiploTimeline, diplo_timeline, DIPLO, TIMELINE, GtkWidget)

GtkSingleSelection *diplo_timeline_get_selection (DiploTimeline      *self);
void                diplo_timeline_set_selection (DiploTimeline      *self,
                                                  GtkSingleSelection *selection);
DiploTimelineList  *diplo_timeline_get_list      (DiploTimeline      *self);

G_END_DECLS
