/* diplo-online-source.h
 *
 * A map source that fetches its tiles through another one, and tells once
 * when they can't be had.
 */

#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

#define DIPLO_TYPE_ONLINE_SOURCE (diplo_online_source_get_type ())

G_DECLARE_FINAL_TYPE (DiploOnlineSource, diplo_online_source, DIPLO, ONLINE_SOURCE,
                      ShumateMapSource)

DiploOnlineSource *diplo_online_source_new                (ShumateMapSource  *source);
gboolean           diplo_online_source_get_failed         (DiploOnlineSource *self);
guint              diplo_online_source_get_n_failed_tiles (DiploOnlineSource *self);
void               diplo_online_source_reset              (DiploOnlineSource *self);

G_END_DECLS
