#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * DiploExportFormat:
 * @DIPLO_EXPORT_FORMAT_GEOJSON: the dataset format itself (RFC 7946), which
 *   the loader reads back to the same events
 * @DIPLO_EXPORT_FORMAT_CSV: comma-separated values (RFC 4180)
 * @DIPLO_EXPORT_FORMAT_ICALENDAR: one all-day VEVENT per event (RFC 5545)
 */
typedef enum
{
  DIPLO_EXPORT_FORMAT_GEOJSON,
  DIPLO_EXPORT_FORMAT_CSV,
  DIPLO_EXPORT_FORMAT_ICALENDAR,
} DiploExportFormat;

/* The domain that makes an event's id a globally unique iCalendar UID. */
#define DIPLO_EXPORT_UID_DOMAIN "diplo.example.org"

/* iCalendar content lines are folded at this many octets (RFC 5545 §3.1). */
#define DIPLO_EXPORT_ICALENDAR_LINE_OCTETS 75

/* Writes the whole of an export to @out; a FALSE return sets @error. */
typedef gboolean (*DiploExportWriteFunc) (GOutputStream  *out,
                                          gpointer        user_data,
                                          GCancellable   *cancellable,
                                          GError        **error);

gboolean    diplo_export_geojson            (GListModel           *events,
                                             const char           *title,
                                             const char           *attribution,
                                             GOutputStream        *out,
                                             GCancellable         *cancellable,
                                             GError              **error);
gboolean    diplo_export_csv                (GListModel           *events,
                                             GOutputStream        *out,
                                             GCancellable         *cancellable,
                                             GError              **error);
gboolean    diplo_export_icalendar          (GListModel           *events,
                                             GDateTime            *stamp,
                                             GOutputStream        *out,
                                             GCancellable         *cancellable,
                                             GError              **error);
char       *diplo_export_fold_line          (const char           *line);

gboolean    diplo_export_write_file         (GFile                *file,
                                             DiploExportWriteFunc  write_func,
                                             gpointer              user_data,
                                             GCancellable         *cancellable,
                                             GError              **error);

const char *diplo_export_format_get_suffix  (DiploExportFormat     format);
const char *diplo_export_format_get_mime_type (DiploExportFormat   format);

void        diplo_export_events_async       (GFile                *file,
                                             DiploExportFormat     format,
                                             GListModel           *events,
                                             const char           *title,
                                             const char           *attribution,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
void        diplo_export_bytes_async        (GFile                *file,
                                             GBytes               *bytes,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean    diplo_export_finish             (GAsyncResult         *result,
                                             GError              **error);

GdkTexture *diplo_export_render_widget      (GtkWidget            *widget,
                                             int                   width,
                                             int                   height,
                                             const char           *attribution,
                                             GError              **error);

G_END_DECLS
