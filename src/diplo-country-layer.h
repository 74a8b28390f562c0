#pragma once

#include <shumate/shumate.h>

#include "diplo-basemap.h"
#include "diplo-cached-layer.h"

G_BEGIN_DECLS

#define DIPLO_TYPE_COUNTRY_LAYER (diplo_country_layer_get_type ())

G_DECLARE_FINAL_TYPE (DiploCountryLayer, diplo_country_layer, DIPLO, COUNTRY_LAYER,
                      DiploCachedLayer)

DiploCountryLayer  *diplo_country_layer_new           (ShumateViewport    *viewport,
                                                       DiploBasemap       *basemap);
const char * const *diplo_country_layer_get_countries (DiploCountryLayer  *self);
void                diplo_country_layer_set_countries (DiploCountryLayer  *self,
                                                       const char * const *countries);

G_END_DECLS
