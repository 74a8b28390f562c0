#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "diplo-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(DiploApplication) app = NULL;

  /* Before the application exists: it translates its --help summary and
   * description when it is built, before GTK would set the locale. */
  setlocale (LC_ALL, "");
  /* An uninstalled build (build-aux/diplo-setup run) finds its
   * translations in the build tree, where nothing else looks. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("DIPLO_LOCALEDIR") ?: LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = diplo_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
