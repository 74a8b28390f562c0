#define G_LOG_DOMAIN "diplo-window"

#include "config.h"

#include "diplo-window-private.h"

#include <glib/gi18n.h>

/* Month filter */

/* Ten years of calendar months are listed in full. */
#define MAX_MONTHS_LISTED 120

static void
diplo_window_step_month (DiploWindow *self,
                         int          delta)
{
  g_autofree char *month = NULL;

  g_assert (DIPLO_IS_WINDOW (self));

  month = diplo_month_index_step (self->month_index,
                                  diplo_event_filter_get_month (self->filter),
                                  delta);
  g_settings_set_string (self->settings, "month", month);
}

static void
previous_month_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  diplo_window_step_month (DIPLO_WINDOW (widget), -1);
}

static void
next_month_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  diplo_window_step_month (DIPLO_WINDOW (widget), 1);
}

/* @check is set to the row's check mark, hidden. */
static GtkWidget *
create_month_row (const char  *month,
                  const char  *label,
                  guint        count,
                  GtkWidget  **check)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *name = gtk_label_new (label);
  g_autofree char *count_text = g_strdup_printf ("%u", count);
  GtkWidget *count_label = gtk_label_new (count_text);

  *check = gtk_image_new_from_icon_name ("object-select-symbolic");

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (count_label, "dim-label");
  gtk_widget_add_css_class (count_label, "numeric");
  gtk_widget_set_visible (count_label, month[0] != '\0');
  gtk_box_append (GTK_BOX (box), *check);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), count_label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  g_object_set_data_full (G_OBJECT (row), "month", g_strdup (month), g_free);
  gtk_widget_set_opacity (*check, 0.0);
  /* Empty months are listed so that the calendar reads without gaps. */
  gtk_widget_set_sensitive (row, month[0] == '\0' || count > 0);

  return row;
}

/* Only the shown month's row is checked. Twenty years list 240 rows: a
 * month change touches two. */
static void
diplo_window_update_month_checks (DiploWindow *self)
{
  const char *current = diplo_event_filter_get_month (self->filter);
  GtkWidget *check;

  g_assert (DIPLO_IS_WINDOW (self));

  check = self->month_checks != NULL ? g_hash_table_lookup (self->month_checks, current ?: "") : NULL;
  if (check == self->shown_check)
    return;

  if (self->shown_check != NULL)
    gtk_widget_set_opacity (self->shown_check, 0.0);
  if (check != NULL)
    gtk_widget_set_opacity (check, 1.0);
  self->shown_check = check;
}

static void
diplo_window_append_month_row (DiploWindow *self,
                               const char  *month,
                               const char  *label,
                               guint        count)
{
  GtkWidget *check;
  GtkWidget *row = create_month_row (month, label, count, &check);

  g_hash_table_insert (self->month_checks, g_strdup (month), check);
  gtk_list_box_append (self->month_list, row);
}

static void
diplo_window_update_month_label (DiploWindow *self)
{
  int month_number = diplo_month_number_parse (diplo_event_filter_get_month (self->filter));
  g_autofree char *label = NULL;

  g_assert (DIPLO_IS_WINDOW (self));

  if (month_number < 0)
    label = g_strdup (_("All Months"));
  else
    label = diplo_month_number_format (month_number);

  gtk_label_set_text (self->month_label, label);
  diplo_window_update_month_checks (self);
}

void
diplo_window_update_month_list (DiploWindow *self)
{
  GtkWidget *child;
  gboolean list_every_month;
  guint n_events;
  int first, last;

  g_return_if_fail (DIPLO_IS_WINDOW (self));

  if (self->month_checks == NULL)
    self->month_checks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_remove_all (self->month_checks);
  self->shown_check = NULL;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->month_list))))
    gtk_list_box_remove (self->month_list, child);

  n_events = g_list_model_get_n_items (diplo_dataset_get_events (self->dataset));
  diplo_window_append_month_row (self, "", _("All Months"), n_events);

  first = diplo_month_index_get_first (self->month_index);
  last = diplo_month_index_get_last (self->month_index);
  /* Over a long span, listing every month would bury the few that matter:
   * only the months where events begin are listed then. */
  list_every_month = last - first < MAX_MONTHS_LISTED;

  for (int m = first; m <= last; m++)
    {
      guint count = diplo_month_index_get_count (self->month_index, m);
      g_autofree char *month = NULL;
      g_autofree char *label = NULL;

      if (!list_every_month && diplo_month_index_get_n_starting (self->month_index, m) == 0)
        continue;

      month = diplo_month_number_to_string (m);
      label = diplo_month_number_format (m);
      diplo_window_append_month_row (self, month, label, count);
    }

  diplo_window_update_month_label (self);
}

/* How long the pointer or the keyboard's focus stays on a row of the month
 * menu before its month is drawn ahead: not for each row passed over. */
#define POINT_MS 40

static gboolean
on_pointed_month_stays (gpointer data)
{
  DiploWindow *self = data;

  self->point_source = 0;
  diplo_window_draw_month_ahead (self, self->pointed_month);

  return G_SOURCE_REMOVE;
}

/**
 * diplo_window_point_at_month_row:
 * @row: (nullable): a row of the month menu
 *
 * Tells that @row is pointed at, or has the keyboard's focus: its month
 * is likely the one shown next, and is drawn ahead once it stays so a
 * moment.
 */
void
diplo_window_point_at_month_row (DiploWindow   *self,
                                 GtkListBoxRow *row)
{
  const char *month = row != NULL ? g_object_get_data (G_OBJECT (row), "month") : NULL;

  g_return_if_fail (DIPLO_IS_WINDOW (self));

  if (month == NULL || g_strcmp0 (month, self->pointed_month) == 0)
    return;

  g_free (self->pointed_month);
  self->pointed_month = g_strdup (month);
  g_clear_handle_id (&self->point_source, g_source_remove);
  self->point_source = g_timeout_add (POINT_MS, on_pointed_month_stays, self);
}

static void
on_month_list_motion (DiploWindow              *self,
                      double                    x,
                      double                    y,
                      GtkEventControllerMotion *motion)
{
  diplo_window_point_at_month_row (self, gtk_list_box_get_row_at_y (self->month_list, y));
}

static void
on_focus_widget_changed (DiploWindow *self,
                         GParamSpec  *pspec,
                         gpointer     data)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (GTK_IS_LIST_BOX_ROW (focus) && gtk_widget_get_parent (focus) == GTK_WIDGET (self->month_list))
    diplo_window_point_at_month_row (self, GTK_LIST_BOX_ROW (focus));
}

/* A row pointed at again, the next time the menu opens, is drawn ahead
 * again: what was drawn ahead may be gone. */
static void
on_month_popover_closed (DiploWindow *self)
{
  g_clear_handle_id (&self->point_source, g_source_remove);
  g_clear_pointer (&self->pointed_month, g_free);
}

/* A person picks a month in the menu after pointing at its row, with the
 * mouse or the keyboard. */
static void
diplo_window_follow_month_menu (DiploWindow *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();

  g_signal_connect_object (motion, "motion", G_CALLBACK (on_month_list_motion), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->month_list), motion);
  g_signal_connect (self, "notify::focus-widget", G_CALLBACK (on_focus_widget_changed), NULL);
  g_signal_connect_object (self->month_popover, "closed", G_CALLBACK (on_month_popover_closed), self,
                           G_CONNECT_SWAPPED);
}

static void
on_month_list_row_activated (DiploWindow   *self,
                             GtkListBoxRow *row,
                             GtkListBox    *list)
{
  g_assert (DIPLO_IS_WINDOW (self));

  g_settings_set_string (self->settings, "month", g_object_get_data (G_OBJECT (row), "month"));
  gtk_popover_popdown (self->month_popover);
}

static void
on_filter_month_changed (DiploWindow      *self,
                         GParamSpec       *pspec,
                         DiploEventFilter *filter)
{
  g_assert (DIPLO_IS_WINDOW (self));

  diplo_window_update_month_label (self);
}

/* Kinds */

static void
on_kind_check_toggled (DiploWindow    *self,
                       GtkCheckButton *check)
{
  guint bit = 1u << GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "kind"));
  guint kinds = diplo_event_filter_get_kinds (self->filter);

  g_assert (DIPLO_IS_WINDOW (self));

  if (gtk_check_button_get_active (check))
    kinds |= bit;
  else
    kinds &= ~bit;

  diplo_event_filter_set_kinds (self->filter, kinds);
}

static void
on_filter_kinds_changed (DiploWindow      *self,
                         GParamSpec       *pspec,
                         DiploEventFilter *filter)
{
  guint kinds = diplo_event_filter_get_kinds (filter);

  g_assert (DIPLO_IS_WINDOW (self));

  for (GtkWidget *check = gtk_widget_get_first_child (GTK_WIDGET (self->kinds_box));
       check != NULL;
       check = gtk_widget_get_next_sibling (check))
    {
      guint kind = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "kind"));

      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), (kinds & (1u << kind)) != 0);
    }

  if (kinds == DIPLO_EVENT_FILTER_ALL_KINDS)
    gtk_widget_remove_css_class (GTK_WIDGET (self->kinds_box), "filtering");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->kinds_box), "filtering");
}

static void
diplo_window_add_kind_checks (DiploWindow *self)
{
  g_assert (DIPLO_IS_WINDOW (self));

  for (guint kind = 0; kind < DIPLO_EVENT_N_KINDS; kind++)
    {
      GtkWidget *check = gtk_check_button_new_with_label (diplo_event_kind_to_label (kind));

      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      g_object_set_data (G_OBJECT (check), "kind", GUINT_TO_POINTER (kind));
      g_signal_connect_object (check, "toggled", G_CALLBACK (on_kind_check_toggled), self,
                               G_CONNECT_SWAPPED);
      gtk_box_append (self->kinds_box, check);
    }
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DiploWindow *self = DIPLO_WINDOW (widget);

  /* The filter first, in one refilter; the controls then only catch up. */
  diplo_event_filter_clear (self->filter);
  g_settings_set_string (self->settings, "month", "");
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

/* Search */

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DiploWindow *self = DIPLO_WINDOW (widget);

  adw_flap_set_reveal_flap (self->flap, TRUE);
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
on_search_entry_search_changed (DiploWindow    *self,
                                GtkSearchEntry *entry)
{
  g_assert (DIPLO_IS_WINDOW (self));

  diplo_event_filter_set_search_text (self->filter, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
on_search_entry_stop_search (DiploWindow    *self,
                             GtkSearchEntry *entry)
{
  g_assert (DIPLO_IS_WINDOW (self));

  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

/* Playback */

static void
diplo_window_update_play_button (DiploWindow *self)
{
  gboolean playing = self->playback_source != 0;

  g_assert (DIPLO_IS_WINDOW (self));

  gtk_button_set_icon_name (self->play_button,
                            playing ? "media-playback-pause-symbolic"
                                    : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button),
                               /* Translators: tooltips of the play button */
                               playing ? C_("tooltip", "Pause") : _("Play Events"));
}

void
diplo_window_stop_playback (DiploWindow *self)
{
  g_return_if_fail (DIPLO_IS_WINDOW (self));

  if (self->playback_source == 0)
    return;

  g_clear_handle_id (&self->playback_source, g_source_remove);
  if (self->play_button != NULL)
    diplo_window_update_play_button (self);
}

/* Returns FALSE at the end of the filtered events, where playback stops. */
static gboolean
diplo_window_select_next (DiploWindow *self)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  guint selected = gtk_single_selection_get_selected (self->selection);
  guint next = selected == GTK_INVALID_LIST_POSITION ? 0 : selected + 1;

  g_assert (DIPLO_IS_WINDOW (self));

  if (next >= n_items)
    return FALSE;

  gtk_single_selection_set_selected (self->selection, next);
  return next + 1 < n_items;
}

static gboolean
on_playback_tick (gpointer user_data)
{
  DiploWindow *self = DIPLO_WINDOW (user_data);

  if (!diplo_window_select_next (self))
    {
      self->playback_source = 0;
      diplo_window_update_play_button (self);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
diplo_window_start_playback (DiploWindow *self)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  guint selected = gtk_single_selection_get_selected (self->selection);

  g_assert (DIPLO_IS_WINDOW (self));

  if (n_items == 0)
    return;

  /* Playing from the last event starts the list again. */
  if (selected != GTK_INVALID_LIST_POSITION && selected + 1 >= n_items)
    gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);

  if (!diplo_window_select_next (self))
    {
      diplo_window_update_play_button (self);
      return;
    }

  self->playback_source = g_timeout_add (g_settings_get_uint (self->settings, "playback-interval"),
                                         on_playback_tick, self);
  diplo_window_update_play_button (self);
}

static void
toggle_playback_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  DiploWindow *self = DIPLO_WINDOW (widget);

  if (self->playback_source != 0)
    diplo_window_stop_playback (self);
  else
    diplo_window_start_playback (self);
}

/* Opening */

static void
on_file_chooser_response (GtkNativeDialog *chooser,
                          int              response,
                          DiploWindow     *self)
{
  g_assert (DIPLO_IS_WINDOW (self));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      diplo_window_open_file (self, file);
    }

  g_clear_object (&self->file_chooser);
}

static GtkFileFilter *
create_geojson_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("GeoJSON Datasets"));
  gtk_file_filter_add_mime_type (filter, "application/geo+json");
  gtk_file_filter_add_suffix (filter, "geojson");
  gtk_file_filter_add_suffix (filter, "json");

  return filter;
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DiploWindow *self = DIPLO_WINDOW (widget);
  g_autoptr(GtkFileFilter) filter = create_geojson_filter ();

  /* The window owns the chooser, so that closing the window also closes it. */
  if (self->file_chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->file_chooser));
      return;
    }

  self->file_chooser = gtk_file_chooser_native_new (_("Open Dataset"), GTK_WINDOW (self),
                                                    GTK_FILE_CHOOSER_ACTION_OPEN,
                                                    _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->file_chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->file_chooser), TRUE);
  g_signal_connect_object (self->file_chooser, "response",
                           G_CALLBACK (on_file_chooser_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->file_chooser));
}

static void
open_builtin_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DiploWindow *self = DIPLO_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!diplo_window_open_builtin (self, &error))
    diplo_window_show_error (self, _("Could Not Open Dataset"), error);
}

/* Space toggles playback when the focused widget has no use for it: the
 * shortcut runs in the bubble phase, after buttons, rows and entries. */
static gboolean
on_space_pressed (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (widget));

  if (focus != NULL && GTK_IS_EDITABLE (focus))
    return FALSE;

  gtk_widget_activate_action (widget, "win.toggle-playback", NULL);
  return TRUE;
}

static void
diplo_window_add_space_shortcut (DiploWindow *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_space, 0),
                                            gtk_callback_action_new (on_space_pressed, NULL, NULL));

  g_assert (DIPLO_IS_WINDOW (self));

  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

/* A new pace applies at the next step, not after the current wait. */
static void
on_playback_interval_changed (DiploWindow *self,
                              const char  *key,
                              GSettings   *settings)
{
  g_assert (DIPLO_IS_WINDOW (self));

  if (self->playback_source == 0)
    return;

  g_source_remove (self->playback_source);
  self->playback_source = g_timeout_add (g_settings_get_uint (settings, "playback-interval"),
                                         on_playback_tick, self);
}

static void
diplo_window_add_settings_actions (DiploWindow *self)
{
  g_autoptr(GAction) month = NULL;
  g_autoptr(GAction) interval = NULL;

  g_assert (DIPLO_IS_WINDOW (self));

  month = g_settings_create_action (self->settings, "month");
  interval = g_settings_create_action (self->settings, "playback-interval");
  g_action_map_add_action (G_ACTION_MAP (self), month);
  g_action_map_add_action (G_ACTION_MAP (self), interval);

  g_signal_connect_object (self->settings, "changed::playback-interval",
                           G_CALLBACK (on_playback_interval_changed), self, G_CONNECT_SWAPPED);
}

static void
diplo_window_follow_filter (DiploWindow *self)
{
  g_assert (DIPLO_IS_WINDOW (self));

  g_signal_connect_object (self->filter, "notify::month",
                           G_CALLBACK (on_filter_month_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter, "notify::kinds",
                           G_CALLBACK (on_filter_kinds_changed), self, G_CONNECT_SWAPPED);
}

void
diplo_window_init_actions (DiploWindow *self)
{
  g_return_if_fail (DIPLO_IS_WINDOW (self));

  diplo_window_add_settings_actions (self);
  diplo_window_add_kind_checks (self);
  diplo_window_add_space_shortcut (self);
  diplo_window_follow_filter (self);
  diplo_window_follow_month_menu (self);
}

void
diplo_window_class_add_actions (DiploWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_bind_template_callback (widget_class, on_month_list_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_stop_search);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-builtin", NULL, open_builtin_action);
  gtk_widget_class_install_action (widget_class, "win.previous-month", NULL, previous_month_action);
  gtk_widget_class_install_action (widget_class, "win.next-month", NULL, next_month_action);
  gtk_widget_class_install_action (widget_class, "win.clear-filters", NULL, clear_filters_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-playback", NULL,
                                   toggle_playback_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_CONTROL_MASK,
                                       "win.previous-month", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_CONTROL_MASK,
                                       "win.next-month", NULL);
}
