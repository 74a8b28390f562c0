/* diplo-surface-paintable.h
 *
 * An image that the cairo renderer paints as it is.
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DIPLO_TYPE_SURFACE_PAINTABLE (diplo_surface_paintable_get_type ())

G_DECLARE_FINAL_TYPE (DiploSurfacePaintable, diplo_surface_paintable, DIPLO, SURFACE_PAINTABLE,
                      GObject)

DiploSurfacePaintable *diplo_surface_paintable_new                (GBytes    *pixels,
                                                                   int        width,
                                                                   int        height,
                                                                   gsize      stride,
                                                                   GtkWidget *widget);
gsize                  diplo_surface_paintable_get_copy_bytes     (void);
void                   diplo_surface_paintable_set_max_copy_bytes (gsize      max_bytes);

G_END_DECLS
