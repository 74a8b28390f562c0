#include "config.h"

#include <locale.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "diplo-dataset.h"
#include "diplo-event.h"
#include "diplo-export.h"
#include "diplo-test-utils.h"

static DiploDataset *
load_fixture (const char *name)
{
  g_autofree char *path = diplo_test_fixture_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  DiploDataset *dataset;

  dataset = diplo_dataset_new_from_file (file, &error);
  g_assert_no_error (error);

  return dataset;
}

typedef gboolean (*EventsWriter) (GListModel *, GOutputStream *, GError **);

static GBytes *
export_to_bytes (GListModel   *events,
                 EventsWriter  writer)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (writer (events, out, &error));
  g_assert_no_error (error);
  g_output_stream_close (out, NULL, &error);
  g_assert_no_error (error);

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

/* Text fixtures are easier to read with their final NUL. */
static char *
bytes_to_text (GBytes *bytes)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  return g_strndup (data, size);
}

/* GeoJSON */

static gboolean
write_geojson (GListModel     *events,
               GOutputStream  *out,
               GError        **error)
{
  return diplo_export_geojson (events, "A title", "An attribution", out, NULL, error);
}

static void
assert_same_event (DiploEvent *a,
                   DiploEvent *b)
{
  double a_lat = 0, a_lon = 0, b_lat = 0, b_lon = 0;

  g_assert_cmpstr (diplo_event_get_id (a), ==, diplo_event_get_id (b));
  g_assert_cmpstr (diplo_event_get_title (a), ==, diplo_event_get_title (b));
  g_assert_cmpuint (diplo_event_get_start_day (a), ==, diplo_event_get_start_day (b));
  g_assert_cmpint (diplo_event_get_start_precision (a), ==, diplo_event_get_start_precision (b));
  g_assert_cmpint (diplo_event_has_end (a), ==, diplo_event_has_end (b));
  g_assert_cmpuint (diplo_event_get_end_day (a), ==, diplo_event_get_end_day (b));
  if (diplo_event_has_end (a))
    {
      g_autofree char *a_end = diplo_event_dup_iso_end (a);
      g_autofree char *b_end = diplo_event_dup_iso_end (b);

      g_assert_cmpstr (a_end, ==, b_end);
    }
  g_assert_cmpstr (diplo_event_get_place (a), ==, diplo_event_get_place (b));
  g_assert_cmpstr (diplo_event_get_country (a), ==, diplo_event_get_country (b));
  g_assert_cmpint (diplo_event_get_location (a, &a_lat, &a_lon), ==,
                   diplo_event_get_location (b, &b_lat, &b_lon));
  /* Exactly the same doubles, not nearly. */
  g_assert_true (a_lat == b_lat);
  g_assert_true (a_lon == b_lon);
  g_assert_cmpint (diplo_event_get_kind (a), ==, diplo_event_get_kind (b));
  g_assert_true (g_strv_equal (diplo_event_get_participants (a), diplo_event_get_participants (b)));
  g_assert_cmpstr (diplo_event_get_summary (a), ==, diplo_event_get_summary (b));
  g_assert_cmpstr (diplo_event_get_source (a), ==, diplo_event_get_source (b));
}

static void
assert_geojson_round_trip (DiploDataset *dataset)
{
  GListModel *events = diplo_dataset_get_events (dataset);
  g_autoptr(GBytes) bytes = export_to_bytes (events, write_geojson);
  g_autoptr(DiploDataset) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *reloaded_events;

  reloaded = diplo_dataset_new_from_bytes (bytes, "exported.geojson", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (diplo_dataset_get_title (reloaded), ==, "A title");
  g_assert_cmpstr (diplo_dataset_get_attribution (reloaded), ==, "An attribution");

  reloaded_events = diplo_dataset_get_events (reloaded);
  g_assert_cmpuint (g_list_model_get_n_items (reloaded_events), ==,
                    g_list_model_get_n_items (events));
  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(DiploEvent) a = g_list_model_get_item (events, i);
      g_autoptr(DiploEvent) b = g_list_model_get_item (reloaded_events, i);

      assert_same_event (a, b);
    }
}

static void
test_geojson_round_trip_all_fields (void)
{
  g_autoptr(DiploDataset) dataset = load_fixture ("valid-all-fields.geojson");
  GListModel *events = diplo_dataset_get_events (dataset);
  g_autoptr(GBytes) bytes = export_to_bytes (events, write_geojson);
  g_autofree char *text = bytes_to_text (bytes);

  /* The fixture has a null geometry, months, a numeric and a missing id. */
  g_assert_nonnull (strstr (text, "\"geometry\" : null"));
  g_assert_nonnull (strstr (text, "\"start\" : \"2023-04\""));
  g_assert_nonnull (strstr (text, "\"id\" : \"42\""));
  assert_geojson_round_trip (dataset);
}

/* Coordinates are written as short as they read back, not with the 17
 * digits json-glib gives every double; digits inside text stay. */
static void
test_geojson_short_coordinates (void)
{
  const char *lines[] = {
    "digits|2023-05-01||summit|Xi'an|CN|34.34|108.94|At 34.3400, -1e5|",
    "south|2023-05-02||summit|Cape Town|ZA|-33.924868|18.424055|Cape Town|",
    NULL
  };
  g_autoptr(DiploDataset) dataset = diplo_test_dataset_new (lines);
  g_autoptr(GBytes) bytes = export_to_bytes (diplo_dataset_get_events (dataset), write_geojson);
  g_autofree char *text = bytes_to_text (bytes);

  g_assert_nonnull (strstr (text, "108.94,"));
  g_assert_nonnull (strstr (text, "34.34\n"));
  g_assert_nonnull (strstr (text, "18.424055,"));
  g_assert_nonnull (strstr (text, "-33.924868\n"));
  g_assert_nonnull (strstr (text, "\"At 34.3400, -1e5\""));
  g_assert_null (strstr (text, "0000000"));
  g_assert_null (strstr (text, "e+"));

  assert_geojson_round_trip (dataset);
}

static void
test_geojson_round_trip_builtin (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DiploDataset) dataset = diplo_dataset_new_builtin (&error);

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (diplo_dataset_get_events (dataset)), >, 10);
  assert_geojson_round_trip (dataset);
}

static gboolean
write_geojson_to_file (GOutputStream  *out,
                       gpointer        user_data,
                       GCancellable   *cancellable,
                       GError        **error)
{
  return diplo_export_geojson (user_data, NULL, NULL, out, cancellable, error);
}

static void
test_geojson_round_trip_synthetic (void)
{
  g_autoptr(GListModel) events = diplo_test_synthetic_events (500, 7);
  g_autofree char *dir = g_dir_make_tmp ("diplo-export-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "synthetic.geojson", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(DiploDataset) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *reloaded_events;

  /* Through a real file, several times the size of the write buffer, so
   * that a short write shows. */
  g_assert_true (diplo_export_write_file (file, write_geojson_to_file, events, NULL, &error));
  g_assert_no_error (error);
  reloaded = diplo_dataset_new_from_file (file, &error);
  g_assert_no_error (error);
  g_remove (path);
  g_rmdir (dir);

  /* Random doubles read back bit for bit; the loader sorts by date, so
   * events are matched by id. */
  reloaded_events = diplo_dataset_get_events (reloaded);
  g_assert_cmpuint (g_list_model_get_n_items (reloaded_events), ==, g_list_model_get_n_items (events));
  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(DiploEvent) a = g_list_model_get_item (events, i);
      gboolean found = FALSE;

      for (guint j = 0; j < g_list_model_get_n_items (reloaded_events) && !found; j++)
        {
          g_autoptr(DiploEvent) b = g_list_model_get_item (reloaded_events, j);

          if (g_str_equal (diplo_event_get_id (a), diplo_event_get_id (b)))
            {
              assert_same_event (a, b);
              found = TRUE;
            }
        }
      g_assert_true (found);
    }
}

/* CSV */

static gboolean
write_csv (GListModel     *events,
           GOutputStream  *out,
           GError        **error)
{
  return diplo_export_csv (events, out, NULL, error);
}

/* An RFC 4180 reader written apart from the writer: records end with CRLF,
 * a quoted field may hold anything, a doubled quote is one quote. A bare
 * LF or CR outside quotes fails the test. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  const char *c = text;

  while (*c != '\0')
    {
      if (*c == '"')
        {
          for (c++; !(c[0] == '"' && c[1] != '"'); c++)
            {
              g_assert_true (*c != '\0');
              if (c[0] == '"')
                c++;
              g_string_append_c (field, *c);
            }
          c++;
        }
      else
        {
          while (*c != ',' && *c != '\r' && *c != '\n' && *c != '\0')
            {
              g_assert_true (*c != '"');
              g_string_append_c (field, *c++);
            }
        }

      g_ptr_array_add (fields, g_strdup (field->str));
      g_string_truncate (field, 0);

      if (*c == ',')
        {
          c++;
          continue;
        }

      g_assert_true (c[0] == '\r' && c[1] == '\n');
      c += 2;
      g_ptr_array_add (fields, NULL);
      g_ptr_array_set_free_func (fields, NULL);
      g_ptr_array_add (records, g_ptr_array_free (g_steal_pointer (&fields), FALSE));
      fields = g_ptr_array_new_with_free_func (g_free);
    }

  g_assert_cmpuint (fields->len, ==, 0);

  return records;
}

/* Text a spreadsheet would run as a formula is kept as text; what Diplo
 * writes itself, such as a negative coordinate, is not touched. */
static void
test_csv_formula_guard (void)
{
  const char *lines[] = {
    "formula|2023-05-01||summit|+Plaza|CN|-33.92|-18.42|=HYPERLINK(\"x\")|@one;-two",
    "safe|2023-05-02||summit|Plaza|CN|1|2|Title = fine|a-b",
    NULL
  };
  g_autoptr(DiploDataset) dataset = diplo_test_dataset_new (lines);
  g_autoptr(GBytes) bytes = export_to_bytes (diplo_dataset_get_events (dataset), write_csv);
  g_autofree char *text = bytes_to_text (bytes);
  g_autoptr(GPtrArray) records = parse_csv (text);
  char **formula, **safe;

  g_assert_cmpuint (records->len, ==, 3);
  formula = g_ptr_array_index (records, 1);
  safe = g_ptr_array_index (records, 2);

  g_assert_cmpstr (formula[0], ==, "formula");
  g_assert_cmpstr (formula[1], ==, "'=HYPERLINK(\"x\")");
  g_assert_cmpstr (formula[5], ==, "'+Plaza");
  g_assert_cmpstr (formula[7], ==, "-33.92");
  g_assert_cmpstr (formula[8], ==, "-18.42");
  g_assert_cmpstr (formula[9], ==, "'@one; -two");

  g_assert_cmpstr (safe[1], ==, "Title = fine");
  g_assert_cmpstr (safe[5], ==, "Plaza");
  g_assert_cmpstr (safe[9], ==, "a-b");
}

static void
test_csv_quoting (void)
{
  const char *lines[] = {
    "quoted|2023-05-01|2023-05-03|summit|Xi'an, Shaanxi|CN|34.34|108.94|"
    "He said \"yes, \"\" no\"\nthen left|Émile Zola;张三",
    "plain|2023-06||call|||-|-|Plain title|",
    "lf|2023-07||call|Line one\nLine two||-|-|Only a line break|",
    NULL
  };
  g_autoptr(DiploDataset) dataset = diplo_test_dataset_new (lines);
  g_autoptr(GBytes) bytes = export_to_bytes (diplo_dataset_get_events (dataset), write_csv);
  g_autofree char *text = bytes_to_text (bytes);
  g_autoptr(GPtrArray) records = parse_csv (text);
  g_autofree char *header_line = NULL;
  char **header, **quoted, **plain;

  g_assert_cmpuint (records->len, ==, 4);
  header = g_ptr_array_index (records, 0);
  quoted = g_ptr_array_index (records, 1);
  plain = g_ptr_array_index (records, 2);

  header_line = g_strjoinv (",", header);
  g_assert_cmpstr (header_line, ==,
                   "id,title,start,end,kind,place,country,latitude,longitude,"
                   "participants,summary,source");
  g_assert_cmpuint (g_strv_length (quoted), ==, 12);
  g_assert_cmpuint (g_strv_length (plain), ==, 12);

  g_assert_cmpstr (quoted[0], ==, "quoted");
  g_assert_cmpstr (quoted[1], ==, "He said \"yes, \"\" no\"\nthen left");
  g_assert_cmpstr (quoted[2], ==, "2023-05-01");
  g_assert_cmpstr (quoted[3], ==, "2023-05-03");
  g_assert_cmpstr (quoted[4], ==, "summit");
  g_assert_cmpstr (quoted[5], ==, "Xi'an, Shaanxi");
  g_assert_cmpstr (quoted[6], ==, "CN");
  g_assert_cmpstr (quoted[7], ==, "34.34");
  g_assert_cmpstr (quoted[8], ==, "108.94");
  g_assert_cmpstr (quoted[9], ==, "Émile Zola; 张三");

  /* A month stays a month; no place means empty coordinates. */
  g_assert_cmpstr (plain[2], ==, "2023-06");
  g_assert_cmpstr (plain[3], ==, "");
  g_assert_cmpstr (plain[7], ==, "");
  g_assert_cmpstr (plain[8], ==, "");

  /* A line break alone is reason enough to quote. */
  g_assert_cmpstr (((char **) g_ptr_array_index (records, 3))[5], ==, "Line one\nLine two");
  g_assert_nonnull (strstr (text, ",\"Line one\nLine two\","));

  /* The raw text quotes exactly the fields that need it. */
  g_assert_nonnull (strstr (text, ",\"He said \"\"yes, \"\"\"\" no\"\"\nthen left\","));
  g_assert_nonnull (strstr (text, "\r\nplain,Plain title,2023-06,,call,"));
}

/* iCalendar */

static GDateTime *
fixed_stamp (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (8 * 3600);

  /* 20:00 in UTC+8 is 12:00 UTC: the stamp is written in UTC. */
  return g_date_time_new (zone, 2024, 1, 1, 20, 0, 0);
}

static gboolean
write_icalendar (GListModel     *events,
                 GOutputStream  *out,
                 GError        **error)
{
  g_autoptr(GDateTime) stamp = fixed_stamp ();

  return diplo_export_icalendar (events, stamp, out, NULL, error);
}

/* Checks every physical line, then returns the unfolded content lines. */
static GStrv
split_icalendar (const char *text)
{
  g_autoptr(GString) unfolded = g_string_new (NULL);
  g_auto(GStrv) physical = NULL;
  guint n;

  g_assert_true (g_str_has_suffix (text, "\r\n"));
  physical = g_strsplit (text, "\r\n", -1);
  n = g_strv_length (physical);
  g_assert_cmpstr (physical[n - 1], ==, "");

  for (guint i = 0; i + 1 < n; i++)
    {
      const char *line = physical[i];

      g_assert_cmpuint (strlen (line), <=, 75);
      g_assert_true (g_utf8_validate (line, -1, NULL));
      g_assert_null (strchr (line, '\n'));
      g_assert_null (strchr (line, '\r'));

      if (line[0] == ' ')
        g_string_append (unfolded, line + 1);
      else
        {
          if (i > 0)
            g_string_append_c (unfolded, '\n');
          g_string_append (unfolded, line);
        }
    }

  return g_strsplit (unfolded->str, "\n", -1);
}

static guint
count_lines (GStrv       lines,
             const char *line)
{
  guint count = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    count += g_str_equal (lines[i], line);

  return count;
}

/* The lines of the VEVENT whose UID is @uid. */
static GStrv
find_vevent (GStrv       lines,
             const char *uid)
{
  g_autofree char *uid_line = g_strconcat ("UID:", uid, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint begin = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_equal (lines[i], "BEGIN:VEVENT"))
        begin = i;
      if (g_str_equal (lines[i], uid_line))
        {
          for (guint j = begin; !g_str_equal (lines[j], "END:VEVENT"); j++)
            g_strv_builder_add (builder, lines[j]);
          return g_strv_builder_end (builder);
        }
    }

  g_assert_not_reached ();
}

/* Exports @dataset with write_icalendar(); returns the unfolded content
 * lines, and the text in @text unless NULL. */
static GStrv
export_icalendar (DiploDataset  *dataset,
                  char         **text)
{
  g_autoptr(GBytes) bytes = export_to_bytes (diplo_dataset_get_events (dataset),
                                             write_icalendar);
  g_autofree char *exported = bytes_to_text (bytes);
  GStrv lines = split_icalendar (exported);

  if (text != NULL)
    *text = g_steal_pointer (&exported);

  return lines;
}

static void
test_icalendar_structure_and_dates (void)
{
  g_autoptr(DiploDataset) dataset = load_fixture ("valid-all-fields.geojson");
  g_auto(GStrv) lines = export_icalendar (dataset, NULL);
  g_auto(GStrv) full = NULL;
  g_auto(GStrv) months = NULL;
  g_auto(GStrv) day = NULL;

  g_assert_cmpstr (lines[0], ==, "BEGIN:VCALENDAR");
  g_assert_cmpstr (lines[1], ==, "VERSION:2.0");
  g_assert_true (g_str_has_prefix (lines[2], "PRODID:"));
  g_assert_cmpstr (lines[g_strv_length (lines) - 1], ==, "END:VCALENDAR");
  g_assert_cmpuint (count_lines (lines, "BEGIN:VEVENT"), ==, 3);
  g_assert_cmpuint (count_lines (lines, "END:VEVENT"), ==, 3);
  g_assert_cmpuint (count_lines (lines, "DTSTAMP:20240101T120000Z"), ==, 3);

  /* 2023-03-30 to 2023-04-02 inclusive: the end is the day after. */
  full = find_vevent (lines, "full@" DIPLO_EXPORT_UID_DOMAIN);
  g_assert_true (g_strv_contains ((const char * const *) full, "DTSTART;VALUE=DATE:20230330"));
  g_assert_true (g_strv_contains ((const char * const *) full, "DTEND;VALUE=DATE:20230403"));
  g_assert_true (g_strv_contains ((const char * const *) full, "GEO:48.8566;2.3522"));
  g_assert_true (g_strv_contains ((const char * const *) full, "LOCATION:Paris"));
  g_assert_true (g_strv_contains ((const char * const *) full,
                                  "DESCRIPTION:Plain text with <b>angle brackets</b> & an ampersand."));

  /* April to May 2023: from April 1 to the end of May. */
  months = find_vevent (lines, "42@" DIPLO_EXPORT_UID_DOMAIN);
  g_assert_true (g_strv_contains ((const char * const *) months, "DTSTART;VALUE=DATE:20230401"));
  g_assert_true (g_strv_contains ((const char * const *) months, "DTEND;VALUE=DATE:20230601"));
  for (guint i = 0; months[i] != NULL; i++)
    {
      g_assert_false (g_str_has_prefix (months[i], "GEO:"));
      g_assert_false (g_str_has_prefix (months[i], "LOCATION:"));
    }

  /* A single day with a generated id. */
  day = find_vevent (lines, "feature-2@" DIPLO_EXPORT_UID_DOMAIN);
  g_assert_true (g_strv_contains ((const char * const *) day, "DTSTART;VALUE=DATE:20230115"));
  g_assert_true (g_strv_contains ((const char * const *) day, "DTEND;VALUE=DATE:20230116"));
  g_assert_true (g_strv_contains ((const char * const *) day, "GEO:37.7749;-122.4194"));
}

static void
test_icalendar_month_spans_its_month (void)
{
  const char *lines[] = {
    "feb|2024-02||call|||-|-|February of a leap year|",
    "dec|2023-12||call|||-|-|December|",
    NULL
  };
  g_autoptr(DiploDataset) dataset = diplo_test_dataset_new (lines);
  g_auto(GStrv) content = export_icalendar (dataset, NULL);
  g_auto(GStrv) feb = find_vevent (content, "feb@" DIPLO_EXPORT_UID_DOMAIN);
  g_auto(GStrv) dec = find_vevent (content, "dec@" DIPLO_EXPORT_UID_DOMAIN);

  g_assert_true (g_strv_contains ((const char * const *) feb, "DTSTART;VALUE=DATE:20240201"));
  g_assert_true (g_strv_contains ((const char * const *) feb, "DTEND;VALUE=DATE:20240301"));
  g_assert_true (g_strv_contains ((const char * const *) dec, "DTSTART;VALUE=DATE:20231201"));
  g_assert_true (g_strv_contains ((const char * const *) dec, "DTEND;VALUE=DATE:20240101"));
}

static void
test_icalendar_text_escaping (void)
{
  const char *lines[] = {
    "a;b|2023-05-01||meeting|Room 1; Hall, East|FR|48.85|2.35|Back\\slash; semi, comma\nnew line|",
    NULL
  };
  g_autoptr(DiploDataset) dataset = diplo_test_dataset_new (lines);
  g_auto(GStrv) content = export_icalendar (dataset, NULL);

  g_assert_cmpuint (count_lines (content, "SUMMARY:Back\\\\slash\\; semi\\, comma\\nnew line"), ==, 1);
  g_assert_cmpuint (count_lines (content, "LOCATION:Room 1\\; Hall\\, East"), ==, 1);
  g_assert_cmpuint (count_lines (content, "UID:a\\;b@" DIPLO_EXPORT_UID_DOMAIN), ==, 1);
}

static void
test_icalendar_folding (void)
{
  g_autoptr(GString) title = g_string_new (NULL);
  g_autofree char *line = NULL;
  const char *lines[2] = { NULL, NULL };
  g_autoptr(DiploDataset) dataset = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) content = NULL;
  g_autofree char *expected = NULL;

  /* Three- and four-octet characters, so that a fold at 75 octets would
   * fall inside one unless it backs off. */
  for (guint i = 0; i < 12; i++)
    g_string_append (title, "习近平主席出席峰会🇨🇳🤝🏽 ");
  g_string_append (title, "end");
  line = g_strdup_printf ("long|2023-05-01||summit|||-|-|%s|", title->str);
  lines[0] = line;
  dataset = diplo_test_dataset_new (lines);
  content = export_icalendar (dataset, &text);

  expected = g_strconcat ("SUMMARY:", title->str, NULL);
  g_assert_cmpuint (count_lines (content, expected), ==, 1);
  g_assert_nonnull (strstr (text, "\r\n "));
}

static void
assert_folds_back (const char *line)
{
  g_autofree char *folded = diplo_export_fold_line (line);
  g_auto(GStrv) physical = g_strsplit (folded, "\r\n", -1);
  g_autoptr(GString) unfolded = g_string_new (NULL);

  for (guint i = 0; physical[i] != NULL; i++)
    {
      g_assert_cmpuint (strlen (physical[i]), <=, 75);
      g_assert_true (g_utf8_validate (physical[i], -1, NULL));
      if (i > 0)
        {
          g_assert_cmpint (physical[i][0], ==, ' ');
          g_assert_cmpuint (strlen (physical[i]), >, 1);
        }
      g_string_append (unfolded, physical[i] + (i > 0));
    }

  g_assert_cmpstr (unfolded->str, ==, line);
}

static void
test_icalendar_fold_lengths (void)
{
  /* Characters of one to four octets, alone and mixed, so that folds fall
   * on every kind of boundary. */
  const char * const patterns[][3] = {
    { "a", "a", "a" },
    { "a", "界", "界" },
    { "é", "é", "a" },
    { "🤝", "a", "界" },
  };

  for (guint p = 0; p < G_N_ELEMENTS (patterns); p++)
    {
      g_autoptr(GString) line = g_string_new (NULL);

      /* Every length up to a few folds. */
      for (guint n = 0; n < 300; n++)
        {
          assert_folds_back (line->str);
          g_string_append (line, patterns[p][n % 3]);
        }
    }
}

/* Writing files */

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("diplo-export-XXXXXX", &error);

  g_assert_no_error (error);

  return dir;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_remove (path);
    }
  g_rmdir (dir);
}

static guint
count_dir_entries (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) handle = g_dir_open (dir, 0, &error);
  guint count = 0;

  g_assert_no_error (error);
  while (g_dir_read_name (handle) != NULL)
    count++;

  return count;
}

typedef struct
{
  gsize    n_bytes;
  gboolean fail;
} FakeWriter;

/* Writes n_bytes of 'x', more than the buffer holds, then fails or not. */
static gboolean
fake_write (GOutputStream  *out,
            gpointer        user_data,
            GCancellable   *cancellable,
            GError        **error)
{
  FakeWriter *writer = user_data;
  char chunk[4096];

  memset (chunk, 'x', sizeof chunk);
  for (gsize written = 0; written < writer->n_bytes; written += sizeof chunk)
    if (!g_output_stream_write_all (out, chunk, MIN (sizeof chunk, writer->n_bytes - written),
                                    NULL, cancellable, error))
      return FALSE;

  if (writer->fail)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "Disk full, pretended");
      return FALSE;
    }

  return TRUE;
}

static void
assert_file_contents (const char *path,
                      const char *expected)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, expected);
}

static void
test_file_failure_keeps_original (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "events.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  FakeWriter writer = { 256 * 1024, TRUE };

  g_file_set_contents (path, "original", -1, &error);
  g_assert_no_error (error);

  g_assert_false (diplo_export_write_file (file, fake_write, &writer, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  assert_file_contents (path, "original");
  /* No temporary file is left beside it. */
  g_assert_cmpuint (count_dir_entries (dir), ==, 1);

  remove_dir (dir);
}

static void
test_file_failure_leaves_no_new_file (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "events.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  FakeWriter writer = { 256 * 1024, TRUE };

  g_assert_false (diplo_export_write_file (file, fake_write, &writer, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_dir_entries (dir), ==, 0);

  remove_dir (dir);
}

static void
test_file_success_replaces (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "events.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  FakeWriter writer = { 100 * 1000, FALSE };

  g_file_set_contents (path, "original", -1, &error);
  g_assert_no_error (error);

  g_assert_true (diplo_export_write_file (file, fake_write, &writer, NULL, &error));
  g_assert_no_error (error);
  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, ==, 100 * 1000);
  g_assert_cmpuint (count_dir_entries (dir), ==, 1);

  remove_dir (dir);
}

static void
test_file_unwritable_place (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "events.csv", NULL);
  g_autofree char *locked_dir = g_build_filename (dir, "locked", NULL);
  g_autofree char *locked = g_build_filename (locked_dir, "events.csv", NULL);
  g_autoptr(GFile) missing_file = g_file_new_for_path (missing);
  g_autoptr(GFile) locked_file = g_file_new_for_path (locked);
  g_autoptr(GError) error = NULL;
  FakeWriter writer = { 10, FALSE };

  g_assert_false (diplo_export_write_file (missing_file, fake_write, &writer, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "No such file or directory"));
  g_clear_error (&error);

  /* A read-only folder stops everyone but the superuser. */
  g_assert_cmpint (g_mkdir (locked_dir, 0500), ==, 0);
  if (geteuid () != 0)
    {
      g_assert_false (diplo_export_write_file (locked_file, fake_write, &writer, NULL, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
      g_assert_false (g_file_test (locked, G_FILE_TEST_EXISTS));
    }
  else
    g_test_message ("Running as root: a read-only folder is writable, not checked");

  g_rmdir (locked_dir);
  remove_dir (dir);
}

/* The writers through the file, in a thread, as the window runs them. */

static void
on_export_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GError **error = user_data;

  if (!diplo_export_finish (result, error))
    g_assert_nonnull (*error);
  else
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "done");
}

static void
test_file_async_geojson (void)
{
  g_autoptr(DiploDataset) dataset = load_fixture ("valid-all-fields.geojson");
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "events.geojson", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(DiploDataset) reloaded = NULL;
  GError *error = NULL;

  diplo_export_events_async (file, DIPLO_EXPORT_FORMAT_GEOJSON, diplo_dataset_get_events (dataset),
                             "Title", NULL, NULL, on_export_done, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  /* "done" stands for success. */
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);

  reloaded = diplo_dataset_new_from_file (file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (diplo_dataset_get_events (reloaded)), ==, 3);

  remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/export/geojson/round-trip-all-fields", test_geojson_round_trip_all_fields);
  g_test_add_func ("/export/geojson/round-trip-builtin", test_geojson_round_trip_builtin);
  g_test_add_func ("/export/geojson/round-trip-synthetic", test_geojson_round_trip_synthetic);
  g_test_add_func ("/export/geojson/short-coordinates", test_geojson_short_coordinates);
  g_test_add_func ("/export/csv/quoting", test_csv_quoting);
  g_test_add_func ("/export/csv/formula-guard", test_csv_formula_guard);
  g_test_add_func ("/export/icalendar/structure-and-dates", test_icalendar_structure_and_dates);
  g_test_add_func ("/export/icalendar/month-spans-its-month", test_icalendar_month_spans_its_month);
  g_test_add_func ("/export/icalendar/text-escaping", test_icalendar_text_escaping);
  g_test_add_func ("/export/icalendar/folding", test_icalendar_folding);
  g_test_add_func ("/export/icalendar/fold-lengths", test_icalendar_fold_lengths);
  g_test_add_func ("/export/file/failure-keeps-original", test_file_failure_keeps_original);
  g_test_add_func ("/export/file/failure-leaves-no-new-file", test_file_failure_leaves_no_new_file);
  g_test_add_func ("/export/file/success-replaces", test_file_success_replaces);
  g_test_add_func ("/export/file/unwritable-place", test_file_unwritable_place);
  g_test_add_func ("/export/file/async-geojson", test_file_async_geojson);

  return g_test_run ();
}
