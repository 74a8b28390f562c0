#include "config.h"

#include <locale.h>

#include <gtk/gtk.h>

#include "diplo-application.h"
#include "diplo-window.h"
#include "diplo-test-utils.h"

/* The theme tests start GTK through the application, as Diplo does, so
 * each runs in a process of its own where GTK has not started yet. */
static DiploApplication *
start_application_in_subprocess (const char *gtk_theme)
{
  gtk_disable_setlocale ();
  setlocale (LC_ALL, "C.UTF-8");

  if (gtk_theme != NULL)
    g_setenv ("GTK_THEME", gtk_theme, TRUE);
  else
    g_unsetenv ("GTK_THEME");

  return diplo_test_application_new (APP_ID ".Test.Theme");
}

static gboolean
display_defines_color (const char *name)
{
  g_autoptr(GtkWidget) label = g_object_ref_sink (gtk_label_new (NULL));
  GdkRGBA color;
  gboolean defined;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  defined = gtk_style_context_lookup_color (gtk_widget_get_style_context (label), name, &color);
  G_GNUC_END_IGNORE_DEPRECATIONS

  return defined;
}

/* GTK starts on libadwaita's empty theme; then libadwaita's style sheet
 * is in place, GTK's own theme is not, and the environment is as it was. */
static void
test_application_theme_libadwaita (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(DiploApplication) app = start_application_in_subprocess (NULL);
      g_autofree char *theme_name = NULL;

      g_assert_null (g_getenv ("GTK_THEME"));
      g_object_get (gtk_settings_get_default (), "gtk-theme-name", &theme_name, NULL);
      g_assert_cmpstr (theme_name, ==, "Adwaita-empty");
      /* Defined by libadwaita's style sheet only, then by GTK's theme only. */
      g_assert_true (display_defines_color ("window_bg_color"));
      g_assert_false (display_defines_color ("wm_title"));
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* A theme the user names in GTK_THEME is the one GTK loads. */
static void
test_application_theme_user_choice (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(DiploApplication) app = start_application_in_subprocess ("Default");

      g_assert_cmpstr (g_getenv ("GTK_THEME"), ==, "Default");
      g_assert_true (display_defines_color ("wm_title"));
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* The shortcuts window is built when first asked for, with its shortcut,
 * and then shown again as it is. */
static void
test_application_help_overlay_built_when_shown (void)
{
  g_autoptr(DiploApplication) app = NULL;
  g_auto(GStrv) accels = NULL;
  GtkShortcutsWindow *help_overlay;
  GtkWindow *window;

  diplo_test_init_gtk ();
  app = diplo_test_application_new (APP_ID ".Test.HelpOverlay");

  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay");
  g_assert_cmpstrv (accels, ((const char * const[]) { "<Control>question", NULL }));

  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (DIPLO_IS_WINDOW (window));
  g_assert_null (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), "show-help-overlay"));

  g_action_group_activate_action (G_ACTION_GROUP (window), "show-help-overlay", NULL);
  help_overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (help_overlay));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (help_overlay)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (help_overlay)) == window);

  gtk_widget_hide (GTK_WIDGET (help_overlay));
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-help-overlay", NULL);
  g_assert_true (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)) == help_overlay);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (help_overlay)));

  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/application/theme/libadwaita", test_application_theme_libadwaita);
  g_test_add_func ("/application/theme/user-choice", test_application_theme_user_choice);
  g_test_add_func ("/application/help-overlay-built-when-shown",
                   test_application_help_overlay_built_when_shown);

  return g_test_run ();
}
