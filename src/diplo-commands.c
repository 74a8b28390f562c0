#define G_LOG_DOMAIN "diplo-commands"

#include "config.h"

#include "diplo-commands.h"

#include <stdio.h>

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "diplo-dataset.h"
#include "diplo-event.h"

/* Every message, I/O errors included, starts with the file as the user
 * typed it, like a compiler's, so that the output for several files can be
 * told apart. */
static DiploDataset *
load_dataset (const char  *path,
              GError     **error)
{
  g_autoptr(GFile) file = NULL;

  if (path == NULL)
    return diplo_dataset_new_builtin (error);

  file = g_file_new_for_commandline_arg (path);
  return diplo_dataset_new_from_file_full (file, path, error);
}

static gboolean
validate_one (const char *path)
{
  g_autoptr(DiploDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  guint n_events;

  dataset = load_dataset (path, &error);
  if (dataset == NULL)
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }

  n_events = g_list_model_get_n_items (diplo_dataset_get_events (dataset));
  /* Translators: what --validate prints for a valid file: %s is the file
   * name as typed, %u how many events it holds */
  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %u event", "%s: %u events",
                                          n_events),
                             path, n_events);
  g_print ("%s\n", summary);

  return TRUE;
}

/**
 * diplo_command_validate:
 * @paths: (array zero-terminated=1): files to check
 *
 * Checks every file, even after a bad one, printing a count of events for
 * each valid file on standard output and every problem on standard error.
 *
 * Returns: %DIPLO_EXIT_OK when all files are valid, %DIPLO_EXIT_INVALID_DATA
 *   when one is not, %DIPLO_EXIT_USAGE when @paths is empty
 */
int
diplo_command_validate (const char * const *paths)
{
  gboolean all_valid = TRUE;

  if (paths == NULL || paths[0] == NULL)
    {
      g_printerr ("%s\n", _("No file to validate"));
      return DIPLO_EXIT_USAGE;
    }

  for (guint i = 0; paths[i] != NULL; i++)
    all_valid &= validate_one (paths[i]);

  return all_valid ? DIPLO_EXIT_OK : DIPLO_EXIT_INVALID_DATA;
}

/* One record a line and one field a column, whatever the text holds. */
static char *
dup_field (const char *text)
{
  char *field = g_strdup (text != NULL ? text : "");

  g_strdelimit (field, "\t\r\n", ' ');
  return field;
}

/* The C locale's decimal point whatever LC_NUMERIC says, so the output
 * parses the same everywhere. */
static char *
dup_coordinate (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.4f", value));
}

static void
print_event (DiploEvent *event)
{
  g_autofree char *start = diplo_event_dup_iso_start (event);
  g_autofree char *end = diplo_event_dup_iso_end (event);
  g_autofree char *latitude_text = NULL;
  g_autofree char *longitude_text = NULL;
  g_autofree char *place = dup_field (diplo_event_get_place (event));
  g_autofree char *title = dup_field (diplo_event_get_title (event));
  g_autofree char *line = NULL;
  double latitude, longitude;

  if (diplo_event_get_location (event, &latitude, &longitude))
    {
      latitude_text = dup_coordinate (latitude);
      longitude_text = dup_coordinate (longitude);
    }

  line = g_strjoin ("\t",
                    start,
                    end != NULL ? end : "",
                    latitude_text != NULL ? latitude_text : "",
                    longitude_text != NULL ? longitude_text : "",
                    place,
                    title,
                    NULL);

  /* The data is UTF-8 and so is the output, as for any tab-separated
   * file; g_print() would convert it to the locale's charset. */
  fputs (line, stdout);
  fputc ('\n', stdout);
}

/**
 * diplo_command_list:
 * @month: (nullable): "YYYY-MM" to keep only the events that overlap it
 * @path: (nullable): a GeoJSON file, or %NULL for the built-in dataset
 * @error: why the command failed
 *
 * Prints one tab-separated line for each event in date order:
 * start, end, latitude, longitude, place and title, with empty fields for
 * what the event does not have.
 *
 * Returns: %DIPLO_EXIT_OK, %DIPLO_EXIT_USAGE (with a %G_OPTION_ERROR) for a
 *   malformed @month, or %DIPLO_EXIT_INVALID_DATA when the data can't be
 *   loaded
 */
int
diplo_command_list (const char  *month,
                    const char  *path,
                    GError     **error)
{
  g_autoptr(DiploDataset) dataset = NULL;
  GListModel *events;
  int year = 0, month_number = 0;
  guint n_events;

  g_return_val_if_fail (error == NULL || *error == NULL, DIPLO_EXIT_USAGE);

  if (month != NULL && !diplo_month_parse (month, &year, &month_number))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   /* Translators: %s is the value given to --month; YYYY-MM
                    * shows the format, keep it or use your language's
                    * letters for year and month */
                   _("\"%s\" is not a month; expected YYYY-MM, as in 2023-04"), month);
      return DIPLO_EXIT_USAGE;
    }

  dataset = load_dataset (path, error);
  if (dataset == NULL)
    return DIPLO_EXIT_INVALID_DATA;

  events = diplo_dataset_get_events (dataset);
  n_events = g_list_model_get_n_items (events);

  for (guint i = 0; i < n_events; i++)
    {
      g_autoptr(DiploEvent) event = g_list_model_get_item (events, i);

      if (month == NULL || diplo_event_overlaps_month (event, year, month_number))
        print_event (event);
    }

  fflush (stdout);

  return DIPLO_EXIT_OK;
}
