#define G_LOG_DOMAIN "diplo-json-check"

#include "config.h"

#include "diplo-json-check.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "diplo-dataset.h"

/**
 * SECTION:diplo-json-check
 *
 * A strict RFC 8259 check, in one pass over the bytes, before json-glib
 * builds the tree. json-glib 1.6 is lenient where a dataset must not be:
 * it accepts comments, single quotes, hexadecimal and octal numbers, raw
 * control characters and unknown escapes in strings; it keeps only the
 * last of duplicate members, silently; it turns integers beyond 64 bits
 * into -1, \u0000 into the end of a string and a lone surrogate into
 * invalid UTF-8; and it overflows its stack on deeply nested input. The
 * check refuses all of these with the line and column, so that json-glib
 * only ever sees plain JSON it reads right.
 *
 * The data should be valid UTF-8 already, as the loader makes sure: bytes
 * are only compared to ASCII, and nothing is read past the end whatever
 * they are.
 */

/* An object with more members than this gets a hash table for finding
 * duplicates; smaller ones, which is nearly all, are searched in order. */
#define MAX_LINEAR_MEMBERS 16

/* A member name in a message is cut to this many characters. */
#define MAX_SHOWN_NAME 40

typedef struct
{
  const char *start;
  gsize       length;
} Name;

typedef struct
{
  guint       first_name;
  GHashTable *names;
} ObjectFrame;

typedef struct
{
  const char  *end;
  const char  *p;
  const char  *line_start;
  guint        line;
  guint        depth;
  const char  *display_name;
  GError     **error;

  /* The member names of the open objects, innermost last; a plain array,
   * as a GArray call for each of a file's names showed in the profile */
  Name        *names;
  guint        n_names;
  guint        names_size;
  /* Names that were written with escapes, decoded; they own the text */
  GPtrArray   *decoded;
  ObjectFrame  frames[DIPLO_JSON_MAX_DEPTH + 1];
  guint        n_frames;

  /* Which array is the member "features" of the root object, counted
   * among the outer arrays, those no other array holds, in the order
   * they start: what a reader of json-glib's signals can count too. */
  guint        n_open_arrays;
  guint        n_outer_arrays;
  gboolean     value_is_features;
  int          features_array;
} Checker;

static void checker_fail (Checker    *checker,
                          const char *at,
                          const char *format,
                          ...) G_GNUC_PRINTF (3, 4);

/* Every problem is reported as NAME:LINE:COLUMN, both from 1, the column
 * counted in characters. */
static void
checker_fail (Checker    *checker,
              const char *at,
              const char *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;
  glong column;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  at = MIN (at, checker->end);
  column = g_utf8_strlen (checker->line_start, at - checker->line_start) + 1;
  g_set_error (checker->error, DIPLO_DATASET_ERROR, DIPLO_DATASET_ERROR_PARSE,
               "%s:%u:%ld: %s", checker->display_name, checker->line, column, message);
}

/* The helpers called for every token are inlined whatever the
 * optimization level: the default build has none, and the calls alone
 * cost a fifth of the check. */
G_ALWAYS_INLINE static inline gboolean
at_end (Checker *checker)
{
  return checker->p >= checker->end;
}

/* A local pointer: stores through char pointers may alias the checker,
 * which would keep the compiler from holding it in a register. */
G_ALWAYS_INLINE static inline void
skip_whitespace (Checker *checker)
{
  const char *p = checker->p;
  const char *end = checker->end;

  /* Most tokens are followed by one space or none. */
  if (p < end && (guchar)*p > ' ')
    return;

  for (; p < end; p++)
    {
      if (*p == ' ' || *p == '\t' || *p == '\r')
        continue;

      if (*p != '\n')
        break;

      checker->line++;
      checker->line_start = p + 1;
    }

  checker->p = p;
}

/* Describes the character at @at for “expected …, found %s”. */
static char *
describe_character (Checker    *checker,
                    const char *at)
{
  gunichar c;

  if (at >= checker->end)
    return g_strdup (_("the end of the file"));

  /* Validated, and bounded: the check may be given any bytes, as a fuzzer
   * does, even though the loader validates them first. */
  c = g_utf8_get_char_validated (at, checker->end - at);
  if (c == (gunichar)-1 || c == (gunichar)-2)
    /* Translators: a byte that is not UTF-8 text, in hexadecimal */
    return g_strdup_printf (_("the byte 0x%02X"), (guchar)*at);

  if (g_unichar_isgraph (c))
    {
      char text[8] = { 0 };

      g_unichar_to_utf8 (c, text);
      /* Translators: a character found where it should not be, in quotes */
      return g_strdup_printf (_("\"%s\""), text);
    }

  /* Translators: an invisible character, as its Unicode code point */
  return g_strdup_printf (_("the character U+%04X"), c);
}

static gboolean
fail_unexpected (Checker    *checker,
                 const char *expected)
{
  g_autofree char *found = describe_character (checker, checker->p);

  if (at_end (checker))
    {
      /* Translators: %s is what should come next, as in “a value” */
      checker_fail (checker, checker->p,
                    _("the file ends where %s was expected; is it cut short?"), expected);
      return FALSE;
    }

  switch (*checker->p)
    {
    case '/':
    case '#':
      checker_fail (checker, checker->p, "%s", _("comments are not allowed in JSON"));
      return FALSE;

    case '\'':
      checker_fail (checker, checker->p, "%s",
                    _("strings must be in double quotes (\"), not single quotes (')"));
      return FALSE;

    default:
      /* Translators: the first %s is what should come next, as in “a
       * value”, the second what the file has, as in “\"x\"” */
      checker_fail (checker, checker->p, _("expected %s, found %s"), expected, found);
      return FALSE;
    }
}

/* What is expected where @c is: looked up only for a message, since
 * gettext takes locks and the check passes here at every member. */
static const char *
describe_expected (char c)
{
  switch (c)
    {
    case ']':
      return _("\",\" or \"]\"");

    case '}':
      return _("\",\" or \"}\"");

    case ':':
    default:
      return _("\":\"");
    }
}

G_ALWAYS_INLINE static inline gboolean
expect_character (Checker *checker,
                  char     c)
{
  skip_whitespace (checker);
  if (!at_end (checker) && *checker->p == c)
    {
      checker->p++;
      return TRUE;
    }

  return fail_unexpected (checker, describe_expected (c));
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Reads the four digits after “\u”; @at is at the backslash. */
static gboolean
read_hex4 (Checker    *checker,
           const char *at,
           gunichar   *value)
{
  *value = 0;

  if (checker->end - at < 6)
    {
      checker_fail (checker, at, "%s", _("\"\\u\" must be followed by four hexadecimal digits"));
      return FALSE;
    }

  for (guint i = 2; i < 6; i++)
    {
      int digit = hex_value (at[i]);

      if (digit < 0)
        {
          checker_fail (checker, at, "%s",
                        _("\"\\u\" must be followed by four hexadecimal digits"));
          return FALSE;
        }
      *value = *value * 16 + digit;
    }

  return TRUE;
}

/* Checks “\uXXXX”, and its pair when it is a surrogate; @at is at the
 * backslash. Returns where the escape ends, or NULL. */
static const char *
check_unicode_escape (Checker    *checker,
                      const char *at,
                      gunichar   *value)
{
  gunichar low;

  if (!read_hex4 (checker, at, value))
    return NULL;

  /* json-glib 1.6 ends the string there, silently. */
  if (*value == 0)
    {
      checker_fail (checker, at, "%s", _("\"\\u0000\" (a null character) is not allowed in text"));
      return NULL;
    }

  if (*value < 0xD800 || *value > 0xDFFF)
    return at + 6;

  if (*value <= 0xDBFF && checker->end - at >= 12 && at[6] == '\\' && at[7] == 'u'
      && read_hex4 (checker, at + 6, &low) && low >= 0xDC00 && low <= 0xDFFF)
    {
      *value = 0x10000 + ((*value - 0xD800) << 10) + (low - 0xDC00);
      return at + 12;
    }

  g_clear_error (checker->error);
  /* Translators: %.6s is an escape as written in the file, like \ud800 */
  checker_fail (checker, at, _("\"%.6s\" is half of a surrogate pair without its other half"), at);
  return NULL;
}

/* Eight copies of byte @c in one word */
#define EIGHT_TIMES(c) (G_GUINT64_CONSTANT (0x0101010101010101) * (c))

/* A word with the high bit set in each of the eight bytes of @chunk that
 * is a quote, a backslash or a control character: what may end the plain
 * text of a string. Whether the word is zero is exact, whatever the bytes
 * are (from 0x80 included); a borrow may also flag a byte after one that
 * is truly flagged, never one before it, so the lowest flag is exact. */
G_ALWAYS_INLINE static inline guint64
find_string_stops (guint64 chunk)
{
  guint64 quote = chunk ^ EIGHT_TIMES ('"');
  guint64 backslash = chunk ^ EIGHT_TIMES ('\\');

  return (((quote - EIGHT_TIMES (0x01)) & ~quote)
          | ((backslash - EIGHT_TIMES (0x01)) & ~backslash)
          | ((chunk - EIGHT_TIMES (0x20)) & ~chunk))
         & EIGHT_TIMES (0x80);
}

/* The bytes that may stand for themselves in a string: all but control
 * characters, the quote (0x22) and the backslash (0x5C). */
static const guchar is_plain_in_string[256] = {
  [0x20 ... 0x21] = 1,
  [0x23 ... 0x5B] = 1,
  [0x5D ... 0xFF] = 1,
};

/* Where the plain text that starts at @p ends: at @end, or at a byte that
 * is not plain. Most of a file's bytes are plain text in strings, taken
 * here eight at a time. */
G_ALWAYS_INLINE static inline const char *
skip_plain_text (const char *p,
                 const char *end)
{
  while (end - p >= 8)
    {
      guint64 chunk, stops;

      memcpy (&chunk, p, sizeof chunk);
      stops = find_string_stops (chunk);
      if (stops == 0)
        {
          p += 8;
          continue;
        }

#if G_BYTE_ORDER == G_LITTLE_ENDIAN && defined (__GNUC__)
      /* The first byte in memory is the lowest: its flag is exact. */
      return p + __builtin_ctzll (stops) / 8;
#else
      break;
#endif
    }

  while (p < end && is_plain_in_string[(guchar)*p])
    p++;

  return p;
}

/* On success the string's content, without the quotes, is
 * [*start, checker->p - 1); *has_escapes tells whether it must be
 * decoded to be compared. */
static gboolean
check_string (Checker     *checker,
              const char **start,
              gboolean    *has_escapes)
{
  const char *p = checker->p + 1;
  const char *end = checker->end;
  gunichar ignored;

  g_assert (*checker->p == '"');

  *start = p;
  *has_escapes = FALSE;

  while (p < checker->end)
    {
      guchar c;

      p = skip_plain_text (p, end);
      if (p >= end)
        break;

      c = *p;
      if (c == '"')
        {
          checker->p = p + 1;
          return TRUE;
        }

      if (c < 0x20)
        {
          /* Translators: %04X is a code point in hexadecimal, like 000A */
          checker_fail (checker, p, _("the control character U+%04X must be written as an "
                                      "escape (like \\n) in a string"), c);
          return FALSE;
        }

      if (c != '\\')
        {
          p++;
          continue;
        }

      *has_escapes = TRUE;
      if (p + 1 >= checker->end)
        break;

      switch (p[1])
        {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
          p += 2;
          break;

        case 'u':
          p = check_unicode_escape (checker, p, &ignored);
          if (p == NULL)
            return FALSE;
          break;

        default:
          {
            g_autofree char *found = describe_character (checker, p + 1);

            /* Translators: %s is the character after a backslash, in quotes */
            checker_fail (checker, p, _("unknown escape: a backslash followed by %s"), found);
            return FALSE;
          }
        }
    }

  checker->p = checker->end;
  checker_fail (checker, *start - 1, "%s",
                _("the string that starts here is never closed; is the file cut short?"));
  return FALSE;
}

static char *
decode_string (const char *start,
               const char *end)
{
  GString *text = g_string_sized_new (end - start);

  for (const char *p = start; p < end; p++)
    {
      gunichar value, low;

      if (*p != '\\')
        {
          g_string_append_c (text, *p);
          continue;
        }

      p++;
      switch (*p)
        {
        case 'b': g_string_append_c (text, '\b'); break;
        case 'f': g_string_append_c (text, '\f'); break;
        case 'n': g_string_append_c (text, '\n'); break;
        case 'r': g_string_append_c (text, '\r'); break;
        case 't': g_string_append_c (text, '\t'); break;
        case 'u':
          /* Already checked: four digits, and a pair where needed */
          value = (hex_value (p[1]) << 12) | (hex_value (p[2]) << 8)
                  | (hex_value (p[3]) << 4) | hex_value (p[4]);
          p += 4;
          if (value >= 0xD800 && value <= 0xDBFF)
            {
              low = (hex_value (p[3]) << 12) | (hex_value (p[4]) << 8)
                    | (hex_value (p[5]) << 4) | hex_value (p[6]);
              value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00);
              p += 6;
            }
          g_string_append_unichar (text, value);
          break;
        default: g_string_append_c (text, *p); break;
        }
    }

  return g_string_free (text, FALSE);
}

static guint
name_hash (gconstpointer key)
{
  const Name *name = key;
  guint hash = 5381;

  for (gsize i = 0; i < name->length; i++)
    hash = hash * 33 + (guchar)name->start[i];

  return hash;
}

G_ALWAYS_INLINE static inline gboolean
name_equal_inline (const Name *name_a,
                   const Name *name_b)
{
  return name_a->length == name_b->length
         && (name_a->length == 0 || name_a->start[0] == name_b->start[0])
         && memcmp (name_a->start, name_b->start, name_a->length) == 0;
}

static gboolean
name_equal (gconstpointer a,
            gconstpointer b)
{
  return name_equal_inline (a, b);
}

G_ALWAYS_INLINE static inline gboolean
object_has_name (Checker    *checker,
                 const Name *name)
{
  ObjectFrame *frame = &checker->frames[checker->n_frames - 1];

  if (frame->names != NULL)
    return g_hash_table_contains (frame->names, name);

  for (guint i = frame->first_name; i < checker->n_names; i++)
    if (name_equal_inline (&checker->names[i], name))
      return TRUE;

  return FALSE;
}

G_ALWAYS_INLINE static inline void
object_add_name (Checker    *checker,
                 const Name *name)
{
  ObjectFrame *frame = &checker->frames[checker->n_frames - 1];

  if (frame->names != NULL)
    {
      g_hash_table_add (frame->names, g_memdup2 (name, sizeof *name));
      return;
    }

  /* Bounded: at most MAX_LINEAR_MEMBERS + 1 names per open object. */
  if (checker->n_names == checker->names_size)
    {
      checker->names_size = MAX (64, checker->names_size * 2);
      checker->names = g_renew (Name, checker->names, checker->names_size);
    }
  checker->names[checker->n_names++] = *name;
  if (checker->n_names - frame->first_name <= MAX_LINEAR_MEMBERS)
    return;

  /* A huge object: quadratic search would make a hang out of it. */
  frame->names = g_hash_table_new_full (name_hash, name_equal, g_free, NULL);
  for (guint i = frame->first_name; i < checker->n_names; i++)
    g_hash_table_add (frame->names, g_memdup2 (&checker->names[i], sizeof (Name)));
  checker->n_names = frame->first_name;
}

/* On success, *name is the member's name, decoded. */
static gboolean
check_member_name (Checker *checker,
                   Name    *name_out)
{
  const char *at = checker->p;
  const char *start;
  gboolean has_escapes;
  Name name;

  if (at_end (checker) || *at != '"')
    return fail_unexpected (checker, _("a member name in double quotes"));

  if (!check_string (checker, &start, &has_escapes))
    return FALSE;

  name.start = start;
  name.length = checker->p - 1 - start;
  if (has_escapes)
    {
      char *decoded = decode_string (start, checker->p - 1);

      g_ptr_array_add (checker->decoded, decoded);
      name.start = decoded;
      name.length = strlen (decoded);
    }

  if (object_has_name (checker, &name))
    {
      g_autofree char *text = g_strndup (name.start, name.length);
      g_autofree char *shown = NULL;

      if (g_utf8_strlen (text, -1) > MAX_SHOWN_NAME)
        {
          g_autofree char *cut = g_utf8_substring (text, 0, MAX_SHOWN_NAME);

          shown = g_strconcat (cut, "…", NULL);
        }
      else
        shown = g_steal_pointer (&text);

      /* Translators: %s is a member name from the file; JSON readers would
       * keep one of the two values, and not always the same one */
      checker_fail (checker, at, _("the member \"%s\" appears twice in the same object"), shown);
      return FALSE;
    }

  object_add_name (checker, &name);
  *name_out = name;
  return TRUE;
}

G_ALWAYS_INLINE static inline gboolean
is_digit (const char *p,
          const char *end)
{
  return p < end && *p >= '0' && *p <= '9';
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? and, beyond the grammar,
 * what json-glib would not read exactly. */
static gboolean
check_number (Checker *checker)
{
  const char *start = checker->p;
  const char *p = start;
  const char *end = checker->end;
  const char *digits;

  if (*p == '-')
    p++;

  digits = p;
  if (!is_digit (p, end))
    {
      checker->p = p;
      return fail_unexpected (checker, _("a digit"));
    }

  if (*p == '0' && is_digit (p + 1, end))
    {
      checker_fail (checker, start, "%s",
                    _("a number must not start with 0 unless it is 0 (like 0.5)"));
      return FALSE;
    }

  while (is_digit (p, end))
    p++;

  /* Up to 18 digits always fit; 19 may. */
  if (p - digits >= 19)
    {
      g_autofree char *text = g_strndup (start, p - start);
      gboolean is_integer = !(p < end && (*p == '.' || *p == 'e' || *p == 'E'));
      gint64 ignored;

      if (is_integer && !g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &ignored, NULL))
        {
          /* Translators: %s is an integer as written in the file */
          checker_fail (checker, start, _("the integer %s is too large to be read exactly"),
                        text);
          return FALSE;
        }
    }

  if (p < end && *p == '.')
    {
      p++;
      if (!is_digit (p, end))
        {
          checker->p = p;
          return fail_unexpected (checker, _("a digit after the decimal point"));
        }
      while (is_digit (p, end))
        p++;
    }

  if (p < end && (*p == 'e' || *p == 'E'))
    {
      g_autofree char *text = NULL;

      p++;
      if (p < end && (*p == '+' || *p == '-'))
        p++;
      if (!is_digit (p, end))
        {
          checker->p = p;
          return fail_unexpected (checker, _("a digit in the exponent"));
        }
      while (is_digit (p, end))
        p++;

      /* Only an exponent can take a number beyond a double. */
      text = g_strndup (start, p - start);
      if (!isfinite (g_ascii_strtod (text, NULL)))
        {
          /* Translators: %s is a number as written in the file */
          checker_fail (checker, start, _("the number %s is too large"), text);
          return FALSE;
        }
    }

  checker->p = p;
  return TRUE;
}

static gboolean
check_literal (Checker    *checker,
               const char *literal)
{
  gsize length = strlen (literal);

  if ((gsize)(checker->end - checker->p) >= length
      && memcmp (checker->p, literal, length) == 0
      && !(checker->p + length < checker->end && g_ascii_isalnum (checker->p[length])))
    {
      checker->p += length;
      return TRUE;
    }

  return fail_unexpected (checker, _("a value"));
}

static gboolean check_value (Checker *checker);

/* Many editors and languages allow “[1, 2,]”; JSON does not. */
G_ALWAYS_INLINE static inline gboolean
check_no_trailing_comma (Checker *checker,
                         char     closing)
{
  skip_whitespace (checker);
  if (at_end (checker) || *checker->p != closing)
    return TRUE;

  /* Translators: %c is "]" or "}", which closes an array or an object */
  checker_fail (checker, checker->p, _("a comma must not come before \"%c\""), closing);
  return FALSE;
}

static gboolean
enter (Checker *checker)
{
  if (checker->depth == DIPLO_JSON_MAX_DEPTH)
    {
      checker_fail (checker, checker->p,
                    /* Translators: %u is the deepest nesting of arrays and
                     * objects a dataset may have, like 64 */
                    _("arrays and objects are nested more than %u deep"),
                    DIPLO_JSON_MAX_DEPTH);
      return FALSE;
    }

  checker->depth++;
  checker->p++;
  return TRUE;
}

static gboolean
check_array_elements (Checker *checker)
{
  if (!enter (checker))
    return FALSE;

  skip_whitespace (checker);
  if (!at_end (checker) && *checker->p == ']')
    {
      checker->p++;
      checker->depth--;
      return TRUE;
    }

  for (;;)
    {
      if (!check_value (checker))
        return FALSE;

      skip_whitespace (checker);
      if (!at_end (checker) && *checker->p == ',')
        {
          checker->p++;
          if (!check_no_trailing_comma (checker, ']'))
            return FALSE;
          continue;
        }

      if (!expect_character (checker, ']'))
        return FALSE;

      checker->depth--;
      return TRUE;
    }
}

static gboolean
check_array (Checker *checker)
{
  gboolean valid;

  if (checker->n_open_arrays == 0)
    {
      if (checker->value_is_features)
        checker->features_array = checker->n_outer_arrays;
      checker->n_outer_arrays++;
    }

  checker->value_is_features = FALSE;
  checker->n_open_arrays++;
  valid = check_array_elements (checker);
  checker->n_open_arrays--;

  return valid;
}

G_ALWAYS_INLINE static inline gboolean
is_features_name (const Name *name)
{
  return name->length == strlen ("features") && memcmp (name->start, "features", name->length) == 0;
}

static gboolean
check_object_members (Checker *checker)
{
  skip_whitespace (checker);
  if (!at_end (checker) && *checker->p == '}')
    {
      checker->p++;
      return TRUE;
    }

  /* Whitespace is skipped before each member name: above for the first,
   * by check_no_trailing_comma () for the others. */
  for (;;)
    {
      Name name = { NULL, 0 };

      if (!check_member_name (checker, &name))
        return FALSE;

      if (!expect_character (checker, ':'))
        return FALSE;

      checker->value_is_features = checker->depth == 1 && is_features_name (&name);
      if (!check_value (checker))
        return FALSE;
      checker->value_is_features = FALSE;

      skip_whitespace (checker);
      if (!at_end (checker) && *checker->p == ',')
        {
          checker->p++;
          if (!check_no_trailing_comma (checker, '}'))
            return FALSE;
          continue;
        }

      return expect_character (checker, '}');
    }
}

static gboolean
check_object (Checker *checker)
{
  ObjectFrame *frame;
  gboolean valid;

  if (!enter (checker))
    return FALSE;

  frame = &checker->frames[checker->n_frames++];
  frame->first_name = checker->n_names;
  frame->names = NULL;

  valid = check_object_members (checker);

  checker->n_names = frame->first_name;
  g_clear_pointer (&frame->names, g_hash_table_unref);
  checker->n_frames--;
  checker->depth--;

  return valid;
}

/* The depth is bounded, and so is the recursion. */
static gboolean
check_value (Checker *checker)
{
  const char *start;
  gboolean has_escapes;

  skip_whitespace (checker);
  if (at_end (checker))
    return fail_unexpected (checker, _("a value"));

  switch (*checker->p)
    {
    case '{':
      return check_object (checker);

    case '[':
      return check_array (checker);

    case '"':
      return check_string (checker, &start, &has_escapes);

    case '-': case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      return check_number (checker);

    case 't':
      return check_literal (checker, "true");

    case 'f':
      return check_literal (checker, "false");

    case 'n':
      return check_literal (checker, "null");

    default:
      return fail_unexpected (checker, _("a value"));
    }
}

/* Where the ASCII text that starts at @p ends: at @end, at a null byte or
 * at a byte from 0x80, taken eight at a time like skip_plain_text (). */
G_ALWAYS_INLINE static inline const char *
skip_ascii (const char *p,
            const char *end)
{
  while (end - p >= 8)
    {
      guint64 chunk, stops;

      memcpy (&chunk, p, sizeof chunk);
      /* The high bit of each byte from 0x80, and of each null byte (exact
       * up to the first one, as in find_string_stops ()). */
      stops = (chunk | ((chunk - EIGHT_TIMES (0x01)) & ~chunk)) & EIGHT_TIMES (0x80);
      if (stops == 0)
        {
          p += 8;
          continue;
        }

#if G_BYTE_ORDER == G_LITTLE_ENDIAN && defined (__GNUC__)
      return p + __builtin_ctzll (stops) / 8;
#else
      break;
#endif
    }

  while (p < end && *p != '\0' && (guchar)*p < 0x80)
    p++;

  return p;
}

/**
 * diplo_json_validate_utf8:
 * @end: (out) (optional): where the first invalid sequence or null byte
 *   is, or @data + @length
 *
 * What g_utf8_validate_len () does, ASCII eight bytes at a time: most of
 * a dataset is ASCII, if only its punctuation. Only the runs of bytes
 * from 0x80 go through g_utf8_validate_len (); each ends before an ASCII
 * byte, which no multi-byte sequence holds, so a run cut there is
 * invalid just where the whole text is.
 *
 * Returns: whether @data is valid UTF-8 without a null byte
 */
gboolean
diplo_json_validate_utf8 (const char  *data,
                          gsize        length,
                          const char **end)
{
  const char *p = data;
  const char *data_end = data + length;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  for (;;)
    {
      const char *run;
      const char *invalid;

      p = skip_ascii (p, data_end);
      if (p == data_end)
        break;

      if (*p == '\0')
        {
          if (end != NULL)
            *end = p;
          return FALSE;
        }

      run = p;
      while (p < data_end && (guchar)*p >= 0x80)
        p++;

      if (!g_utf8_validate_len (run, p - run, &invalid))
        {
          if (end != NULL)
            *end = invalid;
          return FALSE;
        }
    }

  if (end != NULL)
    *end = data_end;
  return TRUE;
}

/**
 * diplo_json_skip_bom:
 * @length: (inout): the length of @data
 *
 * Many editors on Windows start UTF-8 files with a byte order mark, which
 * RFC 8259 allows a reader to ignore.
 *
 * Returns: @data past a leading UTF-8 byte order mark, if any
 */
const char *
diplo_json_skip_bom (const char *data,
                     gsize      *length)
{
  if (*length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      *length -= 3;
      return data + 3;
    }

  return data;
}

/**
 * diplo_json_check:
 * @data: valid UTF-8, without a byte order mark
 * @length: the length of @data
 * @display_name: the name that starts the message
 * @error: a %DIPLO_DATASET_ERROR_PARSE “NAME:LINE:COLUMN: …”
 *
 * Checks that @data is one JSON value as RFC 8259 has it, that json-glib
 * will read exactly, nested at most %DIPLO_JSON_MAX_DEPTH deep, with no
 * object that has two members of the same name. Whitespace alone is not
 * checked here: the caller says the file is empty.
 *
 * Returns: %TRUE if json-glib may be given @data
 */
gboolean
diplo_json_check (const char  *data,
                  gsize        length,
                  const char  *display_name,
                  GError     **error)
{
  return diplo_json_check_full (data, length, display_name, NULL, error);
}

/**
 * diplo_json_check_full:
 * @features_array: (out) (optional): which array is the member "features"
 *   of the root object, as an index among the outer arrays (those that no
 *   other array holds) in the order they start; -1 when there is none
 *
 * diplo_json_check () that also tells where a GeoJSON file's features
 * are, so that they can be read as json-glib parses them.
 *
 * Returns: %TRUE if json-glib may be given @data
 */
gboolean
diplo_json_check_full (const char  *data,
                       gsize        length,
                       const char  *display_name,
                       int         *features_array,
                       GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  Checker checker = { 0 };
  gboolean valid;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (display_name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  checker.end = data + length;
  checker.p = data;
  checker.line_start = data;
  checker.line = 1;
  checker.display_name = display_name;
  /* The messages need a place to go even when the caller wants none. */
  checker.error = &local_error;
  checker.decoded = g_ptr_array_new_with_free_func (g_free);
  checker.features_array = -1;

  valid = check_value (&checker);
  if (valid)
    {
      skip_whitespace (&checker);
      if (!at_end (&checker))
        valid = fail_unexpected (&checker, _("the end of the file"));
    }

  g_free (checker.names);
  g_ptr_array_unref (checker.decoded);

  if (!valid)
    g_propagate_error (error, g_steal_pointer (&local_error));

  if (features_array != NULL)
    *features_array = valid ? checker.features_array : -1;

  return valid;
}
