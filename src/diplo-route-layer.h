#pragma once

#include <shumate/shumate.h>

#include "diplo-cached-layer.h"

G_BEGIN_DECLS

#define DIPLO_TYPE_ROUTE_LAYER (diplo_route_layer_get_type ())

G_DECLARE_FINAL_TYPE (DiploRouteLayer, diplo_route_layer, DIPLO, ROUTE_LAYER, DiploCachedLayer)

DiploRouteLayer *diplo_route_layer_new             (ShumateViewport *viewport);
guint            diplo_route_layer_add_route       (DiploRouteLayer *self,
                                                    double           from_latitude,
                                                    double           from_longitude,
                                                    double           to_latitude,
                                                    double           to_longitude);
void             diplo_route_layer_remove_all      (DiploRouteLayer *self);
guint            diplo_route_layer_get_n_routes    (DiploRouteLayer *self);
int              diplo_route_layer_get_highlighted (DiploRouteLayer *self);
void             diplo_route_layer_set_highlighted (DiploRouteLayer *self,
                                                    int              route);

G_END_DECLS
