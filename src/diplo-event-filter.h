#pragma once

#include <gtk/gtk.h>

#include "diplo-event.h"

G_BEGIN_DECLS

#define DIPLO_TYPE_EVENT_FILTER (diplo_event_filter_get_type ())

G_DECLARE_FINAL_TYPE (DiploEventFilter, diplo_event_filter, DIPLO, EVENT_FILTER, GtkFilter)

/* A set of DiploEventKind values, one bit a kind. */
#define DIPLO_EVENT_FILTER_ALL_KINDS ((1u << DIPLO_EVENT_N_KINDS) - 1)

DiploEventFilter *diplo_event_filter_new             (void);
const char       *diplo_event_filter_get_month       (DiploEventFilter *self);
void              diplo_event_filter_set_month       (DiploEventFilter *self,
                                                      const char       *month);
const char       *diplo_event_filter_get_search_text (DiploEventFilter *self);
void              diplo_event_filter_set_search_text (DiploEventFilter *self,
                                                      const char       *search_text);
guint             diplo_event_filter_get_kinds       (DiploEventFilter *self);
void              diplo_event_filter_set_kinds       (DiploEventFilter *self,
                                                      guint             kinds);
gboolean          diplo_event_filter_get_match_month (DiploEventFilter *self);
void              diplo_event_filter_set_match_month (DiploEventFilter *self,
                                                      gboolean          match_month);
gboolean          diplo_event_filter_is_active       (DiploEventFilter *self);
void              diplo_event_filter_clear           (DiploEventFilter *self);
char             *diplo_fold_for_search              (const char       *text);

G_END_DECLS
