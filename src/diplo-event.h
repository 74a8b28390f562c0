#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * DiploDatePrecision:
 * @DIPLO_DATE_PRECISION_DAY: the date names a day ("2023-03-20")
 * @DIPLO_DATE_PRECISION_MONTH: only the month is known ("2023-04")
 */
typedef enum
{
  DIPLO_DATE_PRECISION_DAY,
  DIPLO_DATE_PRECISION_MONTH,
} DiploDatePrecision;

/**
 * DiploEventKind:
 *
 * The closed vocabulary of the dataset's "kind" member; the nick of each
 * value is the string used in GeoJSON.
 */
typedef enum
{
  DIPLO_EVENT_KIND_STATE_VISIT,
  DIPLO_EVENT_KIND_SUMMIT,
  DIPLO_EVENT_KIND_MEETING,
  DIPLO_EVENT_KIND_FORUM,
  DIPLO_EVENT_KIND_CALL,
  DIPLO_EVENT_KIND_VIRTUAL_SUMMIT,
  DIPLO_EVENT_KIND_CEREMONY,
  DIPLO_EVENT_KIND_MEDIATION,
  DIPLO_EVENT_KIND_OTHER,
} DiploEventKind;

#define DIPLO_EVENT_N_KINDS (DIPLO_EVENT_KIND_OTHER + 1)

#define DIPLO_TYPE_DATE_PRECISION (diplo_date_precision_get_type ())
#define DIPLO_TYPE_EVENT_KIND (diplo_event_kind_get_type ())
#define DIPLO_TYPE_EVENT (diplo_event_get_type ())

GType diplo_date_precision_get_type (void) G_GNUC_CONST;
GType diplo_event_kind_get_type (void) G_GNUC_CONST;

/**
 * DiploEventInit:
 *
 * The properties of a new event, for diplo_event_new (); @end_day 0 means
 * no end, %NULL strings absent members.
 */
typedef struct
{
  const char         *id;
  const char         *title;
  const char         *place;
  const char         *country;
  const char         *summary;
  const char         *source;
  const char * const *participants;
  guint               start_day;
  DiploDatePrecision  start_precision;
  guint               end_day;
  DiploDatePrecision  end_precision;
  gboolean            has_location;
  double              latitude;
  double              longitude;
  DiploEventKind      kind;
} DiploEventInit;

G_DECLARE_FINAL_TYPE (DiploEvent, diplo_event, DIPLO, EVENT, GObject)

/* Dates are GDate julian days (1 is January 1 of year 1). A month-precision
 * date is stored as the first day of its month. */
gboolean            diplo_date_parse                 (const char         *text,
                                                      guint              *julian_day,
                                                      DiploDatePrecision *precision);
char               *diplo_date_to_iso                (guint               julian_day,
                                                      DiploDatePrecision  precision);
guint               diplo_date_get_last_day          (guint               julian_day,
                                                      DiploDatePrecision  precision);
gboolean            diplo_month_parse                (const char         *text,
                                                      int                *year,
                                                      int                *month);

const char         *diplo_event_get_id               (DiploEvent         *self);
const char         *diplo_event_get_title            (DiploEvent         *self);
guint               diplo_event_get_start_day        (DiploEvent         *self);
DiploDatePrecision  diplo_event_get_start_precision  (DiploEvent         *self);
gboolean            diplo_event_has_end              (DiploEvent         *self);
guint               diplo_event_get_end_day          (DiploEvent         *self);
guint               diplo_event_get_first_day        (DiploEvent         *self);
guint               diplo_event_get_last_day         (DiploEvent         *self);
gboolean            diplo_event_overlaps_month       (DiploEvent         *self,
                                                      int                 year,
                                                      int                 month);
gboolean            diplo_event_overlaps_days        (DiploEvent         *self,
                                                      guint               first_day,
                                                      guint               last_day);
const char         *diplo_event_get_place            (DiploEvent         *self);
const char         *diplo_event_get_country          (DiploEvent         *self);
gboolean            diplo_event_get_has_location     (DiploEvent         *self);
gboolean            diplo_event_get_location         (DiploEvent         *self,
                                                      double             *latitude,
                                                      double             *longitude);
DiploEventKind      diplo_event_get_kind             (DiploEvent         *self);
const char * const *diplo_event_get_participants     (DiploEvent         *self);
const char         *diplo_event_get_summary          (DiploEvent         *self);
const char         *diplo_event_get_source           (DiploEvent         *self);
char               *diplo_event_format_dates         (DiploEvent         *self);
char               *diplo_event_dup_iso_start        (DiploEvent         *self);
char               *diplo_event_dup_iso_end          (DiploEvent         *self);
int                 diplo_event_compare              (gconstpointer       a,
                                                      gconstpointer       b,
                                                      gpointer            user_data);
DiploEvent         *diplo_event_new                  (const DiploEventInit *init);
void                diplo_event_sort                 (DiploEvent        **events,
                                                      guint               n_events);

const char         *diplo_event_kind_to_nick         (DiploEventKind      kind);
const char         *diplo_event_kind_to_label        (DiploEventKind      kind);
const char         *diplo_event_kind_to_icon_name    (DiploEventKind      kind);
gboolean            diplo_event_kind_from_nick       (const char         *nick,
                                                      DiploEventKind     *kind);

G_END_DECLS
