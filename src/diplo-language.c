#define G_LOG_DOMAIN "diplo-language"

#include "config.h"

#include "diplo-language.h"

#include <locale.h>
#include <string.h>

/* “zh-CN”, “zh_CN” and “zh_cn.UTF-8” are one language: BCP 47 tags use
 * hyphens where locale names use underscores, neither cares about case, and
 * the encoding of a locale name says nothing about its language. */
static gboolean
language_equal (const char *tag,
                const char *name)
{
  for (; *tag != '\0'; tag++, name++)
    {
      char a = *tag == '-' ? '_' : g_ascii_tolower (*tag);
      char b = *name == '-' ? '_' : g_ascii_tolower (*name);

      if (a != b)
        return FALSE;
    }

  return *name == '\0' || *name == '.';
}

/**
 * diplo_language_rank:
 * @tag: the language of a translated dataset member, the part after the
 *   colon of “title:zh” or “title:zh-CN”
 * @language_names: the languages wanted, most wanted first, as
 *   g_get_language_names() lists them (“zh_CN.UTF-8”, “zh_CN”, “zh”, “C”)
 *
 * Only equal languages match: that list already holds the broader
 * languages after the narrower ones, so a “zh_CN” user gets “title:zh-CN”
 * before “title:zh”, and “title:zh” when there is no other.
 *
 * Returns: the index of the first name that @tag matches, or -1
 */
int
diplo_language_rank (const char         *tag,
                     const char * const *language_names)
{
  g_return_val_if_fail (tag != NULL, -1);
  g_return_val_if_fail (language_names != NULL, -1);

  if (tag[0] == '\0')
    return -1;

  for (int i = 0; language_names[i] != NULL; i++)
    if (language_equal (tag, language_names[i]))
      return i;

  return -1;
}

/**
 * diplo_language_dup_message_names:
 *
 * The languages the user interface is translated into, for choosing the
 * translations a dataset carries. gettext ignores LANGUAGE under the C
 * locale and shows the untranslated interface; so does this, so that the
 * data never speaks another language than the labels around it.
 *
 * Returns: (transfer full): the language names, most wanted first; empty
 *   under the C locale
 */
GStrv
diplo_language_dup_message_names (void)
{
  const char *messages = setlocale (LC_MESSAGES, NULL);

  if (messages == NULL || strcmp (messages, "C") == 0 || strcmp (messages, "POSIX") == 0)
    return g_new0 (char *, 1);

  return g_strdupv ((GStrv)g_get_language_names_with_category ("LC_MESSAGES"));
}
