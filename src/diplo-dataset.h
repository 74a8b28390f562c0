#pragma once

#include <gio/gio.h>

#include "diplo-month-index.h"
#include "diplo-place-grouping.h"

G_BEGIN_DECLS

#define DIPLO_DATASET_ERROR (diplo_dataset_error_quark ())

/**
 * DiploDatasetError:
 * @DIPLO_DATASET_ERROR_PARSE: the data is not strict JSON (RFC 8259), is
 *   nested too deep, has a member twice in one object, a number json-glib
 *   would misread, or is empty or not UTF-8; the message gives the
 *   line and column where there is one
 * @DIPLO_DATASET_ERROR_INVALID: the data is JSON but not a valid event
 *   collection; the message lists the problems, one a line
 * @DIPLO_DATASET_ERROR_TOO_LARGE: the file is larger than
 *   %DIPLO_DATASET_MAX_SIZE
 */
typedef enum
{
  DIPLO_DATASET_ERROR_PARSE,
  DIPLO_DATASET_ERROR_INVALID,
  DIPLO_DATASET_ERROR_TOO_LARGE,
} DiploDatasetError;

/* The number of problems listed in one DIPLO_DATASET_ERROR_INVALID message
 * before the rest are only counted. */
#define DIPLO_DATASET_MAX_REPORTED_ERRORS 50

/* The largest file a dataset is read from, in bytes. A file is held whole in
 * memory and its JSON tree and events take about twelve times its size (a
 * 30 MB file peaks near 380 MB), so without a bound a wrong pick (a disk
 * image, a log) could exhaust memory; the bound also keeps the read buffer's
 * 32-bit length far from wrapping. A decade of daily events is a few
 * megabytes and 64 MiB holds some 200,000 events, so no real dataset comes
 * near it, and a 200 MB file is refused before a byte of it is read. */
#define DIPLO_DATASET_MAX_SIZE (64 * 1024 * 1024)

#define DIPLO_DATASET_BUILTIN_RESOURCE "/org/example/Diplo/events.geojson"

#define DIPLO_TYPE_DATASET (diplo_dataset_get_type ())

G_DECLARE_FINAL_TYPE (DiploDataset, diplo_dataset, DIPLO, DATASET, GObject)

GQuark        diplo_dataset_error_quark        (void);

DiploDataset *diplo_dataset_new_from_bytes     (GBytes                *bytes,
                                                const char            *display_name,
                                                GError               **error);
DiploDataset *diplo_dataset_new_from_bytes_for_languages
                                               (GBytes                *bytes,
                                                const char            *display_name,
                                                const char * const    *languages,
                                                GError               **error);
DiploDataset *diplo_dataset_new_from_file      (GFile                 *file,
                                                GError               **error);
DiploDataset *diplo_dataset_new_from_file_full (GFile                 *file,
                                                const char            *display_name,
                                                GError               **error);
DiploDataset *diplo_dataset_new_builtin        (GError               **error);
void          diplo_dataset_load_async         (GFile                 *file,
                                                GCancellable          *cancellable,
                                                GFileProgressCallback  progress_callback,
                                                gpointer               progress_data,
                                                GAsyncReadyCallback    callback,
                                                gpointer               user_data);
DiploDataset *diplo_dataset_load_finish        (GAsyncResult          *result,
                                                GError               **error);

GListModel   *diplo_dataset_get_events         (DiploDataset          *self);
const char   *diplo_dataset_get_title          (DiploDataset          *self);
const char   *diplo_dataset_get_attribution    (DiploDataset          *self);
const char   *diplo_dataset_get_display_name   (DiploDataset          *self);
DiploMonthIndex    *diplo_dataset_get_month_index    (DiploDataset    *self);
DiploPlaceGrouping *diplo_dataset_get_place_grouping (DiploDataset    *self);

G_END_DECLS
