#include "config.h"

#include <gtk/gtk.h>

#include "diplo-application.h"
#include "diplo-window.h"

/* One application registers on the bus for the whole run, as in the app. */
static DiploApplication *app;

static void
wait_until_mapped (GtkWidget *widget)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!gtk_widget_get_mapped (widget) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_window_mapped_with_title (void)
{
  GtkWindow *window;

  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (DIPLO_IS_WINDOW (window));

  wait_until_mapped (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_assert_cmpstr (gtk_window_get_title (window), ==, "Diplo");

  gtk_window_destroy (window);
}

static void
test_window_size_saved (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  DiploWindow *window;
  int width, height;

  window = diplo_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 777, 555);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 777);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 555);
  gtk_window_destroy (GTK_WINDOW (window));

  window = diplo_window_new (app);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 777);
  g_assert_cmpint (height, ==, 555);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_actions_have_accels (void)
{
  g_auto(GStrv) quit = NULL;
  g_auto(GStrv) close = NULL;

  quit = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit");
  close = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "window.close");
  g_assert_cmpstr (quit[0], ==, "<Control>q");
  g_assert_cmpstr (close[0], ==, "<Control>w");
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  gtk_test_init (&argc, &argv, NULL);

  app = diplo_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/window/mapped-with-title", test_window_mapped_with_title);
  g_test_add_func ("/window/size-saved", test_window_size_saved);
  g_test_add_func ("/window/actions-have-accels", test_window_actions_have_accels);

  ret = g_test_run ();
  g_clear_object (&app);

  return ret;
}
