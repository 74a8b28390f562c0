#include "config.h"

#include <glib.h>

#include "diplo-country.h"

static void
test_country_names (void)
{
  g_assert_cmpstr (diplo_country_get_name ("RU"), ==, "Russian Federation");
  g_assert_cmpstr (diplo_country_get_name ("ZA"), ==, "South Africa");
  /* The common name where iso-codes has one. */
  g_assert_cmpstr (diplo_country_get_name ("VN"), ==, "Vietnam");
  g_assert_null (diplo_country_get_name ("XX"));
  g_assert_null (diplo_country_get_name ("ru"));
  g_assert_null (diplo_country_get_name (NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/country/names", test_country_names);

  return g_test_run ();
}
