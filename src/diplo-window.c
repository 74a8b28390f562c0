#define G_LOG_DOMAIN "diplo-window"

#include "config.h"

#include "diplo-window-private.h"

#include <glib/gi18n.h>

#include "diplo-utils.h"

G_DEFINE_FINAL_TYPE (DiploWindow, diplo_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_DATASET,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

DiploWindow *
diplo_window_new (DiploApplication *application)
{
  g_return_val_if_fail (DIPLO_IS_APPLICATION (application), NULL);

  return g_object_new (DIPLO_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

GtkSingleSelection *
diplo_window_get_selection (DiploWindow *self)
{
  g_return_val_if_fail (DIPLO_IS_WINDOW (self), NULL);

  return self->selection;
}

DiploDataset *
diplo_window_get_dataset (DiploWindow *self)
{
  g_return_val_if_fail (DIPLO_IS_WINDOW (self), NULL);

  return self->dataset;
}

gboolean
diplo_window_get_loading (DiploWindow *self)
{
  g_return_val_if_fail (DIPLO_IS_WINDOW (self), FALSE);

  return self->load_cancellable != NULL;
}

/* The loader lists up to fifty problems: the dialog names the first and
 * keeps the whole list in a scrolled, selectable text below it. */
static GtkWidget *
create_error_details (const char *message)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_text (GTK_LABEL (label), message);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "monospace");

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 300);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), label);

  return scroller;
}

void
diplo_window_show_error (DiploWindow  *self,
                         const char   *title,
                         const GError *error)
{
  g_auto(GStrv) lines = NULL;
  AdwMessageDialog *dialog;

  g_return_if_fail (DIPLO_IS_WINDOW (self));

  lines = g_strsplit (error->message, "\n", 2);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), title, NULL));
  adw_message_dialog_set_body (dialog, lines[0] != NULL ? lines[0] : "");
  if (lines[0] != NULL && lines[1] != NULL)
    adw_message_dialog_set_extra_child (dialog, create_error_details (error->message));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
diplo_window_show_dataset_title (DiploWindow *self)
{
  const char *title = diplo_dataset_get_title (self->dataset);
  const char *attribution = diplo_dataset_get_attribution (self->dataset);

  g_assert (DIPLO_IS_WINDOW (self));

  if (title == NULL || *title == '\0')
    title = diplo_dataset_get_display_name (self->dataset);

  gtk_label_set_text (self->dataset_title_label, title);
  gtk_label_set_text (self->dataset_attribution_label, attribution ?: "");
  gtk_widget_set_visible (GTK_WIDGET (self->dataset_attribution_label),
                          attribution != NULL && *attribution != '\0');
}

static void
diplo_window_set_filter_source (DiploWindow *self,
                                GListModel  *source)
{
  g_assert (DIPLO_IS_WINDOW (self));

  if (gtk_filter_list_model_get_model (self->filter_model) == source)
    return;

  gtk_filter_list_model_set_model (self->filter_model, source);
}

static void
diplo_window_draw_events_ahead (DiploWindow *self,
                                GListModel  *events)
{
  diplo_map_view_draw_ahead (self->map_view, events);
  diplo_timeline_list_prepare (diplo_timeline_get_list (self->timeline), events);
}

/**
 * diplo_window_draw_month_ahead:
 * @month: "YYYY-MM", or "" for all months
 *
 * Draws the routes of @month ahead on the map, and lays out its first rows
 * ahead in the timeline, so that if it is shown next, it shows in the
 * frame that follows. All months are drawn ahead only while nothing but
 * the month narrows the events: then they are the dataset's own list,
 * whose places are grouped already.
 */
void
diplo_window_draw_month_ahead (DiploWindow *self,
                               const char  *month)
{
  int month_number = diplo_month_number_parse (month);
  g_autoptr(DiploMonthModel) month_model = NULL;
  g_autoptr(GtkFilterListModel) events = NULL;

  g_return_if_fail (DIPLO_IS_WINDOW (self));

  if (self->dataset == NULL || self->month_index == NULL || month == NULL ||
      g_strcmp0 (month[0] != '\0' ? month : NULL, diplo_event_filter_get_month (self->filter)) == 0)
    return;

  if (month_number < 0)
    {
      if (diplo_event_filter_get_search_text (self->filter) == NULL &&
          diplo_event_filter_get_kinds (self->filter) == DIPLO_EVENT_FILTER_ALL_KINDS)
        diplo_window_draw_events_ahead (self, diplo_dataset_get_events (self->dataset));
      return;
    }

  month_model = diplo_month_model_new (diplo_dataset_get_events (self->dataset), self->month_index);
  diplo_month_model_set_month (month_model, month_number);
  events = gtk_filter_list_model_new (G_LIST_MODEL (g_steal_pointer (&month_model)),
                                      g_object_ref (GTK_FILTER (self->filter)));
  diplo_window_draw_events_ahead (self, G_LIST_MODEL (events));
}

/* The months the next- and previous-month actions would show are drawn
 * ahead once the month shown is: stepping through the months, each shows
 * its routes in the frame that follows the step. So are all months, the
 * month menu's first choice. */
static gboolean
on_draw_ahead (gpointer data)
{
  DiploWindow *self = data;
  const char *shown = diplo_event_filter_get_month (self->filter);

  self->draw_ahead_source = 0;
  if (self->dataset == NULL || self->month_index == NULL)
    return G_SOURCE_REMOVE;

  for (int delta = 1; delta >= -1; delta -= 2)
    {
      g_autofree char *month = diplo_month_index_step (self->month_index, shown, delta);

      diplo_window_draw_month_ahead (self, month);
    }
  if (shown != NULL)
    diplo_window_draw_month_ahead (self, "");

  return G_SOURCE_REMOVE;
}

/* After the frame showing the month, which comes first. */
static void
diplo_window_queue_draw_ahead (DiploWindow *self)
{
  if (self->draw_ahead_source == 0)
    self->draw_ahead_source = g_idle_add_full (G_PRIORITY_LOW, on_draw_ahead, self, NULL);
}

/* A month's events come from the month index, a few hundred of them, where
 * a filter would ask each of the dataset's events at every month change.
 * For all months the filter's model is the dataset's own list, which the
 * map has its places grouped for. */
static void
diplo_window_show_month (DiploWindow *self)
{
  int month_number;

  g_assert (DIPLO_IS_WINDOW (self));

  if (self->dataset == NULL || self->month_model == NULL)
    return;

  month_number = diplo_month_number_parse (diplo_event_filter_get_month (self->filter));
  if (month_number >= 0)
    {
      diplo_month_model_set_month (self->month_model, month_number);
      diplo_window_set_filter_source (self, G_LIST_MODEL (self->month_model));
    }
  else
    {
      diplo_window_set_filter_source (self, diplo_dataset_get_events (self->dataset));
      diplo_month_model_set_month (self->month_model, -1);
    }
  diplo_window_queue_draw_ahead (self);
}

static void
on_filter_month_changed (DiploWindow      *self,
                         GParamSpec       *pspec,
                         DiploEventFilter *filter)
{
  g_assert (DIPLO_IS_WINDOW (self));

  diplo_window_show_month (self);
}

void
diplo_window_set_dataset (DiploWindow  *self,
                          DiploDataset *dataset)
{
  const char *month;

  g_return_if_fail (DIPLO_IS_WINDOW (self));
  g_return_if_fail (DIPLO_IS_DATASET (dataset));

  if (!g_set_object (&self->dataset, dataset))
    return;

  diplo_window_stop_playback (self);
  /* Until the new one is made below, a month change has no list to pick. */
  g_clear_object (&self->month_model);
  g_clear_pointer (&self->month_index, diplo_month_index_unref);
  self->month_index = diplo_month_index_ref (diplo_dataset_get_month_index (dataset));

  /* A month from another dataset would only show an empty list. */
  month = diplo_event_filter_get_month (self->filter);
  if (month != NULL && !diplo_month_index_contains (self->month_index, month))
    g_settings_set_string (self->settings, "month", "");

  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  /* Before the model, so that the map uses the dataset's places instead
   * of grouping its events again. */
  diplo_map_view_set_place_grouping (self->map_view, diplo_dataset_get_place_grouping (dataset));
  self->month_model = diplo_month_model_new (diplo_dataset_get_events (dataset),
                                             self->month_index);
  diplo_window_show_month (self);
  diplo_window_show_dataset_title (self);
  diplo_window_update_month_list (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATASET]);
}

static void
diplo_window_set_load_cancellable (DiploWindow  *self,
                                   GCancellable *cancellable)
{
  g_assert (DIPLO_IS_WINDOW (self));

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_set_object (&self->load_cancellable, cancellable);

  gtk_progress_bar_set_fraction (self->load_progress, 0.0);
  gtk_widget_set_visible (GTK_WIDGET (self->load_progress), cancellable != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
on_load_progress (goffset  current_num_bytes,
                  goffset  total_num_bytes,
                  gpointer user_data)
{
  DiploWindow *self = DIPLO_WINDOW (user_data);

  if (total_num_bytes > 0)
    gtk_progress_bar_set_fraction (self->load_progress,
                                   (double) current_num_bytes / total_num_bytes);
}

static void
diplo_window_announce_dataset (DiploWindow *self)
{
  const char *title = diplo_dataset_get_title (self->dataset);
  g_autofree char *isolated = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *text = NULL;

  g_assert (DIPLO_IS_WINDOW (self));

  if (title == NULL || *title == '\0')
    title = diplo_dataset_get_display_name (self->dataset);

  /* A toast's title is markup in libadwaita 1.2: the dataset's own text
   * is escaped so that it shows as written. */
  isolated = diplo_text_isolate (title);
  escaped = g_markup_escape_text (isolated, -1);
  /* Translators: %s is the title of a dataset that was just opened */
  text = g_strdup_printf (_("Opened “%s”"), escaped);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static void
on_dataset_loaded (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DiploWindow) self = DIPLO_WINDOW (user_data);
  g_autoptr(DiploDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;

  dataset = diplo_dataset_load_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  diplo_window_set_load_cancellable (self, NULL);

  if (dataset == NULL)
    {
      diplo_window_show_error (self, _("Could Not Open Dataset"), error);
      return;
    }

  diplo_window_set_dataset (self, dataset);
  diplo_window_announce_dataset (self);
}

void
diplo_window_open_file (DiploWindow *self,
                        GFile       *file)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  g_return_if_fail (DIPLO_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  diplo_window_set_load_cancellable (self, cancellable);
  diplo_dataset_load_async (file, cancellable,
                            on_load_progress, self,
                            on_dataset_loaded, g_object_ref (self));
}

gboolean
diplo_window_open_builtin (DiploWindow  *self,
                           GError      **error)
{
  g_autoptr(DiploDataset) dataset = NULL;

  g_return_val_if_fail (DIPLO_IS_WINDOW (self), FALSE);

  dataset = diplo_dataset_new_builtin (error);
  if (dataset == NULL)
    return FALSE;

  diplo_window_set_dataset (self, dataset);
  return TRUE;
}

static void
on_selection_selected_item_changed (DiploWindow        *self,
                                    GParamSpec         *pspec,
                                    GtkSingleSelection *selection)
{
  DiploEvent *event = gtk_single_selection_get_selected_item (selection);

  g_assert (DIPLO_IS_WINDOW (self));

  diplo_event_details_set_event (self->details, event);
  gtk_widget_set_visible (GTK_WIDGET (self->details_scroller), event != NULL);
}

static void
diplo_window_create_models (DiploWindow *self)
{
  g_assert (DIPLO_IS_WINDOW (self));

  self->filter = diplo_event_filter_new ();
  /* The month model beneath picks the month's events. */
  diplo_event_filter_set_match_month (self->filter, FALSE);
  g_signal_connect_object (self->filter, "notify::month",
                           G_CALLBACK (on_filter_month_changed), self, G_CONNECT_SWAPPED);
  self->filter_model = gtk_filter_list_model_new (NULL, g_object_ref (GTK_FILTER (self->filter)));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filter_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);

  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (on_selection_selected_item_changed), self,
                           G_CONNECT_SWAPPED);
  diplo_timeline_set_selection (self->timeline, self->selection);
  diplo_map_view_set_selection (self->map_view, self->selection);
}

static void
diplo_window_bind_settings (DiploWindow *self)
{
  g_assert (DIPLO_IS_WINDOW (self));

  self->settings = g_settings_new (APP_ID);

  g_settings_bind (self->settings, "window-width", self, "default-width",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "month", self->filter, "month", G_SETTINGS_BIND_GET);
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         DiploWindow   *self)
{
  g_assert (DIPLO_IS_WINDOW (self));

  if (!G_VALUE_HOLDS (value, G_TYPE_FILE))
    return FALSE;

  diplo_window_open_file (self, g_value_get_object (value));
  return TRUE;
}

static void
diplo_window_add_drop_target (DiploWindow *self)
{
  GtkDropTarget *target = gtk_drop_target_new (G_TYPE_FILE, GDK_ACTION_COPY);

  g_assert (DIPLO_IS_WINDOW (self));

  g_signal_connect_object (target, "drop", G_CALLBACK (on_drop), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}

/* On a narrow window the header keeps the month menu, and the month
 * arrows give way (Ctrl+Page Up/Down still step). */
static void
on_flap_folded_changed (DiploWindow *self,
                        GParamSpec  *pspec,
                        AdwFlap     *flap)
{
  gboolean folded = adw_flap_get_folded (flap);

  g_assert (DIPLO_IS_WINDOW (self));

  gtk_widget_set_visible (self->previous_month_button, !folded);
  gtk_widget_set_visible (self->next_month_button, !folded);
}

static void
diplo_window_dispose (GObject *object)
{
  DiploWindow *self = DIPLO_WINDOW (object);

  diplo_window_stop_playback (self);
  g_clear_handle_id (&self->draw_ahead_source, g_source_remove);
  g_clear_handle_id (&self->point_source, g_source_remove);
  g_clear_pointer (&self->pointed_month, g_free);
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  if (self->file_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->file_chooser));
  g_clear_object (&self->file_chooser);
  if (self->export_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->export_chooser));
  g_clear_object (&self->export_chooser);
  g_cancellable_cancel (self->export_cancellable);
  g_clear_object (&self->export_cancellable);

  /* Settings actions outlive the window's action group otherwise, and
   * would report the next change of their key to a freed group. */
  g_action_map_remove_action (G_ACTION_MAP (self), "month");
  g_action_map_remove_action (G_ACTION_MAP (self), "playback-interval");

  gtk_widget_dispose_template (GTK_WIDGET (self), DIPLO_TYPE_WINDOW);

  g_clear_object (&self->settings);
  g_clear_object (&self->selection);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->month_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->dataset);
  g_clear_pointer (&self->month_index, diplo_month_index_unref);
  g_clear_pointer (&self->month_checks, g_hash_table_unref);
  self->shown_check = NULL;

  G_OBJECT_CLASS (diplo_window_parent_class)->dispose (object);
}

static void
diplo_window_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  DiploWindow *self = DIPLO_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DATASET:
      g_value_set_object (value, self->dataset);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, diplo_window_get_loading (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
diplo_window_class_init (DiploWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = diplo_window_dispose;
  object_class->get_property = diplo_window_get_property;

  properties[PROP_DATASET] =
    g_param_spec_object ("dataset", NULL, NULL,
                         DIPLO_TYPE_DATASET,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (DIPLO_TYPE_TIMELINE);
  g_type_ensure (DIPLO_TYPE_EVENT_DETAILS);
  g_type_ensure (DIPLO_TYPE_MAP_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/diplo-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DiploWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DiploWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, DiploWindow, month_button);
  gtk_widget_class_bind_template_child (widget_class, DiploWindow, previous_month_button);
  gtk_widget_class_bind_template_child (widget_class, DiploWindow, next_month_button);
  gtk_widget_class_bind_template_callback (widget_class, on_flap_folded_changed);
  gtk_widget_class_bind_template_child (widget_class, DiploWindow, month_popover);
  gtk_widget_class_bind_template_child (widget_class, DiploWindow, month_label);
  gtk_widget_class_bind_template_child (widget_class, DiploWindow, month_list);
  gtk_widget_class_bind_template_child (widget_class, DiploWindow, kinds_box);
  gtk_widget_class_bind_template_child (widget_class, DiploWindow, dataset_title_label);
  gtk_widget_class_bind_template_child (widget_class, DiploWindow, dataset_attribution_label);
  gtk_widget_class_bind_template_child (widget_class, DiploWindow, play_button);
  gtk_widget_class_bind_template_child (widget_class, DiploWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, DiploWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DiploWindow, timeline);
  gtk_widget_class_bind_template_child (widget_class, DiploWindow, details_scroller);
  gtk_widget_class_bind_template_child (widget_class, DiploWindow, details);
  gtk_widget_class_bind_template_child (widget_class, DiploWindow, map_view);
  gtk_widget_class_bind_template_child (widget_class, DiploWindow, load_progress);
  gtk_widget_class_bind_template_child (widget_class, DiploWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, DiploWindow, primary_menu);

  diplo_window_class_add_actions (klass);
  diplo_window_class_add_export_actions (klass);
}

/* One notice when the online map can't be had, as without a network,
 * however many of its tiles fail: the offline map is already beneath. */
static void
on_online_tiles_failed_changed (DiploWindow  *self,
                                GParamSpec   *pspec,
                                DiploMapView *map_view)
{
  g_assert (DIPLO_IS_WINDOW (self));

  if (!diplo_map_view_get_online_tiles_failed (map_view))
    return;

  adw_toast_overlay_add_toast (self->toast_overlay,
                               adw_toast_new (_("Map tiles could not be downloaded; "
                                                "showing the offline map")));
}

/* The main menu's popover is built the first time it opens, by a click or
 * F10: nothing of it shows in the first frame, and building it with the
 * window took about one percent of start-up. */
static void
create_primary_menu (GtkMenuButton *button,
                     gpointer       user_data)
{
  DiploWindow *self = DIPLO_WINDOW (user_data);

  if (gtk_menu_button_get_popover (button) == NULL)
    gtk_menu_button_set_menu_model (button, self->primary_menu);
}

/* The month popover is kept out of its button until first opened: GTK 4.8
 * measures a menu button's popover whenever the button is allocated,
 * shown or not, and the list's check icons then loaded the icon theme
 * before the first frame, a twelfth of start-up. The rows are still made
 * with each dataset. */
static void
attach_month_popover (GtkMenuButton *button,
                      gpointer       user_data)
{
  DiploWindow *self = DIPLO_WINDOW (user_data);

  if (gtk_menu_button_get_popover (button) == NULL)
    gtk_menu_button_set_popover (button, GTK_WIDGET (self->month_popover));
}

static void
diplo_window_init (DiploWindow *self)
{
  g_autoptr(GError) error = NULL;

  g_assert (DIPLO_IS_WINDOW (self));

  gtk_widget_init_template (GTK_WIDGET (self));
  self->export_cancellable = g_cancellable_new ();

  diplo_window_create_models (self);
  diplo_window_bind_settings (self);
  diplo_window_init_actions (self);
  diplo_window_add_drop_target (self);
  gtk_menu_button_set_create_popup_func (self->primary_menu_button, create_primary_menu,
                                         self, NULL);
  gtk_menu_button_set_create_popup_func (self->month_button, attach_month_popover, self, NULL);
  g_signal_connect_object (self->map_view, "notify::online-tiles-failed",
                           G_CALLBACK (on_online_tiles_failed_changed), self,
                           G_CONNECT_SWAPPED);
  if (!diplo_window_open_builtin (self, &error))
    g_critical ("The built-in dataset is broken: %s", error->message);
}
