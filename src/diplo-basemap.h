/* diplo-basemap.h
 *
 * Natural Earth country shapes in Web Mercator, ready to draw with cairo.
 */

#pragma once

#include <cairo.h>
#include <glib-object.h>

G_BEGIN_DECLS

#define DIPLO_BASEMAP_ERROR (diplo_basemap_error_quark ())

typedef enum
{
  DIPLO_BASEMAP_ERROR_INVALID_DATA,
} DiploBasemapError;

/* The colour of the basemap's sea, for CSS. style.css gives it to the map
 * widget's background ("diplomapview .diplo-map { background-color: … }"),
 * which shows through the hairlines between tiles drawn at fractional
 * offsets and before tiles arrive; a test checks that the two agree. */
#define DIPLO_BASEMAP_SEA_COLOR "#a8c8e0"

#define DIPLO_TYPE_BASEMAP (diplo_basemap_get_type ())

typedef struct _DiploBasemap DiploBasemap;

GQuark        diplo_basemap_error_quark           (void);
GType         diplo_basemap_get_type              (void) G_GNUC_CONST;

DiploBasemap *diplo_basemap_new_from_bytes        (GBytes             *bytes,
                                                   GError            **error);
DiploBasemap *diplo_basemap_get_default           (GError            **error);
DiploBasemap *diplo_basemap_ref                   (DiploBasemap       *self);
void          diplo_basemap_unref                 (DiploBasemap       *self);

gboolean      diplo_basemap_has_country           (DiploBasemap       *self,
                                                   const char         *alpha2);
void          diplo_basemap_draw_tile             (DiploBasemap       *self,
                                                   cairo_t            *cr,
                                                   guint               x,
                                                   guint               y,
                                                   guint               zoom_level,
                                                   guint               tile_size);
gboolean      diplo_basemap_append_countries_path (DiploBasemap       *self,
                                                   cairo_t            *cr,
                                                   const char * const *alpha2_codes,
                                                   double              zoom_level,
                                                   double              x_origin,
                                                   double              y_origin,
                                                   guint               tile_size);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiploBasemap, diplo_basemap_unref)

G_END_DECLS
