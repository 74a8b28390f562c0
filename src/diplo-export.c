#define G_LOG_DOMAIN "diplo-export"

#include "config.h"

#include "diplo-export.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "diplo-event.h"

/* Numbers */

static void
format_fixed (char   *buffer,
              gsize   size,
              int     decimals,
              double  value)
{
  char format[8];

  g_snprintf (format, sizeof format, "%%.%df", decimals);
  g_ascii_formatd (buffer, size, format, value);
}

/* The fewest decimals that read back to the same double, and never an
 * exponent: iCalendar's FLOAT has none, and spreadsheets read these best.
 * More decimals never break a round trip, so the count is searched for. */
static void
append_coordinate (GString *text,
                   double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  int low = 1, high = 17;

  while (low < high)
    {
      int middle = (low + high) / 2;

      format_fixed (buffer, sizeof buffer, middle, value);
      if (g_ascii_strtod (buffer, NULL) == value)
        high = middle;
      else
        low = middle + 1;
    }

  format_fixed (buffer, sizeof buffer, low, value);
  g_string_append (text, buffer);
}

static void
append_date (GString *text,
             guint    julian_day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian_day);
  g_string_append_printf (text, "%04u%02u%02u",
                          g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date));
}

static gboolean
write_string (GOutputStream  *out,
              GString        *text,
              GCancellable   *cancellable,
              GError        **error)
{
  return g_output_stream_write_all (out, text->str, text->len, NULL, cancellable, error);
}

/* GeoJSON */

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  if (value == NULL)
    return;

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_geometry (JsonBuilder *builder,
              DiploEvent  *event)
{
  double latitude, longitude;

  json_builder_set_member_name (builder, "geometry");

  /* An event without a place keeps its null geometry (RFC 7946 §3.2). */
  if (!diplo_event_get_location (event, &latitude, &longitude))
    {
      json_builder_add_null_value (builder);
      return;
    }

  json_builder_begin_object (builder);
  add_string_member (builder, "type", "Point");
  json_builder_set_member_name (builder, "coordinates");
  json_builder_begin_array (builder);
  json_builder_add_double_value (builder, longitude);
  json_builder_add_double_value (builder, latitude);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
add_properties (JsonBuilder *builder,
                DiploEvent  *event)
{
  g_autofree char *start = diplo_event_dup_iso_start (event);
  g_autofree char *end = diplo_event_dup_iso_end (event);
  const char * const *participants = diplo_event_get_participants (event);

  json_builder_set_member_name (builder, "properties");
  json_builder_begin_object (builder);
  add_string_member (builder, "start", start);
  add_string_member (builder, "end", end);
  add_string_member (builder, "title", diplo_event_get_title (event));
  add_string_member (builder, "place", diplo_event_get_place (event));
  add_string_member (builder, "country", diplo_event_get_country (event));
  add_string_member (builder, "kind", diplo_event_kind_to_nick (diplo_event_get_kind (event)));

  if (participants != NULL && participants[0] != NULL)
    {
      json_builder_set_member_name (builder, "participants");
      json_builder_begin_array (builder);
      for (guint i = 0; participants[i] != NULL; i++)
        json_builder_add_string_value (builder, participants[i]);
      json_builder_end_array (builder);
    }

  add_string_member (builder, "summary", diplo_event_get_summary (event));
  add_string_member (builder, "source", diplo_event_get_source (event));
  json_builder_end_object (builder);
}

static void
add_feature (JsonBuilder *builder,
             DiploEvent  *event)
{
  json_builder_begin_object (builder);
  add_string_member (builder, "type", "Feature");
  /* Generated ids ("feature-3") are written too, so that a reload keeps
   * them whatever the order of the features. */
  add_string_member (builder, "id", diplo_event_get_id (event));
  add_geometry (builder, event);
  add_properties (builder, event);
  json_builder_end_object (builder);
}

/* json-glib 1.6 writes every double with 17 significant digits, so that
 * 34.34 becomes 34.340000000000003. The only numbers in an export are
 * coordinates: each is written again with the fewest digits that read
 * back the same. Strings are copied as they are, digits and all. */
static GString *
shorten_numbers (const GString *json)
{
  GString *shortened = g_string_sized_new (json->len);
  gboolean in_string = FALSE;
  const char *c = json->str;

  while (*c != '\0')
    {
      if (in_string && *c == '\\' && c[1] != '\0')
        {
          g_string_append_len (shortened, c, 2);
          c += 2;
        }
      else if (!in_string && (*c == '-' || g_ascii_isdigit (*c)))
        {
          char *end = NULL;

          append_coordinate (shortened, g_ascii_strtod (c, &end));
          c = end;
        }
      else
        {
          if (*c == '"')
            in_string = !in_string;
          g_string_append_c (shortened, *c++);
        }
    }

  return shortened;
}

/**
 * diplo_export_geojson:
 * @events: a list of #DiploEvent
 * @title: (nullable): the collection's title
 * @attribution: (nullable): the collection's attribution
 *
 * Writes @events, in their order, as a FeatureCollection in the dataset
 * format, so that loading it gives the same events.
 */
gboolean
diplo_export_geojson (GListModel     *events,
                      const char     *title,
                      const char     *attribution,
                      GOutputStream  *out,
                      GCancellable   *cancellable,
                      GError        **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GString) generated = NULL;
  g_autoptr(GString) text = NULL;
  guint n_events;

  g_return_val_if_fail (G_IS_LIST_MODEL (events), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  json_builder_begin_object (builder);
  add_string_member (builder, "type", "FeatureCollection");
  add_string_member (builder, "title", title);
  add_string_member (builder, "attribution", attribution);
  json_builder_set_member_name (builder, "features");
  json_builder_begin_array (builder);

  n_events = g_list_model_get_n_items (events);
  for (guint i = 0; i < n_events; i++)
    {
      g_autoptr(DiploEvent) event = g_list_model_get_item (events, i);

      add_feature (builder, event);
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);

  /* Not json_generator_to_stream(): it makes a single write, which a
   * buffered or slow stream may take only part of. */
  generated = json_generator_to_gstring (generator, g_string_new (NULL));
  text = shorten_numbers (generated);
  g_string_append_c (text, '\n');

  return write_string (out, text, cancellable, error);
}

/* CSV */

static const char * const csv_columns[] = {
  "id", "title", "start", "end", "kind", "place", "country",
  "latitude", "longitude", "participants", "summary", "source",
};

/* RFC 4180 §2: a field with a comma, a quote or a line break is quoted,
 * and its quotes are doubled. */
static void
append_csv_field (GString    *row,
                  const char *text)
{
  if (row->len > 0)
    g_string_append_c (row, ',');

  if (text == NULL)
    return;

  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (row, text);
      return;
    }

  g_string_append_c (row, '"');
  for (const char *c = text; *c != '\0'; c++)
    {
      if (*c == '"')
        g_string_append_c (row, '"');
      g_string_append_c (row, *c);
    }
  g_string_append_c (row, '"');
}

/* A spreadsheet opening the file would run a cell that starts like a
 * formula; dataset text is plain text, so such a cell gets a leading
 * apostrophe, which spreadsheets read as "text follows" (OWASP's advice
 * against CSV injection). Dates, kinds and coordinates are written by
 * Diplo itself and stay as they are. */
static void
append_csv_text_field (GString    *row,
                       const char *text)
{
  g_autofree char *guarded = NULL;

  if (text != NULL && text[0] != '\0' && strchr ("=+-@\t\r", text[0]) != NULL)
    text = guarded = g_strconcat ("'", text, NULL);

  append_csv_field (row, text);
}

static void
append_csv_event (GString    *row,
                  DiploEvent *event)
{
  g_autofree char *start = diplo_event_dup_iso_start (event);
  g_autofree char *end = diplo_event_dup_iso_end (event);
  g_autofree char *participants = g_strjoinv ("; ", (char **) diplo_event_get_participants (event));
  g_autoptr(GString) latitude = g_string_new (NULL);
  g_autoptr(GString) longitude = g_string_new (NULL);
  double lat, lon;

  if (diplo_event_get_location (event, &lat, &lon))
    {
      append_coordinate (latitude, lat);
      append_coordinate (longitude, lon);
    }

  append_csv_text_field (row, diplo_event_get_id (event));
  append_csv_text_field (row, diplo_event_get_title (event));
  append_csv_field (row, start);
  append_csv_field (row, end);
  append_csv_field (row, diplo_event_kind_to_nick (diplo_event_get_kind (event)));
  append_csv_text_field (row, diplo_event_get_place (event));
  append_csv_text_field (row, diplo_event_get_country (event));
  append_csv_field (row, latitude->str);
  append_csv_field (row, longitude->str);
  append_csv_text_field (row, participants);
  append_csv_text_field (row, diplo_event_get_summary (event));
  append_csv_text_field (row, diplo_event_get_source (event));
}

/**
 * diplo_export_csv:
 * @events: a list of #DiploEvent
 *
 * Writes a header row and one row per event, in their order (RFC 4180:
 * CRLF line ends). Participants are joined with "; "; an event without a
 * place has empty coordinates. Text that a spreadsheet would take for a
 * formula starts with an apostrophe.
 */
gboolean
diplo_export_csv (GListModel     *events,
                  GOutputStream  *out,
                  GCancellable   *cancellable,
                  GError        **error)
{
  g_autoptr(GString) row = g_string_new (NULL);
  guint n_events;

  g_return_val_if_fail (G_IS_LIST_MODEL (events), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (csv_columns); i++)
    append_csv_field (row, csv_columns[i]);
  g_string_append (row, "\r\n");
  if (!write_string (out, row, cancellable, error))
    return FALSE;

  n_events = g_list_model_get_n_items (events);
  for (guint i = 0; i < n_events; i++)
    {
      g_autoptr(DiploEvent) event = g_list_model_get_item (events, i);

      g_string_truncate (row, 0);
      append_csv_event (row, event);
      g_string_append (row, "\r\n");
      if (!write_string (out, row, cancellable, error))
        return FALSE;
    }

  return TRUE;
}

/* iCalendar */

/* RFC 5545 §3.3.11: backslash, semicolon and comma are escaped, a line
 * break is written \n; other control characters have no place in TEXT. */
static void
append_ical_text (GString    *line,
                  const char *text)
{
  for (const char *c = text; *c != '\0'; c++)
    {
      switch (*c)
        {
        case '\\':
        case ';':
        case ',':
          g_string_append_c (line, '\\');
          g_string_append_c (line, *c);
          break;

        case '\n':
          g_string_append (line, "\\n");
          break;

        case '\t':
          g_string_append_c (line, *c);
          break;

        default:
          if ((guchar) *c >= 0x20 && *c != 0x7f)
            g_string_append_c (line, *c);
        }
    }
}

/**
 * diplo_export_fold_line:
 * @line: one unfolded content line, without its CRLF
 *
 * Folds @line so that no physical line is longer than 75 octets (RFC 5545
 * §3.1): each continuation starts with a space, and no UTF-8 sequence is
 * split between two lines.
 *
 * Returns: (transfer full): the folded line, without a final CRLF
 */
char *
diplo_export_fold_line (const char *line)
{
  g_autoptr(GString) folded = g_string_new (NULL);
  gsize length = strlen (line);
  gsize limit = DIPLO_EXPORT_ICALENDAR_LINE_OCTETS;
  gsize position = 0;

  while (length - position > limit)
    {
      gsize cut = position + limit;

      /* Back off to the first byte of the character that would be split. */
      while (cut > position && ((guchar) line[cut] & 0xC0) == 0x80)
        cut--;

      g_string_append_len (folded, line + position, cut - position);
      g_string_append (folded, "\r\n ");
      position = cut;
      /* The leading space counts towards the next line's octets. */
      limit = DIPLO_EXPORT_ICALENDAR_LINE_OCTETS - 1;
    }

  g_string_append (folded, line + position);

  return g_string_free (g_steal_pointer (&folded), FALSE);
}

static void
end_ical_line (GString *calendar,
               GString *line)
{
  g_autofree char *folded = diplo_export_fold_line (line->str);

  g_string_append (calendar, folded);
  g_string_append (calendar, "\r\n");
  g_string_truncate (line, 0);
}

static void
add_ical_text_property (GString    *calendar,
                        GString    *line,
                        const char *name,
                        const char *value)
{
  if (value == NULL || *value == '\0')
    return;

  g_string_append_printf (line, "%s:", name);
  append_ical_text (line, value);
  end_ical_line (calendar, line);
}

static void
add_vevent (GString    *calendar,
            DiploEvent *event,
            const char *stamp)
{
  g_autoptr(GString) line = g_string_new (NULL);
  g_autofree char *uid = g_strconcat (diplo_event_get_id (event), "@" DIPLO_EXPORT_UID_DOMAIN, NULL);
  double latitude, longitude;

  g_string_append (calendar, "BEGIN:VEVENT\r\n");
  add_ical_text_property (calendar, line, "UID", uid);
  g_string_append_printf (calendar, "DTSTAMP:%s\r\n", stamp);

  /* All-day dates; the end is exclusive (RFC 5545 §3.6.1), and an event
   * known only by its month covers the whole month. */
  g_string_append (line, "DTSTART;VALUE=DATE:");
  append_date (line, diplo_event_get_first_day (event));
  end_ical_line (calendar, line);
  g_string_append (line, "DTEND;VALUE=DATE:");
  append_date (line, diplo_event_get_last_day (event) + 1);
  end_ical_line (calendar, line);

  add_ical_text_property (calendar, line, "SUMMARY", diplo_event_get_title (event));
  add_ical_text_property (calendar, line, "DESCRIPTION", diplo_event_get_summary (event));
  add_ical_text_property (calendar, line, "LOCATION", diplo_event_get_place (event));
  add_ical_text_property (calendar, line, "CATEGORIES",
                          diplo_event_kind_to_nick (diplo_event_get_kind (event)));

  if (diplo_event_get_location (event, &latitude, &longitude))
    {
      g_string_append (line, "GEO:");
      append_coordinate (line, latitude);
      g_string_append_c (line, ';');
      append_coordinate (line, longitude);
      end_ical_line (calendar, line);
    }

  g_string_append (calendar, "END:VEVENT\r\n");
}

/**
 * diplo_export_icalendar:
 * @events: a list of #DiploEvent
 * @stamp: (nullable): the DTSTAMP of every event, or %NULL for now
 *
 * Writes one all-day VEVENT per event, in their order (RFC 5545).
 */
gboolean
diplo_export_icalendar (GListModel     *events,
                        GDateTime      *stamp,
                        GOutputStream  *out,
                        GCancellable   *cancellable,
                        GError        **error)
{
  g_autoptr(GString) calendar = g_string_new (NULL);
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *stamp_text = NULL;
  guint n_events;

  g_return_val_if_fail (G_IS_LIST_MODEL (events), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  utc = stamp != NULL ? g_date_time_to_utc (stamp) : g_date_time_new_now_utc ();
  stamp_text = g_date_time_format (utc, "%Y%m%dT%H%M%SZ");

  g_string_append (calendar,
                   "BEGIN:VCALENDAR\r\n"
                   "VERSION:2.0\r\n"
                   "PRODID:-//Diplo//Diplo " PACKAGE_VERSION "//EN\r\n"
                   "CALSCALE:GREGORIAN\r\n");

  n_events = g_list_model_get_n_items (events);
  for (guint i = 0; i < n_events; i++)
    {
      g_autoptr(DiploEvent) event = g_list_model_get_item (events, i);

      add_vevent (calendar, event, stamp_text);

      /* Written in pieces, so that a large calendar is never held twice. */
      if (calendar->len > 64 * 1024)
        {
          if (!write_string (out, calendar, cancellable, error))
            return FALSE;
          g_string_truncate (calendar, 0);
        }
    }

  g_string_append (calendar, "END:VCALENDAR\r\n");

  return write_string (out, calendar, cancellable, error);
}

/* Files */

/**
 * diplo_export_write_file:
 * @write_func: writes the whole content to the stream it is given
 *
 * Writes @file through g_file_replace(): the content goes to a temporary
 * file that takes the place of @file only once all of it is written. When
 * @write_func or the write fails, an existing @file is left as it was and a
 * new one is not left behind half-written.
 */
gboolean
diplo_export_write_file (GFile                 *file,
                         DiploExportWriteFunc   write_func,
                         gpointer               user_data,
                         GCancellable          *cancellable,
                         GError               **error)
{
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GOutputStream) buffered = NULL;
  g_autoptr(GCancellable) abandon = NULL;
  gboolean existed;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (write_func != NULL, FALSE);

  existed = g_file_query_exists (file, cancellable);
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                           cancellable, error);
  if (stream == NULL)
    return FALSE;

  /* The buffer never closes the file itself: only a complete write may
   * close it normally, which is what renames it into place. */
  buffered = g_buffered_output_stream_new_sized (G_OUTPUT_STREAM (stream), 64 * 1024);
  g_filter_output_stream_set_close_base_stream (G_FILTER_OUTPUT_STREAM (buffered), FALSE);

  if (write_func (buffered, user_data, cancellable, error)
      && g_output_stream_flush (buffered, cancellable, error)
      && g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, error))
    return TRUE;

  /* Closing with a cancelled cancellable drops the temporary file and
   * keeps the original; a file that did not exist was written in place,
   * so it goes. */
  abandon = g_cancellable_new ();
  g_cancellable_cancel (abandon);
  g_output_stream_close (buffered, abandon, NULL);
  g_output_stream_close (G_OUTPUT_STREAM (stream), abandon, NULL);
  if (!existed)
    g_file_delete (file, NULL, NULL);

  return FALSE;
}

const char *
diplo_export_format_get_suffix (DiploExportFormat format)
{
  switch (format)
    {
    case DIPLO_EXPORT_FORMAT_GEOJSON:
      return "geojson";
    case DIPLO_EXPORT_FORMAT_CSV:
      return "csv";
    case DIPLO_EXPORT_FORMAT_ICALENDAR:
      return "ics";
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
diplo_export_format_get_mime_type (DiploExportFormat format)
{
  switch (format)
    {
    case DIPLO_EXPORT_FORMAT_GEOJSON:
      return "application/geo+json";
    case DIPLO_EXPORT_FORMAT_CSV:
      return "text/csv";
    case DIPLO_EXPORT_FORMAT_ICALENDAR:
      return "text/calendar";
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Writing in a thread */

typedef struct
{
  GFile             *file;
  DiploExportFormat  format;
  GListModel        *events;
  char              *title;
  char              *attribution;
  GBytes            *bytes;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_clear_object (&job->file);
  g_clear_object (&job->events);
  g_clear_pointer (&job->title, g_free);
  g_clear_pointer (&job->attribution, g_free);
  g_clear_pointer (&job->bytes, g_bytes_unref);
  g_free (job);
}

static gboolean
write_job (GOutputStream  *out,
           gpointer        user_data,
           GCancellable   *cancellable,
           GError        **error)
{
  ExportJob *job = user_data;

  if (job->bytes != NULL)
    return g_output_stream_write_all (out,
                                      g_bytes_get_data (job->bytes, NULL),
                                      g_bytes_get_size (job->bytes),
                                      NULL, cancellable, error);

  switch (job->format)
    {
    case DIPLO_EXPORT_FORMAT_GEOJSON:
      return diplo_export_geojson (job->events, job->title, job->attribution,
                                   out, cancellable, error);
    case DIPLO_EXPORT_FORMAT_CSV:
      return diplo_export_csv (job->events, out, cancellable, error);
    case DIPLO_EXPORT_FORMAT_ICALENDAR:
      return diplo_export_icalendar (job->events, NULL, out, cancellable, error);
    default:
      g_return_val_if_reached (FALSE);
    }
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  GError *error = NULL;

  if (diplo_export_write_file (job->file, write_job, job, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
run_export_job (ExportJob           *job,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, run_export_job);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, export_thread);
}

/* The thread reads a copy of the list: a filter model belongs to the main
 * thread, while the events themselves are immutable. */
static GListModel *
copy_events (GListModel *events)
{
  GListStore *copy = g_list_store_new (g_list_model_get_item_type (events));
  guint n_events = g_list_model_get_n_items (events);
  g_autoptr(GPtrArray) items = g_ptr_array_new_full (n_events, g_object_unref);

  for (guint i = 0; i < n_events; i++)
    g_ptr_array_add (items, g_list_model_get_item (events, i));

  g_list_store_splice (copy, 0, 0, items->pdata, items->len);

  return G_LIST_MODEL (copy);
}

/**
 * diplo_export_events_async:
 * @events: a list of #DiploEvent, read now; later changes do not matter
 *
 * Writes @events to @file in @format in a thread, through
 * diplo_export_write_file(). Finish with diplo_export_finish().
 */
void
diplo_export_events_async (GFile               *file,
                           DiploExportFormat    format,
                           GListModel          *events,
                           const char          *title,
                           const char          *attribution,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  ExportJob *job;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (G_IS_LIST_MODEL (events));

  job = g_new0 (ExportJob, 1);
  job->file = g_object_ref (file);
  job->format = format;
  job->events = copy_events (events);
  job->title = g_strdup (title);
  job->attribution = g_strdup (attribution);

  run_export_job (job, cancellable, callback, user_data);
}

void
diplo_export_bytes_async (GFile               *file,
                          GBytes              *bytes,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  ExportJob *job;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (bytes != NULL);

  job = g_new0 (ExportJob, 1);
  job->file = g_object_ref (file);
  job->bytes = g_bytes_ref (bytes);

  run_export_job (job, cancellable, callback, user_data);
}

gboolean
diplo_export_finish (GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Images */

#define ATTRIBUTION_PADDING 4

/* The map's licences ask for their credit wherever the map is shown, a
 * saved image included: a line at the bottom right, as in the window,
 * ellipsized at the start when the image is too narrow for all of it. */
static void
append_attribution (GtkSnapshot *snapshot,
                    GtkWidget   *widget,
                    const char  *attribution,
                    int          width,
                    int          height)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, attribution);
  int text_width, text_height;
  graphene_rect_t box;

  pango_layout_set_width (layout, MAX (width - 2 * ATTRIBUTION_PADDING, 1) * PANGO_SCALE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_START);
  pango_layout_get_pixel_size (layout, &text_width, &text_height);

  graphene_rect_init (&box,
                      width - text_width - 2 * ATTRIBUTION_PADDING,
                      height - text_height - 2 * ATTRIBUTION_PADDING,
                      text_width + 2 * ATTRIBUTION_PADDING,
                      text_height + 2 * ATTRIBUTION_PADDING);
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 1, 1, 1, 0.8 }, &box);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT (box.origin.x + ATTRIBUTION_PADDING,
                                                box.origin.y + ATTRIBUTION_PADDING));
  gtk_snapshot_append_layout (snapshot, layout, &(GdkRGBA) { 0, 0, 0, 0.87 });
  gtk_snapshot_restore (snapshot);
}

/**
 * diplo_export_render_widget:
 * @widget: a widget that is shown in a window
 * @width: the image's width, or 0 for the widget's own
 * @height: the image's height, or 0 for the widget's own
 * @attribution: (nullable): plain text credited at the bottom right
 *
 * Renders what @widget shows now into an image of the given size. The view
 * is scaled to fit and centred; a size of another shape than the widget's
 * leaves transparent margins rather than stretching the view.
 *
 * Returns: (transfer full): the image, or %NULL with @error set
 */
GdkTexture *
diplo_export_render_widget (GtkWidget   *widget,
                            int          width,
                            int          height,
                            const char  *attribution,
                            GError     **error)
{
  g_autoptr(GskRenderNode) node = NULL;
  GtkSnapshot *snapshot;
  GtkWidget *parent;
  GtkNative *native;
  int widget_width, widget_height;
  double x = 0, y = 0;
  double scale;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  widget_width = gtk_widget_get_width (widget);
  widget_height = gtk_widget_get_height (widget);
  native = gtk_widget_get_native (widget);
  parent = gtk_widget_get_parent (widget);

  if (native == NULL || parent == NULL || !gtk_widget_get_mapped (widget)
      || widget_width <= 0 || widget_height <= 0
      || !gtk_widget_translate_coordinates (widget, parent, 0, 0, &x, &y))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The map is not shown, so there is nothing to draw"));
      return NULL;
    }

  if (width <= 0 || height <= 0)
    {
      width = widget_width;
      height = widget_height;
    }

  scale = MIN ((double) width / widget_width, (double) height / widget_height);

  /* The widget draws itself afresh, as its parent would have it draw: a
   * render node kept from the last frame may be gone once something in
   * the map asked to be redrawn. */
  snapshot = gtk_snapshot_new ();
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((width - widget_width * scale) / 2.0,
                                                          (height - widget_height * scale) / 2.0));
  gtk_snapshot_scale (snapshot, scale, scale);
  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, widget_width, widget_height));
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (-x, -y));
  gtk_widget_snapshot_child (parent, widget, snapshot);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_restore (snapshot);
  if (attribution != NULL && *attribution != '\0')
    append_attribution (snapshot, widget, attribution, width, height);
  node = gtk_snapshot_free_to_node (snapshot);

  if (node == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The map is not shown, so there is nothing to draw"));
      return NULL;
    }

  return gsk_renderer_render_texture (gtk_native_get_renderer (native), node,
                                      &GRAPHENE_RECT_INIT (0, 0, width, height));
}
