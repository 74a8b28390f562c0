/* diplo-offline-source.h
 *
 * A map source that draws the bundled world basemap, with no network.
 */

#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

#define DIPLO_TYPE_OFFLINE_SOURCE (diplo_offline_source_get_type ())

G_DECLARE_FINAL_TYPE (DiploOfflineSource, diplo_offline_source, DIPLO, OFFLINE_SOURCE,
                      ShumateMapSource)

DiploOfflineSource *diplo_offline_source_new              (void);
void                diplo_offline_source_set_cairo_widget (DiploOfflineSource *self,
                                                           GtkWidget          *widget);

G_END_DECLS
