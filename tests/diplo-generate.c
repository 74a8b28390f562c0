/* Writes a synthetic dataset for the benchmarks:
 *
 *   diplo-generate N_EVENTS FILE [SEED]
 *
 * N_EVENTS features over about 5,000 places, month- and day-precision
 * dates over twenty years, a few null geometries; the same seed (default
 * 4242) always gives the same file. */

#include "config.h"

#include <stdlib.h>

#include "diplo-test-utils.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  guint64 n_events, seed = 4242;

  if (argc < 3 || argc > 4 ||
      !g_ascii_string_to_unsigned (argv[1], 10, 1, G_MAXUINT, &n_events, NULL) ||
      (argc == 4 && !g_ascii_string_to_unsigned (argv[3], 10, 0, G_MAXUINT32, &seed, NULL)))
    {
      g_printerr ("Usage: %s N_EVENTS FILE [SEED]\n", argv[0]);
      return 2;
    }

  if (!diplo_test_write_synthetic_dataset (argv[2], n_events, seed, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  return EXIT_SUCCESS;
}
