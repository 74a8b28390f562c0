#include "config.h"

#include <locale.h>
#include <string.h>

#include <gio/gio.h>

#include "diplo-dataset.h"
#include "diplo-event.h"

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static char *
dup_binary_path (void)
{
  const char *binary = g_getenv ("DIPLO_BINARY");

  if (binary != NULL)
    return g_strdup (binary);

  return g_test_build_filename (G_TEST_BUILT, "..", "src", "diplo", NULL);
}

/* Runs the built binary from the fixture directory, so that file names
 * in its messages are as short as the user would type them, without a
 * display or a session bus, and in the C locale. */
static void
run_diplo_with_locale (Run                *run,
                       const char         *locale,
                       const char         *locale_path,
                       const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *fixtures = g_test_build_filename (G_TEST_DIST, "data", NULL);

  g_ptr_array_add (argv, dup_binary_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_cwd (launcher, fixtures);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "DBUS_SESSION_BUS_ADDRESS");
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  g_subprocess_launcher_setenv (launcher, "LC_ALL", locale, TRUE);
  if (locale_path != NULL)
    g_subprocess_launcher_setenv (launcher, "LOCPATH", locale_path, TRUE);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);

  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);

  g_test_message ("status %d\nstdout:\n%s\nstderr:\n%s", run->status, run->out, run->err);
}

static void
run_diplo (Run                *run,
           const char * const *args)
{
  run_diplo_with_locale (run, "C", NULL, args);
}

#define RUN(run, ...) run_diplo (run, (const char * const[]) { __VA_ARGS__, NULL })

static void
test_validate_valid (void)
{
  g_auto(Run) run = { 0 };

  RUN (&run, "--validate", "valid-all-fields.geojson", "unsorted.geojson");

  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==,
                   "valid-all-fields.geojson: 3 events\n"
                   "unsorted.geojson: 6 events\n");
  g_assert_cmpstr (run.err, ==, "");
}

static void
test_validate_invalid (void)
{
  g_auto(Run) run = { 0 };

  RUN (&run, "--validate", "bad-date.geojson");

  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpstr (run.err, ==,
                   "bad-date.geojson: feature 12 (\"2023-08-brics\"): properties.start: "
                   "\"2023-02-30\" is not a valid date\n");
}

static void
test_validate_every_file (void)
{
  g_auto(Run) run = { 0 };
  g_auto(GStrv) errors = NULL;

  RUN (&run, "--validate", "duplicate-id.geojson", "valid-all-fields.geojson",
       "syntax-error.geojson");

  /* A bad file does not stop the others from being checked. */
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "valid-all-fields.geojson: 3 events\n");

  errors = g_strsplit (run.err, "\n", -1);
  g_assert_cmpuint (g_strv_length (errors), ==, 4);
  g_assert_cmpstr (errors[0], ==,
                   "duplicate-id.geojson: feature 2 (\"a\"): id: \"a\" is already the id of "
                   "feature 0");
  g_assert_true (g_str_has_prefix (errors[1], "duplicate-id.geojson: feature 4 (\"7\")"));
  g_assert_true (g_str_has_prefix (errors[2], "syntax-error.geojson:4:"));
  g_assert_cmpstr (errors[3], ==, "");
}

static void
test_validate_missing_file (void)
{
  g_auto(Run) run = { 0 };

  RUN (&run, "--validate", "no-such-file.geojson", "../data/no-such-file.geojson");

  /* Each message starts with the file as typed, not only GIO's full path. */
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_true (g_str_has_prefix (run.err, "no-such-file.geojson: "));
  g_assert_nonnull (strstr (run.err, "\n../data/no-such-file.geojson: "));
}

static void
test_validate_too_large (void)
{
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "huge.geojson", NULL);
  g_autofree char *expected = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Run) run = { 0 };

  /* All hole: it takes no room on disk. */
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  g_seekable_truncate (G_SEEKABLE (stream), DIPLO_DATASET_MAX_SIZE + 1, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &error);
  g_assert_no_error (error);

  RUN (&run, "--validate", path);

  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  /* The space before the unit is a no-break space, which the C locale's
   * charset can't show. */
  expected = g_strconcat (path, ": the file is too large; a dataset may be at most 64.0", NULL);
  g_assert_true (g_str_has_prefix (run.err, expected));
  g_assert_true (g_str_has_suffix (run.err, "MiB\n"));

  g_file_delete (file, NULL, NULL);
}

static void
test_validate_without_files (void)
{
  g_auto(Run) run = { 0 };

  RUN (&run, "--validate");

  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpstr (run.err, !=, "");
}

static void
test_validate_shipped_dataset (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "events.geojson",
                                                 NULL);
  g_auto(Run) run = { 0 };

  RUN (&run, "--validate", path);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
}

static void
test_list_file (void)
{
  g_auto(Run) run = { 0 };

  RUN (&run, "--list", "months.geojson");

  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpstr (run.out, ==,
                   "2022-12-30\t2023-01-02\t40.7484\t-73.9857\tNew York\tAcross the new year\n"
                   "2023-03-15\t\t51.5072\t-0.1276\tLondon\tA day in March\n"
                   "2023-03-30\t2023-04-02\t48.8566\t2.3522\tParis\tFrom March into April\n"
                   "2023-04\t\t\t\t\tSome time in April\n"
                   "2023-05-01\t\t35.6895\t139.6917\tTokyo\tFirst of May\n"
                   "2023-06-10\t\t-34.6037\t-58.3816\tLine break\tA tab in the title\n");
}

static void
test_list_month (void)
{
  g_auto(Run) april = { 0 };
  g_auto(Run) january = { 0 };
  g_auto(Run) july = { 0 };

  RUN (&april, "--list", "--month", "2023-04", "months.geojson");
  RUN (&january, "--list", "--month=2023-01", "months.geojson");
  RUN (&july, "--list", "--month", "2023-07", "months.geojson");

  g_assert_cmpint (april.status, ==, 0);
  g_assert_cmpstr (april.out, ==,
                   "2023-03-30\t2023-04-02\t48.8566\t2.3522\tParis\tFrom March into April\n"
                   "2023-04\t\t\t\t\tSome time in April\n");

  g_assert_cmpint (january.status, ==, 0);
  g_assert_cmpstr (january.out, ==,
                   "2022-12-30\t2023-01-02\t40.7484\t-73.9857\tNew York\tAcross the new year\n");

  g_assert_cmpint (july.status, ==, 0);
  g_assert_cmpstr (july.out, ==, "");
}

static GStrv
split_lines (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n_lines = g_strv_length (lines);

  /* The output ends with a newline, which leaves an empty last piece. */
  g_assert_cmpuint (n_lines, >, 0);
  g_assert_cmpstr (lines[n_lines - 1], ==, "");
  g_clear_pointer (&lines[n_lines - 1], g_free);

  return g_steal_pointer (&lines);
}

/* The line the command must print for @event, built from the model. */
static char *
expected_line (DiploEvent *event)
{
  g_autofree char *start = diplo_event_dup_iso_start (event);
  g_autofree char *end = diplo_event_dup_iso_end (event);
  g_autofree char *latitude_text = g_strdup ("");
  g_autofree char *longitude_text = g_strdup ("");
  const char *place = diplo_event_get_place (event);
  double latitude, longitude;

  if (diplo_event_get_location (event, &latitude, &longitude))
    {
      g_free (latitude_text);
      g_free (longitude_text);
      latitude_text = g_strdup_printf ("%.4f", latitude);
      longitude_text = g_strdup_printf ("%.4f", longitude);
    }

  return g_strjoin ("\t", start, end != NULL ? end : "", latitude_text, longitude_text,
                    place != NULL ? place : "", diplo_event_get_title (event), NULL);
}

static void
assert_lists_builtin (const char *month)
{
  g_autoptr(DiploDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(Run) run = { 0 };
  GListModel *events;
  int year = 0, month_number = 0;
  guint n_expected = 0;

  if (month != NULL)
    {
      g_assert_true (diplo_month_parse (month, &year, &month_number));
      RUN (&run, "--list", "--month", month);
    }
  else
    {
      RUN (&run, "--list");
    }

  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");

  dataset = diplo_dataset_new_builtin (&error);
  g_assert_no_error (error);
  events = diplo_dataset_get_events (dataset);
  lines = split_lines (run.out);

  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(DiploEvent) event = g_list_model_get_item (events, i);
      g_autofree char *expected = NULL;

      if (month != NULL && !diplo_event_overlaps_month (event, year, month_number))
        continue;

      expected = expected_line (event);
      g_assert_nonnull (lines[n_expected]);
      g_assert_cmpstr (lines[n_expected], ==, expected);
      n_expected++;
    }

  g_assert_cmpuint (g_strv_length (lines), ==, n_expected);
  g_assert_cmpuint (n_expected, >, 0);
}

static void
test_list_builtin (void)
{
  assert_lists_builtin (NULL);
}

static void
test_list_builtin_month (void)
{
  assert_lists_builtin ("2023-08");
  assert_lists_builtin ("2023-10");
}

static void
test_list_bad_month (void)
{
  g_auto(Run) run = { 0 };

  RUN (&run, "--list", "--month", "2023-13");

  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "\"2023-13\" is not a month"));
}

static void
test_list_invalid_file (void)
{
  g_auto(Run) run = { 0 };

  RUN (&run, "--list", "bad-kind.geojson");

  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_true (g_str_has_prefix (run.err, "bad-kind.geojson: feature 0 (\"visit\")"));
}

static gboolean
has_decimal_comma (const char *locale)
{
  g_autofree char *previous = g_strdup (setlocale (LC_NUMERIC, NULL));
  gboolean comma = FALSE;

  if (setlocale (LC_NUMERIC, locale) != NULL)
    comma = strcmp (localeconv ()->decimal_point, ",") == 0;

  setlocale (LC_NUMERIC, previous);
  return comma;
}

/* Builds a German locale in a private directory when none is installed,
 * as glibc's localedef can; returns the directory for LOCPATH. */
static char *
build_private_locale (const char *locale)
{
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "locales", NULL);
  g_autofree char *target = g_build_filename (dir, locale, NULL);
  const char *argv[] = { "localedef", "-i", "de_DE", "-f", "UTF-8", target, NULL };
  int wait_status;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    return NULL;

  if (!g_spawn_sync (NULL, (char **)argv, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &wait_status, NULL)
      || !g_spawn_check_wait_status (wait_status, NULL))
    return NULL;

  g_setenv ("LOCPATH", dir, TRUE);
  return g_steal_pointer (&dir);
}

static void
test_list_decimal_point (void)
{
  const char *locale = "de_DE.UTF-8";
  g_autofree char *locale_path = NULL;
  g_auto(Run) run = { 0 };

  if (!has_decimal_comma (locale))
    {
      locale_path = build_private_locale (locale);
      if (locale_path == NULL || !has_decimal_comma (locale))
        {
          g_test_skip ("No locale with a decimal comma is available");
          return;
        }
    }

  run_diplo_with_locale (&run, locale, locale_path,
                         (const char * const[]) { "--list", "--month", "2023-04",
                                                  "months.geojson", NULL });

  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "2023-03-30\t2023-04-02\t48.8566\t2.3522\t"));
}

static void
test_usage_errors (void)
{
  const char * const *cases[] = {
    (const char * const[]) { "--month", "2023-04", NULL },
    (const char * const[]) { "--validate", "--list", "months.geojson", NULL },
    (const char * const[]) { "--list", "months.geojson", "unsorted.geojson", NULL },
    (const char * const[]) { "--no-such-option", NULL },
    (const char * const[]) { "--list", "--month", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };

      run_diplo (&run, cases[i]);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_cmpstr (run.err, !=, "");
    }
}

static void
test_help (void)
{
  const char *mentioned[] = { "--validate", "--list", "--month", "YYYY-MM", "Exit status" };
  g_auto(Run) run = { 0 };

  RUN (&run, "--help");

  g_assert_cmpint (run.status, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (mentioned); i++)
    g_assert_nonnull (strstr (run.out, mentioned[i]));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C");

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/commands/validate/valid", test_validate_valid);
  g_test_add_func ("/commands/validate/invalid", test_validate_invalid);
  g_test_add_func ("/commands/validate/every-file", test_validate_every_file);
  g_test_add_func ("/commands/validate/missing-file", test_validate_missing_file);
  g_test_add_func ("/commands/validate/too-large", test_validate_too_large);
  g_test_add_func ("/commands/validate/without-files", test_validate_without_files);
  g_test_add_func ("/commands/validate/shipped-dataset", test_validate_shipped_dataset);
  g_test_add_func ("/commands/list/file", test_list_file);
  g_test_add_func ("/commands/list/month", test_list_month);
  g_test_add_func ("/commands/list/builtin", test_list_builtin);
  g_test_add_func ("/commands/list/builtin-month", test_list_builtin_month);
  g_test_add_func ("/commands/list/bad-month", test_list_bad_month);
  g_test_add_func ("/commands/list/invalid-file", test_list_invalid_file);
  g_test_add_func ("/commands/list/decimal-point", test_list_decimal_point);
  g_test_add_func ("/commands/usage-errors", test_usage_errors);
  g_test_add_func ("/commands/help", test_help);

  return g_test_run ();
}
