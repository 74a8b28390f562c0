#pragma once

#include <shumate/shumate.h>

#include "diplo-place.h"

G_BEGIN_DECLS

#define DIPLO_TYPE_MAP_MARKER (diplo_map_marker_get_type ())

G_DECLARE_FINAL_TYPE (DiploMapMarker, diplo_map_marker, DIPLO, MAP_MARKER, ShumateMarker)

/* The cluster index of a marker that shows nothing. */
#define DIPLO_MAP_MARKER_UNUSED G_MAXUINT

/* Shapes: ten digits at most, for a place or a cluster. */
#define DIPLO_MAP_MARKER_N_SHAPES 22

DiploMapMarker *diplo_map_marker_new             (void);
GtkButton      *diplo_map_marker_get_button      (DiploMapMarker *self);
void            diplo_map_marker_show_place      (DiploMapMarker *self,
                                                  guint           cluster,
                                                  DiploPlace     *place);
void            diplo_map_marker_show_cluster    (DiploMapMarker *self,
                                                  guint           cluster,
                                                  DiploPlace     *representative,
                                                  guint           n_places,
                                                  guint           n_events,
                                                  double          latitude,
                                                  double          longitude);
void            diplo_map_marker_clear           (DiploMapMarker *self);
guint           diplo_map_marker_get_cluster     (DiploMapMarker *self);
gboolean        diplo_map_marker_get_in_use      (DiploMapMarker *self);
guint           diplo_map_marker_shape_for       (gboolean        is_cluster,
                                                  guint           count);
guint           diplo_map_marker_get_shape       (DiploMapMarker *self);
DiploPlace     *diplo_map_marker_get_place       (DiploMapMarker *self);
DiploPlace     *diplo_map_marker_get_representative (DiploMapMarker *self);
gboolean        diplo_map_marker_get_is_cluster  (DiploMapMarker *self);
guint           diplo_map_marker_get_n_events    (DiploMapMarker *self);
const char     *diplo_map_marker_get_description (DiploMapMarker *self);
void            diplo_map_marker_set_highlighted (DiploMapMarker *self,
                                                  gboolean        highlighted);
cairo_surface_t *diplo_map_marker_ref_image      (DiploMapMarker  *self,
                                                  graphene_rect_t *bounds);
void            diplo_map_marker_set_drawn_by_layer (DiploMapMarker *self,
                                                     gboolean        drawn);
gboolean        diplo_map_marker_get_drawn_by_layer (DiploMapMarker *self);

G_END_DECLS
