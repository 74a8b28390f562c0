#define G_LOG_DOMAIN "diplo-application"

#include "config.h"

#include "diplo-application.h"

#include <glib/gi18n.h>
#include <shumate/shumate.h>

#include "diplo-basemap.h"
#include "diplo-commands.h"
#include "diplo-window.h"

struct _DiploApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;

  /* Whether the last command line got as far as handle-local-options. */
  gboolean        options_parsed;
};

G_DEFINE_FINAL_TYPE (DiploApplication, diplo_application, ADW_TYPE_APPLICATION)

DiploApplication *
diplo_application_new (void)
{
  return g_object_new (DIPLO_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", RESOURCE_BASE_PATH,
                       NULL);
}

static DiploWindow *
diplo_application_get_any_window (DiploApplication *self)
{
  GtkWindow *window;

  g_assert (DIPLO_IS_APPLICATION (self));

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window == NULL)
    window = GTK_WINDOW (diplo_window_new (self));

  return DIPLO_WINDOW (window);
}

static void
diplo_application_activate (GApplication *app)
{
  DiploApplication *self = DIPLO_APPLICATION (app);

  gtk_window_present (GTK_WINDOW (diplo_application_get_any_window (self)));
}

static const GOptionEntry main_entries[] = {
  { "validate", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Check that each FILE is a valid dataset, then exit"), NULL },
  { "list", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the events of FILE, or of the built-in dataset, then exit"), NULL },
  { "month", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --list, print only the events that overlap the month YYYY-MM"), N_("YYYY-MM") },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL, NULL, N_("[FILE…]") },
  { NULL }
};

static void
diplo_application_add_options (DiploApplication *self)
{
  GApplication *app = G_APPLICATION (self);

  g_assert (DIPLO_IS_APPLICATION (self));

  g_application_add_main_option_entries (app, main_entries);
  g_application_set_option_context_summary (app,
                                            _("Show dated events on a map and a timeline."));
  g_application_set_option_context_description (app,
    _("Without options, Diplo opens its window on the built-in dataset, or on FILE.\n"
      "\n"
      "--validate FILE… checks each GeoJSON file and prints every problem found.\n"
      "--list [FILE] prints the events of FILE, or of the built-in dataset, in date "
      "order, one a line: start, end, latitude, longitude, place and title, separated "
      "by tabs. With --month YYYY-MM, only the events that overlap that month.\n"
      "Neither needs a display.\n"
      "\n"
      "Exit status: 0 when all is well, 1 when a dataset is invalid or can't be read, "
      "2 when the command line is wrong."));
}

static int
usage_error (const char *message)
{
  g_printerr ("%s\n", message);
  g_printerr (_("Run “%s --help” to see the options.\n"), g_get_prgname ());

  return DIPLO_EXIT_USAGE;
}

static int
run_list (const char         *month,
          const char * const *files)
{
  g_autoptr(GError) error = NULL;
  int status;

  if (files != NULL && g_strv_length ((char **)files) > 1)
    return usage_error (_("--list takes at most one FILE"));

  status = diplo_command_list (month, files != NULL ? files[0] : NULL, &error);
  if (error != NULL)
    g_printerr ("%s\n", error->message);

  return status;
}

/* Options consume the FILE arguments, so they are handed to the primary
 * instance here rather than by GApplication. A local primary instance
 * returns -1 to go on and run its main loop. */
static int
open_files (DiploApplication   *self,
            const char * const *paths)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  g_assert (DIPLO_IS_APPLICATION (self));

  if (!g_application_register (G_APPLICATION (self), NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  for (guint i = 0; paths[i] != NULL; i++)
    g_ptr_array_add (files, g_file_new_for_commandline_arg (paths[i]));

  g_application_open (G_APPLICATION (self), (GFile **)files->pdata, files->len, "");

  return g_application_get_is_remote (G_APPLICATION (self)) ? EXIT_SUCCESS : -1;
}

/* The commands run here, before registration and startup, so that they
 * need neither a session bus nor a display. */
static int
diplo_application_handle_local_options (GApplication *app,
                                        GVariantDict *options)
{
  DiploApplication *self = DIPLO_APPLICATION (app);
  g_autofree const char **files = NULL;
  const char *month = NULL;
  gboolean validate = FALSE;
  gboolean list = FALSE;

  self->options_parsed = TRUE;

  g_variant_dict_lookup (options, "validate", "b", &validate);
  g_variant_dict_lookup (options, "list", "b", &list);
  g_variant_dict_lookup (options, "month", "&s", &month);
  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&ay", &files);

  if (validate && list)
    return usage_error (_("--validate and --list can't be used together"));

  if (month != NULL && !list)
    return usage_error (_("--month only applies to --list"));

  if (validate)
    return diplo_command_validate (files);

  if (list)
    return run_list (month, files);

  if (files != NULL && files[0] != NULL)
    return open_files (self, files);

  return -1;
}

/* GApplication exits with status 1 when the options don't parse, but 1
 * means invalid data here: a command line that never reached
 * handle-local-options is reported as the usage error it is. */
static gboolean
diplo_application_local_command_line (GApplication   *app,
                                      char         ***arguments,
                                      int            *exit_status)
{
  DiploApplication *self = DIPLO_APPLICATION (app);
  gboolean handled;

  self->options_parsed = FALSE;

  handled = G_APPLICATION_CLASS (diplo_application_parent_class)->local_command_line (app,
                                                                                       arguments,
                                                                                       exit_status);

  if (handled && !self->options_parsed && *exit_status == EXIT_FAILURE)
    *exit_status = DIPLO_EXIT_USAGE;

  return handled;
}

static void
diplo_application_open (GApplication  *app,
                        GFile        **files,
                        int            n_files,
                        const char    *hint)
{
  DiploApplication *self = DIPLO_APPLICATION (app);
  DiploWindow *window = diplo_application_get_any_window (self);

  /* One dataset is shown at a time: the last file named wins. */
  if (n_files > 0)
    diplo_window_open_file (window, files[n_files - 1]);

  gtk_window_present (GTK_WINDOW (window));
}

/* libadwaita replaces GTK's own theme with its style sheet, but only after
 * GTK has parsed its theme, about as much work as the rest of the window's
 * first layout, for nothing. Naming libadwaita's empty theme while GTK
 * first reads its settings skips that; libadwaita then installs its style
 * sheet as usual. A theme the user chose with GTK_THEME is left alone.
 * Runs before any thread of ours exists, as changing the environment must.
 * Returns whether GTK started on the empty theme. */
static gboolean
diplo_application_init_gtk (void)
{
  if (g_getenv ("GTK_THEME") != NULL)
    return FALSE;

  g_setenv ("GTK_THEME", "Adwaita-empty", TRUE);
  gtk_init ();
  gtk_settings_get_default ();
  g_unsetenv ("GTK_THEME");

  return TRUE;
}

/* Where libadwaita does not take over the theme (beside the elementary
 * style sheet), GTK loads the one its settings name after all. */
static void
diplo_application_restore_gtk_theme (void)
{
  GtkSettings *settings = gtk_settings_get_default ();
  g_autofree char *theme_name = NULL;

  if (settings == NULL)
    return;

  g_object_get (settings, "gtk-theme-name", &theme_name, NULL);
  if (g_strcmp0 (theme_name, "Adwaita-empty") != 0)
    g_object_notify (G_OBJECT (settings), "gtk-theme-name");
}

/* GTK builds the shortcuts window of every application window as the
 * window is made, when its resource is gtk/help-overlay.ui: a fifth of
 * the window's making, for a window rarely opened. It lives elsewhere, so
 * the window's show-help-overlay action builds it the first time instead. */
#define HELP_OVERLAY_RESOURCE RESOURCE_BASE_PATH "/diplo-help-overlay.ui"

static void
show_help_overlay (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  GtkApplicationWindow *window = GTK_APPLICATION_WINDOW (user_data);
  GtkShortcutsWindow *help_overlay = gtk_application_window_get_help_overlay (window);

  if (help_overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (HELP_OVERLAY_RESOURCE);

      help_overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      /* Finds this action already there, and so keeps it. */
      gtk_application_window_set_help_overlay (window, help_overlay);
    }

  gtk_widget_show (GTK_WIDGET (help_overlay));
}

static void
diplo_application_window_added (GtkApplication *app,
                                GtkWindow      *window)
{
  GTK_APPLICATION_CLASS (diplo_application_parent_class)->window_added (app, window);

  if (GTK_IS_APPLICATION_WINDOW (window))
    {
      g_autoptr(GSimpleAction) action = g_simple_action_new ("show-help-overlay", NULL);

      g_signal_connect_object (action, "activate", G_CALLBACK (show_help_overlay), window, 0);
      g_action_map_add_action (G_ACTION_MAP (window), G_ACTION (action));
    }
}

/* The map needs the basemap as soon as the window is built; decoding it
 * meanwhile on the other processor takes it off the way to the first
 * frame. diplo_basemap_get_default () waits for it if it is not done. */
static gpointer
preload_basemap (gpointer data)
{
  diplo_basemap_get_default (NULL);

  return NULL;
}

static void
diplo_application_startup (GApplication *app)
{
  DiploApplication *self = DIPLO_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  static const char *help_overlay_accels[] = { "<Control>question", NULL };
  gboolean empty_theme;

  empty_theme = diplo_application_init_gtk ();
  g_thread_unref (g_thread_new ("diplo-basemap", preload_basemap, NULL));

  G_APPLICATION_CLASS (diplo_application_parent_class)->startup (app);

  if (empty_theme)
    diplo_application_restore_gtk_theme ();

  /* The OpenStreetMap tile policy asks every client to name itself. */
  shumate_set_user_agent ("Diplo/" PACKAGE_VERSION " (+https://example.org/diplo)");

  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay",
                                         help_overlay_accels);
}

static void
diplo_application_quit_action (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

/* Each credit is "Name URL", which the about window shows as a link; the
 * URLs stay out of the translated text so that no translation breaks one. */
static void
diplo_application_add_credits (AdwAboutWindow *about)
{
  g_autofree char *osm = g_strdup_printf ("%s %s", _("OpenStreetMap contributors"),
                                          "https://www.openstreetmap.org/copyright");
  g_autofree char *natural_earth = g_strdup_printf ("%s %s", _("Natural Earth (public domain)"),
                                                    "https://www.naturalearthdata.com");
  const char *map_data[] = { osm, natural_earth, NULL };
  const char *dataset[] = {
    _("Xinhua, January 1, 2024: “Key takeaways from Xi's diplomacy in 2023”"),
    NULL
  };

  adw_about_window_add_acknowledgement_section (about, _("Map data"), map_data);
  adw_about_window_add_acknowledgement_section (about, _("Built-in dataset"), dataset);
}

static void
diplo_application_about_action (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
  DiploApplication *self = DIPLO_APPLICATION (user_data);
  const char *developers[] = { _("The Diplo developers"), NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-name", _("Diplo"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Diplo developers"),
                        "developers", developers,
                        "version", PACKAGE_VERSION,
                        "copyright", _("© 2026 The Diplo developers"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "comments", _("Follow dated events on a map and a timeline."),
                        /* Translators: Replace "translator-credits" with your name(s) */
                        "translator-credits", _("translator-credits"),
                        NULL);

  diplo_application_add_credits (ADW_ABOUT_WINDOW (about));

  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { "quit", diplo_application_quit_action },
  { "about", diplo_application_about_action },
};

static void
diplo_application_class_init (DiploApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);
  GtkApplicationClass *gtk_app_class = GTK_APPLICATION_CLASS (klass);

  app_class->activate = diplo_application_activate;
  app_class->open = diplo_application_open;
  app_class->startup = diplo_application_startup;
  app_class->handle_local_options = diplo_application_handle_local_options;
  app_class->local_command_line = diplo_application_local_command_line;

  gtk_app_class->window_added = diplo_application_window_added;
}

static void
diplo_application_init (DiploApplication *self)
{
  diplo_application_add_options (self);

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions,
                                   G_N_ELEMENTS (app_actions),
                                   self);
}
