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
 * diplo_widget_uses_cairo_renderer:
 *
 * Returns: whether @widget's window draws with GSK's cairo renderer, which
 *   paints what a GPU renderer would keep
 */
gboolean
diplo_widget_uses_cairo_renderer (GtkWidget *widget)
{
  GtkNative *native;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);

  native = gtk_widget_get_native (widget);

  return native != NULL && GSK_IS_CAIRO_RENDERER (gtk_native_get_renderer (native));
}

static void
destroy_surface (gpointer surface,
                 gpointer user_data)
{
  cairo_surface_destroy (surface);
}

/**
 * diplo_surface_destroy_in_thread:
 * @surface: (transfer full): an image frames painted
 *
 * Destroying an image that frames painted costs a copy of it, a
 * millisecond or two for one as large as the map: the cairo nodes that
 * painted it share a snapshot of it, which the image holds, and cairo
 * copies it for them then, under a lock of the snapshot's. A thread of its
 * own makes that copy, rather than the main thread between two frames.
 */
void
diplo_surface_destroy_in_thread (cairo_surface_t *surface)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, g_thread_pool_new (destroy_surface, NULL, 1, FALSE, NULL));

  g_thread_pool_push (pool, surface, NULL);
}

/**
 * diplo_widget_update_tooltip:
 * @text: (nullable): the tooltip's plain text
 *
 * Sets @widget's tooltip text unless it is @text already: GTK 4.8 asks
 * the display where the pointer is whenever a visible widget's tooltip is
 * set, a round trip to the display server, and a month change sets the
 * tooltips of hundreds of rows and markers.
 */
void
diplo_widget_update_tooltip (GtkWidget  *widget,
                             const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (g_strcmp0 (gtk_widget_get_tooltip_text (widget), text) == 0)
    return;

  gtk_widget_set_tooltip_text (widget, text);
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

static gboolean
has_bidi_controls (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c;

      /* Every control starts with the byte 0xE2: skip the rest quickly. */
      if ((guchar)*p != 0xE2)
        continue;

      c = g_utf8_get_char (p);
      if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069))
        return TRUE;
    }

  return FALSE;
}

/**
 * diplo_text_isolate:
 * @text: UTF-8 text from a dataset
 *
 * An override such as U+202E in a file's text would otherwise reverse the
 * rest of the sentence it is put in, our own words included (“Paris: 1
 * event” shown backwards). Text with such controls is wrapped in a first
 * strong isolate (U+2068) and a pop directional isolate (U+2069), which
 * ends whatever the text left open; other text is returned as it is.
 *
 * Pango guesses a paragraph's direction from its first strong character
 * without skipping isolates, so the isolate is preceded by a mark of the
 * interface's own direction: a sentence that starts with the text is still
 * laid out as a sentence of the interface.
 *
 * Returns: (transfer full): @text, isolated if it needs to be
 */
char *
diplo_text_isolate (const char *text)
{
  const char *mark;

  g_return_val_if_fail (text != NULL, NULL);

  if (!has_bidi_controls (text))
    return g_strdup (text);

  /* Left-to-right mark, or right-to-left mark */
  mark = gtk_widget_get_default_direction () == GTK_TEXT_DIR_RTL ? "\u200f" : "\u200e";

  return g_strconcat (mark, "\u2068", text, "\u2069", NULL);
}

/* The source of @model if it lets every item of it through. */
static GListModel *
diplo_filter_model_passes_all (GtkFilterListModel *model)
{
  GtkFilter *filter = gtk_filter_list_model_get_filter (model);

  if (filter != NULL && gtk_filter_get_strictness (filter) != GTK_FILTER_MATCH_ALL)
    return NULL;

  return gtk_filter_list_model_get_model (model);
}

/**
 * diplo_list_model_get_source:
 *
 * Returns: (transfer none): the innermost model with the same items as
 *   @model in the same order, through selections and filter models whose
 *   filter lets every item through: each model between them costs a
 *   call for every item asked for
 */
GListModel *
diplo_list_model_get_source (GListModel *model)
{
  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);

  for (;;)
    {
      GListModel *inner = NULL;

      if (GTK_IS_SINGLE_SELECTION (model))
        inner = gtk_single_selection_get_model (GTK_SINGLE_SELECTION (model));
      else if (GTK_IS_FILTER_LIST_MODEL (model))
        inner = diplo_filter_model_passes_all (GTK_FILTER_LIST_MODEL (model));

      if (inner == NULL)
        return model;
      model = inner;
    }
}
