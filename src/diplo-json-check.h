#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* GeoJSON needs six levels ({ "features": [ { "geometry": { "coordinates":
 * [ … ] } } ] }); foreign members may go somewhat deeper. json-glib 1.6
 * overflows its stack near 100,000 levels. */
#define DIPLO_JSON_MAX_DEPTH 64

gboolean    diplo_json_check        (const char  *data,
                                     gsize        length,
                                     const char  *display_name,
                                     GError     **error);
gboolean    diplo_json_check_full   (const char  *data,
                                     gsize        length,
                                     const char  *display_name,
                                     int         *features_array,
                                     GError     **error);
const char *diplo_json_skip_bom     (const char  *data,
                                     gsize       *length);
gboolean    diplo_json_validate_utf8 (const char  *data,
                                      gsize        length,
                                      const char **end);

G_END_DECLS
