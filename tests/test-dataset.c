#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "diplo-dataset.h"
#include "diplo-event.h"
#include "diplo-language.h"
#include "diplo-json-check.h"
#include "diplo-month-index.h"
#include "diplo-place.h"
#include "diplo-place-grouping.h"
#include "diplo-test-utils.h"

typedef struct
{
  const char *path;
  const char *fixture;
  const char *expected;
} ErrorCase;

static const ErrorCase error_cases[] = {
  { "/dataset/errors/bad-date", "bad-date.geojson",
    "bad-date.geojson: feature 12 (\"2023-08-brics\"): properties.start: "
    "\"2023-02-30\" is not a valid date" },
  { "/dataset/errors/bad-date-format", "bad-date-format.geojson",
    "bad-date-format.geojson: feature 0 (\"words\"): properties.start: "
    "\"March 5, 2023\" is not a valid date\n"
    "bad-date-format.geojson: feature 1 (\"short\"): properties.start: "
    "\"2023-3-5\" is not a valid date\n"
    "bad-date-format.geojson: feature 2 (\"month-13\"): properties.start: "
    "\"2023-13\" is not a valid date\n"
    "bad-date-format.geojson: feature 3 (\"leap\"): properties.start: "
    "\"2023-02-29\" is not a valid date\n"
    "bad-date-format.geojson: feature 4 (\"end\"): properties.end: "
    "\"2024-02-30\" is not a valid date" },
  { "/dataset/errors/end-before-start", "end-before-start.geojson",
    "end-before-start.geojson: feature 0 (\"day\"): properties.end: "
    "\"2023-03-19\" is before the start \"2023-03-20\"\n"
    "end-before-start.geojson: feature 1 (\"month\"): properties.end: "
    "\"2023-02\" is before the start \"2023-03-20\"" },
  { "/dataset/errors/missing-required", "missing-required.geojson",
    "missing-required.geojson: feature 0 (\"no-start\"): properties.start: "
    "required member is missing\n"
    "missing-required.geojson: feature 1 (\"no-title\"): properties.title: "
    "required member is missing\n"
    "missing-required.geojson: feature 2 (\"blank-title\"): properties.title: "
    "must not be empty" },
  { "/dataset/errors/wrong-types", "wrong-types.geojson",
    "wrong-types.geojson: title: expected a string, found a number\n"
    "wrong-types.geojson: attribution: expected a string, found an array\n"
    "wrong-types.geojson: feature 0 (\"types\"): properties.start: "
    "expected a string, found a number\n"
    "wrong-types.geojson: feature 0 (\"types\"): properties.end: "
    "expected a string, found a boolean\n"
    "wrong-types.geojson: feature 0 (\"types\"): properties.title: "
    "expected a string, found a number\n"
    "wrong-types.geojson: feature 0 (\"types\"): properties.place: "
    "expected a string, found an array\n"
    "wrong-types.geojson: feature 0 (\"types\"): properties.country: "
    "expected a string, found a number\n"
    "wrong-types.geojson: feature 0 (\"types\"): properties.kind: "
    "expected a string, found a number\n"
    "wrong-types.geojson: feature 0 (\"types\"): properties.summary: "
    "expected a string, found a boolean\n"
    "wrong-types.geojson: feature 0 (\"types\"): properties.source: "
    "expected a string, found an object" },
  { "/dataset/errors/bad-geometry", "bad-geometry.geojson",
    "bad-geometry.geojson: feature 0 (\"line\"): geometry.type: \"LineString\" is not "
    "supported; an event is a \"Point\" or has a null geometry\n"
    "bad-geometry.geojson: feature 1 (\"string\"): geometry: "
    "expected an object or null, found a string\n"
    "bad-geometry.geojson: feature 2 (\"missing\"): geometry: required member is missing\n"
    "bad-geometry.geojson: feature 3 (\"no-coordinates\"): geometry.coordinates: "
    "required member is missing\n"
    "bad-geometry.geojson: feature 4 (\"no-type\"): geometry.type: "
    "required member is missing" },
  { "/dataset/errors/bad-coordinates", "bad-coordinates.geojson",
    "bad-coordinates.geojson: feature 0 (\"east\"): geometry.coordinates[0]: "
    "longitude 200.5 is not between -180 and 180\n"
    "bad-coordinates.geojson: feature 1 (\"swapped\"): geometry.coordinates[1]: "
    "latitude 116.4074 is not between -90 and 90\n"
    "bad-coordinates.geojson: feature 2 (\"one\"): geometry.coordinates: expected "
    "[longitude, latitude] or [longitude, latitude, altitude], found 1 element\n"
    "bad-coordinates.geojson: feature 3 (\"four\"): geometry.coordinates: expected "
    "[longitude, latitude] or [longitude, latitude, altitude], found 4 elements\n"
    "bad-coordinates.geojson: feature 4 (\"text\"): geometry.coordinates[1]: "
    "expected a number, found a string\n"
    "bad-coordinates.geojson: feature 5 (\"altitude\"): geometry.coordinates[2]: "
    "expected a number, found a string\n"
    "bad-coordinates.geojson: feature 6 (\"object\"): geometry.coordinates: "
    "expected an array, found an object" },
  { "/dataset/errors/bad-country", "bad-country.geojson",
    "bad-country.geojson: feature 0 (\"long\"): properties.country: "
    "\"USA\" is not an ISO 3166-1 alpha-2 code such as \"CN\"\n"
    "bad-country.geojson: feature 1 (\"lower\"): properties.country: "
    "\"cn\" is not an ISO 3166-1 alpha-2 code such as \"CN\"\n"
    "bad-country.geojson: feature 2 (\"empty\"): properties.country: "
    "\"\" is not an ISO 3166-1 alpha-2 code such as \"CN\"" },
  { "/dataset/errors/bad-kind", "bad-kind.geojson",
    "bad-kind.geojson: feature 0 (\"visit\"): properties.kind: \"visit\" is not a known "
    "kind (known kinds: state-visit, summit, meeting, forum, call, virtual-summit, "
    "ceremony, mediation, other)\n"
    "bad-kind.geojson: feature 1 (\"case\"): properties.kind: \"Summit\" is not a known "
    "kind (known kinds: state-visit, summit, meeting, forum, call, virtual-summit, "
    "ceremony, mediation, other)" },
  { "/dataset/errors/bad-participants", "bad-participants.geojson",
    "bad-participants.geojson: feature 0 (\"string\"): properties.participants: "
    "expected an array, found a string\n"
    "bad-participants.geojson: feature 1 (\"number\"): properties.participants[1]: "
    "expected a string, found a number\n"
    "bad-participants.geojson: feature 1 (\"number\"): properties.participants[2]: "
    "expected a string, found null" },
  { "/dataset/errors/duplicate-id", "duplicate-id.geojson",
    "duplicate-id.geojson: feature 2 (\"a\"): id: \"a\" is already the id of feature 0\n"
    "duplicate-id.geojson: feature 4 (\"7\"): id: \"7\" is already the id of feature 3" },
  { "/dataset/errors/bad-id", "bad-id.geojson",
    "bad-id.geojson: feature 0: id: expected a string or a number, found an array\n"
    "bad-id.geojson: feature 1: id: expected a string or a number, found a boolean" },
  { "/dataset/errors/bad-properties", "bad-properties.geojson",
    "bad-properties.geojson: feature 0 (\"missing\"): properties: required member is missing\n"
    "bad-properties.geojson: feature 1 (\"null\"): properties: expected an object, found null\n"
    "bad-properties.geojson: feature 2 (\"array\"): properties: "
    "expected an object, found an array" },
  { "/dataset/errors/bad-feature", "bad-feature.geojson",
    "bad-feature.geojson: feature 0: expected an object, found a string\n"
    "bad-feature.geojson: feature 1 (\"point\"): type: expected \"Feature\", found \"Point\"\n"
    "bad-feature.geojson: feature 2 (\"untyped\"): type: required member is missing" },
  { "/dataset/errors/not-collection", "not-collection.geojson",
    "not-collection.geojson: type: expected \"FeatureCollection\", found \"Feature\"" },
  { "/dataset/errors/features-not-array", "features-not-array.geojson",
    "features-not-array.geojson: features: expected an array, found an object" },
  { "/dataset/errors/no-features", "no-features.geojson",
    "no-features.geojson: features: required member is missing" },
  { "/dataset/errors/root-not-object", "root-not-object.geojson",
    "root-not-object.geojson: expected an object, found an array" },
  { "/dataset/errors/out-of-range", "out-of-range.geojson",
    "out-of-range.geojson: feature 0 (\"north\"): geometry.coordinates[1]: "
    "latitude 91 is not between -90 and 90\n"
    "out-of-range.geojson: feature 1 (\"south\"): geometry.coordinates[1]: "
    "latitude -91 is not between -90 and 90\n"
    "out-of-range.geojson: feature 2 (\"east\"): geometry.coordinates[0]: "
    "longitude 181 is not between -180 and 180\n"
    "out-of-range.geojson: feature 3 (\"west\"): geometry.coordinates[0]: "
    "longitude -181 is not between -180 and 180\n"
    "out-of-range.geojson: feature 4 (\"far\"): geometry.coordinates[0]: "
    "longitude 1e+308 is not between -180 and 180" },
  { "/dataset/errors/bad-date-forms", "bad-date-forms.geojson",
    "bad-date-forms.geojson: feature 0 (\"short-year\"): properties.start: "
    "\"23-03-01\" is not a valid date\n"
    "bad-date-forms.geojson: feature 1 (\"month-zero\"): properties.start: "
    "\"2023-00\" is not a valid date\n"
    "bad-date-forms.geojson: feature 2 (\"day-zero\"): properties.start: "
    "\"2023-03-00\" is not a valid date\n"
    "bad-date-forms.geojson: feature 3 (\"time\"): properties.start: "
    "\"2023-03-01T10:00\" is not a valid date\n"
    "bad-date-forms.geojson: feature 4 (\"space\"): properties.start: "
    "\" 2023-03-01\" is not a valid date\n"
    "bad-date-forms.geojson: feature 5 (\"wide-digits\"): properties.start: "
    "\"\uff12\uff10\uff12\uff13-03-01\" is not a valid date\n"
    "bad-date-forms.geojson: feature 6 (\"slashes\"): properties.start: "
    "\"2023/03/01\" is not a valid date\n"
    "bad-date-forms.geojson: feature 7 (\"end-month\"): properties.end: "
    "\"2023-02\" is before the start \"2023-03-01\"" },
  { "/dataset/errors/bad-geometry-types", "bad-geometry-types.geojson",
    "bad-geometry-types.geojson: feature 0 (\"multi\"): geometry.type: \"MultiPoint\" is not "
    "supported; an event is a \"Point\" or has a null geometry\n"
    "bad-geometry-types.geojson: feature 1 (\"polygon\"): geometry.type: \"Polygon\" is not "
    "supported; an event is a \"Point\" or has a null geometry\n"
    "bad-geometry-types.geojson: feature 2 (\"collection\"): geometry.type: "
    "\"GeometryCollection\" is not supported; an event is a \"Point\" or has a null geometry\n"
    "bad-geometry-types.geojson: feature 3 (\"empty-point\"): geometry.coordinates: expected "
    "[longitude, latitude] or [longitude, latitude, altitude], found 0 elements\n"
    "bad-geometry-types.geojson: feature 4 (\"null-coordinate\"): geometry.coordinates[0]: "
    "expected a number, found null\n"
    "bad-geometry-types.geojson: feature 5 (\"string-number\"): geometry.coordinates[0]: "
    "expected a number, found a string\n"
    "bad-geometry-types.geojson: feature 5 (\"string-number\"): geometry.coordinates[1]: "
    "expected a number, found a string" },
  { "/dataset/errors/root-string", "root-string.geojson",
    "root-string.geojson: expected an object, found a string" },
  { "/dataset/errors/all-collected", "several-errors.geojson",
    "several-errors.geojson: title: expected a string, found an array\n"
    "several-errors.geojson: feature 1 (\"two-problems\"): properties.start: "
    "\"2023-02-30\" is not a valid date\n"
    "several-errors.geojson: feature 1 (\"two-problems\"): properties.title: "
    "must not be empty\n"
    "several-errors.geojson: feature 1 (\"two-problems\"): properties.country: "
    "\"usa\" is not an ISO 3166-1 alpha-2 code such as \"CN\"\n"
    "several-errors.geojson: feature 3 (\"geometry\"): geometry.coordinates[1]: "
    "latitude 91 is not between -90 and 90" },
  /* Every translation is checked, whichever language would be shown. */
  { "/dataset/errors/bad-translations", "bad-translations.geojson",
    "bad-translations.geojson: title:zh: expected a string, found a boolean\n"
    "bad-translations.geojson: feature 0 (\"number-title\"): properties.title:zh: "
    "expected a string, found a number\n"
    "bad-translations.geojson: feature 1 (\"blank-title\"): properties.title:fr: "
    "must not be empty\n"
    "bad-translations.geojson: feature 2 (\"participants\"): "
    "properties.participants:zh[1]: expected a string, found a number\n"
    "bad-translations.geojson: feature 3 (\"summary\"): properties.summary:zh-CN: "
    "expected a string, found an array" },
};

/* What json-glib 1.6 would crash on, misread or let through, and what is
 * not JSON at all: refused before any tree is built, with the line and
 * column. */
static const ErrorCase parse_cases[] = {
  { "/dataset/hostile/not-json", "not-json.geojson",
    "not-json.geojson:1:1: expected a value, found \"D\"" },
  { "/dataset/hostile/blank", "blank.geojson",
    "blank.geojson: the file is empty" },
  { "/dataset/hostile/truncated", "truncated.geojson",
    "truncated.geojson:14:7: the file ends where a member name in double quotes was "
    "expected; is it cut short?" },
  { "/dataset/hostile/truncated-string", "truncated-string.geojson",
    "truncated-string.geojson:8:55: the string that starts here is never closed; "
    "is the file cut short?" },
  { "/dataset/hostile/utf16", "utf16.geojson",
    "utf16.geojson: the file is in UTF-16; a dataset must be saved as UTF-8" },
  { "/dataset/hostile/null-byte", "null-byte.geojson",
    "null-byte.geojson:8:58: the file holds a null byte; it is not a text file" },
  { "/dataset/hostile/comments", "comments.geojson",
    "comments.geojson:8:66: comments are not allowed in JSON" },
  { "/dataset/hostile/single-quotes", "single-quotes.geojson",
    "single-quotes.geojson:6:13: strings must be in double quotes (\"), not single quotes (')" },
  { "/dataset/hostile/duplicate-member", "duplicate-member.geojson",
    "duplicate-member.geojson:8:67: the member \"title\" appears twice in the same object" },
  { "/dataset/hostile/trailing-comma", "trailing-comma.geojson",
    "trailing-comma.geojson:8:67: a comma must not come before \"}\"" },
  { "/dataset/hostile/trailing-garbage", "trailing-garbage.geojson",
    "trailing-garbage.geojson:12:1: expected the end of the file, found \"}\"" },
  { "/dataset/hostile/control-character", "control-character.geojson",
    "control-character.geojson:8:57: the control character U+0009 must be written as an "
    "escape (like \\n) in a string" },
  { "/dataset/hostile/bad-escape", "bad-escape.geojson",
    "bad-escape.geojson:8:58: unknown escape: a backslash followed by \"U\"" },
  { "/dataset/hostile/null-escape", "null-escape.geojson",
    "null-escape.geojson:8:58: \"\\u0000\" (a null character) is not allowed in text" },
  { "/dataset/hostile/lone-surrogate", "lone-surrogate.geojson",
    "lone-surrogate.geojson:8:59: \"\\ud800\" is half of a surrogate pair without its "
    "other half" },
  { "/dataset/hostile/hex-number", "hex-number.geojson",
    "hex-number.geojson:7:55: expected \",\" or \"]\", found \"x\"" },
  { "/dataset/hostile/leading-zero", "leading-zero.geojson",
    "leading-zero.geojson:7:54: a number must not start with 0 unless it is 0 (like 0.5)" },
  { "/dataset/hostile/nan", "nan-coordinates.geojson",
    "nan-coordinates.geojson:7:54: expected a value, found \"N\"" },
  { "/dataset/hostile/infinity", "infinite-coordinates.geojson",
    "infinite-coordinates.geojson:7:61: expected a digit, found \"I\"" },
  { "/dataset/hostile/huge-number", "huge-number.geojson",
    "huge-number.geojson:7:54: the number 1e400 is too large" },
  { "/dataset/hostile/huge-integer", "huge-integer.geojson",
    "huge-integer.geojson:7:54: the integer 123456789012345678901234567890 is too large to be "
    "read exactly" },
  { "/dataset/hostile/too-deep", "too-deep.geojson",
    "too-deep.geojson:9:79: arrays and objects are nested more than 64 deep" },
  /* json-glib alone would read both values, keep the second and leak the
   * first. */
  { "/dataset/errors/two-values", "two-values.geojson",
    "two-values.geojson:2:1: expected the end of the file, found \"{\"" },
  /* json-glib alone would decode half a surrogate pair, or an escape short
   * of hexadecimal digits, into bytes that are not UTF-8, and leaks when it
   * refuses a broken pair. */
  { "/dataset/errors/half-surrogate", "half-surrogate-pairs.geojson",
    "half-surrogate-pairs.geojson:3:18: "
    "\"\\ud800\" is half of a surrogate pair without its other half" },
  { "/dataset/errors/not-utf8", "not-utf8.geojson",
    "not-utf8.geojson:3:16: the file is not valid UTF-8" },
  { "/dataset/errors/empty", "empty.geojson",
    "empty.geojson: the file is empty" },
};

/* @display_name: (nullable): as for diplo_dataset_new_from_file_full() */
static DiploDataset *
load_fixture_named (const char  *name,
                    const char  *display_name,
                    GError     **error)
{
  g_autofree char *path = diplo_test_fixture_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return diplo_dataset_new_from_file_full (file, display_name, error);
}

static DiploDataset *
load_fixture (const char  *name,
              GError     **error)
{
  return load_fixture_named (name, NULL, error);
}

static DiploDataset *
load_valid_fixture (const char *name)
{
  g_autoptr(GError) error = NULL;
  DiploDataset *dataset = load_fixture (name, &error);

  g_assert_no_error (error);
  return dataset;
}

/* A load gave no dataset but @error, with the message @expected, or any
 * message when @expected is NULL. */
static void
assert_refused (DiploDataset *dataset,
                const GError *error,
                GQuark        domain,
                int           code,
                const char   *expected)
{
  g_assert_null (dataset);
  g_assert_error (error, domain, code);
  if (expected != NULL)
    g_assert_cmpstr (error->message, ==, expected);
}

static void
assert_file_refused (GFile      *file,
                     GQuark      domain,
                     int         code,
                     const char *expected)
{
  g_autoptr(DiploDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;

  dataset = diplo_dataset_new_from_file (file, &error);
  assert_refused (dataset, error, domain, code, expected);
}

static void
assert_fixture_refused (const char *fixture,
                        int         code,
                        const char *expected)
{
  g_autoptr(DiploDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;

  dataset = load_fixture (fixture, &error);
  assert_refused (dataset, error, DIPLO_DATASET_ERROR, code, expected);
}

/* Loads @text as the file @name, which must be refused with @code and,
 * unless NULL, the message @expected. */
static void
assert_text_refused (const char *text,
                     const char *name,
                     int         code,
                     const char *expected)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));
  g_autoptr(DiploDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;

  dataset = diplo_dataset_new_from_bytes (bytes, name, &error);
  assert_refused (dataset, error, DIPLO_DATASET_ERROR, code, expected);
}

/* Returns a borrowed event: the dataset keeps it alive. */
static DiploEvent *
find_event (DiploDataset *dataset,
            const char   *id)
{
  GListModel *events = diplo_dataset_get_events (dataset);

  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(DiploEvent) event = g_list_model_get_item (events, i);

      if (g_strcmp0 (diplo_event_get_id (event), id) == 0)
        return event;
    }

  return NULL;
}

static void
test_error_case (gconstpointer data)
{
  const ErrorCase *error_case = data;

  assert_fixture_refused (error_case->fixture, DIPLO_DATASET_ERROR_INVALID,
                          error_case->expected);
}

/* Every input the fuzzer once failed on (tests/fuzz/regressions) must now
 * load or be refused with a readable message, and give only valid text. */
static void
test_fuzz_regressions (void)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "fuzz", "regressions",
                                                     "dataset", NULL);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  guint n_inputs = 0;

  dir = g_dir_open (dir_path, 0, &error);
  g_assert_no_error (error);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(DiploDataset) dataset = NULL;
      g_autoptr(GError) load_error = NULL;

      g_test_message ("%s", name);
      dataset = diplo_dataset_new_from_file (file, &load_error);
      n_inputs++;

      if (dataset == NULL)
        {
          g_assert_nonnull (load_error);
          g_assert_true (load_error->domain == DIPLO_DATASET_ERROR);
          g_assert_true (g_utf8_validate (load_error->message, -1, NULL));
          continue;
        }

      for (guint i = 0; i < g_list_model_get_n_items (diplo_dataset_get_events (dataset)); i++)
        {
          g_autoptr(DiploEvent) event = g_list_model_get_item (diplo_dataset_get_events (dataset), i);

          g_assert_true (g_utf8_validate (diplo_event_get_id (event), -1, NULL));
          g_assert_true (g_utf8_validate (diplo_event_get_title (event), -1, NULL));
        }
    }

  g_assert_cmpuint (n_inputs, >, 0);
}

/* json-glib alone decodes a \u escape short of hexadecimal digits and an
 * octal escape into bytes that are not UTF-8, and takes any other letter
 * after a backslash for itself. */
static void
test_error_bad_escapes (void)
{
  const struct {
    const char *escape;
    const char *expected;
  } cases[] = {
    { "\\ud80u0", "escape.geojson:1:41: \"\\u\" must be followed by four hexadecimal digits" },
    { "\\202", "escape.geojson:1:41: unknown escape: a backslash followed by \"2\"" },
    { "\\x41", "escape.geojson:1:41: unknown escape: a backslash followed by \"x\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"type\": \"FeatureCollection\", "
                                               "\"title\": \"%s\", \"features\": []}",
                                               cases[i].escape);

      g_test_message ("%s", cases[i].escape);
      assert_text_refused (json, "escape.geojson", DIPLO_DATASET_ERROR_PARSE, cases[i].expected);
    }
}

static void
test_parse_case (gconstpointer data)
{
  const ErrorCase *parse_case = data;

  assert_fixture_refused (parse_case->fixture, DIPLO_DATASET_ERROR_PARSE, parse_case->expected);
}

static void
test_error_syntax (void)
{
  g_autoptr(DiploDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;

  dataset = load_fixture ("syntax-error.geojson", &error);

  assert_refused (dataset, error, DIPLO_DATASET_ERROR, DIPLO_DATASET_ERROR_PARSE, NULL);
  /* The rest of the message is json-glib's. */
  g_assert_true (g_str_has_prefix (error->message, "syntax-error.geojson:4:"));
  g_assert_null (strstr (error->message, "<data>"));
}

static void
test_error_syntax_position (void)
{
  const char *text = "{\n  \"type\": \"FeatureCollection\",\n  \"features\": [ ]\n}\n@";
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));
  g_autoptr(DiploDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;

  dataset = diplo_dataset_new_from_bytes (bytes, "inline.geojson", &error);

  assert_refused (dataset, error, DIPLO_DATASET_ERROR, DIPLO_DATASET_ERROR_PARSE, NULL);
  g_assert_true (g_str_has_prefix (error->message, "inline.geojson:5:"));
}

static void
test_error_missing_file (void)
{
  g_autoptr(DiploDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;

  dataset = load_fixture ("no-such-file.geojson", &error);

  assert_refused (dataset, error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, NULL);
  /* Like every other message of the loader, not only by GIO's full path */
  g_assert_true (g_str_has_prefix (error->message, "no-such-file.geojson: "));
}

static void
test_error_missing_file_named (void)
{
  g_autoptr(DiploDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;

  dataset = load_fixture_named ("no-such-file.geojson", "typed/no-such-file.geojson", &error);

  assert_refused (dataset, error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, NULL);
  g_assert_true (g_str_has_prefix (error->message, "typed/no-such-file.geojson: "));
}

/* A file of @size bytes that is all hole, so that it takes no room on disk */
static GFile *
create_sparse_file (const char *name,
                    goffset     size)
{
  g_autofree char *path = diplo_test_cache_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  g_seekable_truncate (G_SEEKABLE (stream), size, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&file);
}

/* g_format_size() puts a no-break space before the unit. */
#define TOO_LARGE_MESSAGE ": the file is too large; a dataset may be at most 64.0\u00a0MiB"

static void
test_error_too_large (void)
{
  g_autoptr(GFile) file = create_sparse_file ("huge.geojson",
                                              DIPLO_DATASET_MAX_SIZE + 1024 * 1024);
  assert_file_refused (file, DIPLO_DATASET_ERROR, DIPLO_DATASET_ERROR_TOO_LARGE,
                       "huge.geojson" TOO_LARGE_MESSAGE);

  g_file_delete (file, NULL, NULL);
}

/* A device tells no size and may never end; a FIFO would block the open
 * until a writer comes. Both are refused before they are opened. */
static void
test_error_device (void)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/dev/zero");
  g_autoptr(DiploDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_file_test ("/dev/zero", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("There is no /dev/zero");
      return;
    }

  dataset = diplo_dataset_new_from_file_full (file, "zero", &error);

  assert_refused (dataset, error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                  "zero: this is a special file (a pipe, a socket or a device), "
                  "not a dataset file");
}

static GFile *
create_fifo (void)
{
  g_autofree char *path = diplo_test_cache_path ("fifo.geojson");

  if (mkfifo (path, 0600) != 0)
    return NULL;

  return g_file_new_for_path (path);
}

/* Were it opened, no writer would ever come and the test would hang. */
static void
test_hostile_fifo (void)
{
  g_autoptr(GFile) file = create_fifo ();

  if (file == NULL)
    {
      g_test_skip ("FIFOs can't be made here");
      return;
    }

  assert_file_refused (file, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                       "fifo.geojson: this is a special file (a pipe, a socket or a device), "
                       "not a dataset file");

  g_file_delete (file, NULL, NULL);
}

static void
test_hostile_directory (void)
{
  g_autoptr(DiploDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;

  dataset = load_fixture_named (".", "data", &error);

  assert_refused (dataset, error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                  "data: this is a folder, not a dataset file");
}

/* Running as root, as in some containers, reads the file anyway: then
 * there is nothing to test, and the test says so. */
static void
test_hostile_unreadable (void)
{
  g_autoptr(GFile) file =
    diplo_test_write_cache_file ("unreadable.geojson",
                                 "{\"type\": \"FeatureCollection\", \"features\": []}", -1);
  g_autofree char *path = g_file_get_path (file);

  g_assert_cmpint (g_chmod (path, 0), ==, 0);
  if (g_access (path, R_OK) == 0)
    {
      g_test_skip ("A file without read permission can still be read here (running as root)");
      g_file_delete (file, NULL, NULL);
      return;
    }

  assert_file_refused (file, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                       "unreadable.geojson: you are not allowed to read this file");

  g_file_delete (file, NULL, NULL);
}

/* json-glib 1.6 overflows its stack near 100,000 levels. */
static void
test_hostile_deep_nesting (void)
{
  const guint depth = 100000;
  g_autoptr(GString) arrays = g_string_sized_new (2 * depth);
  g_autoptr(GString) objects = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append_c (arrays, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (arrays, ']');
  assert_text_refused (arrays->str, "arrays.geojson", DIPLO_DATASET_ERROR_PARSE,
                       "arrays.geojson:1:65: arrays and objects are nested more than 64 deep");

  /* Unclosed, too: a truncated file of a million levels */
  g_string_append (objects, "{\"type\": \"FeatureCollection\", \"features\": [\n");
  for (guint i = 0; i < depth; i++)
    g_string_append (objects, "{\"a\":");
  assert_text_refused (objects->str, "objects.geojson", DIPLO_DATASET_ERROR_PARSE,
                       "objects.geojson:2:311: arrays and objects are nested more than 64 deep");
}

/* json-glib keeps the last of two members silently. Names are compared as
 * decoded, in small objects and in large ones alike, and the same name in
 * two objects is no duplicate. */
static void
test_hostile_duplicate_members (void)
{
  g_autoptr(GString) wide = g_string_new ("{\"type\": \"FeatureCollection\", \"features\": [], "
                                          "\"foreign\": {\"type\": 1");

  assert_text_refused ("{\"type\": \"FeatureCollection\", \"features\": [], \"\\u0066eatures\": 1}",
                       "inline.geojson", DIPLO_DATASET_ERROR_PARSE,
                       "inline.geojson:1:47: the member \"features\" appears twice in the "
                       "same object");

  /* Past the size where a hash table takes over from a search in order */
  for (guint i = 0; i < 100; i++)
    g_string_append_printf (wide, ", \"m%u\": {\"type\": %u}", i, i);
  g_string_append (wide, ", \"m7\": 0}}");
  assert_text_refused (wide->str, "inline.geojson", DIPLO_DATASET_ERROR_PARSE,
                       "inline.geojson:1:2150: the member \"m7\" appears twice in the same "
                       "object");
}

/* The check takes the plain text of strings eight bytes at a time: what
 * ends it (a quote, a backslash, a control character) must be found at
 * every position, after every kind of byte, so that the line and column
 * are those of the character itself. The text before it mixes bytes one
 * above each of those that stop the scan, DEL and a two-byte character. */
static void
test_strict_string_scan (void)
{
  static const char * const pieces[] = { "a", "!", "#", "]", "\x7f", "\xc3\xa9", "~", "[" };
  const struct {
    const char *stop;
    const char *after;
    const char *message;
    guint       column_offset;
  } stops[] = {
    /* The string ends there, and “@” is refused after it. */
    { "\"", "@]", "expected \",\" or \"]\", found \"@\"", 1 },
    { "\\q", "\"]", "unknown escape: a backslash followed by \"q\"", 0 },
    { "\x01", "\"]", "the control character U+0001 must be written as an escape (like \\n) "
      "in a string", 0 },
    { "\x1f", "\"]", "the control character U+001F must be written as an escape (like \\n) "
      "in a string", 0 },
  };

  for (guint n = 0; n <= 24; n++)
    for (guint s = 0; s < G_N_ELEMENTS (stops); s++)
      {
        g_autoptr(GString) text = g_string_new ("[\"");
        g_autoptr(GError) error = NULL;
        g_autofree char *expected = NULL;

        for (guint i = 0; i < n; i++)
          g_string_append (text, pieces[(i + s) % G_N_ELEMENTS (pieces)]);
        g_string_append (text, stops[s].stop);
        g_string_append (text, stops[s].after);

        /* The text starts at column 3, each piece one character. */
        expected = g_strdup_printf ("scan.json:1:%u: %s", 3 + n + stops[s].column_offset,
                                    stops[s].message);
        g_assert_false (diplo_json_check (text->str, text->len, "scan.json", &error));
        g_assert_error (error, DIPLO_DATASET_ERROR, DIPLO_DATASET_ERROR_PARSE);
        g_assert_cmpstr (error->message, ==, expected);

        /* Without what follows it, a string that ends is fine. */
        if (s == 0)
          {
            g_string_truncate (text, text->len - strlen (stops[s].after));
            g_string_append_c (text, ']');
            g_assert_true (diplo_json_check (text->str, text->len, "scan.json", NULL));
          }
      }
}

/* The loader takes ASCII eight bytes at a time before it validates UTF-8:
 * a bad sequence or a null byte must be found where g_utf8_validate_len ()
 * finds it, at every position, after ASCII or after other characters. */
static void
test_strict_utf8_scan (void)
{
  static const char * const pieces[] = { "a", "\xc3\xa9", "\x7f", "\xe4\xb8\xad", "~",
                                         "\xf0\x9f\x98\x80" };
  static const char * const bad[] = {
    "\xff", "\x80", "\xc3", "\xc3" "a", "\xe4\xb8", "\xed\xa0\x80", "\xc0\xaf", "\xf4\x90\x80\x80",
  };

  for (guint n = 0; n <= 20; n++)
    for (guint b = 0; b <= G_N_ELEMENTS (bad); b++)
      {
        g_autoptr(GString) text = g_string_new (NULL);
        const char *end = NULL, *expected_end = NULL;
        gboolean valid, expected_valid;

        for (guint i = 0; i < n; i++)
          g_string_append (text, pieces[(i + b) % G_N_ELEMENTS (pieces)]);
        /* The last case is a null byte. */
        if (b < G_N_ELEMENTS (bad))
          g_string_append (text, bad[b]);
        else
          g_string_append_c (text, '\0');
        g_string_append (text, "tail \xc3\xa9 text");

        valid = diplo_json_validate_utf8 (text->str, text->len, &end);
        expected_valid = g_utf8_validate_len (text->str, text->len, &expected_end);
        g_assert_false (expected_valid);
        g_assert_cmpint (valid, ==, expected_valid);
        g_assert_cmpint (end - text->str, ==, expected_end - text->str);

        /* And the same text without the bad part is valid. */
        g_string_truncate (text, 0);
        for (guint i = 0; i < n; i++)
          g_string_append (text, pieces[(i + b) % G_N_ELEMENTS (pieces)]);
        g_assert_true (diplo_json_validate_utf8 (text->str, text->len, &end));
        g_assert_true (end == text->str + text->len);
      }
}

/* Dates are read with arithmetic of their own instead of a GDate for each:
 * every day, and every day that is not one, must read as GDate has it,
 * over leap years of every kind and the ends of the range. */
static void
test_dates_as_gdate (void)
{
  static const struct { int first, last; } years[] = {
    { 1, 30 }, { 96, 104 }, { 396, 404 }, { 1580, 1620 }, { 1890, 2110 }, { 2396, 2404 },
    { 9990, 9999 },
  };

  for (guint r = 0; r < G_N_ELEMENTS (years); r++)
    for (int year = years[r].first; year <= years[r].last; year++)
      for (int month = 0; month <= 13; month++)
        for (int day = 0; day <= 32; day++)
          {
            char text[16];
            DiploDatePrecision precision;
            guint julian_day = 0;
            gboolean valid = month >= 1 && month <= 12 && day >= 1
                             && g_date_valid_dmy (day, month, year);

            g_snprintf (text, sizeof text, "%04d-%02d-%02d", year, month, day);
            g_assert_cmpint (diplo_date_parse (text, &julian_day, &precision), ==, valid);
            if (valid)
              {
                g_autoptr(GDate) date = g_date_new_dmy (day, month, year);

                g_assert_cmpuint (julian_day, ==, g_date_get_julian (date));
                g_assert_cmpint (precision, ==, DIPLO_DATE_PRECISION_DAY);
              }

            if (day != 1)
              continue;

            g_snprintf (text, sizeof text, "%04d-%02d", year, month);
            g_assert_cmpint (diplo_date_parse (text, &julian_day, &precision), ==, valid);
            if (valid)
              {
                g_autoptr(GDate) date = g_date_new_dmy (1, month, year);

                g_assert_cmpuint (julian_day, ==, g_date_get_julian (date));
                g_assert_cmpint (precision, ==, DIPLO_DATE_PRECISION_MONTH);
              }
          }

  g_assert_false (diplo_date_parse ("0000-01-01", NULL, NULL));
  g_assert_false (diplo_date_parse ("0000-01", NULL, NULL));
}

static int
compare_event_pointers (gconstpointer a,
                        gconstpointer b,
                        gpointer      user_data)
{
  return diplo_event_compare (*(DiploEvent * const *)a, *(DiploEvent * const *)b, user_data);
}

/* The loader sorts its events by day a byte at a time, then by title with
 * keys of its own: the order must be that of diplo_event_compare () for
 * days in every byte, clustered or spread, the largest ones included, and
 * for titles that collate alike in other forms. */
static void
test_sort_as_compare (void)
{
  /* ASCII and not, and texts that collate alike only in normal form KC:
   * a ligature, a full-width letter, a decomposed accent. */
  static const char * const titles[] = {
    "Alpha", "alpha", "\u00c9lan", "E\u0301lan", "Beta", "Zebra", "\u00c4rger", "delta",
    "fire", "\ufb01re", "\uff21lpha", "stra\u00dfe", "strasse", "Z\u00fcrich", "",
  };
  static const guint spreads[] = { 1, 40, 300, 70000, 20000000, G_MAXUINT - 1 };
  g_autoptr(GPtrArray) sorted = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) expected = g_ptr_array_new ();

  for (guint i = 0; i < 6000; i++)
    {
      guint spread = spreads[i % G_N_ELEMENTS (spreads)];
      g_autofree char *id = g_strdup_printf ("id-%06d-%u",
                                              g_test_rand_int_range (0, 1000000), i);
      DiploEventInit init = {
        .id = id,
        .title = titles[g_test_rand_int_range (0, G_N_ELEMENTS (titles))],
        .start_day = 1 + (guint32)g_test_rand_int () % spread,
      };

      g_ptr_array_add (sorted, diplo_event_new (&init));
    }
  g_ptr_array_extend (expected, sorted, NULL, NULL);
  g_ptr_array_sort_with_data (expected, compare_event_pointers, NULL);

  diplo_event_sort ((DiploEvent **)sorted->pdata, sorted->len);

  for (guint i = 0; i < sorted->len; i++)
    g_assert_true (g_ptr_array_index (sorted, i) == g_ptr_array_index (expected, i));
}

/* A right-to-left override in a quoted value or an id would turn the rest
 * of the message around: it is isolated, and the file's text kept as is. */
static void
test_hostile_bidi_override_in_message (void)
{
  const char *text =
    "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", "
    "\"id\": \"\\u202eid\", \"geometry\": null, \"properties\": {\"start\": \"2023-01-01\", "
    "\"title\": \"T\", \"country\": \"\\u202eNC\"}}]}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));
  g_autoptr(DiploDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;

  dataset = diplo_dataset_new_from_bytes (bytes, "bidi.geojson", &error);

  g_assert_error (error, DIPLO_DATASET_ERROR, DIPLO_DATASET_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "bidi.geojson: feature 0 (\"\u200e\u2068\u202eid\u2069\"): properties.country: "
                   "\"\u200e\u2068\u202eNC\u2069\" is not an ISO 3166-1 alpha-2 code such as \"CN\"");
}

/* Exactly the limit is fine: the check must not refuse real data. */
static void
test_hostile_deepest_allowed (void)
{
  g_autoptr(GString) text = g_string_new ("{\"type\": \"FeatureCollection\", \"features\": [], "
                                          "\"foreign\": ");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(DiploDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 1; i < DIPLO_JSON_MAX_DEPTH; i++)
    g_string_append_c (text, '[');
  for (guint i = 1; i < DIPLO_JSON_MAX_DEPTH; i++)
    g_string_append_c (text, ']');
  g_string_append_c (text, '}');
  bytes = g_bytes_new_static (text->str, text->len);

  dataset = diplo_dataset_new_from_bytes (bytes, "deep.geojson", &error);

  g_assert_no_error (error);
  g_assert_nonnull (dataset);
}

static GBytes *
build_one_event (const char *id,
                 const char *title)
{
  g_autofree char *text = g_strdup_printf ("{\"type\": \"FeatureCollection\", \"features\": ["
                                           "{\"type\": \"Feature\", \"id\": \"%s\", "
                                           "\"geometry\": null, \"properties\": "
                                           "{\"start\": \"2023-03-01\", \"title\": \"%s\"}}]}",
                                           id, title);

  return g_bytes_new_take (g_steal_pointer (&text), strlen (text));
}

/* A label laid out with a megabyte of text would freeze the window; a
 * message quoting it would be a megabyte too. */
static void
test_hostile_long_text (void)
{
  g_autofree char *long_text = g_strnfill (1024 * 1024, 'x');
  g_autofree char *at_limit = g_strnfill (1000, 'y');
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(DiploDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;

  bytes = build_one_event ("long", long_text);
  dataset = diplo_dataset_new_from_bytes (bytes, "long.geojson", &error);

  assert_refused (dataset, error, DIPLO_DATASET_ERROR, DIPLO_DATASET_ERROR_INVALID,
                  "long.geojson: feature 0 (\"long\"): properties.title: the text is 1048576 "
                  "characters long; at most 1000 are allowed");

  /* A long id is refused too, and cut short where the message names it */
  g_clear_error (&error);
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = build_one_event (long_text, "Title");
  dataset = diplo_dataset_new_from_bytes (bytes, "long-id.geojson", &error);

  assert_refused (dataset, error, DIPLO_DATASET_ERROR, DIPLO_DATASET_ERROR_INVALID, NULL);
  g_assert_cmpuint (strlen (error->message), <, 300);
  g_assert_true (g_str_has_suffix (error->message,
                                   "…\"): id: the text is 1048576 characters long; "
                                   "at most 1000 are allowed"));

  /* Characters are counted, not bytes, and the limit itself is allowed */
  g_clear_error (&error);
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = build_one_event ("accents", "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9");
  dataset = diplo_dataset_new_from_bytes (bytes, "accents.geojson", &error);
  g_assert_no_error (error);
  g_clear_object (&dataset);

  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = build_one_event ("limit", at_limit);
  dataset = diplo_dataset_new_from_bytes (bytes, "limit.geojson", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (diplo_event_get_title (find_event (dataset, "limit")), ==, at_limit);
}

/* A bad value is quoted short in the message, which stays readable. */
static void
test_hostile_long_quoted_value (void)
{
  g_autofree char *long_date = g_strnfill (900, '2');
  g_autofree char *text = g_strdup_printf ("{\"type\": \"FeatureCollection\", \"features\": ["
                                           "{\"type\": \"Feature\", \"id\": \"d\", "
                                           "\"geometry\": null, \"properties\": "
                                           "{\"start\": \"%s\", \"title\": \"T\"}}]}",
                                           long_date);
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));
  g_autoptr(DiploDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;

  dataset = diplo_dataset_new_from_bytes (bytes, "date.geojson", &error);

  assert_refused (dataset, error, DIPLO_DATASET_ERROR, DIPLO_DATASET_ERROR_INVALID, NULL);
  g_assert_cmpuint (strlen (error->message), <, 300);
  g_assert_true (g_str_has_suffix (error->message, "222…\" is not a valid date"));
}

/* A file that starts as a dataset and goes on for 200 MB, all but its
 * first bytes a hole on disk: refused by its size before a byte is read,
 * rather than parsed for seconds into more than a gigabyte of memory. */
static GFile *
create_200_mb_file (void)
{
  static const char prefix[] = "{\"type\": \"FeatureCollection\", \"features\": [";
  g_autofree char *path = diplo_test_cache_path ("200mb.geojson");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (G_OUTPUT_STREAM (stream), prefix, strlen (prefix), NULL, NULL,
                             &error);
  g_assert_no_error (error);
  g_seekable_truncate (G_SEEKABLE (stream), 200 * 1000 * 1000, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&file);
}

static void
test_hostile_200_mb (void)
{
  g_autoptr(GFile) file = create_200_mb_file ();
  assert_file_refused (file, DIPLO_DATASET_ERROR, DIPLO_DATASET_ERROR_TOO_LARGE,
                       "200mb.geojson" TOO_LARGE_MESSAGE);

  g_file_delete (file, NULL, NULL);
}

/* Absent and null both leave an optional member unset; null is the wrong
 * type for a required one. */
static void
test_error_null_members (void)
{
  const char *text =
    "{\"type\": \"FeatureCollection\", \"title\": null, \"features\": ["
    " {\"type\": \"Feature\", \"id\": \"n\", \"geometry\": null,"
    " \"properties\": {\"start\": \"2023-01-01\", \"end\": null, \"title\": null,"
    " \"place\": null, \"kind\": null, \"country\": null}}]}";

  assert_text_refused (text, "null.geojson", DIPLO_DATASET_ERROR_INVALID,
                       "null.geojson: feature 0 (\"n\"): properties.title: "
                       "expected a string, found null");
}

static GBytes *
build_collection (guint       n_features,
                  const char *start)
{
  g_autoptr(GString) text = g_string_new ("{\"type\": \"FeatureCollection\", \"features\": [");

  for (guint i = 0; i < n_features; i++)
    g_string_append_printf (text,
                            "%s{\"type\": \"Feature\", \"id\": \"e%u\", \"geometry\": null, "
                            "\"properties\": {\"start\": \"%s\", \"title\": \"Event %u\"}}",
                            i > 0 ? ", " : "", i, start, i);

  g_string_append (text, "]}");

  return g_string_free_to_bytes (g_steal_pointer (&text));
}

static void
test_error_cap (void)
{
  guint n_features = DIPLO_DATASET_MAX_REPORTED_ERRORS + 7;
  g_autoptr(GBytes) bytes = build_collection (n_features, "2023-02-30");
  g_autoptr(DiploDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last_reported = NULL;

  dataset = diplo_dataset_new_from_bytes (bytes, "many.geojson", &error);

  assert_refused (dataset, error, DIPLO_DATASET_ERROR, DIPLO_DATASET_ERROR_INVALID, NULL);

  lines = g_strsplit (error->message, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, DIPLO_DATASET_MAX_REPORTED_ERRORS + 1);

  first = g_strdup ("many.geojson: feature 0 (\"e0\"): properties.start: "
                    "\"2023-02-30\" is not a valid date");
  last_reported = g_strdup_printf ("many.geojson: feature %u (\"e%u\"): properties.start: "
                                   "\"2023-02-30\" is not a valid date",
                                   DIPLO_DATASET_MAX_REPORTED_ERRORS - 1,
                                   DIPLO_DATASET_MAX_REPORTED_ERRORS - 1);
  g_assert_cmpstr (lines[0], ==, first);
  g_assert_cmpstr (lines[DIPLO_DATASET_MAX_REPORTED_ERRORS - 1], ==, last_reported);
  g_assert_cmpstr (lines[DIPLO_DATASET_MAX_REPORTED_ERRORS], ==, "… and 7 more errors");
}

static void
test_error_cap_singular (void)
{
  g_autoptr(GBytes) bytes = build_collection (DIPLO_DATASET_MAX_REPORTED_ERRORS + 1, "2023");
  g_autoptr(DiploDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;

  dataset = diplo_dataset_new_from_bytes (bytes, "many.geojson", &error);

  g_assert_error (error, DIPLO_DATASET_ERROR, DIPLO_DATASET_ERROR_INVALID);
  g_assert_true (g_str_has_suffix (error->message, "\n… and 1 more error"));
}

static void
test_error_exactly_at_cap (void)
{
  g_autoptr(GBytes) bytes = build_collection (DIPLO_DATASET_MAX_REPORTED_ERRORS, "2023");
  g_autoptr(DiploDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;

  dataset = diplo_dataset_new_from_bytes (bytes, "many.geojson", &error);

  g_assert_error (error, DIPLO_DATASET_ERROR, DIPLO_DATASET_ERROR_INVALID);
  lines = g_strsplit (error->message, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, DIPLO_DATASET_MAX_REPORTED_ERRORS);
  g_assert_null (strstr (error->message, "more error"));
}

static void
test_valid_round_trip (void)
{
  const char *participants[] = { "Première Personne", "Second Person", NULL };
  g_autoptr(DiploDataset) dataset = load_valid_fixture ("valid-all-fields.geojson");
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  DiploEvent *event;
  double latitude, longitude;

  g_assert_cmpstr (diplo_dataset_get_title (dataset), ==, "Every field");
  g_assert_cmpstr (diplo_dataset_get_attribution (dataset), ==, "Written by hand for the tests");
  g_assert_cmpstr (diplo_dataset_get_display_name (dataset), ==, "valid-all-fields.geojson");
  g_assert_cmpuint (g_list_model_get_n_items (diplo_dataset_get_events (dataset)), ==, 3);

  event = find_event (dataset, "full");
  g_assert_nonnull (event);
  start = diplo_event_dup_iso_start (event);
  end = diplo_event_dup_iso_end (event);
  g_assert_cmpstr (start, ==, "2023-03-30");
  g_assert_cmpstr (end, ==, "2023-04-02");
  g_assert_cmpint (diplo_event_get_start_precision (event), ==, DIPLO_DATE_PRECISION_DAY);
  g_assert_cmpstr (diplo_event_get_title (event), ==, "An event with every field");
  g_assert_cmpstr (diplo_event_get_place (event), ==, "Paris");
  g_assert_cmpstr (diplo_event_get_country (event), ==, "FR");
  g_assert_cmpint (diplo_event_get_kind (event), ==, DIPLO_EVENT_KIND_STATE_VISIT);
  g_assert_cmpstrv (diplo_event_get_participants (event), participants);
  g_assert_cmpstr (diplo_event_get_summary (event), ==,
                   "Plain text with <b>angle brackets</b> & an ampersand.");
  g_assert_cmpstr (diplo_event_get_source (event), ==, "A source, 2024");
  /* [longitude, latitude, altitude] in the file. */
  g_assert_true (diplo_event_get_location (event, &latitude, &longitude));
  g_assert_cmpfloat (latitude, ==, 48.8566);
  g_assert_cmpfloat (longitude, ==, 2.3522);
}

static void
test_valid_numeric_id_and_months (void)
{
  g_autoptr(DiploDataset) dataset = load_valid_fixture ("valid-all-fields.geojson");
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  DiploEvent *event;

  event = find_event (dataset, "42");
  g_assert_nonnull (event);
  start = diplo_event_dup_iso_start (event);
  end = diplo_event_dup_iso_end (event);
  g_assert_cmpstr (start, ==, "2023-04");
  g_assert_cmpstr (end, ==, "2023-05");
  g_assert_cmpint (diplo_event_get_start_precision (event), ==, DIPLO_DATE_PRECISION_MONTH);
  g_assert_cmpint (diplo_event_get_kind (event), ==, DIPLO_EVENT_KIND_CALL);
  g_assert_false (diplo_event_get_has_location (event));
}

static void
test_valid_defaults (void)
{
  g_autoptr(DiploDataset) dataset = load_valid_fixture ("valid-all-fields.geojson");
  DiploEvent *event;

  /* The feature without an id is feature 2 of the file. */
  event = find_event (dataset, "feature-2");
  g_assert_nonnull (event);
  g_assert_cmpint (diplo_event_get_kind (event), ==, DIPLO_EVENT_KIND_OTHER);
  g_assert_null (diplo_event_get_place (event));
  g_assert_null (diplo_event_get_country (event));
  g_assert_null (diplo_event_get_summary (event));
  g_assert_null (diplo_event_get_participants (event)[0]);
  g_assert_false (diplo_event_has_end (event));
}

/* Many editors write a byte order mark; it is skipped, not an error. */
static void
test_valid_bom (void)
{
  g_autoptr(DiploDataset) dataset = load_valid_fixture ("bom.geojson");

  g_assert_nonnull (find_event (dataset, "bom"));
}

/* Markup and entities are text like any other, kept as written. */
static void
test_valid_markup_is_text (void)
{
  const char *participants[] = { "<u>Someone</u>", NULL };
  g_autoptr(DiploDataset) dataset = load_valid_fixture ("markup-title.geojson");
  DiploEvent *event;

  g_assert_cmpstr (diplo_dataset_get_title (dataset), ==,
                   "<b>Title</b> &amp; <span foreground=\"red\">more</span>");
  g_assert_cmpstr (diplo_dataset_get_attribution (dataset), ==, "<i>Someone</i> &copy;");
  event = find_event (dataset, "markup");
  g_assert_cmpstr (diplo_event_get_title (event), ==,
                   "<b>Bold</b> &amp; <span foreground=\"red\">red</span> &lt;");
  g_assert_cmpstr (diplo_event_get_place (event), ==, "<i>Paris</i> & co");
  g_assert_cmpstrv (diplo_event_get_participants (event), participants);
  g_assert_cmpstr (diplo_event_get_summary (event), ==,
                   "<a href=\"https://example.org\">a link</a> &#x41;");
  g_assert_cmpstr (diplo_event_get_source (event), ==, "https://example.org/<script>");
}

/* Valid JSON that is odd still reads exactly: escapes, surrogate pairs,
 * direction overrides, negative zero, exponents, bounds of the map. */
static void
test_valid_odd_text (void)
{
  g_autoptr(DiploDataset) dataset = load_valid_fixture ("valid-odd-text.geojson");
  DiploEvent *event;
  double latitude, longitude;

  g_assert_cmpuint (g_list_model_get_n_items (diplo_dataset_get_events (dataset)), ==, 5);

  event = find_event (dataset, "rtl");
  g_assert_cmpstr (diplo_event_get_title (event), ==, "\u202eevil.exe\u202c reversed");
  g_assert_true (diplo_event_get_location (event, &latitude, &longitude));
  g_assert_cmpfloat (latitude, ==, 0.0);
  g_assert_cmpfloat (longitude, ==, 0.0);

  event = find_event (dataset, "lines");
  g_assert_cmpstr (diplo_event_get_title (event), ==, "First line\nsecond line\ttab");
  g_assert_true (diplo_event_get_location (event, &latitude, &longitude));
  g_assert_cmpfloat (latitude, ==, 90.0);
  g_assert_cmpfloat (longitude, ==, 180.0);

  event = find_event (dataset, "pair");
  g_assert_cmpstr (diplo_event_get_title (event), ==, "An emoji \U0001F30D and \u00e9");

  event = find_event (dataset, "escaped-key");
  g_assert_cmpstr (diplo_event_get_title (event), ==, "A \"quoted\" title / slash");
  g_assert_cmpstr (diplo_event_get_place (event), ==, "Escaped member name");

  /* 1e2 is a number, and the id is the number as a double writes it */
  event = find_event (dataset, "100");
  g_assert_nonnull (event);
  g_assert_true (diplo_event_get_location (event, &latitude, &longitude));
  g_assert_cmpfloat (latitude, ==, 45.0);
  g_assert_cmpfloat (longitude, ==, 15.0);
}

static void
test_generated_ids (void)
{
  g_autoptr(DiploDataset) dataset = load_valid_fixture ("valid-generated-ids.geojson");
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  GListModel *events;

  events = diplo_dataset_get_events (dataset);
  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(DiploEvent) event = g_list_model_get_item (events, i);

      g_assert_true (g_hash_table_add (ids, (gpointer)diplo_event_get_id (event)));
    }

  /* "feature-1" and "feature-1-2" are taken by other features. */
  g_assert_cmpstr (diplo_event_get_title (find_event (dataset, "feature-1-3")), ==,
                   "Without an id");
  g_assert_cmpstr (diplo_event_get_title (find_event (dataset, "feature-3")), ==,
                   "Also without an id");
  g_assert_cmpstr (diplo_event_get_title (find_event (dataset, "feature-1")), ==,
                   "Declares the id a missing one would get");
}

static void
assert_sorted (GListModel *events)
{
  for (guint i = 1; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(DiploEvent) previous = g_list_model_get_item (events, i - 1);
      g_autoptr(DiploEvent) event = g_list_model_get_item (events, i);

      g_assert_cmpint (diplo_event_compare (previous, event, NULL), <, 0);
    }
}

static void
test_ordering (void)
{
  const char *expected[] = { "late", "q", "z", "a", "a2", "b" };
  g_autoptr(DiploDataset) dataset = load_valid_fixture ("unsorted.geojson");
  GListModel *events;

  events = diplo_dataset_get_events (dataset);
  g_assert_cmpuint (g_list_model_get_n_items (events), ==, G_N_ELEMENTS (expected));
  g_assert_true (g_list_model_get_item_type (events) == DIPLO_TYPE_EVENT);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(DiploEvent) event = g_list_model_get_item (events, i);

      g_assert_cmpstr (diplo_event_get_id (event), ==, expected[i]);
    }

  assert_sorted (events);
}

static void
test_foreign_members_ignored (void)
{
  const char *text =
    "{\"type\": \"FeatureCollection\", \"crs\": {\"x\": 1}, \"bbox\": [0, 0, 1, 1],"
    " \"features\": [{\"type\": \"Feature\", \"id\": 1, \"bbox\": [0, 0, 0, 0],"
    " \"geometry\": {\"type\": \"Point\", \"coordinates\": [0, 0], \"extra\": true},"
    " \"properties\": {\"start\": \"2023-01-01\", \"title\": \"T\", \"colour\": [1]},"
    " \"links\": null}]}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));
  g_autoptr(DiploDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;

  dataset = diplo_dataset_new_from_bytes (bytes, "foreign.geojson", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (diplo_dataset_get_events (dataset)), ==, 1);
  g_assert_null (diplo_dataset_get_title (dataset));
}

/* The features are read as they are parsed, from the outer array that is
 * the member "features" of the collection: not from another array before
 * it, even one named so deeper down, and whatever escapes its name has. */
static void
test_features_among_arrays (void)
{
  const char *text =
    "{\"type\": \"FeatureCollection\", \"bbox\": [0, 0, 1, 1],"
    " \"meta\": {\"features\": [1, 2], \"lists\": [[1], []]},"
    " \"feat\\u0075res\": [{\"type\": \"Feature\", \"id\": \"a\", \"geometry\": null,"
    " \"properties\": {\"start\": \"2023-01-01\", \"title\": \"A\", \"participants\": [\"x\"]}},"
    " {\"type\": \"Feature\", \"id\": \"b\", \"geometry\": null,"
    " \"properties\": {\"start\": \"2023-01-02\", \"title\": \"B\"}}],"
    " \"after\": [{\"not\": \"a feature\"}]}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));
  g_autoptr(DiploDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;

  dataset = diplo_dataset_new_from_bytes (bytes, "arrays.geojson", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (diplo_dataset_get_events (dataset)), ==, 2);
  g_assert_nonnull (find_event (dataset, "a"));
  g_assert_nonnull (find_event (dataset, "b"));
}

/* The problems of the document come before those of its features, as
 * ever, though the features are read while the document is parsed and
 * its members come after them in the file. */
static void
test_error_document_before_features (void)
{
  const char *text =
    "{\"features\": [{\"type\": \"Feature\", \"id\": \"x\", \"geometry\": null,"
    " \"properties\": {\"title\": \"T\"}}],"
    " \"title\": 5, \"type\": \"Feature\"}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));
  g_autoptr(DiploDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;

  dataset = diplo_dataset_new_from_bytes (bytes, "order.geojson", &error);

  g_assert_null (dataset);
  g_assert_error (error, DIPLO_DATASET_ERROR, DIPLO_DATASET_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "order.geojson: type: expected \"FeatureCollection\", found \"Feature\"\n"
                   "order.geojson: title: expected a string, found a number\n"
                   "order.geojson: feature 0 (\"x\"): properties.start: "
                   "required member is missing");
}

static void
test_empty_collection (void)
{
  g_autoptr(GBytes) bytes = build_collection (0, "2023-01-01");
  g_autoptr(DiploDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;

  dataset = diplo_dataset_new_from_bytes (bytes, "none.geojson", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (diplo_dataset_get_events (dataset)), ==, 0);
}

typedef struct
{
  const char *name;
  double      latitude;
  double      longitude;
} City;

static const City moscow = { "Moscow", 55.75, 37.62 };
static const City johannesburg = { "Johannesburg", -26.20, 28.05 };
static const City hanoi = { "Hanoi", 21.03, 105.85 };
static const City san_francisco = { "San Francisco", 37.77, -122.42 };
static const City xian = { "Xi'an", 34.34, 108.94 };
static const City jakarta = { "Jakarta", -6.21, 106.85 };
static const City beijing = { "Beijing", 39.90, 116.40 };
static const City hangzhou = { "Hangzhou", 30.27, 120.16 };

/* Every event whose place names @place_part is within half a degree of
 * @city, and there is at least one. */
static guint
assert_place_near (DiploDataset *dataset,
                   const char   *place_part,
                   const City   *city)
{
  GListModel *events = diplo_dataset_get_events (dataset);
  guint n_found = 0;

  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(DiploEvent) event = g_list_model_get_item (events, i);
      const char *place = diplo_event_get_place (event);
      double latitude, longitude;

      if (place == NULL || strstr (place, place_part) == NULL)
        continue;

      g_test_message ("%s: %s", diplo_event_get_id (event), place);
      g_assert_true (diplo_event_get_location (event, &latitude, &longitude));
      g_assert_cmpfloat (fabs (latitude - city->latitude), <, 0.5);
      g_assert_cmpfloat (fabs (longitude - city->longitude), <, 0.5);
      n_found++;
    }

  if (n_found == 0)
    g_error ("No event takes place in %s (%s)", place_part, city->name);

  return n_found;
}

static DiploDataset *
load_builtin (void)
{
  g_autoptr(GError) error = NULL;
  DiploDataset *dataset = diplo_dataset_new_builtin (&error);

  g_assert_no_error (error);
  g_assert_nonnull (dataset);

  return dataset;
}

static void
test_builtin_valid (void)
{
  g_autoptr(DiploDataset) dataset = load_builtin ();
  GListModel *events = diplo_dataset_get_events (dataset);

  g_assert_cmpstr (diplo_dataset_get_title (dataset), !=, NULL);
  g_assert_nonnull (strstr (diplo_dataset_get_attribution (dataset), "Xinhua"));
  g_assert_nonnull (strstr (diplo_dataset_get_attribution (dataset), "January 1, 2024"));
  g_assert_cmpuint (g_list_model_get_n_items (events), >, 0);
  assert_sorted (events);
}

static void
test_builtin_places (void)
{
  g_autoptr(DiploDataset) dataset = load_builtin ();
  double latitude;

  assert_place_near (dataset, "Kremlin", &moscow);
  assert_place_near (dataset, "Moscow", &moscow);
  assert_place_near (dataset, "Johannesburg", &johannesburg);
  assert_place_near (dataset, "Hanoi", &hanoi);
  assert_place_near (dataset, "Filoli", &san_francisco);
  assert_place_near (dataset, "Tang Paradise", &xian);
  assert_place_near (dataset, "Xi'an", &xian);
  assert_place_near (dataset, "Jakarta", &jakarta);
  assert_place_near (dataset, "Beijing", &beijing);
  assert_place_near (dataset, "Diaoyutai", &beijing);
  assert_place_near (dataset, "China National Convention Center", &beijing);
  assert_place_near (dataset, "Great Hall of the People", &beijing);
  assert_place_near (dataset, "Hangzhou", &hangzhou);

  /* Filoli is a country house south of the city, not the city itself. */
  g_assert_true (diplo_event_get_location (find_event (dataset, "2023-11-biden"),
                                           &latitude, NULL));
  g_assert_cmpfloat (latitude, <, san_francisco.latitude - 0.2);
}

static void
test_builtin_venues_distinct_from_cities (void)
{
  g_autoptr(DiploDataset) dataset = load_builtin ();
  const char *venues[] = { "2023-07-kissinger", "2023-10-brf", "2023-10-brf-opening" };
  double city_latitude, city_longitude;

  /* Named venues have their own coordinates, not the city centre's. */
  g_assert_true (diplo_event_get_location (find_event (dataset, "2023-03-saudi-iran"),
                                           &city_latitude, &city_longitude));
  for (guint i = 0; i < G_N_ELEMENTS (venues); i++)
    {
      double latitude, longitude;

      g_assert_true (diplo_event_get_location (find_event (dataset, venues[i]),
                                               &latitude, &longitude));
      g_assert_true (latitude != city_latitude || longitude != city_longitude);
    }
}

static void
test_builtin_without_location (void)
{
  g_autoptr(DiploDataset) dataset = load_builtin ();
  GListModel *events = diplo_dataset_get_events (dataset);
  guint n_calls = 0;

  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(DiploEvent) event = g_list_model_get_item (events, i);
      DiploEventKind kind = diplo_event_get_kind (event);

      if (kind == DIPLO_EVENT_KIND_CALL || kind == DIPLO_EVENT_KIND_VIRTUAL_SUMMIT)
        {
          g_assert_false (diplo_event_get_has_location (event));
          n_calls++;
        }
    }

  g_assert_cmpuint (n_calls, ==, 2);
}

static void
assert_dates (DiploDataset *dataset,
              const char   *id,
              const char   *start,
              const char   *end)
{
  DiploEvent *event = find_event (dataset, id);
  g_autofree char *event_start = NULL;
  g_autofree char *event_end = NULL;

  g_assert_nonnull (event);
  event_start = diplo_event_dup_iso_start (event);
  event_end = diplo_event_dup_iso_end (event);
  g_assert_cmpstr (event_start, ==, start);
  g_assert_cmpstr (event_end, ==, end);
}

static void
test_builtin_dates (void)
{
  g_autoptr(DiploDataset) dataset = load_builtin ();

  /* The article's own precision: days where it names them, months where
   * it says only "in April". */
  assert_dates (dataset, "2023-03-russia", "2023-03-20", "2023-03-21");
  assert_dates (dataset, "2023-08-south-africa", "2023-08-21", "2023-08-24");
  assert_dates (dataset, "2023-10-brf", "2023-10-17", "2023-10-18");
  assert_dates (dataset, "2023-12-vietnam", "2023-12-12", "2023-12-13");
  assert_dates (dataset, "2023-04-lula", "2023-04", NULL);
  assert_dates (dataset, "2023-06-honduras", "2023-06", NULL);
  assert_dates (dataset, "2023-09-maduro", "2023-09", NULL);
  assert_dates (dataset, "2023-12-eu", "2023-12", NULL);
  assert_dates (dataset, "2023-11-biden", "2023-11-15", NULL);
}

static void
test_builtin_text (void)
{
  const char *adopted[] = { "captivating", "landmark", "most important", "milestone" };
  g_autoptr(DiploDataset) dataset = load_builtin ();
  GListModel *events = diplo_dataset_get_events (dataset);

  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(DiploEvent) event = g_list_model_get_item (events, i);
      const char *summary = diplo_event_get_summary (event);
      g_autofree char *folded = NULL;

      g_test_message ("%s", diplo_event_get_id (event));
      g_assert_nonnull (summary);
      g_assert_nonnull (diplo_event_get_source (event));
      g_assert_nonnull (strstr (diplo_event_get_source (event), "Xinhua"));

      folded = g_utf8_casefold (summary, -1);
      for (guint j = 0; j < G_N_ELEMENTS (adopted); j++)
        g_assert_null (strstr (folded, adopted[j]));
    }
}

static void
test_language_rank (void)
{
  const char * const zh_cn[] = { "zh_CN.UTF-8", "zh_CN", "zh.UTF-8", "zh", "C", NULL };
  const char * const none[] = { NULL };

  g_assert_cmpint (diplo_language_rank ("zh", zh_cn), ==, 2);
  g_assert_cmpint (diplo_language_rank ("zh_CN", zh_cn), ==, 0);
  g_assert_cmpint (diplo_language_rank ("zh-CN", zh_cn), ==, 0);
  g_assert_cmpint (diplo_language_rank ("ZH-cn", zh_cn), ==, 0);
  g_assert_cmpint (diplo_language_rank ("zh-TW", zh_cn), ==, -1);
  g_assert_cmpint (diplo_language_rank ("z", zh_cn), ==, -1);
  g_assert_cmpint (diplo_language_rank ("zh_CN.UTF-8x", zh_cn), ==, -1);
  g_assert_cmpint (diplo_language_rank ("", zh_cn), ==, -1);
  g_assert_cmpint (diplo_language_rank ("zh", none), ==, -1);
}

static DiploDataset *
load_fixture_for_languages (const char         *name,
                            const char * const *languages)
{
  g_autofree char *path = diplo_test_fixture_path (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *data = NULL;
  DiploDataset *dataset;
  gsize length;

  g_file_get_contents (path, &data, &length, &error);
  g_assert_no_error (error);
  bytes = g_bytes_new_take (g_steal_pointer (&data), length);

  dataset = diplo_dataset_new_from_bytes_for_languages (bytes, name, languages, &error);
  g_assert_no_error (error);
  return dataset;
}

typedef struct
{
  const char *languages[6];
  const char *collection_title;
  const char *attribution;
  const char *title;
  const char *place;
  const char *participant;
  const char *summary;
  const char *source;
} TranslationCase;

static const TranslationCase translation_cases[] = {
  /* As g_get_language_names() lists them for LANGUAGE=zh_CN. */
  { { "zh_CN.UTF-8", "zh_CN", "zh.UTF-8", "zh", "C", NULL },
    "一年的访问", "新华社", "对俄罗斯进行国事访问", "莫斯科", "普京",
    "A visit.", "新华社" },
  /* The narrower language first, whatever the order of the members. */
  { { "zh_TW", "zh", "C", NULL },
    "一年的访问", "新华社", "對俄羅斯進行國事訪問", "莫斯科", "普京",
    "A visit.", "Xinhua" },
  { { "fr_FR.UTF-8", "fr_FR", "fr", "C", NULL },
    "Une année de visites", "Xinhua", "Visite d’État en Russie", "Moscow", "Vladimir Putin",
    "Une visite.", "Xinhua" },
  /* The first language wanted wins over the next ones. */
  { { "fr", "zh", NULL },
    "Une année de visites", "新华社", "Visite d’État en Russie", "莫斯科", "普京",
    "Une visite.", "Xinhua" },
  { { "de_DE", "de", "C", NULL },
    "A year of visits", "Xinhua", "State visit to Russia", "Moscow", "Vladimir Putin",
    "A visit.", "Xinhua" },
  { { NULL },
    "A year of visits", "Xinhua", "State visit to Russia", "Moscow", "Vladimir Putin",
    "A visit.", "Xinhua" },
};

static void
test_translation_case (gconstpointer data)
{
  const TranslationCase *expected = data;
  g_autoptr(DiploDataset) dataset = NULL;
  DiploEvent *visit, *untranslated;

  dataset = load_fixture_for_languages ("translated.geojson", expected->languages);
  visit = find_event (dataset, "visit");
  untranslated = find_event (dataset, "untranslated");

  g_assert_cmpstr (diplo_dataset_get_title (dataset), ==, expected->collection_title);
  g_assert_cmpstr (diplo_dataset_get_attribution (dataset), ==, expected->attribution);
  g_assert_cmpstr (diplo_event_get_title (visit), ==, expected->title);
  g_assert_cmpstr (diplo_event_get_place (visit), ==, expected->place);
  g_assert_cmpstr (diplo_event_get_participants (visit)[0], ==, expected->participant);
  g_assert_null (diplo_event_get_participants (visit)[1]);
  g_assert_cmpstr (diplo_event_get_summary (visit), ==, expected->summary);
  g_assert_cmpstr (diplo_event_get_source (visit), ==, expected->source);

  g_assert_cmpstr (diplo_event_get_title (untranslated), ==, "Untranslated");
  g_assert_cmpstr (diplo_event_get_summary (untranslated), ==, "Only in English.");
}

/* The languages of the user interface choose, as gettext would: none under
 * the C locale, whatever LANGUAGE says. */
static void
test_translation_follows_messages_locale (void)
{
  g_autofree char *previous = g_strdup (setlocale (LC_ALL, NULL));
  g_auto(GStrv) names = NULL;

  g_setenv ("LANGUAGE", "zh_CN", TRUE);

  setlocale (LC_ALL, "C");
  names = diplo_language_dup_message_names ();
  g_assert_cmpuint (g_strv_length (names), ==, 0);
  g_clear_pointer (&names, g_strfreev);

  if (setlocale (LC_ALL, "C.UTF-8") == NULL)
    {
      setlocale (LC_ALL, previous);
      g_unsetenv ("LANGUAGE");
      g_test_skip ("the C.UTF-8 locale is missing");
      return;
    }

  names = diplo_language_dup_message_names ();
  g_assert_cmpint (diplo_language_rank ("zh", (const char * const *)names), >=, 0);
  g_assert_cmpint (diplo_language_rank ("zh-CN", (const char * const *)names), >=, 0);
  g_assert_cmpint (diplo_language_rank ("zh-CN", (const char * const *)names),
                   <, diplo_language_rank ("zh", (const char * const *)names));

  setlocale (LC_ALL, previous);
  g_unsetenv ("LANGUAGE");
}

/* Every event of the built-in dataset reads in Chinese, all of it. */
static void
test_builtin_chinese (void)
{
  const char * const chinese[] = { "zh_CN", "zh", NULL };
  const char * const english[] = { NULL };
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DiploDataset) zh = NULL;
  g_autoptr(DiploDataset) en = NULL;
  GListModel *zh_events, *en_events;

  bytes = g_resources_lookup_data (DIPLO_DATASET_BUILTIN_RESOURCE, 0, &error);
  g_assert_no_error (error);
  zh = diplo_dataset_new_from_bytes_for_languages (bytes, "events.geojson", chinese, &error);
  g_assert_no_error (error);
  en = diplo_dataset_new_from_bytes_for_languages (bytes, "events.geojson", english, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (diplo_dataset_get_title (zh), !=, diplo_dataset_get_title (en));
  g_assert_cmpstr (diplo_dataset_get_attribution (zh), !=, diplo_dataset_get_attribution (en));

  zh_events = diplo_dataset_get_events (zh);
  en_events = diplo_dataset_get_events (en);
  g_assert_cmpuint (g_list_model_get_n_items (zh_events), ==,
                    g_list_model_get_n_items (en_events));

  for (guint i = 0; i < g_list_model_get_n_items (en_events); i++)
    {
      g_autoptr(DiploEvent) event = g_list_model_get_item (en_events, i);
      DiploEvent *translated = find_event (zh, diplo_event_get_id (event));
      const char * const *people = diplo_event_get_participants (event);
      const char * const *translated_people = diplo_event_get_participants (translated);

      g_test_message ("%s", diplo_event_get_id (event));
      g_assert_cmpstr (diplo_event_get_title (translated), !=, diplo_event_get_title (event));
      g_assert_cmpstr (diplo_event_get_summary (translated), !=, diplo_event_get_summary (event));
      g_assert_cmpstr (diplo_event_get_source (translated), !=, diplo_event_get_source (event));
      if (diplo_event_get_place (event) != NULL)
        g_assert_cmpstr (diplo_event_get_place (translated), !=, diplo_event_get_place (event));

      g_assert_cmpuint (g_strv_length ((GStrv)translated_people), ==,
                        g_strv_length ((GStrv)people));
      for (guint j = 0; people[j] != NULL; j++)
        g_assert_cmpstr (translated_people[j], !=, people[j]);
    }
}

typedef struct
{
  GMainLoop    *loop;
  DiploDataset *dataset;
  GError       *error;
  GCancellable *cancellable;
  GThread      *thread;
  gboolean      cancel_on_progress;
  goffset       last_current;
  goffset       last_total;
  guint         n_progress;
  gboolean      finished;
  GFile        *delete_on_progress;
} LoadState;

static void
load_state_clear (LoadState *state)
{
  g_clear_pointer (&state->loop, g_main_loop_unref);
  g_clear_object (&state->dataset);
  g_clear_error (&state->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LoadState, load_state_clear)

static void
on_progress (goffset  current,
             goffset  total,
             gpointer user_data)
{
  LoadState *state = user_data;

  g_assert_false (state->finished);
  g_assert_true (g_thread_self () == state->thread);
  /* Whoever cancelled may have destroyed what showed the progress. */
  g_assert_false (g_cancellable_is_cancelled (state->cancellable));
  g_assert_cmpint (current, >=, state->last_current);
  g_assert_cmpint (current, <=, total);

  state->last_current = current;
  state->last_total = total;
  state->n_progress++;

  if (state->cancel_on_progress)
    g_cancellable_cancel (state->cancellable);

  if (state->delete_on_progress != NULL && state->n_progress == 1)
    g_file_delete (state->delete_on_progress, NULL, NULL);
}

static void
on_loaded (GObject      *source_object,
           GAsyncResult *result,
           gpointer      user_data)
{
  LoadState *state = user_data;

  g_assert_null (source_object);

  state->dataset = diplo_dataset_load_finish (result, &state->error);
  state->finished = TRUE;
  g_main_loop_quit (state->loop);
}

static void
start_load (GFile        *file,
            GCancellable *cancellable,
            LoadState    *state)
{
  state->loop = g_main_loop_new (NULL, FALSE);
  state->cancellable = cancellable;
  state->thread = g_thread_self ();

  diplo_dataset_load_async (file, cancellable, on_progress, state, on_loaded, state);
}

static void
wait_for_load (LoadState *state)
{
  g_main_loop_run (state->loop);

  /* Progress still queued must not come after the result. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
load_and_wait (GFile        *file,
               GCancellable *cancellable,
               LoadState    *state)
{
  start_load (file, cancellable, state);
  wait_for_load (state);
}

static void
test_async_load (void)
{
  g_autofree char *path = diplo_test_fixture_path ("valid-all-fields.geojson");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(DiploDataset) expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_auto(LoadState) state = { 0 };
  GListModel *events;

  load_and_wait (file, NULL, &state);

  g_assert_no_error (state.error);
  g_assert_true (DIPLO_IS_DATASET (state.dataset));
  g_assert_cmpstr (diplo_dataset_get_display_name (state.dataset), ==,
                   "valid-all-fields.geojson");

  expected = load_fixture ("valid-all-fields.geojson", &error);
  g_assert_no_error (error);
  events = diplo_dataset_get_events (state.dataset);
  g_assert_cmpuint (g_list_model_get_n_items (events), ==,
                    g_list_model_get_n_items (diplo_dataset_get_events (expected)));
  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(DiploEvent) a = g_list_model_get_item (events, i);
      g_autoptr(DiploEvent) b = g_list_model_get_item (diplo_dataset_get_events (expected), i);

      g_assert_cmpstr (diplo_event_get_id (a), ==, diplo_event_get_id (b));
    }

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (state.n_progress, >, 0);
  g_assert_cmpint (state.last_current, ==, g_file_info_get_size (info));
  g_assert_cmpint (state.last_total, ==, g_file_info_get_size (info));
}

static void
assert_same_months (DiploMonthIndex *index,
                    DiploMonthIndex *expected)
{
  int first = diplo_month_index_get_first (expected);
  int last = diplo_month_index_get_last (expected);

  g_assert_false (diplo_month_index_is_empty (expected));
  g_assert_cmpint (diplo_month_index_get_first (index), ==, first);
  g_assert_cmpint (diplo_month_index_get_last (index), ==, last);
  for (int month = first; month <= last; month++)
    {
      g_assert_cmpuint (diplo_month_index_get_count (index, month), ==,
                        diplo_month_index_get_count (expected, month));
      g_assert_cmpuint (diplo_month_index_get_n_starting (index, month), ==,
                        diplo_month_index_get_n_starting (expected, month));
    }
}

static void
assert_same_places (DiploPlaceGrouping *grouping,
                    GListModel         *events)
{
  g_autofree guint *expected_place_of_position = NULL;
  g_autoptr(GPtrArray) expected = diplo_place_group_events (events, &expected_place_of_position);
  g_autoptr(GPtrArray) expected_countries = diplo_place_list_countries (expected);
  GPtrArray *places = diplo_place_grouping_get_places (grouping);
  const guint *place_of_position;
  guint n_positions;

  place_of_position = diplo_place_grouping_get_place_of_position (grouping, &n_positions);
  g_assert_true (diplo_place_grouping_get_model (grouping) == events);
  g_assert_cmpuint (n_positions, ==, g_list_model_get_n_items (events));
  g_assert_cmpmem (place_of_position, n_positions * sizeof (guint),
                   expected_place_of_position, n_positions * sizeof (guint));

  g_assert_cmpuint (expected_countries->len, >, 2);
  g_assert_true (g_strv_equal (diplo_place_grouping_get_countries (grouping),
                               (const char * const *) expected_countries->pdata));

  g_assert_cmpuint (places->len, >, 1);
  g_assert_cmpuint (places->len, ==, expected->len);
  for (guint i = 0; i < places->len; i++)
    {
      DiploPlace *place = g_ptr_array_index (places, i);
      DiploPlace *expected_place = g_ptr_array_index (expected, i);

      g_assert_cmpfloat (diplo_place_get_latitude (place), ==,
                         diplo_place_get_latitude (expected_place));
      g_assert_cmpfloat (diplo_place_get_longitude (place), ==,
                         diplo_place_get_longitude (expected_place));
      g_assert_cmpstr (diplo_place_get_name (place), ==, diplo_place_get_name (expected_place));
      g_assert_cmpuint (diplo_place_get_n_events (place), ==,
                        diplo_place_get_n_events (expected_place));
      for (guint j = 0; j < diplo_place_get_n_events (place); j++)
        {
          g_assert_true (diplo_place_get_event (place, j) ==
                         diplo_place_get_event (expected_place, j));
          g_assert_cmpuint (diplo_place_get_position (place, j), ==,
                            diplo_place_get_position (expected_place, j));
        }
    }
}

/* The loader's thread makes the month index and the places, which the
 * window then takes as they are: they must be what the main thread would
 * have made from the same events. */
static void
test_async_derived (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("diplo-dataset-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(DiploMonthIndex) expected_months = NULL;
  g_auto(LoadState) state = { 0 };
  DiploMonthIndex *months;
  DiploPlaceGrouping *grouping;
  GListModel *events;

  g_assert_no_error (error);
  path = g_build_filename (dir, "synthetic.geojson", NULL);
  g_assert_true (diplo_test_write_synthetic_dataset (path, 2000, 4242, &error));
  g_assert_no_error (error);
  file = g_file_new_for_path (path);

  load_and_wait (file, NULL, &state);
  g_assert_no_error (state.error);
  events = diplo_dataset_get_events (state.dataset);
  g_assert_cmpuint (g_list_model_get_n_items (events), ==, 2000);

  months = diplo_dataset_get_month_index (state.dataset);
  grouping = diplo_dataset_get_place_grouping (state.dataset);
  expected_months = diplo_month_index_new (events);
  assert_same_months (months, expected_months);
  assert_same_places (grouping, events);

  /* Made once, not again at each call. */
  g_assert_true (diplo_dataset_get_month_index (state.dataset) == months);
  g_assert_true (diplo_dataset_get_place_grouping (state.dataset) == grouping);

  g_unlink (path);
  g_rmdir (dir);
}

/* A dataset made on the main thread makes them when first asked. */
static void
test_derived_on_demand (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("diplo-dataset-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(DiploDataset) dataset = NULL;
  g_autoptr(DiploMonthIndex) expected_months = NULL;
  GListModel *events;

  g_assert_no_error (error);
  path = g_build_filename (dir, "synthetic.geojson", NULL);
  g_assert_true (diplo_test_write_synthetic_dataset (path, 500, 7, &error));
  g_assert_no_error (error);
  file = g_file_new_for_path (path);
  dataset = diplo_dataset_new_from_file (file, &error);
  g_assert_no_error (error);

  events = diplo_dataset_get_events (dataset);
  expected_months = diplo_month_index_new (events);
  assert_same_months (diplo_dataset_get_month_index (dataset), expected_months);
  assert_same_places (diplo_dataset_get_place_grouping (dataset), events);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_async_invalid (void)
{
  g_autofree char *path = diplo_test_fixture_path ("bad-date.geojson");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_auto(LoadState) state = { 0 };

  load_and_wait (file, NULL, &state);

  assert_refused (state.dataset, state.error,
                  DIPLO_DATASET_ERROR, DIPLO_DATASET_ERROR_INVALID, NULL);
  g_assert_true (g_str_has_prefix (state.error->message, "bad-date.geojson: feature 12"));
}

static void
test_async_missing (void)
{
  g_autofree char *path = diplo_test_fixture_path ("no-such-file.geojson");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_auto(LoadState) state = { 0 };

  load_and_wait (file, NULL, &state);

  assert_refused (state.dataset, state.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, NULL);
  g_assert_true (g_str_has_prefix (state.error->message, "no-such-file.geojson: "));
}

static void
test_async_too_large (void)
{
  g_autoptr(GFile) file = create_sparse_file ("huge.geojson",
                                              DIPLO_DATASET_MAX_SIZE + 1024 * 1024);
  g_auto(LoadState) state = { 0 };

  load_and_wait (file, NULL, &state);

  assert_refused (state.dataset, state.error, DIPLO_DATASET_ERROR, DIPLO_DATASET_ERROR_TOO_LARGE,
                  "huge.geojson" TOO_LARGE_MESSAGE);
  /* Refused by its size, before a byte is read */
  g_assert_cmpuint (state.n_progress, ==, 0);

  g_file_delete (file, NULL, NULL);
}

static void
test_async_fifo (void)
{
  g_autoptr(GFile) file = create_fifo ();
  g_auto(LoadState) state = { 0 };

  if (file == NULL)
    {
      g_test_skip ("FIFOs can't be made here");
      return;
    }

  load_and_wait (file, NULL, &state);

  assert_refused (state.dataset, state.error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE, NULL);
  g_assert_true (g_str_has_prefix (state.error->message, "fifo.geojson: "));

  g_file_delete (file, NULL, NULL);
}

static void
test_async_200_mb (void)
{
  g_autoptr(GFile) file = create_200_mb_file ();
  g_auto(LoadState) state = { 0 };

  load_and_wait (file, NULL, &state);

  assert_refused (state.dataset, state.error,
                  DIPLO_DATASET_ERROR, DIPLO_DATASET_ERROR_TOO_LARGE, NULL);
  g_assert_cmpuint (state.n_progress, ==, 0);

  g_file_delete (file, NULL, NULL);
}

static void
test_async_cancelled_before (void)
{
  g_autofree char *path = diplo_test_fixture_path ("valid-all-fields.geojson");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_auto(LoadState) state = { 0 };

  g_cancellable_cancel (cancellable);
  load_and_wait (file, cancellable, &state);

  assert_refused (state.dataset, state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED, NULL);
  g_assert_cmpuint (state.n_progress, ==, 0);
}

/* A file of some megabytes, read in many chunks */
static GFile *
create_large_file (void)
{
  g_autoptr(GBytes) bytes = build_collection (20000, "2023-05-01");

  return diplo_test_write_cache_file ("large.geojson", g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes));
}

/* The file is deleted as soon as the load reports progress. What was
 * opened stays readable on POSIX systems, so the load may well succeed;
 * either way it ends, and a failure names the file. */
static void
test_async_vanishing_file (void)
{
  g_autoptr(GFile) file = create_large_file ();
  g_auto(LoadState) state = { 0 };

  state.delete_on_progress = file;
  load_and_wait (file, NULL, &state);

  g_assert_false (g_file_query_exists (file, NULL));
  g_assert_true (state.finished);
  if (state.dataset != NULL)
    g_assert_cmpuint (g_list_model_get_n_items (diplo_dataset_get_events (state.dataset)), ==,
                      20000);
  else
    g_assert_true (g_str_has_prefix (state.error->message, "large.geojson: "));
}

/* Deleted between the choice and the load: the window's case when a file
 * is removed while the file chooser is still open */
static void
test_hostile_vanished_file (void)
{
  g_autoptr(GFile) file = diplo_test_write_cache_file ("vanished.geojson", "{}", -1);

  g_file_delete (file, NULL, NULL);
  assert_file_refused (file, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       "vanished.geojson: there is no such file");
}

static void
test_async_cancelled_while_loading (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GFile) file = create_large_file ();
  g_auto(LoadState) state = { 0 };

  state.cancel_on_progress = TRUE;
  load_and_wait (file, cancellable, &state);

  assert_refused (state.dataset, state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED, NULL);
  g_assert_cmpuint (state.n_progress, ==, 1);

  g_file_delete (file, NULL, NULL);
}

/* Progress the worker queued before the cancellation is not delivered after
 * it. on_progress() fails the test if it is called once cancelled. */
static void
test_async_no_progress_after_cancel (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GFile) file = create_large_file ();
  g_auto(LoadState) state = { 0 };

  start_load (file, cancellable, &state);

  /* The first thing the worker sends is a progress report: wait, without
   * dispatching it, until it is queued, then cancel. */
  while (!g_main_context_pending (NULL))
    g_usleep (1000);
  g_cancellable_cancel (cancellable);

  wait_for_load (&state);

  assert_refused (state.dataset, state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED, NULL);
  g_assert_cmpuint (state.n_progress, ==, 0);

  g_file_delete (file, NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  /* The messages compared here are the untranslated ones. */
  setlocale (LC_ALL, "C");

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (error_cases); i++)
    g_test_add_data_func (error_cases[i].path, &error_cases[i], test_error_case);

  for (guint i = 0; i < G_N_ELEMENTS (parse_cases); i++)
    g_test_add_data_func (parse_cases[i].path, &parse_cases[i], test_parse_case);

  g_test_add_func ("/dataset/errors/syntax", test_error_syntax);
  g_test_add_func ("/dataset/errors/fuzz-regressions", test_fuzz_regressions);
  g_test_add_func ("/dataset/errors/bad-escapes", test_error_bad_escapes);
  g_test_add_func ("/dataset/errors/syntax-position", test_error_syntax_position);
  g_test_add_func ("/dataset/errors/missing-file", test_error_missing_file);
  g_test_add_func ("/dataset/errors/missing-file-named", test_error_missing_file_named);
  g_test_add_func ("/dataset/errors/too-large", test_error_too_large);
  g_test_add_func ("/dataset/errors/device", test_error_device);
  g_test_add_func ("/dataset/hostile/fifo", test_hostile_fifo);
  g_test_add_func ("/dataset/hostile/directory", test_hostile_directory);
  g_test_add_func ("/dataset/hostile/unreadable", test_hostile_unreadable);
  g_test_add_func ("/dataset/hostile/vanished", test_hostile_vanished_file);
  g_test_add_func ("/dataset/hostile/deep-nesting", test_hostile_deep_nesting);
  g_test_add_func ("/dataset/hostile/deepest-allowed", test_hostile_deepest_allowed);
  g_test_add_func ("/dataset/hostile/duplicate-members", test_hostile_duplicate_members);
  g_test_add_func ("/dataset/hostile/string-scan", test_strict_string_scan);
  g_test_add_func ("/dataset/hostile/utf8-scan", test_strict_utf8_scan);
  g_test_add_func ("/dataset/valid/dates-as-gdate", test_dates_as_gdate);
  g_test_add_func ("/dataset/hostile/bidi-override-in-message",
                   test_hostile_bidi_override_in_message);
  g_test_add_func ("/dataset/hostile/long-text", test_hostile_long_text);
  g_test_add_func ("/dataset/hostile/long-quoted-value", test_hostile_long_quoted_value);
  g_test_add_func ("/dataset/hostile/200-mb", test_hostile_200_mb);
  g_test_add_func ("/dataset/errors/null-members", test_error_null_members);
  g_test_add_func ("/dataset/errors/cap", test_error_cap);
  g_test_add_func ("/dataset/errors/cap-singular", test_error_cap_singular);
  g_test_add_func ("/dataset/errors/exactly-at-cap", test_error_exactly_at_cap);
  g_test_add_func ("/dataset/valid/round-trip", test_valid_round_trip);
  g_test_add_func ("/dataset/valid/numeric-id-and-months", test_valid_numeric_id_and_months);
  g_test_add_func ("/dataset/valid/defaults", test_valid_defaults);
  g_test_add_func ("/dataset/valid/generated-ids", test_generated_ids);
  g_test_add_func ("/dataset/valid/bom", test_valid_bom);
  g_test_add_func ("/dataset/valid/markup-is-text", test_valid_markup_is_text);
  g_test_add_func ("/dataset/valid/odd-text", test_valid_odd_text);
  g_test_add_func ("/dataset/valid/foreign-members", test_foreign_members_ignored);
  g_test_add_func ("/dataset/valid/empty-collection", test_empty_collection);
  g_test_add_func ("/dataset/valid/features-among-arrays", test_features_among_arrays);
  g_test_add_func ("/dataset/errors/document-before-features",
                   test_error_document_before_features);
  g_test_add_func ("/dataset/ordering", test_ordering);
  g_test_add_func ("/dataset/ordering-as-compare", test_sort_as_compare);
  g_test_add_func ("/dataset/builtin/valid", test_builtin_valid);
  g_test_add_func ("/dataset/builtin/places", test_builtin_places);
  g_test_add_func ("/dataset/builtin/venues", test_builtin_venues_distinct_from_cities);
  g_test_add_func ("/dataset/builtin/without-location", test_builtin_without_location);
  g_test_add_func ("/dataset/builtin/dates", test_builtin_dates);
  g_test_add_func ("/dataset/builtin/text", test_builtin_text);
  g_test_add_func ("/dataset/builtin/chinese", test_builtin_chinese);
  g_test_add_func ("/dataset/translations/language-rank", test_language_rank);
  for (guint i = 0; i < G_N_ELEMENTS (translation_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/dataset/translations/languages-%u", i);
      g_test_add_data_func (path, &translation_cases[i], test_translation_case);
    }
  g_test_add_func ("/dataset/translations/follows-messages-locale",
                   test_translation_follows_messages_locale);
  g_test_add_func ("/dataset/async/load", test_async_load);
  g_test_add_func ("/dataset/async/derived", test_async_derived);
  g_test_add_func ("/dataset/derived-on-demand", test_derived_on_demand);
  g_test_add_func ("/dataset/async/invalid", test_async_invalid);
  g_test_add_func ("/dataset/async/missing", test_async_missing);
  g_test_add_func ("/dataset/async/too-large", test_async_too_large);
  g_test_add_func ("/dataset/async/200-mb", test_async_200_mb);
  g_test_add_func ("/dataset/async/fifo", test_async_fifo);
  g_test_add_func ("/dataset/async/vanishing-file", test_async_vanishing_file);
  g_test_add_func ("/dataset/async/cancelled-before", test_async_cancelled_before);
  g_test_add_func ("/dataset/async/cancelled-while-loading", test_async_cancelled_while_loading);
  g_test_add_func ("/dataset/async/no-progress-after-cancel",
                   test_async_no_progress_after_cancel);

  return g_test_run ();
}
