#define G_LOG_DOMAIN "diplo-window"

#include "config.h"

#include "diplo-window-private.h"

#include <string.h>

#include <glib/gi18n.h>

#include "diplo-export.h"

/* The largest side of an exported image: large enough for print, small
 * enough for any renderer's textures. */
#define MAX_IMAGE_SIZE 8192
#define MIN_IMAGE_SIZE 16

typedef struct
{
  DiploWindow       *window;
  GFile             *file;
  gboolean           is_image;
  guint              n_events;
} ExportRequest;

static void
export_request_free (ExportRequest *request)
{
  g_clear_object (&request->window);
  g_clear_object (&request->file);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExportRequest, export_request_free)

static ExportRequest *
export_request_new (DiploWindow *self,
                    GFile       *file,
                    gboolean     is_image,
                    guint        n_events)
{
  ExportRequest *request = g_new0 (ExportRequest, 1);

  request->window = g_object_ref (self);
  request->file = g_object_ref (file);
  request->is_image = is_image;
  request->n_events = n_events;

  return request;
}

static char *
dup_file_display_name (GFile *file)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *basename = NULL;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME,
                            G_FILE_QUERY_INFO_NONE, NULL, NULL);
  if (info != NULL)
    return g_strdup (g_file_info_get_display_name (info));

  basename = g_file_get_basename (file);
  return g_filename_display_name (basename);
}

static void
diplo_window_announce_export (DiploWindow   *self,
                              ExportRequest *request)
{
  g_autofree char *name = dup_file_display_name (request->file);
  g_autofree char *escaped = NULL;
  g_autofree char *text = NULL;

  g_assert (DIPLO_IS_WINDOW (self));

  /* A toast's title is markup in libadwaita 1.2: the file name is escaped
   * so that it shows as written. */
  escaped = g_markup_escape_text (name, -1);
  if (request->is_image)
    /* Translators: %s is the name of the image file the map was saved to */
    text = g_strdup_printf (_("Exported the map to “%s”"), escaped);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         /* Translators: %u is a number of events,
                                          * %s the name of the file they were saved to */
                                         "Exported %u event to “%s”",
                                         "Exported %u events to “%s”",
                                         request->n_events),
                            request->n_events, escaped);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static void
on_export_finished (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(ExportRequest) request = user_data;
  DiploWindow *self = request->window;
  g_autoptr(GError) error = NULL;

  if (!diplo_export_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      diplo_window_show_error (self,
                               request->is_image ? _("Could Not Export the Map")
                                                 : _("Could Not Export the Events"),
                               error);
      return;
    }

  diplo_window_announce_export (self, request);
}

/**
 * diplo_window_export_events:
 * @format: the file format
 * @file: where to write
 *
 * Writes the events the filters show, in their order, to @file in a
 * thread; a toast tells when it is done, a dialog when it failed.
 */
void
diplo_window_export_events (DiploWindow       *self,
                            DiploExportFormat  format,
                            GFile             *file)
{
  GListModel *events;
  ExportRequest *request;

  g_return_if_fail (DIPLO_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  events = G_LIST_MODEL (self->filter_model);
  request = export_request_new (self, file, FALSE, g_list_model_get_n_items (events));
  diplo_export_events_async (file, format, events,
                             diplo_dataset_get_title (self->dataset),
                             diplo_dataset_get_attribution (self->dataset),
                             self->export_cancellable,
                             on_export_finished, request);
}

/* The events' source, shown under the dataset's title in the window, is
 * credited beside the map's. */
static char *
diplo_window_dup_image_attribution (DiploWindow *self)
{
  g_autofree char *map_attribution = diplo_map_view_dup_attribution (self->map_view);
  const char *events_attribution = diplo_dataset_get_attribution (self->dataset);

  if (events_attribution == NULL || *events_attribution == '\0')
    return g_steal_pointer (&map_attribution);

  return g_strconcat (events_attribution, " · ", map_attribution, NULL);
}

/**
 * diplo_window_export_image:
 * @file: where to write the PNG image
 * @width: the image's width, or 0 for the map's own size
 * @height: the image's height, or 0 for the map's own size
 *
 * Saves what the map shows now, basemap, routes and markers, as a PNG
 * image.
 */
void
diplo_window_export_image (DiploWindow *self,
                           GFile       *file,
                           int          width,
                           int          height)
{
  GtkWidget *map;
  g_autofree char *attribution = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (DIPLO_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  map = GTK_WIDGET (diplo_map_view_get_map (self->map_view));
  attribution = diplo_window_dup_image_attribution (self);
  texture = diplo_export_render_widget (map, width, height, attribution, &error);
  if (texture == NULL)
    {
      diplo_window_show_error (self, _("Could Not Export the Map"), error);
      return;
    }

  bytes = gdk_texture_save_to_png_bytes (texture);
  diplo_export_bytes_async (file, bytes, self->export_cancellable, on_export_finished,
                            export_request_new (self, file, TRUE, 0));
}

/* Save dialogs */

/* The dataset's title makes the file name, without the characters that
 * file systems refuse. */
static char *
diplo_window_suggest_file_name (DiploWindow *self,
                                const char  *suffix)
{
  const char *title = diplo_dataset_get_title (self->dataset);
  g_autofree char *base = NULL;

  g_assert (DIPLO_IS_WINDOW (self));

  if (title != NULL && *title != '\0')
    base = g_strdup (title);
  else
    {
      const char *name = diplo_dataset_get_display_name (self->dataset);
      const char *dot = name != NULL ? strrchr (name, '.') : NULL;

      base = name != NULL ? g_strndup (name, dot != NULL && dot != name ? (gsize) (dot - name) : strlen (name))
                          : g_strdup (_("events"));
    }

  g_strdelimit (base, "/\\:*?\"<>|", '-');
  g_strstrip (base);
  if (*base == '\0' || *base == '.')
    {
      g_free (base);
      base = g_strdup (_("events"));
    }

  return g_strconcat (base, ".", suffix, NULL);
}

static GtkFileChooserNative *
diplo_window_create_save_chooser (DiploWindow   *self,
                                  const char    *title,
                                  const char    *file_name,
                                  GtkFileFilter *filter)
{
  GtkFileChooserNative *chooser;

  g_assert (DIPLO_IS_WINDOW (self));

  if (self->export_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->export_chooser));
  g_clear_object (&self->export_chooser);

  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), file_name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  /* The window owns the chooser, so that closing the window closes it. */
  self->export_chooser = chooser;
  return chooser;
}

static void
on_events_chooser_response (GtkNativeDialog *chooser,
                            int              response,
                            DiploWindow     *self)
{
  g_assert (DIPLO_IS_WINDOW (self));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      DiploExportFormat format = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "format"));

      diplo_window_export_events (self, format, file);
    }

  g_clear_object (&self->export_chooser);
}

static gboolean
parse_format (const char        *nick,
              DiploExportFormat *format)
{
  for (DiploExportFormat f = DIPLO_EXPORT_FORMAT_GEOJSON; f <= DIPLO_EXPORT_FORMAT_ICALENDAR; f++)
    if (g_strcmp0 (nick, diplo_export_format_get_suffix (f)) == 0)
      {
        *format = f;
        return TRUE;
      }

  return FALSE;
}

static GtkFileFilter *
create_format_filter (DiploExportFormat format)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  switch (format)
    {
    case DIPLO_EXPORT_FORMAT_GEOJSON:
      gtk_file_filter_set_name (filter, _("GeoJSON Datasets"));
      break;
    case DIPLO_EXPORT_FORMAT_CSV:
      gtk_file_filter_set_name (filter, _("CSV Tables"));
      break;
    case DIPLO_EXPORT_FORMAT_ICALENDAR:
      gtk_file_filter_set_name (filter, _("iCalendar Files"));
      break;
    default:
      g_assert_not_reached ();
    }

  gtk_file_filter_add_mime_type (filter, diplo_export_format_get_mime_type (format));
  gtk_file_filter_add_suffix (filter, diplo_export_format_get_suffix (format));

  return filter;
}

static void
export_events_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DiploWindow *self = DIPLO_WINDOW (widget);
  g_autoptr(GtkFileFilter) filter = NULL;
  g_autofree char *file_name = NULL;
  GtkFileChooserNative *chooser;
  DiploExportFormat format;
  const char *title;

  if (!parse_format (g_variant_get_string (parameter, NULL), &format))
    {
      g_warning ("Unknown export format “%s”", g_variant_get_string (parameter, NULL));
      return;
    }

  switch (format)
    {
    case DIPLO_EXPORT_FORMAT_GEOJSON:
      title = _("Export Events as GeoJSON");
      break;
    case DIPLO_EXPORT_FORMAT_CSV:
      title = _("Export Events as CSV");
      break;
    case DIPLO_EXPORT_FORMAT_ICALENDAR:
    default:
      title = _("Export Events as iCalendar");
      break;
    }

  filter = create_format_filter (format);
  file_name = diplo_window_suggest_file_name (self, diplo_export_format_get_suffix (format));
  chooser = diplo_window_create_save_chooser (self, title, file_name, filter);
  g_object_set_data (G_OBJECT (chooser), "format", GINT_TO_POINTER (format));
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_events_chooser_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The image's size */

static void
on_image_chooser_response (GtkNativeDialog *chooser,
                           int              response,
                           DiploWindow     *self)
{
  g_assert (DIPLO_IS_WINDOW (self));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      diplo_window_export_image (self, file,
                                 GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "width")),
                                 GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "height")));
    }

  g_clear_object (&self->export_chooser);
}

static void
diplo_window_choose_image_file (DiploWindow *self,
                                int          width,
                                int          height)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *file_name = diplo_window_suggest_file_name (self, "png");
  GtkFileChooserNative *chooser;

  g_assert (DIPLO_IS_WINDOW (self));

  gtk_file_filter_set_name (filter, _("PNG Images"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_suffix (filter, "png");

  chooser = diplo_window_create_save_chooser (self, _("Export Map as Image"), file_name, filter);
  g_object_set_data (G_OBJECT (chooser), "width", GINT_TO_POINTER (width));
  g_object_set_data (G_OBJECT (chooser), "height", GINT_TO_POINTER (height));
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_image_chooser_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

typedef struct
{
  GtkSpinButton *width;
  GtkSpinButton *height;
  double         aspect;
  gboolean       updating;
} SizeLink;

/* Width and height keep the map's shape, so that the image shows what the
 * window shows, without margins. */
static void
on_size_changed (GtkSpinButton *spin,
                 SizeLink      *link)
{
  if (link->updating)
    return;

  link->updating = TRUE;
  if (spin == link->width)
    gtk_spin_button_set_value (link->height, gtk_spin_button_get_value (spin) / link->aspect);
  else
    gtk_spin_button_set_value (link->width, gtk_spin_button_get_value (spin) * link->aspect);
  link->updating = FALSE;
}

static GtkSpinButton *
add_size_row (GtkGrid    *grid,
              int         row,
              const char *label_text,
              int         value)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (label_text);
  GtkWidget *spin = gtk_spin_button_new_with_range (MIN_IMAGE_SIZE, MAX_IMAGE_SIZE, 1);
  GtkWidget *unit = gtk_label_new (_("pixels"));

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), spin);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_widget_set_hexpand (spin, TRUE);
  gtk_widget_add_css_class (unit, "dim-label");
  gtk_grid_attach (grid, label, 0, row, 1, 1);
  gtk_grid_attach (grid, spin, 1, row, 1, 1);
  gtk_grid_attach (grid, unit, 2, row, 1, 1);

  return GTK_SPIN_BUTTON (spin);
}

static void
on_size_dialog_response (AdwMessageDialog *dialog,
                         const char       *response,
                         DiploWindow      *self)
{
  SizeLink *link = g_object_get_data (G_OBJECT (dialog), "size-link");

  g_assert (DIPLO_IS_WINDOW (self));

  if (g_strcmp0 (response, "export") != 0)
    return;

  diplo_window_choose_image_file (self,
                                  gtk_spin_button_get_value_as_int (link->width),
                                  gtk_spin_button_get_value_as_int (link->height));
}

static void
export_image_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DiploWindow *self = DIPLO_WINDOW (widget);
  GtkWidget *map = GTK_WIDGET (diplo_map_view_get_map (self->map_view));
  int width = MAX (gtk_widget_get_width (map), MIN_IMAGE_SIZE);
  int height = MAX (gtk_widget_get_height (map), MIN_IMAGE_SIZE);
  GtkWidget *grid = gtk_grid_new ();
  SizeLink *link = g_new0 (SizeLink, 1);
  AdwMessageDialog *dialog;

  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  link->aspect = (double) width / height;
  link->width = add_size_row (GTK_GRID (grid), 0, _("_Width"), width);
  link->height = add_size_row (GTK_GRID (grid), 1, _("_Height"), height);
  g_signal_connect (link->width, "value-changed", G_CALLBACK (on_size_changed), link);
  g_signal_connect (link->height, "value-changed", G_CALLBACK (on_size_changed), link);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Export Map as Image"),
                                                       _("The image shows the map as it is now, "
                                                         "at the window’s size or another one.")));
  g_object_set_data_full (G_OBJECT (dialog), "size-link", link, g_free);
  adw_message_dialog_set_extra_child (dialog, grid);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "export", _("_Choose File…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "export", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "export");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_size_dialog_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
diplo_window_class_add_export_actions (DiploWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.export-image", NULL, export_image_action);
  gtk_widget_class_install_action (widget_class, "win.export-events", "s", export_events_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                       "win.export-events", "s", "geojson");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_E, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.export-image", NULL);
}
