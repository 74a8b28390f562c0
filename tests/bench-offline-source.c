/* How long the offline basemap takes to draw tiles where people look: around
 * big cities, zooms 0 to 7. Prints figures and a table; asserts nothing. */

#include "config.h"

#include <gtk/gtk.h>
#include <stdlib.h>

#include "diplo-basemap.h"
#include "diplo-offline-source.h"
#include "diplo-test-utils.h"

#define TILE_SIZE 256
#define MIN_ZOOM 0
#define MAX_ZOOM 7

typedef struct
{
  double longitude;
  double latitude;
} Place;

static const Place cities[] = {
  { -0.13, 51.51 },   /* London */
  { 2.35, 48.86 },    /* Paris */
  { 37.62, 55.75 },   /* Moscow */
  { 28.98, 41.01 },   /* Istanbul */
  { 31.24, 30.04 },   /* Cairo */
  { 3.38, 6.52 },     /* Lagos */
  { 15.31, -4.32 },   /* Kinshasa */
  { 28.05, -26.20 },  /* Johannesburg */
  { 67.01, 24.86 },   /* Karachi */
  { 77.21, 28.61 },   /* Delhi */
  { 90.41, 23.81 },   /* Dhaka */
  { 116.40, 39.90 },  /* Beijing */
  { 121.47, 31.23 },  /* Shanghai */
  { 139.69, 35.69 },  /* Tokyo */
  { 120.98, 14.60 },  /* Manila */
  { 106.85, -6.21 },  /* Jakarta */
  { -74.01, 40.71 },  /* New York */
  { -118.24, 34.05 }, /* Los Angeles */
  { -99.13, 19.43 },  /* Mexico City */
  { -46.63, -23.55 }, /* São Paulo */
};

typedef struct
{
  guint x;
  guint y;
  guint zoom;
} TileId;

/* Each city's tile and its eastern neighbour at every zoom: 240 tiles */
static GArray *
populated_tiles (ShumateMapSource *source)
{
  GArray *tiles = g_array_new (FALSE, FALSE, sizeof (TileId));

  for (guint zoom = MIN_ZOOM; zoom <= MAX_ZOOM; zoom++)
    for (guint i = 0; i < G_N_ELEMENTS (cities); i++)
      {
        guint columns = 1u << zoom;
        TileId tile = {
          (guint) (shumate_map_source_get_x (source, zoom, cities[i].longitude) / TILE_SIZE),
          (guint) (shumate_map_source_get_y (source, zoom, cities[i].latitude) / TILE_SIZE),
          zoom,
        };

        g_array_append_val (tiles, tile);
        tile.x = (tile.x + 1) % columns;
        g_array_append_val (tiles, tile);
      }

  return tiles;
}

static void
print_figures (const char *what,
               GArray     *milliseconds)
{
  double median = diplo_bench_median (milliseconds);
  double max = diplo_bench_percentile (milliseconds, 1.0);
  double sum = 0;

  for (guint i = 0; i < milliseconds->len; i++)
    sum += g_array_index (milliseconds, double, i);

  g_print ("%-22s %4u tiles  median %6.2f ms  mean %6.2f ms  max %6.2f ms\n",
           what, milliseconds->len, median, sum / milliseconds->len, max);
}

static double
draw_one (DiploBasemap *basemap,
          const TileId *tile)
{
  gint64 start = g_get_monotonic_time ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, TILE_SIZE, TILE_SIZE);
  cairo_t *cr = cairo_create (surface);

  diplo_basemap_draw_tile (basemap, cr, tile->x, tile->y, tile->zoom, TILE_SIZE);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  return (g_get_monotonic_time () - start) / 1000.0;
}

static double
bench_direct (DiploBasemap *basemap,
              GArray       *tiles)
{
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint zoom = MIN_ZOOM; zoom <= MAX_ZOOM; zoom++)
    {
      g_autoptr(GArray) at_zoom = g_array_new (FALSE, FALSE, sizeof (double));
      g_autofree char *label = g_strdup_printf ("draw, zoom %u", zoom);

      for (guint i = 0; i < tiles->len; i++)
        {
          const TileId *tile = &g_array_index (tiles, TileId, i);
          double ms;

          if (tile->zoom != zoom)
            continue;

          ms = draw_one (basemap, tile);
          g_array_append_val (at_zoom, ms);
          g_array_append_val (all, ms);
        }

      print_figures (label, at_zoom);
    }

  print_figures ("draw, all zooms", all);

  return diplo_bench_median (all);
}

static void
on_tile_filled (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  guint *remaining = user_data;
  g_autoptr(GError) error = NULL;

  if (!shumate_map_source_fill_tile_finish (SHUMATE_MAP_SOURCE (object), result, &error))
    g_printerr ("A tile failed: %s\n", error->message);
  (*remaining)--;
}

/* What the map sees: every tile asked for at once, drawn by worker threads. */
static void
bench_through_source (GArray *tiles)
{
  g_autoptr(DiploOfflineSource) source = diplo_offline_source_new ();
  g_autoptr(GPtrArray) shumate_tiles = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 start = g_get_monotonic_time ();
  guint remaining = tiles->len;
  double total;

  for (guint i = 0; i < tiles->len; i++)
    {
      const TileId *id = &g_array_index (tiles, TileId, i);
      ShumateTile *tile = shumate_tile_new_full (id->x, id->y, TILE_SIZE, id->zoom);

      g_ptr_array_add (shumate_tiles, tile);
      shumate_map_source_fill_tile_async (SHUMATE_MAP_SOURCE (source), tile, NULL,
                                          on_tile_filled, &remaining);
    }

  while (remaining > 0)
    g_main_context_iteration (NULL, TRUE);

  total = (g_get_monotonic_time () - start) / 1000.0;
  g_print ("%-22s %4u tiles  %.1f ms in all, %.2f ms per tile on %u cores\n",
           "fill_tile_async", tiles->len, total, total / tiles->len, g_get_num_processors ());
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(DiploOfflineSource) source = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) tiles = NULL;
  DiploBasemap *basemap;
  double median;
  gint64 start;

  start = g_get_monotonic_time ();
  basemap = diplo_basemap_get_default (&error);
  if (basemap == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  g_print ("%-22s %.1f ms\n", "read the basemap", (g_get_monotonic_time () - start) / 1000.0);

  source = diplo_offline_source_new ();
  tiles = populated_tiles (SHUMATE_MAP_SOURCE (source));
  median = bench_direct (basemap, tiles);
  bench_through_source (tiles);

  diplo_bench_print_header ("Offline basemap tiles (cairo image surfaces, one thread)");
  diplo_bench_print_row ("offline basemap tile, 256 px, zoom 0-7, median", "ms", median, -1,
                         "<= 5 ms", median <= 5.0);

  return EXIT_SUCCESS;
}
