#define G_LOG_DOMAIN "diplo-dataset"

#include "config.h"

#include "diplo-dataset.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "diplo-event.h"
#include "diplo-json-check.h"
#include "diplo-language.h"
#include "diplo-month-index.h"
#include "diplo-place-grouping.h"
#include "diplo-utils.h"

/* Reading in chunks lets a load report progress and notice cancellation
 * before a large file is entirely in memory. */
#define READ_CHUNK_SIZE (64 * 1024)

/* A file's text quoted in a message is cut to this many characters. */
#define MAX_QUOTED_CHARS 60

/* The longest text a member may hold, in characters. A label laid out
 * with a megabyte of text would freeze the window; a summary is shown
 * wrapped in the details and may be longer than the one-line texts. */
#define MAX_TEXT_LENGTH 1000
#define MAX_SUMMARY_LENGTH 20000

/* How many features are validated between two looks at the cancellable. */
#define FEATURES_PER_CANCEL_CHECK 256

struct _DiploDataset
{
  GObject     parent_instance;

  GListStore *events;
  char       *title;
  char       *attribution;
  char       *display_name;

  /* Derived from the events, made on first use, or in advance by the
   * thread that loads the file. */
  DiploMonthIndex    *month_index;
  DiploPlaceGrouping *place_grouping;
};

G_DEFINE_FINAL_TYPE (DiploDataset, diplo_dataset, G_TYPE_OBJECT)

G_DEFINE_QUARK (diplo-dataset-error-quark, diplo_dataset_error)

enum {
  PROP_0,
  PROP_EVENTS,
  PROP_TITLE,
  PROP_ATTRIBUTION,
  PROP_DISPLAY_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Everything read from the JSON tree that outlives it, and the languages
 * whose translations are read in place of the untranslated members. */
typedef struct
{
  GPtrArray          *events;
  char               *title;
  char               *attribution;
  const char * const *languages;
} Contents;

typedef struct
{
  const char          *display_name;
  const char * const  *languages;
  GPtrArray           *problems;
  guint                n_problems;
  GHashTable          *declared_ids;
  /* Ids of the features read so far, to their index. The keys are the
   * events' own ids, as a feature's subtree is freed once its event is
   * made; for a feature that makes no event, the tree's string, or an id
   * formatted from a number or generated, which owned_ids keeps: copying
   * 100,000 ids once more cost more than hashing them. */
  GHashTable          *seen_ids;
  GPtrArray           *owned_ids;
  GPtrArray           *shortened;
  /* Reused for each feature's participants, which the event copies. */
  GPtrArray           *participants;
  /* Whose ids go into declared_ids the first time a feature needs an id
   * generated: most files give every feature one, and then never pay. */
  JsonArray           *undeclared_features;
} Validator;

/* Where a problem is: the whole document when label is NULL, otherwise
 * one feature, as in “feature 12 ("2023-08-brics")”. */
typedef struct
{
  Validator *validator;
  char      *label;
  /* For a feature, what its label is made of, on its first problem:
   * formatting one for each of 100,000 valid features cost a tenth of
   * the load. */
  gboolean   is_feature;
  guint      index;
  JsonNode  *id;
  /* An object known to have no member named NAME:TAG, whose translations
   * need not be looked for: a feature's properties are looked through
   * once for all of their translated members, not once for each. */
  JsonObject *untranslated;
} Scope;

/* The members of one feature, as read so far; the strings belong to the
 * tree or to the validator. */
typedef struct
{
  const char         *id;
  /* Whether the id is to be added to seen_ids once the feature is read */
  gboolean            id_is_new;
  const char         *title;
  const char         *place;
  const char         *country;
  const char         *summary;
  const char         *source;
  const char         *start_text;
  const char * const *participants;
  guint               start_day;
  guint               end_day;
  DiploDatePrecision  start_precision;
  DiploDatePrecision  end_precision;
  DiploEventKind      kind;
  gboolean            has_location;
  double              latitude;
  double              longitude;
} Fields;

/* A feature's properties, with the members read from them, each looked
 * up once; NULL for a member that is not there. */
typedef struct
{
  JsonObject *object;
  JsonNode   *start;
  JsonNode   *end;
  JsonNode   *title;
  JsonNode   *place;
  JsonNode   *country;
  JsonNode   *kind;
  JsonNode   *participants;
  JsonNode   *summary;
  JsonNode   *source;
} Properties;

static void
contents_clear (Contents *contents)
{
  g_clear_pointer (&contents->events, g_ptr_array_unref);
  g_clear_pointer (&contents->title, g_free);
  g_clear_pointer (&contents->attribution, g_free);
}

static void
scope_clear (Scope *scope)
{
  g_clear_pointer (&scope->label, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Contents, contents_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Scope, scope_clear)

static void
validator_init (Validator          *validator,
                const char         *display_name,
                const char * const *languages)
{
  validator->display_name = display_name;
  validator->languages = languages;
  validator->problems = g_ptr_array_new_with_free_func (g_free);
  validator->n_problems = 0;
  validator->declared_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  validator->seen_ids = g_hash_table_new (g_str_hash, g_str_equal);
  validator->owned_ids = g_ptr_array_new_with_free_func (g_free);
  validator->shortened = g_ptr_array_new_with_free_func (g_free);
  validator->participants = g_ptr_array_new ();
}

static void
validator_clear (Validator *validator)
{
  g_clear_pointer (&validator->problems, g_ptr_array_unref);
  g_clear_pointer (&validator->declared_ids, g_hash_table_unref);
  g_clear_pointer (&validator->seen_ids, g_hash_table_unref);
  g_clear_pointer (&validator->owned_ids, g_ptr_array_unref);
  g_clear_pointer (&validator->shortened, g_ptr_array_unref);
  g_clear_pointer (&validator->participants, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Validator, validator_clear)

/* What a value is, for “expected …, found %s” */
static const char *
describe_node (JsonNode *node)
{
  GType value_type;

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return _("an object");

    case JSON_NODE_ARRAY:
      return _("an array");

    case JSON_NODE_NULL:
      /* Translators: the JSON literal null, as written in the file; most
       * languages keep it as is */
      return _("null");

    case JSON_NODE_VALUE:
    default:
      break;
    }

  value_type = json_node_get_value_type (node);
  if (value_type == G_TYPE_STRING)
    return _("a string");
  if (value_type == G_TYPE_BOOLEAN)
    return _("a boolean");

  return _("a number");
}

/* The small helpers called for each member are inlined whatever the
 * optimization level, which is none in the default build. */
G_ALWAYS_INLINE static inline gboolean
node_is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

G_ALWAYS_INLINE static inline gboolean
node_is_number (JsonNode *node)
{
  GType value_type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  value_type = json_node_get_value_type (node);
  return value_type == G_TYPE_INT64 || value_type == G_TYPE_DOUBLE;
}

static char *
format_number (JsonNode *node)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

  return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node)));
}

static char *scope_label (guint     index,
                          JsonNode *id);

static void scope_report (Scope      *scope,
                          const char *member,
                          const char *format,
                          ...) G_GNUC_PRINTF (3, 4);

/* Only the first problems are kept as text; the others are only counted
 * so that a huge broken file cannot build a huge message. */
static void
scope_report (Scope      *scope,
              const char *member,
              const char *format,
              ...)
{
  Validator *validator = scope->validator;
  g_autoptr(GString) line = NULL;
  va_list args;

  validator->n_problems++;
  if (validator->problems->len >= DIPLO_DATASET_MAX_REPORTED_ERRORS)
    return;

  if (scope->label == NULL && scope->is_feature)
    scope->label = scope_label (scope->index, scope->id);

  line = g_string_new (validator->display_name);
  if (scope->label != NULL)
    g_string_append_printf (line, ": %s", scope->label);
  if (member != NULL)
    g_string_append_printf (line, ": %s", member);
  g_string_append (line, ": ");

  va_start (args, format);
  g_string_append_vprintf (line, format, args);
  va_end (args);

  g_ptr_array_add (validator->problems, g_string_free (g_steal_pointer (&line), FALSE));
}

/* A file's text as quoted in a message: a megabyte-long value must not
 * make a megabyte-long message. A copy lives as long as the validator. */
static const char *
scope_quote (Scope      *scope,
             const char *text)
{
  g_autofree char *shortened = NULL;
  char *quoted;

  if (strlen (text) <= MAX_QUOTED_CHARS && strstr (text, "\xE2") == NULL)
    return text;

  /* Nor may a direction override in it turn the message around. */
  shortened = diplo_text_shorten (text, MAX_QUOTED_CHARS);
  quoted = diplo_text_isolate (shortened);
  g_ptr_array_add (scope->validator->shortened, quoted);
  return quoted;
}

static void
scope_report_type (Scope      *scope,
                   const char *member,
                   const char *expected,
                   JsonNode   *found)
{
  /* Translators: the first %s is what a member should be (“a string”), the
   * second what the file has (“a number”, or “null”, the JSON literal) */
  scope_report (scope, member, _("expected %s, found %s"), expected, describe_node (found));
}

static void
scope_report_missing (Scope      *scope,
                      const char *member)
{
  scope_report (scope, member, "%s", _("required member is missing"));
}

G_ALWAYS_INLINE static inline gboolean
member_is_absent (JsonNode *node)
{
  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

static gboolean
check_text_length (Scope      *scope,
                   const char *path,
                   const char *text,
                   glong       max_length)
{
  glong length;

  /* Bytes never number fewer than characters: counting is rarely needed. */
  if (strlen (text) <= (gsize)max_length)
    return TRUE;

  length = g_utf8_strlen (text, -1);
  if (length <= max_length)
    return TRUE;

  scope_report (scope, path,
                g_dngettext (GETTEXT_PACKAGE,
                             /* Translators: %ld is the length of a text from
                              * the file, %ld the longest allowed, both in
                              * characters; the plural goes with the first */
                             "the text is %ld character long; at most %ld are allowed",
                             "the text is %ld characters long; at most %ld are allowed",
                             length),
                length, max_length);
  return FALSE;
}

G_ALWAYS_INLINE static inline glong
max_text_length (const char *name)
{
  return g_str_equal (name, "summary") ? MAX_SUMMARY_LENGTH : MAX_TEXT_LENGTH;
}

/* An optional member may be absent or null, both meaning “not given”, which
 * leaves *value NULL. A required one must be there, and null is then the
 * wrong type rather than a missing member. @node is the member @name, or
 * NULL when there is none. */
static gboolean
read_string_node (Scope       *scope,
                  JsonNode    *node,
                  const char  *name,
                  const char  *path,
                  gboolean     required,
                  const char **value)
{
  const char *text;

  *value = NULL;

  if (required && node == NULL)
    {
      scope_report_missing (scope, path);
      return FALSE;
    }

  if (!required && member_is_absent (node))
    return TRUE;

  if (!node_is_string (node))
    {
      scope_report_type (scope, path, _("a string"), node);
      return FALSE;
    }

  text = json_node_get_string (node);
  if (!check_text_length (scope, path, text, max_text_length (name)))
    return FALSE;

  *value = text;
  return TRUE;
}

/* A translated member is NAME:TAG, as in “title:zh” next to “title”. */
static const char *
translation_tag (const char *member,
                 const char *name)
{
  gsize length = strlen (name);

  if (strncmp (member, name, length) != 0 || member[length] != ':')
    return NULL;

  return member + length + 1;
}

/* @untranslated, the node of @name as the caller found it, or that of
 * its translation that best fits the languages of the user interface; a
 * file reads the same whatever those are, so every translation is looked
 * at, not only the chosen one. @check_node
 * validates one of them under its own path and returns whether it may be
 * chosen. */
static JsonNode *
find_translated_node (Scope       *scope,
                      JsonObject  *object,
                      JsonNode    *untranslated,
                      const char  *name,
                      const char  *path,
                      gboolean   (*check_node) (Scope      *scope,
                                                const char *path,
                                                JsonNode   *node,
                                                glong       max_length))
{
  const char * const *languages = scope->validator->languages;
  JsonNode *chosen = untranslated;
  int chosen_rank = G_MAXINT;
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;

  if (object == scope->untranslated)
    return chosen;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &member, &node))
    {
      const char *tag = translation_tag (member, name);
      g_autofree char *member_path = NULL;
      int rank;

      if (tag == NULL || member_is_absent (node))
        continue;

      member_path = g_strdup_printf ("%s:%s", path, tag);
      if (!check_node (scope, member_path, node, max_text_length (name)))
        continue;

      rank = diplo_language_rank (tag, languages);
      if (rank >= 0 && rank < chosen_rank)
        {
          chosen = node;
          chosen_rank = rank;
        }
    }

  return chosen;
}

static gboolean
check_string_node (Scope      *scope,
                   const char *path,
                   JsonNode   *node,
                   glong       max_length)
{
  if (node_is_string (node))
    return check_text_length (scope, path, json_node_get_string (node), max_length);

  scope_report_type (scope, path, _("a string"), node);
  return FALSE;
}

/* read_string_node () for a member that may carry translations
 * (“title:fr”); @node is the untranslated member @name of @object, which
 * is still needed whenever the member is. */
static gboolean
read_translated_node (Scope       *scope,
                      JsonObject  *object,
                      JsonNode    *node,
                      const char  *name,
                      const char  *path,
                      gboolean     required,
                      const char **value)
{
  JsonNode *chosen;

  if (!read_string_node (scope, node, name, path, required, value))
    return FALSE;

  chosen = find_translated_node (scope, object, node, name, path, check_string_node);
  if (!member_is_absent (chosen) && node_is_string (chosen))
    *value = json_node_get_string (chosen);

  return TRUE;
}

static gboolean
read_translated_string (Scope       *scope,
                        JsonObject  *object,
                        const char  *name,
                        const char  *path,
                        gboolean     required,
                        const char **value)
{
  return read_translated_node (scope, object, json_object_get_member (object, name), name, path,
                               required, value);
}

static void
check_type_node (Scope       *scope,
                 JsonNode    *node,
                 const char  *path,
                 const char  *expected)
{
  const char *type;

  if (!read_string_node (scope, node, "type", path, TRUE, &type))
    return;

  if (g_strcmp0 (type, expected) != 0)
    /* Translators: the value a "type" member must have, then the one the
     * file has, as in expected "Feature", found "Point"; both are GeoJSON
     * words and stay untranslated */
    scope_report (scope, path, _("expected \"%s\", found \"%s\""), expected,
                  scope_quote (scope, type));
}

static char *
id_from_node (JsonNode *node)
{
  if (node_is_string (node))
    return g_strdup (json_node_get_string (node));

  return format_number (node);
}

static void
declare_ids (Validator *validator,
             JsonArray *features)
{
  guint n_features = json_array_get_length (features);

  for (guint i = 0; i < n_features; i++)
    {
      JsonNode *feature = json_array_get_element (features, i);
      JsonNode *id;

      if (!JSON_NODE_HOLDS_OBJECT (feature))
        continue;

      id = json_object_get_member (json_node_get_object (feature), "id");
      if (id != NULL && (node_is_string (id) || node_is_number (id)))
        g_hash_table_add (validator->declared_ids, id_from_node (id));
    }
}

static gboolean
id_is_taken (Validator  *validator,
             const char *id)
{
  if (validator->undeclared_features != NULL)
    {
      declare_ids (validator, validator->undeclared_features);
      validator->undeclared_features = NULL;
    }

  return g_hash_table_contains (validator->declared_ids, id)
         || g_hash_table_contains (validator->seen_ids, id);
}

/* A feature without an id gets “feature-N”, N being its index, unless the
 * file already uses that id for another feature. */
static char *
generate_id (Validator *validator,
             guint      index)
{
  char *id = g_strdup_printf ("feature-%u", index);

  for (guint suffix = 2; id_is_taken (validator, id); suffix++)
    {
      g_free (id);
      id = g_strdup_printf ("feature-%u-%u", index, suffix);
    }

  return id;
}

static char *
scope_label (guint     index,
             JsonNode *id)
{
  g_autofree char *full_id = NULL;
  g_autofree char *shortened = NULL;
  g_autofree char *id_text = NULL;

  if (id == NULL || !(node_is_string (id) || node_is_number (id)))
    /* Translators: where a problem is in a file: the index of a feature,
     * counted from 0 as in the JSON array */
    return g_strdup_printf (_("feature %u"), index);

  full_id = id_from_node (id);
  shortened = diplo_text_shorten (full_id, MAX_QUOTED_CHARS);
  id_text = diplo_text_isolate (shortened);
  if (node_is_string (id))
    /* Translators: a feature index followed by its id in quotes, as in
     * feature 12 ("2023-08-brics") */
    return g_strdup_printf (_("feature %u (\"%s\")"), index, id_text);

  /* Translators: a feature index followed by its numeric id */
  return g_strdup_printf (_("feature %u (%s)"), index, id_text);
}

/* The id as text: the tree's own string, or one the validator keeps. */
static const char *
validator_id_from_node (Validator *validator,
                        JsonNode  *node)
{
  char *formatted;

  if (node_is_string (node))
    return json_node_get_string (node);

  formatted = format_number (node);
  g_ptr_array_add (validator->owned_ids, formatted);
  return formatted;
}

static void
read_id (Scope  *scope,
         guint   index,
         Fields *fields)
{
  Validator *validator = scope->validator;
  JsonNode *node = scope->id;
  gpointer first_index;

  if (node == NULL)
    {
      char *generated = generate_id (validator, index);

      g_ptr_array_add (validator->owned_ids, generated);
      fields->id = generated;
      g_hash_table_insert (validator->seen_ids, generated, GUINT_TO_POINTER (index));
      return;
    }

  if (!node_is_string (node) && !node_is_number (node))
    {
      scope_report_type (scope, "id", _("a string or a number"), node);
      return;
    }

  fields->id = validator_id_from_node (validator, node);
  if (!check_text_length (scope, "id", fields->id, MAX_TEXT_LENGTH))
    return;

  if (g_hash_table_lookup_extended (validator->seen_ids, fields->id, NULL, &first_index))
    {
      /* Translators: %s is a feature's id as written in the file, %u the
       * index of the earlier feature that has it, counted from 0 */
      scope_report (scope, "id", _("\"%s\" is already the id of feature %u"),
                    scope_quote (scope, fields->id), GPOINTER_TO_UINT (first_index));
      return;
    }

  fields->id_is_new = TRUE;
}

/* @id is @fields->id, or the same text owned by the feature's event. */
static void
remember_id (Validator    *validator,
             const Fields *fields,
             const char   *id,
             guint         index)
{
  if (fields->id_is_new)
    g_hash_table_insert (validator->seen_ids, (char *)id, GUINT_TO_POINTER (index));
}

static gboolean
read_coordinate (Scope     *scope,
                 JsonArray *coordinates,
                 guint      position,
                 double     limit,
                 double    *value)
{
  /* Not formatted for each of 100,000 features, valid or not. */
  static const char * const paths[] = { "geometry.coordinates[0]", "geometry.coordinates[1]" };
  JsonNode *node = json_array_get_element (coordinates, position);
  const char *path = paths[position];
  g_autofree char *text = NULL;

  g_assert (position < G_N_ELEMENTS (paths));

  if (!node_is_number (node))
    {
      scope_report_type (scope, path, _("a number"), node);
      return FALSE;
    }

  *value = json_node_get_double (node);

  /* Written so that NaN and infinities fail too. */
  if (*value >= -limit && *value <= limit)
    return TRUE;

  text = format_number (node);
  if (position == 0)
    /* Translators: %s is the longitude as written in the file, in degrees */
    scope_report (scope, path, _("longitude %s is not between -180 and 180"), text);
  else
    /* Translators: %s is the latitude as written in the file, in degrees */
    scope_report (scope, path, _("latitude %s is not between -90 and 90"), text);

  return FALSE;
}

static void
read_point (Scope      *scope,
            JsonNode   *node,
            Fields     *fields)
{
  JsonArray *coordinates;
  guint length;
  gboolean valid;

  if (node == NULL)
    {
      scope_report_missing (scope, "geometry.coordinates");
      return;
    }

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      scope_report_type (scope, "geometry.coordinates", _("an array"), node);
      return;
    }

  coordinates = json_node_get_array (node);
  length = json_array_get_length (coordinates);
  if (length != 2 && length != 3)
    {
      scope_report (scope, "geometry.coordinates",
                    g_dngettext (GETTEXT_PACKAGE,
                                 /* Translators: %u is how many numbers the
                                  * coordinates array of a point holds; the
                                  * bracketed lists show the two forms
                                  * GeoJSON allows */
                                 "expected [longitude, latitude] or "
                                 "[longitude, latitude, altitude], found %u element",
                                 "expected [longitude, latitude] or "
                                 "[longitude, latitude, altitude], found %u elements",
                                 length),
                    length);
      return;
    }

  /* RFC 7946 puts longitude first; an altitude is allowed and unused. */
  valid = read_coordinate (scope, coordinates, 0, 180.0, &fields->longitude);
  valid &= read_coordinate (scope, coordinates, 1, 90.0, &fields->latitude);
  if (length == 3 && !node_is_number (json_array_get_element (coordinates, 2)))
    {
      scope_report_type (scope, "geometry.coordinates[2]", _("a number"),
                         json_array_get_element (coordinates, 2));
      valid = FALSE;
    }

  fields->has_location = valid;
}

static void
read_geometry (Scope      *scope,
               JsonNode   *node,
               Fields     *fields)
{
  JsonNode *type_node = NULL;
  JsonNode *coordinates = NULL;
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;
  const char *type;

  if (node == NULL)
    {
      scope_report_missing (scope, "geometry");
      return;
    }

  if (JSON_NODE_HOLDS_NULL (node))
    return;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      /* Translators: what a member should be, for “expected %s, found …”;
       * null is the JSON literal */
      scope_report_type (scope, "geometry", _("an object or null"), node);
      return;
    }

  /* Each member looked at once rather than each looked up by name */
  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &member, &value))
    {
      if (strcmp (member, "type") == 0)
        type_node = value;
      else if (strcmp (member, "coordinates") == 0)
        coordinates = value;
    }

  if (!read_string_node (scope, type_node, "type", "geometry.type", TRUE, &type))
    return;

  if (g_strcmp0 (type, "Point") != 0)
    {
      scope_report (scope, "geometry.type",
                    /* Translators: %s is a GeoJSON geometry type from the
                     * file, such as "LineString"; "Point" is a GeoJSON word
                     * and null the JSON literal */
                    _("\"%s\" is not supported; an event is a \"Point\" or has a null geometry"),
                    scope_quote (scope, type));
      return;
    }

  read_point (scope, coordinates, fields);
}

static gboolean
read_date (Scope              *scope,
           JsonNode           *node,
           const char         *name,
           const char         *path,
           gboolean            required,
           const char        **text,
           guint              *julian_day,
           DiploDatePrecision *precision)
{
  if (!read_string_node (scope, node, name, path, required, text) || *text == NULL)
    return FALSE;

  if (!diplo_date_parse (*text, julian_day, precision))
    {
      /* Translators: %s is a date as written in the file, which should be
       * YYYY-MM-DD or YYYY-MM */
      scope_report (scope, path, _("\"%s\" is not a valid date"), scope_quote (scope, *text));
      return FALSE;
    }

  return TRUE;
}

static void
read_dates (Scope            *scope,
            const Properties *props,
            Fields           *fields)
{
  const char *end_text;
  gboolean has_start;

  has_start = read_date (scope, props->start, "start", "properties.start", TRUE,
                         &fields->start_text, &fields->start_day, &fields->start_precision);

  if (!read_date (scope, props->end, "end", "properties.end", FALSE,
                  &end_text, &fields->end_day, &fields->end_precision))
    {
      fields->end_day = 0;
      return;
    }

  /* A month end is not before a start within that month: "2023-03" may
   * close an event that starts on 2023-03-20. */
  if (has_start
      && diplo_date_get_last_day (fields->end_day, fields->end_precision) < fields->start_day)
    /* Translators: the first %s is an event's end date, the second its
     * start date, both as written in the file */
    scope_report (scope, "properties.end", _("\"%s\" is before the start \"%s\""),
                  scope_quote (scope, end_text), scope_quote (scope, fields->start_text));
}

/* What g_strstrip () would leave empty, without copying the text. */
static gboolean
is_blank_text (const char *text)
{
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;

  return TRUE;
}

static gboolean
check_title_node (Scope      *scope,
                  const char *path,
                  JsonNode   *node,
                  glong       max_length)
{
  if (!check_string_node (scope, path, node, max_length))
    return FALSE;

  if (!is_blank_text (json_node_get_string (node)))
    return TRUE;

  scope_report (scope, path, "%s", _("must not be empty"));
  return FALSE;
}

static void
read_title (Scope            *scope,
            const Properties *props,
            Fields           *fields)
{
  JsonNode *node = props->title;
  JsonNode *chosen;

  if (!read_string_node (scope, node, "title", "properties.title", TRUE, &fields->title)
      || !check_title_node (scope, "properties.title", node, MAX_TEXT_LENGTH))
    return;

  chosen = find_translated_node (scope, props->object, node, "title", "properties.title",
                                 check_title_node);
  fields->title = json_node_get_string (chosen);
}

static gboolean
is_country_code (const char *text)
{
  return g_ascii_isupper (text[0]) && g_ascii_isupper (text[1]) && text[2] == '\0';
}

static void
read_country (Scope            *scope,
              const Properties *props,
              Fields           *fields)
{
  if (!read_string_node (scope, props->country, "country", "properties.country", FALSE,
                         &fields->country))
    return;

  if (fields->country != NULL && !is_country_code (fields->country))
    scope_report (scope, "properties.country",
                  /* Translators: %s is the country as written in the file */
                  _("\"%s\" is not an ISO 3166-1 alpha-2 code such as \"CN\""),
                  scope_quote (scope, fields->country));
}

static char *
list_kind_nicks (void)
{
  g_autoptr(GString) nicks = g_string_new (NULL);

  for (guint kind = 0; kind < DIPLO_EVENT_N_KINDS; kind++)
    {
      if (nicks->len > 0)
        g_string_append (nicks, ", ");
      g_string_append (nicks, diplo_event_kind_to_nick (kind));
    }

  return g_string_free (g_steal_pointer (&nicks), FALSE);
}

static void
read_kind (Scope            *scope,
           const Properties *props,
           Fields           *fields)
{
  g_autofree char *nicks = NULL;
  const char *nick;

  fields->kind = DIPLO_EVENT_KIND_OTHER;

  if (!read_string_node (scope, props->kind, "kind", "properties.kind", FALSE, &nick)
      || nick == NULL)
    return;

  if (diplo_event_kind_from_nick (nick, &fields->kind))
    return;

  nicks = list_kind_nicks ();
  /* Translators: the first %s is the kind as written in the file, the
   * second the comma-separated list of the kinds a file may use, which are
   * words of the file format and stay untranslated */
  scope_report (scope, "properties.kind", _("\"%s\" is not a known kind (known kinds: %s)"),
                scope_quote (scope, nick), nicks);
}

/* An array of strings; @path names it in messages, as in
 * “properties.participants:zh[2]” for its third element. */
static gboolean
check_participants_node (Scope      *scope,
                         const char *path,
                         JsonNode   *node,
                         glong       max_length)
{
  JsonArray *participants;
  gboolean valid = TRUE;
  guint length;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      scope_report_type (scope, path, _("an array"), node);
      return FALSE;
    }

  participants = json_node_get_array (node);
  length = json_array_get_length (participants);

  for (guint i = 0; i < length; i++)
    {
      JsonNode *element = json_array_get_element (participants, i);
      g_autofree char *element_path = NULL;

      /* The path is only made for a problem: most lists have none. */
      if (node_is_string (element) && strlen (json_node_get_string (element)) <= (gsize)max_length)
        continue;

      element_path = g_strdup_printf ("%s[%u]", path, i);
      if (!check_string_node (scope, element_path, element, max_length))
        valid = FALSE;
    }

  return valid;
}

static void
read_participants (Scope            *scope,
                   const Properties *props,
                   Fields           *fields)
{
  JsonNode *node = props->participants;
  GPtrArray *names = scope->validator->participants;
  JsonArray *participants;
  guint length;

  if (!member_is_absent (node)
      && !check_participants_node (scope, "properties.participants", node, MAX_TEXT_LENGTH))
    return;

  node = find_translated_node (scope, props->object, node, "participants",
                               "properties.participants", check_participants_node);
  if (member_is_absent (node))
    return;

  participants = json_node_get_array (node);
  length = json_array_get_length (participants);

  /* The tree's strings: the event copies them. */
  g_ptr_array_set_size (names, 0);
  for (guint i = 0; i < length; i++)
    g_ptr_array_add (names, (char *)json_array_get_string_element (participants, i));
  g_ptr_array_add (names, NULL);

  fields->participants = (const char * const *)names->pdata;
}

/* Where the member @name goes in @props, or NULL for a member that is
 * not read. */
static JsonNode **
find_property (Properties *props,
               const char *name)
{
  switch (name[0])
    {
    case 's':
      if (strcmp (name, "start") == 0)
        return &props->start;
      if (strcmp (name, "summary") == 0)
        return &props->summary;
      if (strcmp (name, "source") == 0)
        return &props->source;
      return NULL;

    case 'e':
      return strcmp (name, "end") == 0 ? &props->end : NULL;

    case 't':
      return strcmp (name, "title") == 0 ? &props->title : NULL;

    case 'p':
      if (strcmp (name, "place") == 0)
        return &props->place;
      if (strcmp (name, "participants") == 0)
        return &props->participants;
      return NULL;

    case 'c':
      return strcmp (name, "country") == 0 ? &props->country : NULL;

    case 'k':
      return strcmp (name, "kind") == 0 ? &props->kind : NULL;

    default:
      return NULL;
    }
}

/* Finds the members that are read, looking at each member once rather
 * than looking up each name: nine lookups for each of 100,000 features
 * cost more than the rest of reading them. Returns whether any member is
 * named NAME:TAG, which may be a translation; most datasets have none. */
static gboolean
look_up_properties (Properties *props)
{
  gboolean has_translations = FALSE;
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, props->object);
  while (json_object_iter_next (&iter, &name, &node))
    {
      JsonNode **member = find_property (props, name);

      if (member != NULL)
        *member = node;
      else if (strchr (name, ':') != NULL)
        has_translations = TRUE;
    }

  return has_translations;
}

static void
read_properties (Scope      *scope,
                 JsonNode   *node,
                 Fields     *fields)
{
  Properties props = { NULL };

  if (node == NULL)
    {
      scope_report_missing (scope, "properties");
      return;
    }

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      scope_report_type (scope, "properties", _("an object"), node);
      return;
    }

  props.object = json_node_get_object (node);
  if (!look_up_properties (&props))
    scope->untranslated = props.object;

  read_dates (scope, &props, fields);
  read_title (scope, &props, fields);
  read_translated_node (scope, props.object, props.place, "place", "properties.place", FALSE,
                        &fields->place);
  read_country (scope, &props, fields);
  read_kind (scope, &props, fields);
  read_participants (scope, &props, fields);
  read_translated_node (scope, props.object, props.summary, "summary", "properties.summary",
                        FALSE, &fields->summary);
  read_translated_node (scope, props.object, props.source, "source", "properties.source", FALSE,
                        &fields->source);
}

static DiploEvent *
event_from_fields (const Fields *fields)
{
  DiploEventInit init = {
    .id = fields->id,
    .title = fields->title,
    .place = fields->place,
    .country = fields->country,
    .summary = fields->summary,
    .source = fields->source,
    .participants = fields->participants,
    .start_day = fields->start_day,
    .start_precision = fields->start_precision,
    .end_day = fields->end_day,
    .end_precision = fields->end_precision,
    .has_location = fields->has_location,
    .latitude = fields->has_location ? fields->latitude : 0.0,
    .longitude = fields->has_location ? fields->longitude : 0.0,
    .kind = fields->kind,
  };

  return diplo_event_new (&init);
}

/* Returns NULL when the feature has problems; they are in the validator. */
static DiploEvent *
read_feature (Validator *validator,
              guint      index,
              JsonNode  *node)
{
  g_auto(Scope) scope = { validator, NULL };
  Fields fields = { 0 };
  guint problems_before = validator->n_problems;
  JsonNode *type = NULL, *geometry = NULL, *props = NULL;
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;
  DiploEvent *event;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      scope.is_feature = TRUE;
      scope.index = index;
      scope_report_type (&scope, NULL, _("an object"), node);
      return NULL;
    }

  scope.is_feature = TRUE;
  scope.index = index;

  /* Each member looked at once rather than each looked up by name */
  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &member, &value))
    {
      if (strcmp (member, "type") == 0)
        type = value;
      else if (strcmp (member, "id") == 0)
        scope.id = value;
      else if (strcmp (member, "geometry") == 0)
        geometry = value;
      else if (strcmp (member, "properties") == 0)
        props = value;
    }

  read_id (&scope, index, &fields);
  check_type_node (&scope, type, "type", "Feature");
  read_geometry (&scope, geometry, &fields);
  read_properties (&scope, props, &fields);

  if (validator->n_problems != problems_before)
    {
      remember_id (validator, &fields, fields.id, index);
      return NULL;
    }

  event = event_from_fields (&fields);
  remember_id (validator, &fields, diplo_event_get_id (event), index);

  return event;
}

/* Everything the event needs is copied: the feature's subtree is freed
 * at once, while it is in the cache, and its blocks are reused for what
 * comes next, rather than all freed at the end and merged by the
 * allocator on its next large request. */
static void
read_and_free_feature (Validator *validator,
                       guint      index,
                       JsonNode  *feature,
                       GPtrArray *events)
{
  DiploEvent *event = read_feature (validator, index, feature);

  if (event == NULL)
    return;

  g_ptr_array_add (events, event);
  json_node_init_null (feature);
}

/* Reads the features from @first on. */
static gboolean
read_features (Validator     *validator,
               JsonArray     *features,
               guint          first,
               GPtrArray     *events,
               GCancellable  *cancellable,
               GError       **error)
{
  guint n_features = json_array_get_length (features);

  validator->undeclared_features = features;

  for (guint i = first; i < n_features; i++)
    {
      if ((i - first) % FEATURES_PER_CANCEL_CHECK == 0
          && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      read_and_free_feature (validator, i, json_array_get_element (features, i), events);
    }

  return TRUE;
}

/* Reads the features while json-glib parses them, each as soon as it is
 * whole: it is then in the cache, and once freed its blocks make the
 * next features, so the whole tree never exists. json-glib tells the
 * arrays that start, end and get an element, but not which member an
 * array is: the check found which outer array (one no other array
 * holds) is the features, and the stream counts them the same way. */
typedef struct
{
  Validator    *validator;
  GPtrArray    *events;
  GCancellable *cancellable;
  /* Blocked in the arrays that features hold, whose many elements (a
   * point's coordinates, participants) are no features: a handler is
   * called through libffi, which is slow. */
  gulong        element_handler;
  int           features_array;
  guint         n_outer_arrays;
  guint         n_open_arrays;
  gboolean      in_features;
  /* The features before this one are read; once the stream stops, the
   * others are read when the tree is whole. */
  guint         n_read;
  gboolean      stopped;
} FeatureStream;

static void
stream_array_start (JsonParser    *parser,
                    FeatureStream *stream)
{
  if (stream->n_open_arrays == 0)
    stream->in_features = (int)stream->n_outer_arrays++ == stream->features_array;
  else if (stream->n_open_arrays == 1 && stream->in_features)
    g_signal_handler_block (parser, stream->element_handler);

  stream->n_open_arrays++;
}

static void
stream_array_end (JsonParser    *parser,
                  JsonArray     *array,
                  FeatureStream *stream)
{
  stream->n_open_arrays--;
  if (stream->n_open_arrays == 0)
    stream->in_features = FALSE;
  else if (stream->n_open_arrays == 1 && stream->in_features)
    g_signal_handler_unblock (parser, stream->element_handler);
}

static void
stream_array_element (JsonParser    *parser,
                      JsonArray     *array,
                      int            index,
                      FeatureStream *stream)
{
  JsonNode *feature;

  if (!stream->in_features || stream->n_open_arrays != 1 || stream->stopped)
    return;

  g_assert ((guint)index == stream->n_read);
  feature = json_array_get_element (array, index);

  /* The id made for a feature that has none must be one that no other
   * feature has, those not parsed yet included: from there on, the
   * features are read from the whole tree. So are they once the load is
   * cancelled, which then stops it. */
  if ((JSON_NODE_HOLDS_OBJECT (feature)
       && !json_object_has_member (json_node_get_object (feature), "id"))
      || (index % FEATURES_PER_CANCEL_CHECK == 0
          && g_cancellable_is_cancelled (stream->cancellable)))
    {
      stream->stopped = TRUE;
      return;
    }

  read_and_free_feature (stream->validator, index, feature, stream->events);
  stream->n_read++;
}

/* Problems with the document itself; returns the features to read, if any. */
static JsonArray *
read_collection (Validator  *validator,
                 JsonNode   *root,
                 Contents   *contents)
{
  Scope scope = { validator, NULL };
  JsonObject *collection;
  JsonNode *features;
  const char *title, *attribution;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      scope_report_type (&scope, NULL, _("an object"), root);
      return NULL;
    }

  collection = json_node_get_object (root);
  check_type_node (&scope, json_object_get_member (collection, "type"), "type",
                   "FeatureCollection");

  if (read_translated_string (&scope, collection, "title", "title", FALSE, &title))
    contents->title = g_strdup (title);
  if (read_translated_string (&scope, collection, "attribution", "attribution", FALSE,
                              &attribution))
    contents->attribution = g_strdup (attribution);

  features = json_object_get_member (collection, "features");
  if (features == NULL)
    {
      scope_report_missing (&scope, "features");
      return NULL;
    }

  if (!JSON_NODE_HOLDS_ARRAY (features))
    {
      scope_report_type (&scope, "features", _("an array"), features);
      return NULL;
    }

  return json_node_get_array (features);
}

/* The problems of @first, then those of @then, as if reported in turn to
 * one validator. */
static char *
dup_problems_message (Validator *first,
                      Validator *then)
{
  g_autoptr(GString) message = g_string_new (NULL);
  Validator *validators[] = { first, then };
  guint n_shown = 0;
  guint unreported;

  for (guint v = 0; v < G_N_ELEMENTS (validators); v++)
    for (guint i = 0; i < validators[v]->problems->len; i++)
      {
        if (n_shown == DIPLO_DATASET_MAX_REPORTED_ERRORS)
          break;

        if (n_shown > 0)
          g_string_append_c (message, '\n');
        g_string_append (message, g_ptr_array_index (validators[v]->problems, i));
        n_shown++;
      }

  unreported = first->n_problems + then->n_problems - n_shown;
  if (unreported > 0)
    {
      g_string_append_c (message, '\n');
      g_string_append_printf (message,
                              g_dngettext (GETTEXT_PACKAGE,
                                           /* Translators: the last line of a
                                            * list of problems; %u is how many
                                            * more were found but not listed */
                                           "… and %u more error",
                                           "… and %u more errors",
                                           unreported),
                              unreported);
    }

  return g_string_free (g_steal_pointer (&message), FALSE);
}

/* @validator has read the features before @n_read already, as they were
 * parsed; it reads the others. */
static gboolean
validate_tree (JsonNode      *root,
               Validator     *validator,
               guint          n_read,
               Contents      *contents,
               GCancellable  *cancellable,
               GError       **error)
{
  /* The problems of the document itself come first in the message, as
   * it is read first, though most features may have been read before. */
  g_auto(Validator) collection = { 0 };
  JsonArray *features;

  validator_init (&collection, validator->display_name, validator->languages);

  features = read_collection (&collection, root, contents);
  if (features != NULL
      && !read_features (validator, features, n_read, contents->events, cancellable, error))
    return FALSE;

  if (collection.n_problems > 0 || validator->n_problems > 0)
    {
      g_autofree char *message = dup_problems_message (&collection, validator);

      g_set_error_literal (error, DIPLO_DATASET_ERROR, DIPLO_DATASET_ERROR_INVALID, message);
      return FALSE;
    }

  diplo_event_sort ((DiploEvent **)contents->events->pdata, contents->events->len);

  return TRUE;
}

/* json-glib names in-memory data "<data>"; the user knows the file. Its
 * message quotes the text it stopped at cut to a number of bytes, which may
 * split a character in two. */
static void
set_syntax_error (GError     **error,
                  const char  *display_name,
                  const char  *parser_text)
{
  g_autofree char *parser_message = g_utf8_make_valid (parser_text, -1);
  const char *prefix = "<data>:";

  if (g_str_has_prefix (parser_message, prefix))
    g_set_error (error, DIPLO_DATASET_ERROR, DIPLO_DATASET_ERROR_PARSE,
                 "%s:%s", display_name, parser_message + strlen (prefix));
  else
    g_set_error (error, DIPLO_DATASET_ERROR, DIPLO_DATASET_ERROR_PARSE,
                 "%s: %s", display_name, parser_message);
}

/* Where @offset is, as compilers write it: line and column from 1, the
 * column in characters. */
static void
locate (const char *data,
        gsize       offset,
        guint      *line,
        glong      *column)
{
  const char *line_start = data;

  *line = 1;
  for (const char *p = data; p < data + offset; p++)
    {
      if (*p == '\n')
        {
          (*line)++;
          line_start = p + 1;
        }
    }

  *column = g_utf8_strlen (line_start, data + offset - line_start) + 1;
}

static gboolean
check_utf8 (const char  *data,
            gsize        length,
            const char  *display_name,
            GError     **error)
{
  const char *end;
  guint line;
  glong column;

  if (diplo_json_validate_utf8 (data, length, &end))
    return TRUE;

  /* Spreadsheets and Windows tools often save “Unicode” as UTF-16. */
  if (length >= 2 && (((guchar)data[0] == 0xFF && (guchar)data[1] == 0xFE)
                      || ((guchar)data[0] == 0xFE && (guchar)data[1] == 0xFF)))
    {
      g_set_error (error, DIPLO_DATASET_ERROR, DIPLO_DATASET_ERROR_PARSE,
                   /* Translators: %s is a file name */
                   _("%s: the file is in UTF-16; a dataset must be saved as UTF-8"),
                   display_name);
      return FALSE;
    }

  locate (data, end - data, &line, &column);
  if (end < data + length && *end == '\0')
    g_set_error (error, DIPLO_DATASET_ERROR, DIPLO_DATASET_ERROR_PARSE,
                 /* Translators: %s is a file name, %u a line and %ld a column
                  * in it, both counted from 1, as compilers write them */
                 _("%s:%u:%ld: the file holds a null byte; it is not a text file"),
                 display_name, line, column);
  else
    g_set_error (error, DIPLO_DATASET_ERROR, DIPLO_DATASET_ERROR_PARSE,
                 /* Translators: %s is a file name, %u a line and %ld a column in
                  * it, both counted from 1, as compilers write them */
                 _("%s:%u:%ld: the file is not valid UTF-8"),
                 display_name, line, column);
  return FALSE;
}

static gboolean
is_blank (const char *data,
          gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isspace (data[i]))
      return FALSE;

  return TRUE;
}

/* The parser, and with it the whole JSON tree, is gone when this returns:
 * only the events are kept. */
static gboolean
parse_contents (GBytes        *bytes,
                const char    *display_name,
                Contents      *contents,
                GCancellable  *cancellable,
                GError       **error)
{
  /* Not json_parser_new_immutable (): sealing every node costs a twelfth
   * of the parse, nothing outlives this function to need it, and each
   * feature is freed from the tree once read. */
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) parse_error = NULL;
  g_auto(Validator) validator = { 0 };
  FeatureStream stream = { 0 };
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  JsonNode *root;

  if (data == NULL)
    data = "";

  if (!check_utf8 (data, length, display_name, error))
    return FALSE;

  data = diplo_json_skip_bom (data, &length);
  if (is_blank (data, length))
    {
      g_set_error (error, DIPLO_DATASET_ERROR, DIPLO_DATASET_ERROR_PARSE,
                   /* Translators: %s is a file name */
                   _("%s: the file is empty"), display_name);
      return FALSE;
    }

  /* json-glib 1.6 accepts what is not JSON, misreads some of what is, and
   * crashes on deep nesting: it only gets what passed the strict check. */
  if (!diplo_json_check_full (data, length, display_name, &stream.features_array, error))
    return FALSE;

  validator_init (&validator, display_name, contents->languages);
  if (stream.features_array >= 0)
    {
      stream.validator = &validator;
      stream.events = contents->events;
      stream.cancellable = cancellable;
      g_signal_connect (parser, "array-start", G_CALLBACK (stream_array_start), &stream);
      g_signal_connect (parser, "array-end", G_CALLBACK (stream_array_end), &stream);
      stream.element_handler = g_signal_connect (parser, "array-element",
                                                 G_CALLBACK (stream_array_element), &stream);
    }

  if (!json_parser_load_from_data (parser, data, length, &parse_error))
    {
      set_syntax_error (error, display_name, parse_error->message);
      return FALSE;
    }

  /* Never NULL after the check, which refuses an empty document */
  root = json_parser_get_root (parser);
  g_return_val_if_fail (root != NULL, FALSE);

  return validate_tree (root, &validator, stream.n_read, contents, cancellable, error);
}

static DiploDataset *
load_bytes (GBytes              *bytes,
            const char          *display_name,
            const char * const  *languages,
            GCancellable        *cancellable,
            GError             **error)
{
  g_auto(Contents) contents = { 0 };
  g_auto(GStrv) message_languages = NULL;
  DiploDataset *self;

  if (languages == NULL)
    languages = (const char * const *)(message_languages = diplo_language_dup_message_names ());

  contents.events = g_ptr_array_new_with_free_func (g_object_unref);
  contents.languages = languages;

  if (!parse_contents (bytes, display_name, &contents, cancellable, error))
    return NULL;

  self = g_object_new (DIPLO_TYPE_DATASET,
                       "title", contents.title,
                       "attribution", contents.attribution,
                       "display-name", display_name,
                       NULL);
  g_list_store_splice (self->events, 0, 0, contents.events->pdata, contents.events->len);

  return self;
}

static void
diplo_dataset_finalize (GObject *object)
{
  DiploDataset *self = (DiploDataset *)object;

  g_clear_pointer (&self->month_index, diplo_month_index_unref);
  g_clear_pointer (&self->place_grouping, diplo_place_grouping_unref);
  g_clear_object (&self->events);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->attribution, g_free);
  g_clear_pointer (&self->display_name, g_free);

  G_OBJECT_CLASS (diplo_dataset_parent_class)->finalize (object);
}

static void
diplo_dataset_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  DiploDataset *self = DIPLO_DATASET (object);

  switch (prop_id)
    {
    case PROP_EVENTS:
      g_value_set_object (value, self->events);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_ATTRIBUTION:
      g_value_set_string (value, self->attribution);
      break;

    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
diplo_dataset_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  DiploDataset *self = DIPLO_DATASET (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      self->title = g_value_dup_string (value);
      break;

    case PROP_ATTRIBUTION:
      self->attribution = g_value_dup_string (value);
      break;

    case PROP_DISPLAY_NAME:
      self->display_name = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
diplo_dataset_class_init (DiploDatasetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags construct_flags = (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY
                                       | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  object_class->finalize = diplo_dataset_finalize;
  object_class->get_property = diplo_dataset_get_property;
  object_class->set_property = diplo_dataset_set_property;

  /**
   * DiploDataset:events:
   *
   * The #DiploEvent of the dataset, sorted by start date then title.
   */
  properties[PROP_EVENTS] =
    g_param_spec_object ("events", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, construct_flags);

  properties[PROP_ATTRIBUTION] =
    g_param_spec_string ("attribution", NULL, NULL, NULL, construct_flags);

  /**
   * DiploDataset:display-name:
   *
   * The name the dataset was loaded under, as used in its error messages.
   */
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL, construct_flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
diplo_dataset_init (DiploDataset *self)
{
  self->events = g_list_store_new (DIPLO_TYPE_EVENT);
}

/**
 * diplo_dataset_new_from_bytes:
 * @bytes: GeoJSON text
 * @display_name: the name to show in error messages, like “events.geojson”
 * @error: a #DIPLO_DATASET_ERROR on bad data
 *
 * Parses and validates the whole of @bytes. Syntax errors give
 * “NAME:LINE:COLUMN: …”; other problems are all listed, one a line, as
 * “NAME: feature INDEX ("ID"): MEMBER: …” with the index counted from 0.
 * A feature without an id is given “feature-INDEX”.
 *
 * Returns: (transfer full): the dataset, or %NULL with @error set
 */
DiploDataset *
diplo_dataset_new_from_bytes (GBytes      *bytes,
                              const char  *display_name,
                              GError     **error)
{
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return load_bytes (bytes, display_name, NULL, NULL, error);
}

/**
 * diplo_dataset_new_from_bytes_for_languages:
 * @bytes: GeoJSON text
 * @display_name: the name to show in error messages
 * @languages: the languages to read translated members in, most wanted
 *   first, as g_get_language_names() lists them
 * @error: a #DIPLO_DATASET_ERROR on bad data
 *
 * Like diplo_dataset_new_from_bytes(), which reads the translations that
 * match the language of the user interface, but for the given languages:
 * a member such as “title:zh” or “summary:fr-CA” replaces “title” or
 * “summary” when its language is among @languages, the earliest match
 * winning. diplo_language_rank() tells how languages match.
 *
 * Returns: (transfer full): the dataset, or %NULL with @error set
 */
DiploDataset *
diplo_dataset_new_from_bytes_for_languages (GBytes              *bytes,
                                            const char          *display_name,
                                            const char * const  *languages,
                                            GError             **error)
{
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (languages != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return load_bytes (bytes, display_name, languages, NULL, error);
}

static char *
dup_file_display_name (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);

  if (basename == NULL)
    return g_file_get_uri (file);

  return g_filename_display_name (basename);
}

typedef struct
{
  GFile                 *file;
  GFileProgressCallback  progress_callback;
  gpointer               progress_data;
  GStrv                  languages;
} LoadData;

typedef struct
{
  GTask   *task;
  goffset  current;
  goffset  total;
} Progress;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->file);
  g_clear_pointer (&data->languages, g_strfreev);
  g_free (data);
}

static void
progress_free (Progress *progress)
{
  g_clear_object (&progress->task);
  g_free (progress);
}

/* Runs in the caller's main context. A report that arrives after the load
 * finished or was cancelled is dropped: progress never follows completion,
 * and whoever cancelled may already have destroyed what showed it. */
static gboolean
deliver_progress (gpointer user_data)
{
  Progress *progress = user_data;
  LoadData *data = g_task_get_task_data (progress->task);

  if (!g_task_get_completed (progress->task)
      && !g_cancellable_is_cancelled (g_task_get_cancellable (progress->task)))
    data->progress_callback (progress->current, progress->total, data->progress_data);

  return G_SOURCE_REMOVE;
}

/* @task is NULL for a synchronous load, which reports no progress. */
static void
report_progress (GTask   *task,
                 goffset  current,
                 goffset  total)
{
  g_autoptr(GSource) source = NULL;
  LoadData *data;
  Progress *progress;

  g_assert (task == NULL || G_IS_TASK (task));

  if (task == NULL)
    return;

  data = g_task_get_task_data (task);
  if (data->progress_callback == NULL)
    return;

  progress = g_new0 (Progress, 1);
  progress->task = g_object_ref (task);
  progress->current = current;
  progress->total = total;

  /* Not g_main_context_invoke(): when the caller's context is the global
   * default and no thread holds it at that moment, it would call back right
   * here, in the worker thread. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, deliver_progress, progress, (GDestroyNotify)progress_free);
  g_source_set_static_name (source, "[diplo] dataset load progress");
  g_source_attach (source, g_task_get_context (task));
}

static goffset
query_size (GFileInputStream *stream,
            GCancellable     *cancellable)
{
  g_autoptr(GFileInfo) info = NULL;

  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                         cancellable, NULL);
  if (info == NULL || !g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_SIZE))
    return 0;

  return g_file_info_get_size (info);
}

static gboolean
check_size (goffset      size,
            const char  *display_name,
            GError     **error)
{
  g_autofree char *limit = NULL;

  if (size <= DIPLO_DATASET_MAX_SIZE)
    return TRUE;

  limit = g_format_size_full (DIPLO_DATASET_MAX_SIZE, G_FORMAT_SIZE_IEC_UNITS);
  g_set_error (error, DIPLO_DATASET_ERROR, DIPLO_DATASET_ERROR_TOO_LARGE,
               /* Translators: the first %s is a file name, the second the
                * largest size a dataset file may have, as in “256.0 MiB” */
               _("%s: the file is too large; a dataset may be at most %s"),
               display_name, limit);
  return FALSE;
}

/* GIO's messages name the file by its full path; ours start with
 * @display_name like every other message of the loader, and say the two
 * common cases plainly. */
static void
name_io_error (GError     **error,
               const char  *display_name)
{
  if (error == NULL || *error == NULL)
    return;

  if (g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_free ((*error)->message);
      /* Translators: %s is a file name */
      (*error)->message = g_strdup_printf (_("%s: there is no such file"), display_name);
    }
  else if (g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
    {
      g_free ((*error)->message);
      /* Translators: %s is a file name */
      (*error)->message = g_strdup_printf (_("%s: you are not allowed to read this file"),
                                           display_name);
    }
  else
    g_prefix_error (error, "%s: ", display_name);
}

/* Opening a FIFO for reading waits for a writer, forever if none comes,
 * and a device may never end: only regular files are read. The type is
 * looked at before opening, which is the only time it can help. */
static gboolean
check_regular_file (GFile         *file,
                    const char    *display_name,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE, G_FILE_QUERY_INFO_NONE,
                            cancellable, error);
  if (info == NULL)
    {
      name_io_error (error, display_name);
      return FALSE;
    }

  switch (g_file_info_get_file_type (info))
    {
    case G_FILE_TYPE_REGULAR:
      return TRUE;

    case G_FILE_TYPE_DIRECTORY:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   /* Translators: %s is the name of a folder that was given
                    * where a dataset file was expected */
                   _("%s: this is a folder, not a dataset file"), display_name);
      return FALSE;

    default:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   /* Translators: %s is a file name; a special file is a
                    * pipe, a socket or a device */
                   _("%s: this is a special file (a pipe, a socket or a device), "
                     "not a dataset file"), display_name);
      return FALSE;
    }
}

/* The size is checked before reading, so that a huge file is refused at
 * once, and again as the bytes come, since a size may be unknown (a pipe, a
 * device, some remote files) or wrong (a file still growing). I/O errors
 * start with @display_name, as every other message of the loader does,
 * because GIO's name the file by its full path. @task, when not NULL, is
 * given the progress. */
static GBytes *
read_file (GFile         *file,
           const char    *display_name,
           GTask         *task,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GByteArray) contents = g_byte_array_new ();
  goffset total;
  gssize n_read;

  g_assert (G_IS_FILE (file));
  g_assert (task == NULL || G_IS_TASK (task));

  if (!check_regular_file (file, display_name, cancellable, error))
    return NULL;

  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    {
      name_io_error (error, display_name);
      return NULL;
    }

  total = query_size (stream, cancellable);
  if (!check_size (total, display_name, error))
    return NULL;

  report_progress (task, 0, total);

  do
    {
      gsize old_length = contents->len;
      /* One byte past the limit is enough to know the file is too large;
       * old_length never exceeds the limit here. */
      gsize chunk_size = MIN (READ_CHUNK_SIZE, DIPLO_DATASET_MAX_SIZE + 1 - old_length);

      g_byte_array_set_size (contents, old_length + chunk_size);
      n_read = g_input_stream_read (G_INPUT_STREAM (stream), contents->data + old_length,
                                    chunk_size, cancellable, error);
      g_byte_array_set_size (contents, old_length + MAX (n_read, 0));

      if (n_read < 0)
        {
          name_io_error (error, display_name);
          return NULL;
        }

      if (!check_size (contents->len, display_name, error))
        return NULL;

      report_progress (task, contents->len, MAX (total, (goffset)contents->len));
    }
  while (n_read > 0);

  return g_byte_array_free_to_bytes (g_steal_pointer (&contents));
}

/**
 * diplo_dataset_new_from_file:
 *
 * Loads @file synchronously; error messages name it by its base name.
 * Prefer diplo_dataset_load_async() in the user interface.
 *
 * Returns: (transfer full): the dataset, or %NULL with @error set
 */
DiploDataset *
diplo_dataset_new_from_file (GFile   *file,
                             GError **error)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return diplo_dataset_new_from_file_full (file, NULL, error);
}

/**
 * diplo_dataset_new_from_file_full:
 * @file: the GeoJSON file
 * @display_name: (nullable): the name that starts every error message, such
 *   as the path the user typed; %NULL for the base name of @file
 * @error: a #DIPLO_DATASET_ERROR on bad data or a file larger than
 *   %DIPLO_DATASET_MAX_SIZE, a #G_IO_ERROR when @file can't be read
 *
 * Loads @file synchronously.
 *
 * Returns: (transfer full): the dataset, or %NULL with @error set
 */
DiploDataset *
diplo_dataset_new_from_file_full (GFile       *file,
                                  const char  *display_name,
                                  GError     **error)
{
  g_autofree char *basename = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (display_name == NULL)
    display_name = basename = dup_file_display_name (file);

  bytes = read_file (file, display_name, NULL, NULL, error);
  if (bytes == NULL)
    return NULL;

  return load_bytes (bytes, display_name, NULL, NULL, error);
}

/**
 * diplo_dataset_new_builtin:
 *
 * Loads the dataset compiled into the application's resources.
 *
 * Returns: (transfer full): the dataset, or %NULL with @error set
 */
DiploDataset *
diplo_dataset_new_builtin (GError **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bytes = g_resources_lookup_data (DIPLO_DATASET_BUILTIN_RESOURCE,
                                   G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;

  return load_bytes (bytes, "events.geojson", NULL, NULL, error);
}

static void
load_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  LoadData *data = task_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *display_name = NULL;
  DiploDataset *dataset;

  display_name = dup_file_display_name (data->file);
  bytes = read_file (data->file, display_name, task, cancellable, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  dataset = load_bytes (bytes, display_name, (const char * const *)data->languages,
                        cancellable, &error);
  if (dataset == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* What the window derives from the events, made here rather than on the
   * main thread, which would stall for a large file. */
  diplo_dataset_get_month_index (dataset);
  diplo_dataset_get_place_grouping (dataset);

  g_task_return_pointer (task, dataset, g_object_unref);
}

/**
 * diplo_dataset_load_async:
 * @file: the GeoJSON file
 * @cancellable: (nullable): cancels the load
 * @progress_callback: (nullable) (scope notified): called in the thread-default
 *   main context of the caller with the bytes read so far and the file size;
 *   never once @cancellable is cancelled or @callback has run
 * @progress_data: data for @progress_callback, alive until @callback runs
 * @callback: called when the dataset is loaded
 * @user_data: data for @callback
 *
 * Reads, parses and validates @file in a worker thread. Its messages name
 * @file by its base name; a file larger than %DIPLO_DATASET_MAX_SIZE gives
 * %DIPLO_DATASET_ERROR_TOO_LARGE.
 */
void
diplo_dataset_load_async (GFile                 *file,
                          GCancellable          *cancellable,
                          GFileProgressCallback  progress_callback,
                          gpointer               progress_data,
                          GAsyncReadyCallback    callback,
                          gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (LoadData, 1);
  data->file = g_object_ref (file);
  data->progress_callback = progress_callback;
  data->progress_data = progress_data;
  /* Here, not in the worker thread: the locale belongs to the caller. */
  data->languages = diplo_language_dup_message_names ();

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, diplo_dataset_load_async);
  g_task_set_name (task, "[diplo] load dataset");
  g_task_set_task_data (task, data, (GDestroyNotify)load_data_free);
  g_task_run_in_thread (task, load_in_thread);
}

/**
 * diplo_dataset_load_finish:
 *
 * Returns: (transfer full): the dataset, or %NULL with @error set; a
 *   cancelled load gives %G_IO_ERROR_CANCELLED
 */
DiploDataset *
diplo_dataset_load_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == diplo_dataset_load_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * diplo_dataset_get_events:
 *
 * Returns: (transfer none): a #GListModel of #DiploEvent sorted by start
 *   date then title
 */
GListModel *
diplo_dataset_get_events (DiploDataset *self)
{
  g_return_val_if_fail (DIPLO_IS_DATASET (self), NULL);

  return G_LIST_MODEL (self->events);
}

const char *
diplo_dataset_get_title (DiploDataset *self)
{
  g_return_val_if_fail (DIPLO_IS_DATASET (self), NULL);

  return self->title;
}

const char *
diplo_dataset_get_attribution (DiploDataset *self)
{
  g_return_val_if_fail (DIPLO_IS_DATASET (self), NULL);

  return self->attribution;
}

const char *
diplo_dataset_get_display_name (DiploDataset *self)
{
  g_return_val_if_fail (DIPLO_IS_DATASET (self), NULL);

  return self->display_name;
}

/**
 * diplo_dataset_get_month_index:
 *
 * Made on first use, unless the dataset was loaded with
 * diplo_dataset_load_async(), which makes it in its thread.
 *
 * Returns: (transfer none): the months of the events
 */
DiploMonthIndex *
diplo_dataset_get_month_index (DiploDataset *self)
{
  g_return_val_if_fail (DIPLO_IS_DATASET (self), NULL);

  if (self->month_index == NULL)
    self->month_index = diplo_month_index_new (G_LIST_MODEL (self->events));

  return self->month_index;
}

/**
 * diplo_dataset_get_place_grouping:
 *
 * Made on first use, unless the dataset was loaded with
 * diplo_dataset_load_async(), which makes it in its thread.
 *
 * Returns: (transfer none): the places of all the events
 */
DiploPlaceGrouping *
diplo_dataset_get_place_grouping (DiploDataset *self)
{
  g_return_val_if_fail (DIPLO_IS_DATASET (self), NULL);

  if (self->place_grouping == NULL)
    self->place_grouping = diplo_place_grouping_new (G_LIST_MODEL (self->events));

  return self->place_grouping;
}
