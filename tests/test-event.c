#include "config.h"

#include <locale.h>

#include "diplo-event.h"

static guint
julian (int year,
        int month,
        int day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);

  return g_date_get_julian (&date);
}

static DiploEvent *
new_event (const char *id,
           const char *title,
           const char *start,
           const char *end)
{
  DiploDatePrecision start_precision, end_precision = DIPLO_DATE_PRECISION_DAY;
  guint start_day, end_day = 0;

  g_assert_true (diplo_date_parse (start, &start_day, &start_precision));
  if (end != NULL)
    g_assert_true (diplo_date_parse (end, &end_day, &end_precision));

  return g_object_new (DIPLO_TYPE_EVENT,
                       "id", id,
                       "title", title,
                       "start-day", start_day,
                       "start-precision", start_precision,
                       "end-day", end_day,
                       "end-precision", end_precision,
                       NULL);
}

static void
test_date_parse_valid (void)
{
  DiploDatePrecision precision;
  guint day;

  g_assert_true (diplo_date_parse ("2023-03-20", &day, &precision));
  g_assert_cmpuint (day, ==, julian (2023, 3, 20));
  g_assert_cmpint (precision, ==, DIPLO_DATE_PRECISION_DAY);

  g_assert_true (diplo_date_parse ("2023-04", &day, &precision));
  g_assert_cmpuint (day, ==, julian (2023, 4, 1));
  g_assert_cmpint (precision, ==, DIPLO_DATE_PRECISION_MONTH);

  g_assert_true (diplo_date_parse ("2024-02-29", &day, &precision));
  g_assert_cmpuint (day, ==, julian (2024, 2, 29));

  g_assert_true (diplo_date_parse ("0001-01-01", &day, NULL));
  g_assert_cmpuint (day, ==, 1);
}

static void
test_date_parse_invalid (void)
{
  const char *invalid[] = {
    "", "2023", "2023-02-30", "2023-02-29", "2023-13", "2023-00", "2023-04-31", "0000-01-01",
    "2023-3-05", "23-03-05", "2023/03/05", "2023-03-05 ", " 2023-03-05", "2023-03-5x",
    "2023-03-05T10:00", "March 2023", "+023-03-05", "2023-0a",
  };

  g_assert_false (diplo_date_parse (NULL, NULL, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      guint day = 12345;

      g_test_message ("date: \"%s\"", invalid[i]);
      g_assert_false (diplo_date_parse (invalid[i], &day, NULL));
      g_assert_cmpuint (day, ==, 12345);
    }
}

static void
test_date_iso_round_trip (void)
{
  const char *dates[] = { "2023-03-20", "2023-04", "1999-12-31", "2024-02-29", "0987-06" };

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      DiploDatePrecision precision;
      g_autofree char *text = NULL;
      guint day;

      g_assert_true (diplo_date_parse (dates[i], &day, &precision));
      text = diplo_date_to_iso (day, precision);
      g_assert_cmpstr (text, ==, dates[i]);
    }
}

static void
test_month_parse (void)
{
  int year = 0, month = 0;

  g_assert_true (diplo_month_parse ("2023-12", &year, &month));
  g_assert_cmpint (year, ==, 2023);
  g_assert_cmpint (month, ==, 12);

  g_assert_false (diplo_month_parse ("2023-12-01", &year, &month));
  g_assert_false (diplo_month_parse ("2023-13", &year, &month));
  g_assert_false (diplo_month_parse ("12-2023", &year, &month));
}

static void
test_days_single (void)
{
  g_autoptr(DiploEvent) event = new_event ("a", "A", "2023-03-20", NULL);

  g_assert_false (diplo_event_has_end (event));
  g_assert_cmpuint (diplo_event_get_end_day (event), ==, 0);
  g_assert_cmpuint (diplo_event_get_first_day (event), ==, julian (2023, 3, 20));
  g_assert_cmpuint (diplo_event_get_last_day (event), ==, julian (2023, 3, 20));
}

static void
test_days_month_precision (void)
{
  g_autoptr(DiploEvent) leap = new_event ("a", "A", "2024-02", NULL);
  g_autoptr(DiploEvent) plain = new_event ("b", "B", "2023-02", NULL);
  g_autoptr(DiploEvent) december = new_event ("c", "C", "2023-12", NULL);

  g_assert_cmpuint (diplo_event_get_first_day (leap), ==, julian (2024, 2, 1));
  g_assert_cmpuint (diplo_event_get_last_day (leap), ==, julian (2024, 2, 29));
  g_assert_cmpuint (diplo_event_get_last_day (plain), ==, julian (2023, 2, 28));
  g_assert_cmpuint (diplo_event_get_last_day (december), ==, julian (2023, 12, 31));
}

static void
test_days_with_end (void)
{
  g_autoptr(DiploEvent) days = new_event ("a", "A", "2023-08-21", "2023-08-24");
  g_autoptr(DiploEvent) months = new_event ("b", "B", "2023-04", "2023-06");
  g_autoptr(DiploEvent) mixed = new_event ("c", "C", "2023-03-20", "2023-03");

  g_assert_true (diplo_event_has_end (days));
  g_assert_cmpuint (diplo_event_get_first_day (days), ==, julian (2023, 8, 21));
  g_assert_cmpuint (diplo_event_get_last_day (days), ==, julian (2023, 8, 24));

  g_assert_cmpuint (diplo_event_get_first_day (months), ==, julian (2023, 4, 1));
  g_assert_cmpuint (diplo_event_get_last_day (months), ==, julian (2023, 6, 30));

  g_assert_cmpuint (diplo_event_get_first_day (mixed), ==, julian (2023, 3, 20));
  g_assert_cmpuint (diplo_event_get_last_day (mixed), ==, julian (2023, 3, 31));
}

static void
test_month_precision_is_anchored (void)
{
  g_autoptr(DiploEvent) event = NULL;

  /* Any day of the month given for a month means the month. */
  event = g_object_new (DIPLO_TYPE_EVENT,
                        "id", "a",
                        "title", "A",
                        "start-day", julian (2023, 4, 17),
                        "start-precision", DIPLO_DATE_PRECISION_MONTH,
                        NULL);

  g_assert_cmpuint (diplo_event_get_start_day (event), ==, julian (2023, 4, 1));
  g_assert_cmpuint (diplo_event_get_first_day (event), ==, julian (2023, 4, 1));
  g_assert_cmpuint (diplo_event_get_last_day (event), ==, julian (2023, 4, 30));
}

static void
test_overlaps_spanning (void)
{
  g_autoptr(DiploEvent) event = new_event ("a", "A", "2023-03-30", "2023-04-02");

  g_assert_false (diplo_event_overlaps_month (event, 2023, 2));
  g_assert_true (diplo_event_overlaps_month (event, 2023, 3));
  g_assert_true (diplo_event_overlaps_month (event, 2023, 4));
  g_assert_false (diplo_event_overlaps_month (event, 2023, 5));
  g_assert_false (diplo_event_overlaps_month (event, 2022, 3));
}

static void
test_overlaps_new_year (void)
{
  g_autoptr(DiploEvent) event = new_event ("a", "A", "2022-12-30", "2023-01-02");

  g_assert_true (diplo_event_overlaps_month (event, 2022, 12));
  g_assert_true (diplo_event_overlaps_month (event, 2023, 1));
  g_assert_false (diplo_event_overlaps_month (event, 2022, 11));
  g_assert_false (diplo_event_overlaps_month (event, 2023, 2));
}

static void
test_overlaps_month_precision (void)
{
  g_autoptr(DiploEvent) april = new_event ("a", "A", "2023-04", NULL);
  g_autoptr(DiploEvent) spring = new_event ("b", "B", "2023-03", "2023-05");

  g_assert_false (diplo_event_overlaps_month (april, 2023, 3));
  g_assert_true (diplo_event_overlaps_month (april, 2023, 4));
  g_assert_false (diplo_event_overlaps_month (april, 2023, 5));

  g_assert_false (diplo_event_overlaps_month (spring, 2023, 2));
  for (int month = 3; month <= 5; month++)
    g_assert_true (diplo_event_overlaps_month (spring, 2023, month));
  g_assert_false (diplo_event_overlaps_month (spring, 2023, 6));
}

static void
test_overlaps_month_edges (void)
{
  g_autoptr(DiploEvent) first = new_event ("a", "A", "2023-04-01", NULL);
  g_autoptr(DiploEvent) last = new_event ("b", "B", "2023-04-30", NULL);

  g_assert_true (diplo_event_overlaps_month (first, 2023, 4));
  g_assert_false (diplo_event_overlaps_month (first, 2023, 3));
  g_assert_true (diplo_event_overlaps_month (last, 2023, 4));
  g_assert_false (diplo_event_overlaps_month (last, 2023, 5));
}

static void
test_overlaps_without_location (void)
{
  g_autoptr(DiploEvent) call = new_event ("a", "A call", "2023-04-26", NULL);

  g_assert_false (diplo_event_get_has_location (call));
  g_assert_true (diplo_event_overlaps_month (call, 2023, 4));
}

static void
test_location (void)
{
  g_autoptr(DiploEvent) nowhere = new_event ("a", "A", "2023-04-26", NULL);
  g_autoptr(DiploEvent) somewhere = NULL;
  double latitude = 1000.0, longitude = 1000.0;

  g_assert_false (diplo_event_get_location (nowhere, &latitude, &longitude));
  g_assert_cmpfloat (latitude, ==, 1000.0);
  g_assert_cmpfloat (longitude, ==, 1000.0);

  somewhere = g_object_new (DIPLO_TYPE_EVENT,
                            "id", "b",
                            "title", "B",
                            "start-day", julian (2023, 11, 15),
                            "has-location", TRUE,
                            "latitude", 37.4702,
                            "longitude", -122.3105,
                            NULL);

  g_assert_true (diplo_event_get_has_location (somewhere));
  g_assert_true (diplo_event_get_location (somewhere, &latitude, &longitude));
  g_assert_cmpfloat (latitude, ==, 37.4702);
  g_assert_cmpfloat (longitude, ==, -122.3105);
  g_assert_true (diplo_event_get_location (somewhere, NULL, NULL));
}

static void
test_properties (void)
{
  const char *participants[] = { "Joe Biden", "Xi Jinping", NULL };
  g_autoptr(DiploEvent) event = NULL;
  g_autofree char *id = NULL;
  g_autofree char *place = NULL;
  g_auto(GStrv) read_participants = NULL;
  DiploEventKind kind;
  double latitude;

  event = g_object_new (DIPLO_TYPE_EVENT,
                        "id", "2023-11-biden",
                        "title", "Summit",
                        "start-day", julian (2023, 11, 15),
                        "place", "Filoli Estate",
                        "country", "US",
                        "has-location", TRUE,
                        "latitude", 37.4702,
                        "longitude", -122.3105,
                        "kind", DIPLO_EVENT_KIND_SUMMIT,
                        "participants", participants,
                        "summary", "A summary.",
                        "source", "A source",
                        NULL);

  g_object_get (event,
                "id", &id,
                "place", &place,
                "participants", &read_participants,
                "kind", &kind,
                "latitude", &latitude,
                NULL);

  g_assert_cmpstr (id, ==, "2023-11-biden");
  g_assert_cmpstr (place, ==, "Filoli Estate");
  g_assert_cmpstrv (read_participants, participants);
  g_assert_cmpint (kind, ==, DIPLO_EVENT_KIND_SUMMIT);
  g_assert_cmpfloat (latitude, ==, 37.4702);
  g_assert_cmpstr (diplo_event_get_country (event), ==, "US");
  g_assert_cmpstr (diplo_event_get_summary (event), ==, "A summary.");
  g_assert_cmpstr (diplo_event_get_source (event), ==, "A source");
  g_assert_cmpstrv (diplo_event_get_participants (event), participants);
}

static void
test_properties_defaults (void)
{
  g_autoptr(DiploEvent) event = new_event ("a", "A", "2023-01-01", NULL);

  g_assert_cmpint (diplo_event_get_kind (event), ==, DIPLO_EVENT_KIND_OTHER);
  g_assert_nonnull (diplo_event_get_participants (event));
  g_assert_null (diplo_event_get_participants (event)[0]);
  g_assert_null (diplo_event_get_place (event));
  g_assert_null (diplo_event_get_country (event));
  g_assert_null (diplo_event_dup_iso_end (event));
}

static void
test_properties_read_only (void)
{
  g_autoptr(DiploEvent) event = new_event ("a", "A", "2023-01-01", NULL);
  GParamSpec **pspecs;
  guint n_pspecs;

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (event), &n_pspecs);
  for (guint i = 0; i < n_pspecs; i++)
    {
      g_test_message ("property %s", pspecs[i]->name);
      g_assert_true (pspecs[i]->flags & G_PARAM_READABLE);
      g_assert_true (!(pspecs[i]->flags & G_PARAM_WRITABLE)
                     || (pspecs[i]->flags & G_PARAM_CONSTRUCT_ONLY));
    }
  g_free (pspecs);
}

static void
assert_dates_format (const char *start,
                     const char *end,
                     const char *expected)
{
  g_autoptr(DiploEvent) event = new_event ("a", "A", start, end);
  g_autofree char *text = diplo_event_format_dates (event);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_format_dates (void)
{
  /* The C locale: the English names and the untranslated formats. */
  assert_dates_format ("2023-03-20", NULL, "March 20, 2023");
  assert_dates_format ("2023-04", NULL, "April 2023");
  assert_dates_format ("2023-08-21", "2023-08-24", "August 21–24, 2023");
  assert_dates_format ("2023-03-30", "2023-04-02", "March 30 – April 2, 2023");
  assert_dates_format ("2023-12-30", "2024-01-02", "December 30, 2023 – January 2, 2024");
  assert_dates_format ("2023-04", "2023-06", "April 2023 – June 2023");
  assert_dates_format ("2023-03-20", "2023-03-20", "March 20, 2023");
  assert_dates_format ("2023-12-05", NULL, "December 5, 2023");
}

static void
test_iso_dates (void)
{
  g_autoptr(DiploEvent) event = new_event ("a", "A", "2023-03", "2023-04-02");
  g_autofree char *start = diplo_event_dup_iso_start (event);
  g_autofree char *end = diplo_event_dup_iso_end (event);

  g_assert_cmpstr (start, ==, "2023-03");
  g_assert_cmpstr (end, ==, "2023-04-02");
}

static void
test_kind_nicks (void)
{
  g_autoptr(GEnumClass) enum_class = g_type_class_ref (DIPLO_TYPE_EVENT_KIND);

  g_assert_cmpuint (enum_class->n_values, ==, DIPLO_EVENT_N_KINDS);

  for (guint i = 0; i < DIPLO_EVENT_N_KINDS; i++)
    {
      GEnumValue *value = g_enum_get_value (enum_class, i);
      DiploEventKind kind = DIPLO_EVENT_KIND_OTHER;

      g_assert_nonnull (value);
      g_assert_cmpstr (value->value_nick, ==, diplo_event_kind_to_nick (i));
      g_assert_true (diplo_event_kind_from_nick (value->value_nick, &kind));
      g_assert_cmpint (kind, ==, i);
    }

  g_assert_false (diplo_event_kind_from_nick ("visit", NULL));
  g_assert_false (diplo_event_kind_from_nick ("State-Visit", NULL));
  g_assert_false (diplo_event_kind_from_nick ("", NULL));
}

static void
test_kind_vocabulary (void)
{
  /* The GeoJSON format documents this vocabulary; files depend on it. */
  const char *vocabulary[] = {
    "state-visit", "summit", "meeting", "forum", "call", "virtual-summit", "ceremony",
    "mediation", "other",
  };

  g_assert_cmpuint (G_N_ELEMENTS (vocabulary), ==, DIPLO_EVENT_N_KINDS);
  for (guint i = 0; i < G_N_ELEMENTS (vocabulary); i++)
    g_assert_true (diplo_event_kind_from_nick (vocabulary[i], NULL));
}

static void
test_kind_labels (void)
{
  g_autoptr(GHashTable) labels = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < DIPLO_EVENT_N_KINDS; i++)
    {
      const char *label = diplo_event_kind_to_label (i);

      g_assert_nonnull (label);
      g_assert_cmpstr (label, !=, "");
      g_assert_false (g_hash_table_contains (labels, label));
      g_hash_table_add (labels, (gpointer)label);
    }
}

static gboolean
adwaita_has_icon (const char *icon_name,
                  gboolean   *theme_found)
{
  const char * const *data_dirs = g_get_system_data_dirs ();
  g_autofree char *file_name = g_strconcat (icon_name, ".svg", NULL);

  for (guint i = 0; data_dirs[i] != NULL; i++)
    {
      g_autofree char *scalable = g_build_filename (data_dirs[i], "icons", "Adwaita",
                                                    "scalable", NULL);
      g_autoptr(GDir) dir = g_dir_open (scalable, 0, NULL);
      const char *context;

      if (dir == NULL)
        continue;

      *theme_found = TRUE;
      while ((context = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (scalable, context, file_name, NULL);

          if (g_file_test (path, G_FILE_TEST_EXISTS))
            return TRUE;
        }
    }

  return FALSE;
}

static void
test_kind_icons (void)
{
  gboolean theme_found = FALSE;

  for (guint i = 0; i < DIPLO_EVENT_N_KINDS; i++)
    {
      const char *icon_name = diplo_event_kind_to_icon_name (i);

      g_assert_true (g_str_has_suffix (icon_name, "-symbolic"));
      /* Every kind is checked, so that one run names all missing icons. */
      if (!adwaita_has_icon (icon_name, &theme_found) && theme_found)
        g_test_fail_printf ("%s is not in the Adwaita icon theme", icon_name);
    }

  if (!theme_found)
    g_test_skip ("The Adwaita icon theme is not installed");
}

static int
compare_event_pointers (gconstpointer a,
                        gconstpointer b,
                        gpointer      user_data)
{
  return diplo_event_compare (*(DiploEvent * const *) a, *(DiploEvent * const *) b, user_data);
}

static void
test_compare (void)
{
  g_autoptr(DiploEvent) early = new_event ("z", "Zebra", "2023-03-01", NULL);
  g_autoptr(DiploEvent) month = new_event ("m", "Month", "2023-03", NULL);
  g_autoptr(DiploEvent) alpha = new_event ("b", "Alpha", "2023-03-02", NULL);
  g_autoptr(DiploEvent) beta = new_event ("a", "Beta", "2023-03-02", "2023-03-05");
  g_autoptr(DiploEvent) alpha_again = new_event ("c", "Alpha", "2023-03-02", NULL);

  g_assert_cmpint (diplo_event_compare (early, alpha, NULL), <, 0);
  g_assert_cmpint (diplo_event_compare (alpha, early, NULL), >, 0);
  /* A month sorts on its first day, then by title. */
  g_assert_cmpint (diplo_event_compare (month, early, NULL), <, 0);
  g_assert_cmpint (diplo_event_compare (month, alpha, NULL), <, 0);
  g_assert_cmpint (diplo_event_compare (alpha, beta, NULL), <, 0);
  g_assert_cmpint (diplo_event_compare (beta, alpha, NULL), >, 0);
  g_assert_cmpint (diplo_event_compare (alpha, alpha_again, NULL), <, 0);
  g_assert_cmpint (diplo_event_compare (alpha, alpha, NULL), ==, 0);
}

/* The order of diplo_event_compare (), ties on day and title included. */
static void
test_sort (void)
{
  static const char * const specs[][3] = {
    { "e1", "Zebra", "2023-03-01" }, { "e2", "Month", "2023-03" },
    { "e3", "Alpha", "2023-03-02" }, { "e4", "Beta", "2023-03-02" },
    { "e5", "Alpha", "2023-03-02" }, { "e0", "Alpha", "2023-03-02" },
    { "e6", "Élan", "2023-03-02" }, { "e7", "elan", "2023-03-02" },
    { "e8", "Zebra", "2023-02-28" }, { "e9", "Alpha", "2023-03" },
  };
  g_autoptr(GPtrArray) sorted = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) expected = g_ptr_array_new ();

  /* Reversed, so that a sort that does nothing fails. */
  for (guint i = G_N_ELEMENTS (specs); i-- > 0;)
    g_ptr_array_add (sorted, new_event (specs[i][0], specs[i][1], specs[i][2], NULL));
  g_ptr_array_extend (expected, sorted, NULL, NULL);
  g_ptr_array_sort_with_data (expected, (GCompareDataFunc) compare_event_pointers, NULL);

  diplo_event_sort ((DiploEvent **) sorted->pdata, sorted->len);

  for (guint i = 0; i < sorted->len; i++)
    g_assert_cmpstr (diplo_event_get_id (g_ptr_array_index (sorted, i)), ==,
                     diplo_event_get_id (g_ptr_array_index (expected, i)));
}

/* diplo_event_new () makes what g_object_new () with every property does. */
static void
test_new_from_init (void)
{
  static const char * const participants[] = { "A", "B", NULL };
  DiploEventInit init = {
    .id = "x", .title = "Title", .place = "Moscow", .country = "RU", .summary = "S",
    .source = "Src", .participants = participants,
    .start_day = julian (2023, 3, 20), .start_precision = DIPLO_DATE_PRECISION_MONTH,
    .end_day = julian (2023, 4, 9), .end_precision = DIPLO_DATE_PRECISION_MONTH,
    .has_location = TRUE, .latitude = 55.75, .longitude = 37.62,
    .kind = DIPLO_EVENT_KIND_STATE_VISIT,
  };
  g_autoptr(DiploEvent) event = diplo_event_new (&init);
  g_autoptr(DiploEvent) bare = diplo_event_new (&(DiploEventInit) {
    .title = "Bare", .start_day = julian (2023, 5, 1) });
  double latitude, longitude;

  g_assert_cmpstr (diplo_event_get_id (event), ==, "x");
  g_assert_cmpstr (diplo_event_get_title (event), ==, "Title");
  g_assert_cmpstr (diplo_event_get_place (event), ==, "Moscow");
  g_assert_cmpstr (diplo_event_get_country (event), ==, "RU");
  g_assert_cmpstr (diplo_event_get_summary (event), ==, "S");
  g_assert_cmpstr (diplo_event_get_source (event), ==, "Src");
  g_assert_cmpstrv (diplo_event_get_participants (event), participants);
  g_assert_cmpint (diplo_event_get_kind (event), ==, DIPLO_EVENT_KIND_STATE_VISIT);
  g_assert_true (diplo_event_get_location (event, &latitude, &longitude));
  g_assert_cmpfloat (latitude, ==, 55.75);
  g_assert_cmpfloat (longitude, ==, 37.62);
  /* Month precision: anchored on the first day, up to the end of April. */
  g_assert_cmpuint (diplo_event_get_first_day (event), ==, julian (2023, 3, 1));
  g_assert_cmpuint (diplo_event_get_last_day (event), ==, julian (2023, 4, 30));
  g_assert_true (diplo_event_overlaps_days (event, julian (2023, 4, 30), julian (2023, 5, 3)));
  g_assert_false (diplo_event_overlaps_days (event, julian (2023, 5, 1), julian (2023, 5, 31)));

  g_assert_null (diplo_event_get_place (bare));
  g_assert_nonnull (diplo_event_get_participants (bare));
  g_assert_null (diplo_event_get_participants (bare)[0]);
  g_assert_false (diplo_event_get_location (bare, NULL, NULL));
  g_assert_cmpuint (diplo_event_get_last_day (bare), ==, julian (2023, 5, 1));
}

int
main (int   argc,
      char *argv[])
{
  /* Dates are formatted in the C locale whatever the environment says. */
  setlocale (LC_ALL, "C");

  /* No isolated directories: the icon test looks for the system's
   * Adwaita theme in XDG_DATA_DIRS. */
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/event/date/parse-valid", test_date_parse_valid);
  g_test_add_func ("/event/date/parse-invalid", test_date_parse_invalid);
  g_test_add_func ("/event/date/iso-round-trip", test_date_iso_round_trip);
  g_test_add_func ("/event/date/month-parse", test_month_parse);
  g_test_add_func ("/event/days/single", test_days_single);
  g_test_add_func ("/event/days/month-precision", test_days_month_precision);
  g_test_add_func ("/event/days/with-end", test_days_with_end);
  g_test_add_func ("/event/days/month-anchored", test_month_precision_is_anchored);
  g_test_add_func ("/event/month/spanning", test_overlaps_spanning);
  g_test_add_func ("/event/month/new-year", test_overlaps_new_year);
  g_test_add_func ("/event/month/month-precision", test_overlaps_month_precision);
  g_test_add_func ("/event/month/edges", test_overlaps_month_edges);
  g_test_add_func ("/event/month/without-location", test_overlaps_without_location);
  g_test_add_func ("/event/location", test_location);
  g_test_add_func ("/event/properties/all", test_properties);
  g_test_add_func ("/event/properties/defaults", test_properties_defaults);
  g_test_add_func ("/event/properties/read-only", test_properties_read_only);
  g_test_add_func ("/event/format/dates", test_format_dates);
  g_test_add_func ("/event/format/iso", test_iso_dates);
  g_test_add_func ("/event/kind/nicks", test_kind_nicks);
  g_test_add_func ("/event/kind/vocabulary", test_kind_vocabulary);
  g_test_add_func ("/event/kind/labels", test_kind_labels);
  g_test_add_func ("/event/kind/icons", test_kind_icons);
  g_test_add_func ("/event/compare", test_compare);
  g_test_add_func ("/event/sort", test_sort);
  g_test_add_func ("/event/new-from-init", test_new_from_init);

  return g_test_run ();
}
