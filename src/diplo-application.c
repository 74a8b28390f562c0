#define G_LOG_DOMAIN "diplo-application"

#include "config.h"

#include <glib/gi18n.h>

#include "diplo-application.h"
#include "diplo-window.h"

struct _DiploApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
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

GSettings *
diplo_application_get_settings (DiploApplication *self)
{
  g_return_val_if_fail (DIPLO_IS_APPLICATION (self), NULL);

  return self->settings;
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

static void
diplo_application_startup (GApplication *app)
{
  DiploApplication *self = DIPLO_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };

  G_APPLICATION_CLASS (diplo_application_parent_class)->startup (app);

  self->settings = g_settings_new (APP_ID);

  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);
}

static void
diplo_application_quit_action (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
diplo_application_about_action (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
  DiploApplication *self = DIPLO_APPLICATION (user_data);
  static const char *developers[] = { "The Diplo developers", NULL };
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

  adw_about_window_add_acknowledgement_section (ADW_ABOUT_WINDOW (about),
                                                _("Map data"),
                                                (const char *[]) {
                                                  _("OpenStreetMap contributors https://www.openstreetmap.org/copyright"),
                                                  _("Natural Earth (public domain) https://www.naturalearthdata.com"),
                                                  NULL });
  adw_about_window_add_acknowledgement_section (ADW_ABOUT_WINDOW (about),
                                                _("Built-in dataset"),
                                                (const char *[]) {
                                                  _("Xinhua, January 1, 2024: “Key takeaways from Xi's diplomacy in 2023”"),
                                                  NULL });

  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { "quit", diplo_application_quit_action },
  { "about", diplo_application_about_action },
};

static void
diplo_application_dispose (GObject *object)
{
  DiploApplication *self = DIPLO_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (diplo_application_parent_class)->dispose (object);
}

static void
diplo_application_class_init (DiploApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = diplo_application_dispose;

  app_class->activate = diplo_application_activate;
  app_class->open = diplo_application_open;
  app_class->startup = diplo_application_startup;
}

static void
diplo_application_init (DiploApplication *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions,
                                   G_N_ELEMENTS (app_actions),
                                   self);
}
