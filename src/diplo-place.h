#pragma once

#include <gio/gio.h>

#include "diplo-event.h"

G_BEGIN_DECLS

#define DIPLO_TYPE_PLACE (diplo_place_get_type ())

G_DECLARE_FINAL_TYPE (DiploPlace, diplo_place, DIPLO, PLACE, GObject)

/* Marks a position in diplo_place_group_events()'s map whose event has no
 * location. */
#define DIPLO_PLACE_NONE G_MAXUINT

double      diplo_place_get_latitude         (DiploPlace  *self);
double      diplo_place_get_longitude        (DiploPlace  *self);
const char *diplo_place_get_name             (DiploPlace  *self);
const char *diplo_place_get_country          (DiploPlace  *self);
guint       diplo_place_get_n_events         (DiploPlace  *self);
DiploEvent *diplo_place_get_event            (DiploPlace  *self,
                                              guint        index);
guint       diplo_place_get_position         (DiploPlace  *self,
                                              guint        index);
char       *diplo_place_dup_description      (DiploPlace  *self);

GPtrArray  *diplo_place_group_events         (GListModel  *events,
                                              guint      **place_of_position);
GPtrArray  *diplo_place_list_countries       (GPtrArray   *places);

G_END_DECLS
