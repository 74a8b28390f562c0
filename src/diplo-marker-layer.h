#pragma once

#include <shumate/shumate.h>

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

G_END_DECLS
