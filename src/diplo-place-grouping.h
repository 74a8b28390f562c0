#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The places of a whole model of events, grouped once, possibly in a worker
 * thread, and then read by anyone: it never changes once made. */
typedef struct _DiploPlaceGrouping DiploPlaceGrouping;

#define DIPLO_TYPE_PLACE_GROUPING (diplo_place_grouping_get_type ())

GType               diplo_place_grouping_get_type      (void) G_GNUC_CONST;
DiploPlaceGrouping *diplo_place_grouping_new           (GListModel         *events);
DiploPlaceGrouping *diplo_place_grouping_new_for_events (GListModel        *events);
gboolean            diplo_place_grouping_holds_events  (DiploPlaceGrouping *self,
                                                        GListModel         *events);
DiploPlaceGrouping *diplo_place_grouping_ref           (DiploPlaceGrouping *self);
void                diplo_place_grouping_unref         (DiploPlaceGrouping *self);
GListModel         *diplo_place_grouping_get_model     (DiploPlaceGrouping *self);
GPtrArray          *diplo_place_grouping_get_places    (DiploPlaceGrouping *self);
const guint        *diplo_place_grouping_get_place_of_position (DiploPlaceGrouping *self,
                                                                guint              *n_positions);
const char * const *diplo_place_grouping_get_countries (DiploPlaceGrouping *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiploPlaceGrouping, diplo_place_grouping_unref)

G_END_DECLS
