#define G_LOG_DOMAIN "diplo-utils"

#include "config.h"

#include "diplo-utils.h"

#include <string.h>

/* For widgets whose template root is laid out by a GtkBinLayout: the root
 * is not a bound template child, so dispose has to unparent it. */
void
diplo_widget_unparent_children (GtkWidget *widget)
{
  GtkWidget *child;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    gtk_widget_unparent (child);
}

/**
 * diplo_text_shorten:
 * @text: UTF-8 text
 * @max_chars: the most characters to keep
 *
 * For quoting a file's text in a message: a value of a megabyte would
 * make the message a megabyte too.
 *
 * Returns: (transfer full): @text, or its first @max_chars characters
 *   followed by “…”
 */
char *
diplo_text_shorten (const char *text,
                    gsize       max_chars)
{
  g_autofree char *start = NULL;
  const char *cut;

  g_return_val_if_fail (text != NULL, NULL);

  /* Bytes never number fewer than characters. */
  if (strlen (text) <= max_chars)
    return g_strdup (text);

  cut = text;
  for (gsize i = 0; i < max_chars && *cut != '\0'; i++)
    cut = g_utf8_next_char (cut);

  if (*cut == '\0')
    return g_strdup (text);

  start = g_strndup (text, cut - text);
  return g_strconcat (start, "…", NULL);
}
