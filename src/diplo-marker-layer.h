#pragma once

#include <shumate/shumate.h>

#include "diplo-basemap.h"
#include "diplo-cached-layer.h"
#include "diplo-map-marker.h"

G_BEGIN_DECLS

#define DIPLO_TYPE_MARKER_LAYER (diplo_marker_layer_get_type ())

G_DECLARE_FINAL_TYPE (DiploMarkerLayer, diplo_marker_layer, DIPLO, MARKER_LAYER, ShumateLayer)

DiploMarkerLayer *diplo_marker_layer_new        (ShumateViewport  *viewport);
void              diplo_marker_layer_add_marker (DiploMarkerLayer *self,
                                                 DiploMapMarker   *marker);
void              diplo_marker_layer_set_ground (DiploMarkerLayer *self,
                                                 DiploCachedLayer *ground);
void              diplo_marker_layer_set_basemap (DiploMarkerLayer *self,
                                                  DiploBasemap     *basemap,
                                                  guint             tile_size,
                                                  GtkWidget        *basemap_layer);
void              diplo_marker_layer_update_basemap_layer (DiploMarkerLayer *self);

G_END_DECLS
