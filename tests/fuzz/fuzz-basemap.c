/* fuzz-basemap.c
 *
 * libFuzzer target for the basemap decoder, which reads a binary file at run
 * time: any bytes must give either a basemap or a DIPLO_BASEMAP_ERROR, never
 * a read outside the buffer, a leak or undefined behaviour. A basemap that
 * decodes is then drawn, as a whole-world tile, a zoomed-in tile and a
 * country outline, so that every index the decoder accepted is used.
 */

#include "config.h"

#include <cairo.h>
#include <glib.h>

#include "diplo-basemap.h"

/* Small, to keep each run fast; the drawing code scales to any size. */
#define TILE_SIZE 16

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

static void
draw (DiploBasemap *basemap)
{
  static const char * const codes[] = { "FR", "ZA", "LS", "RU", "US", NULL };
  cairo_surface_t *surface;
  cairo_t *cr;

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, TILE_SIZE, TILE_SIZE);
  cr = cairo_create (surface);

  diplo_basemap_draw_tile (basemap, cr, 0, 0, 0, TILE_SIZE);
  diplo_basemap_draw_tile (basemap, cr, 3, 2, 3, TILE_SIZE);
  diplo_basemap_draw_tile (basemap, cr, 7, 3, 3, TILE_SIZE);
  diplo_basemap_has_country (basemap, "FR");

  cairo_new_path (cr);
  diplo_basemap_append_countries_path (basemap, cr, codes, 1.5, 0, 0, TILE_SIZE);
  cairo_fill (cr);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(DiploBasemap) basemap = NULL;
  g_autoptr(GError) error = NULL;

  basemap = diplo_basemap_new_from_bytes (bytes, &error);
  if (basemap == NULL)
    {
      g_assert_error (error, DIPLO_BASEMAP_ERROR, DIPLO_BASEMAP_ERROR_INVALID_DATA);
      return 0;
    }

  g_assert_no_error (error);
  draw (basemap);
  return 0;
}
