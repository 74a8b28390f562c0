/* diplo-marker-sheet.h
 *
 * The markers of a DiploMarkerLayer, placed on a sheet that moves with the
 * map.
 */

#pragma once

#include <gtk/gtk.h>

#include "diplo-map-marker.h"
#include "diplo-raster-cache.h"

G_BEGIN_DECLS

#define DIPLO_TYPE_MARKER_SHEET (diplo_marker_sheet_get_type ())

G_DECLARE_FINAL_TYPE (DiploMarkerSheet, diplo_marker_sheet, DIPLO, MARKER_SHEET, GtkWidget)

DiploMarkerSheet *diplo_marker_sheet_new          (void);
void              diplo_marker_sheet_add_marker   (DiploMarkerSheet     *self,
                                                   DiploMapMarker       *marker);
void              diplo_marker_sheet_set_view     (DiploMarkerSheet     *self,
                                                   const DiploViewFrame *frame,
                                                   graphene_point_t     *offset);
void              diplo_marker_sheet_allocate     (DiploMarkerSheet       *self,
                                                   int                     width,
                                                   int                     height,
                                                   const graphene_point_t *offset);
DiploMapMarker   *diplo_marker_sheet_find_shown   (DiploMarkerSheet     *self,
                                                   guint                *position,
                                                   GtkAllocation        *allocation);

G_END_DECLS
