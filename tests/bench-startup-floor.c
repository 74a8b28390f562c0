/* The floor of the start-up benchmark: the least a program showing a map
 * does, a window holding a ShumateSimpleMap. It prints the monotonic time
 * of its first frame, in microseconds, and exits. */

#include "config.h"

#include <shumate/shumate.h>
#include <stdlib.h>

static void
on_after_paint (GdkFrameClock *clock,
                GMainLoop     *loop)
{
  g_print ("%" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  g_main_loop_quit (loop);
}

static void
on_window_realize (GtkWidget *window,
                   GMainLoop *loop)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_after_paint), loop);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  ShumateSimpleMap *map;
  GtkWidget *window;

  gtk_init ();

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  map = shumate_simple_map_new ();
  /* No map source: one would fetch tiles from the network, and the
   * benchmark must not need it. */
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (map));
  g_signal_connect (window, "realize", G_CALLBACK (on_window_realize), loop);
  gtk_window_present (GTK_WINDOW (window));

  g_main_loop_run (loop);

  return EXIT_SUCCESS;
}
