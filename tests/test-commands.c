#include "config.h"

#include <locale.h>
#include <string.h>

#include <sys/stat.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "diplo-dataset.h"
#include "diplo-event.h"
#include "diplo-test-utils.h"

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
  g_autofree char *path = diplo_test_cache_path ("huge.geojson");
  g_autofree char *expected = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Run) run = { 0 };

  /* Mostly a hole: it takes no room on disk. */
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  /* A dataset's start, then a hole: 200 MB that take no room */
  g_output_stream_write_all (G_OUTPUT_STREAM (stream), "{\"type\": \"FeatureCollection\", ", 30,
                             NULL, NULL, &error);
  g_assert_no_error (error);
  g_seekable_truncate (G_SEEKABLE (stream), 200 * 1000 * 1000, NULL, &error);
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

typedef struct
{
  const char *path;
  const char *fixture;
  /* The first line of the message, or NULL where it is not plain ASCII,
   * which the C locale can't print */
  const char *first_line;
} HostileCase;

/* Every bad input the loader's tests name, through the command line: it
 * must exit 1, not crash, and start each message with the file. */
static const HostileCase hostile_cases[] = {
  { "/commands/validate/hostile/not-json", "not-json.geojson",
    "not-json.geojson:1:1: expected a value, found \"D\"" },
  { "/commands/validate/hostile/empty", "empty.geojson", "empty.geojson: the file is empty" },
  { "/commands/validate/hostile/blank", "blank.geojson", "blank.geojson: the file is empty" },
  { "/commands/validate/hostile/syntax-error", "syntax-error.geojson", NULL },
  { "/commands/validate/hostile/truncated", "truncated.geojson",
    "truncated.geojson:14:7: the file ends where a member name in double quotes was "
    "expected; is it cut short?" },
  { "/commands/validate/hostile/truncated-string", "truncated-string.geojson",
    "truncated-string.geojson:8:55: the string that starts here is never closed; "
    "is the file cut short?" },
  { "/commands/validate/hostile/not-utf8", "not-utf8.geojson",
    "not-utf8.geojson:3:16: the file is not valid UTF-8" },
  { "/commands/validate/hostile/utf16", "utf16.geojson",
    "utf16.geojson: the file is in UTF-16; a dataset must be saved as UTF-8" },
  { "/commands/validate/hostile/null-byte", "null-byte.geojson",
    "null-byte.geojson:8:58: the file holds a null byte; it is not a text file" },
  { "/commands/validate/hostile/root-array", "root-not-object.geojson",
    "root-not-object.geojson: expected an object, found an array" },
  { "/commands/validate/hostile/root-string", "root-string.geojson",
    "root-string.geojson: expected an object, found a string" },
  { "/commands/validate/hostile/not-collection", "not-collection.geojson",
    "not-collection.geojson: type: expected \"FeatureCollection\", found \"Feature\"" },
  { "/commands/validate/hostile/features-not-array", "features-not-array.geojson",
    "features-not-array.geojson: features: expected an array, found an object" },
  { "/commands/validate/hostile/feature-not-object", "bad-feature.geojson",
    "bad-feature.geojson: feature 0: expected an object, found a string" },
  { "/commands/validate/hostile/geometry-types", "bad-geometry-types.geojson",
    "bad-geometry-types.geojson: feature 0 (\"multi\"): geometry.type: \"MultiPoint\" is not "
    "supported; an event is a \"Point\" or has a null geometry" },
  { "/commands/validate/hostile/coordinates", "bad-coordinates.geojson", NULL },
  { "/commands/validate/hostile/out-of-range", "out-of-range.geojson",
    "out-of-range.geojson: feature 0 (\"north\"): geometry.coordinates[1]: "
    "latitude 91 is not between -90 and 90" },
  { "/commands/validate/hostile/nan", "nan-coordinates.geojson",
    "nan-coordinates.geojson:7:54: expected a value, found \"N\"" },
  { "/commands/validate/hostile/infinity", "infinite-coordinates.geojson",
    "infinite-coordinates.geojson:7:61: expected a digit, found \"I\"" },
  { "/commands/validate/hostile/huge-number", "huge-number.geojson",
    "huge-number.geojson:7:54: the number 1e400 is too large" },
  { "/commands/validate/hostile/huge-integer", "huge-integer.geojson",
    "huge-integer.geojson:7:54: the integer 123456789012345678901234567890 is too large to be "
    "read exactly" },
  { "/commands/validate/hostile/hex-number", "hex-number.geojson",
    "hex-number.geojson:7:55: expected \",\" or \"]\", found \"x\"" },
  { "/commands/validate/hostile/leading-zero", "leading-zero.geojson",
    "leading-zero.geojson:7:54: a number must not start with 0 unless it is 0 (like 0.5)" },
  { "/commands/validate/hostile/bad-date", "bad-date.geojson", NULL },
  { "/commands/validate/hostile/bad-date-format", "bad-date-format.geojson", NULL },
  { "/commands/validate/hostile/bad-date-forms", "bad-date-forms.geojson",
    "bad-date-forms.geojson: feature 0 (\"short-year\"): properties.start: "
    "\"23-03-01\" is not a valid date" },
  { "/commands/validate/hostile/end-before-start", "end-before-start.geojson", NULL },
  { "/commands/validate/hostile/duplicate-id", "duplicate-id.geojson", NULL },
  { "/commands/validate/hostile/missing-title", "missing-required.geojson", NULL },
  { "/commands/validate/hostile/comments", "comments.geojson",
    "comments.geojson:8:66: comments are not allowed in JSON" },
  { "/commands/validate/hostile/single-quotes", "single-quotes.geojson",
    "single-quotes.geojson:6:13: strings must be in double quotes (\"), not single quotes (')" },
  { "/commands/validate/hostile/duplicate-member", "duplicate-member.geojson",
    "duplicate-member.geojson:8:67: the member \"title\" appears twice in the same object" },
  { "/commands/validate/hostile/trailing-comma", "trailing-comma.geojson",
    "trailing-comma.geojson:8:67: a comma must not come before \"}\"" },
  { "/commands/validate/hostile/trailing-garbage", "trailing-garbage.geojson",
    "trailing-garbage.geojson:12:1: expected the end of the file, found \"}\"" },
  { "/commands/validate/hostile/control-character", "control-character.geojson",
    "control-character.geojson:8:57: the control character U+0009 must be written as an "
    "escape (like \\n) in a string" },
  { "/commands/validate/hostile/bad-escape", "bad-escape.geojson",
    "bad-escape.geojson:8:58: unknown escape: a backslash followed by \"U\"" },
  { "/commands/validate/hostile/null-escape", "null-escape.geojson",
    "null-escape.geojson:8:58: \"\\u0000\" (a null character) is not allowed in text" },
  { "/commands/validate/hostile/lone-surrogate", "lone-surrogate.geojson",
    "lone-surrogate.geojson:8:59: \"\\ud800\" is half of a surrogate pair without its "
    "other half" },
  { "/commands/validate/hostile/too-deep", "too-deep.geojson",
    "too-deep.geojson:9:79: arrays and objects are nested more than 64 deep" },
};

static void
test_validate_hostile (gconstpointer data)
{
  const HostileCase *hostile = data;
  g_autofree char *prefix = g_strconcat (hostile->fixture, ":", NULL);
  g_auto(GStrv) lines = NULL;
  g_auto(Run) run = { 0 };

  /* run_diplo() fails the test if the process dies of a signal. */
  RUN (&run, "--validate", hostile->fixture);

  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_true (g_str_has_prefix (run.err, prefix));
  g_assert_true (g_str_has_suffix (run.err, "\n"));

  lines = g_strsplit (run.err, "\n", -1);
  if (hostile->first_line != NULL)
    g_assert_cmpstr (lines[0], ==, hostile->first_line);

  /* Every line names the file */
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    g_assert_true (g_str_has_prefix (lines[i], prefix));
}

/* Odd but valid: a byte order mark, markup and entities, escapes,
 * direction overrides, negative zero, exponents */
static void
test_validate_odd_but_valid (void)
{
  g_auto(Run) run = { 0 };

  RUN (&run, "--validate", "bom.geojson", "markup-title.geojson", "valid-odd-text.geojson",
       "bidi-override.geojson");

  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==,
                   "bom.geojson: 1 event\n"
                   "markup-title.geojson: 1 event\n"
                   "valid-odd-text.geojson: 5 events\n"
                   "bidi-override.geojson: 1 event\n");
  g_assert_cmpstr (run.err, ==, "");
}

static char *
write_cache_file (const char *name,
                  const char *contents,
                  gsize       length)
{
  g_autoptr(GFile) file = diplo_test_write_cache_file (name, contents, length);

  return g_file_get_path (file);
}

static void
assert_refused (const char *path,
                const char *expected)
{
  g_autofree char *message = g_strconcat (path, expected, "\n", NULL);
  g_auto(Run) run = { 0 };

  RUN (&run, "--validate", path);

  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpstr (run.err, ==, message);
}

/* The inputs made at test time: too big to commit, or not regular files */
static void
test_validate_generated_hostile (void)
{
  const guint depth = 100000;
  g_autoptr(GString) nested = g_string_sized_new (2 * depth);
  g_autofree char *long_title = g_strnfill (1024 * 1024, 'x');
  g_autofree char *long_text = NULL;
  g_autofree char *nested_path = NULL;
  g_autofree char *long_path = NULL;
  g_autofree char *fifo_path = NULL;
  g_autofree char *fixtures = g_test_build_filename (G_TEST_DIST, "data", NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append_c (nested, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (nested, ']');
  nested_path = write_cache_file ("nested.geojson", nested->str, nested->len);
  assert_refused (nested_path, ":1:65: arrays and objects are nested more than 64 deep");

  long_text = g_strdup_printf ("{\"type\": \"FeatureCollection\", \"features\": ["
                               "{\"type\": \"Feature\", \"id\": \"long\", \"geometry\": null, "
                               "\"properties\": {\"start\": \"2023-03-01\", \"title\": \"%s\"}}]}",
                               long_title);
  long_path = write_cache_file ("long.geojson", long_text, strlen (long_text));
  assert_refused (long_path, ": feature 0 (\"long\"): properties.title: the text is 1048576 "
                             "characters long; at most 1000 are allowed");

  /* Were it opened, no writer would ever come and the run would hang. */
  fifo_path = diplo_test_cache_path ("fifo.geojson");
  g_assert_cmpint (mkfifo (fifo_path, 0600), ==, 0);
  assert_refused (fifo_path, ": this is a special file (a pipe, a socket or a device), "
                             "not a dataset file");

  assert_refused (fixtures, ": this is a folder, not a dataset file");
  assert_refused ("no-such-file.geojson", ": there is no such file");

  g_unlink (nested_path);
  g_unlink (long_path);
  g_unlink (fifo_path);
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
  g_test_add_func ("/commands/validate/odd-but-valid", test_validate_odd_but_valid);
  g_test_add_func ("/commands/validate/generated-hostile", test_validate_generated_hostile);
  for (guint i = 0; i < G_N_ELEMENTS (hostile_cases); i++)
    g_test_add_data_func (hostile_cases[i].path, &hostile_cases[i], test_validate_hostile);
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
