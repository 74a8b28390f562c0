#pragma once

#include <gtk/gtk.h>

#include "diplo-event.h"

G_BEGIN_DECLS

#define DIPLO_TYPE_EVENT_DETAILS (diplo_event_details_get_type ())

G_DECLARE_FINAL_TYPE (DiploEventDetails, diplo_event_details, DIPLO, EVENT_DETAILS, GtkWidget)

DiploEvent *diplo_event_details_get_event (DiploEventDetails *self);
void        diplo_event_details_set_event (DiploEventDetails *self,
                                           DiploEvent        *event);

G_END_DECLS
