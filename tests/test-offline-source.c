#include "config.h"

#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include "diplo-basemap.h"
#include "diplo-offline-source.h"
#include "diplo-surface-paintable.h"
#include "diplo-test-utils.h"

#define TILE_SIZE 256

typedef struct
{
  double land;
  double sea;
} Coverage;

/* By hue rather than exact colours, so that a retouched palette keeps the
 * tests meaningful: sea is clearly blue, land is a light warm neutral. Lines
 * are neither (or sea, for coastlines, which hug the sea). */
static void
classify_pixel (guint32  pixel,
                guint   *land,
                guint   *sea)
{
  guint red = (pixel >> 16) & 0xff;
  guint blue = pixel & 0xff;

  if (blue > red + 24)
    (*sea)++;
  else if (red >= blue && red > 200)
    (*land)++;
}

static Coverage
measure_pixels (const guint8 *data,
                gsize         stride,
                guint         size)
{
  guint land = 0;
  guint sea = 0;

  for (guint y = 0; y < size; y++)
    {
      const guint32 *row = (const guint32 *) (data + y * stride);

      for (guint x = 0; x < size; x++)
        {
          g_assert_cmphex (row[x] >> 24, ==, 0xff);
          classify_pixel (row[x], &land, &sea);
        }
    }

  return (Coverage) { (double) land / (size * size), (double) sea / (size * size) };
}

static DiploBasemap *
get_basemap (void)
{
  g_autoptr(GError) error = NULL;
  DiploBasemap *basemap = diplo_basemap_get_default (&error);

  g_assert_no_error (error);
  g_assert_nonnull (basemap);
  return basemap;
}

static cairo_surface_t *
draw_tile (guint x,
           guint y,
           guint zoom_level)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, TILE_SIZE, TILE_SIZE);
  cairo_t *cr = cairo_create (surface);

  diplo_basemap_draw_tile (get_basemap (), cr, x, y, zoom_level, TILE_SIZE);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

static Coverage
measure_tile (guint x,
              guint y,
              guint zoom_level)
{
  cairo_surface_t *surface = draw_tile (x, y, zoom_level);
  Coverage coverage;

  coverage = measure_pixels (cairo_image_surface_get_data (surface),
                             cairo_image_surface_get_stride (surface), TILE_SIZE);
  cairo_surface_destroy (surface);

  return coverage;
}

/* The pixel that shows a place, in the tile that holds it */
static guint32
place_pixel (guint  zoom_level,
             double longitude,
             double latitude)
{
  g_autoptr(ShumateMapSource) source = SHUMATE_MAP_SOURCE (diplo_offline_source_new ());
  double x = shumate_map_source_get_x (source, zoom_level, longitude);
  double y = shumate_map_source_get_y (source, zoom_level, latitude);
  cairo_surface_t *surface = draw_tile (x / TILE_SIZE, y / TILE_SIZE, zoom_level);
  const guint8 *row = cairo_image_surface_get_data (surface)
                      + (guint) fmod (y, TILE_SIZE) * cairo_image_surface_get_stride (surface);
  guint32 pixel = ((const guint32 *) row)[(guint) fmod (x, TILE_SIZE)];

  cairo_surface_destroy (surface);
  return pixel;
}

typedef enum
{
  PLACE_LAND,
  PLACE_SEA,
  PLACE_OTHER,  /* a border or coastline drawn over the place */
} PlaceKind;

static PlaceKind
classify_place (guint  zoom_level,
                double longitude,
                double latitude)
{
  guint land = 0;
  guint sea = 0;

  classify_pixel (place_pixel (zoom_level, longitude, latitude), &land, &sea);
  if (land == 1)
    return PLACE_LAND;
  if (sea == 1)
    return PLACE_SEA;

  return PLACE_OTHER;
}

static void
test_places (void)
{
  for (guint zoom = 0; zoom <= 10; zoom++)
    {
      g_assert_cmpint (classify_place (zoom, 2.35, 48.86), ==, PLACE_LAND);    /* Paris */
      g_assert_cmpint (classify_place (zoom, 24.76, -28.74), ==, PLACE_LAND);  /* Kimberley */
      /* Lesotho, a hole in South Africa, wider than its borders from zoom 2 */
      if (zoom >= 2)
        g_assert_cmpint (classify_place (zoom, 28.3, -29.5), ==, PLACE_LAND);
      g_assert_cmpint (classify_place (zoom, -150.0, -20.0), ==, PLACE_SEA);   /* South Pacific */
      g_assert_cmpint (classify_place (zoom, -30.0, 40.0), ==, PLACE_SEA);     /* North Atlantic */
      g_assert_cmpint (classify_place (zoom, 50.5, 42.0), ==, PLACE_SEA);      /* Caspian Sea */
    }
}

static void
test_sea_colour (void)
{
  guint32 pixel = place_pixel (3, -150.0, -20.0);
  GdkRGBA sea;

  g_assert_true (gdk_rgba_parse (&sea, DIPLO_BASEMAP_SEA_COLOR));
  g_assert_cmphex (pixel, ==, 0xff000000
                   | (guint32) (sea.red * 255 + .5) << 16
                   | (guint32) (sea.green * 255 + .5) << 8
                   | (guint32) (sea.blue * 255 + .5));
}

static void
test_europe_zoom3 (void)
{
  /* 0°–45°E, 41°–66.5°N: Europe with the Baltic, the North Sea and the
   * Black Sea. */
  Coverage coverage = measure_tile (4, 2, 3);

  g_assert_cmpfloat (coverage.land, >, 0.25);
  g_assert_cmpfloat (coverage.land, <, 0.85);
  g_assert_cmpfloat (coverage.sea, >, 0.10);
  g_assert_cmpfloat (coverage.land + coverage.sea, >, 0.9);
}

static void
test_europe_zoom7 (void)
{
  /* Around Paris, on the 1:50m level: all land. */
  Coverage coverage = measure_tile (64, 44, 7);

  g_assert_cmpfloat (coverage.land, >, 0.9);
}

static void
test_mid_pacific (void)
{
  /* 157.5°W–135°W, 0°–22°S: French Polynesia's atolls at most. */
  Coverage coverage = measure_tile (1, 8, 4);

  g_assert_cmpfloat (coverage.sea, >, 0.99);
  g_assert_cmpfloat (coverage.land, <, 0.005);
}

static void
test_open_seas_stay_open (void)
{
  /* Shapes that wrapped wrongly across the antimeridian would draw a band of
   * land around the world at the latitudes of Chukotka and of Fiji. */
  Coverage norwegian_sea = measure_tile (15, 7, 5);
  Coverage indian_ocean = measure_tile (23, 17, 5);

  g_assert_cmpfloat (norwegian_sea.sea, >, 0.97);
  g_assert_cmpfloat (indian_ocean.sea, >, 0.97);
}

static void
test_antimeridian (void)
{
  for (guint zoom = 0; zoom <= 10; zoom++)
    {
      guint last = (1u << zoom) - 1;
      /* The rows of the Bering Strait (66°N) and of Fiji (17°S) */
      guint bering = (guint) ((1 - asinh (tan (G_PI * 66 / 180)) / G_PI) / 2 * (1u << zoom));
      guint fiji = (guint) ((1 - asinh (tan (-G_PI * 17 / 180)) / G_PI) / 2 * (1u << zoom));

      measure_tile (0, bering, zoom);
      measure_tile (last, bering, zoom);
      measure_tile (0, fiji, zoom);
      measure_tile (last, fiji, zoom);
    }

  for (guint zoom = 3; zoom <= 10; zoom++)
    {
      /* Chukotka, east of 180° */
      g_assert_cmpint (classify_place (zoom, -175.0, 66.0), ==, PLACE_LAND);
      g_assert_cmpint (classify_place (zoom, 160.0, 56.0), ==, PLACE_LAND);    /* Kamchatka */
      g_assert_cmpint (classify_place (zoom, -155.0, 65.0), ==, PLACE_LAND);   /* Alaska */
      g_assert_cmpint (classify_place (zoom, -172.0, 59.0), ==, PLACE_SEA);    /* Bering Sea */
      g_assert_cmpint (classify_place (zoom, 178.0, -17.8), ==, PLACE_LAND);   /* Viti Levu, Fiji */
      g_assert_cmpint (classify_place (zoom, -179.0, -14.0), ==, PLACE_SEA);   /* north of Fiji */
    }

  /* Both sides of the Bering Strait, 180°–157.5°W and 157.5°E–180°, 55°–66.5°N:
   * Chukotka's tip and Alaska on one side, Kamchatka on the other. */
  {
    Coverage east = measure_tile (0, 4, 4);
    Coverage west = measure_tile (15, 4, 4);

    g_assert_cmpfloat (east.land, >, 0.05);
    g_assert_cmpfloat (east.sea, >, 0.3);
    g_assert_cmpfloat (west.land, >, 0.05);
    g_assert_cmpfloat (west.sea, >, 0.3);
  }
}

static void
test_poles (void)
{
  for (guint zoom = 0; zoom <= 10; zoom++)
    {
      guint last = (1u << zoom) - 1;
      guint columns[] = { 0, last / 2, last };

      for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
        {
          measure_tile (columns[i], 0, zoom);
          measure_tile (columns[i], last, zoom);
        }
    }

  /* 79°–85°S is Antarctica but for the ice shelves; 79°–85°N is the Arctic
   * Ocean but for the tips of Greenland, Ellesmere and a few islands. */
  {
    double south_land = 0;
    double north_sea = 0;

    for (guint x = 0; x < 8; x++)
      {
        south_land += measure_tile (x, 7, 3).land / 8;
        north_sea += measure_tile (x, 0, 3).sea / 8;
      }

    g_assert_cmpfloat (south_land, >, 0.6);
    g_assert_cmpfloat (north_sea, >, 0.6);
  }
}

static void
test_countries (void)
{
  DiploBasemap *basemap = get_basemap ();
  const char *present[] = { "RU", "CN", "ZA", "VN", "ID", "US", "FR", "NO", "CY", "SO",
                            "XK", "LS", "FJ", "AQ", "CX", "CC", "SG", "fr" };
  const char *absent[] = { "", "F", "FRA", "ZZ", "-9", "1" };

  for (guint i = 0; i < G_N_ELEMENTS (present); i++)
    g_assert_true (diplo_basemap_has_country (basemap, present[i]));

  for (guint i = 0; i < G_N_ELEMENTS (absent); i++)
    g_assert_false (diplo_basemap_has_country (basemap, absent[i]));
  g_assert_false (diplo_basemap_has_country (basemap, NULL));
}

/* Appends the countries' path around a place drawn at the centre of a
 * small surface, fills it, and tells whether anything was appended and
 * whether the fill covers the place. */
static void
draw_countries_around (const char * const *codes,
                       double              zoom_level,
                       double              longitude,
                       double              latitude,
                       gboolean           *appended,
                       gboolean           *covered)
{
  g_autoptr(ShumateMapSource) source = SHUMATE_MAP_SOURCE (diplo_offline_source_new ());
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 64, 64);
  cairo_t *cr = cairo_create (surface);
  double x = shumate_map_source_get_x (source, zoom_level, longitude);
  double y = shumate_map_source_get_y (source, zoom_level, latitude);
  guint32 pixel;

  *appended = diplo_basemap_append_countries_path (get_basemap (), cr, codes, zoom_level,
                                                   x - 32, y - 32, TILE_SIZE);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_set_source_rgb (cr, 1, 0, 0);
  cairo_fill (cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  pixel = ((guint32 *) cairo_image_surface_get_data (surface))[32 * 64 + 32];
  cairo_surface_destroy (surface);

  *covered = pixel == 0xffff0000;
  g_assert_true (*appended || pixel == 0);
}

static gboolean
countries_appended (const char * const *codes,
                    double              zoom_level,
                    double              longitude,
                    double              latitude)
{
  gboolean appended, covered;

  draw_countries_around (codes, zoom_level, longitude, latitude, &appended, &covered);
  return appended;
}

/* Whether the given countries' path, filled, covers a place */
static gboolean
countries_cover (const char * const *codes,
                 double              zoom_level,
                 double              longitude,
                 double              latitude)
{
  gboolean appended, covered;

  draw_countries_around (codes, zoom_level, longitude, latitude, &appended, &covered);
  return covered;
}

static void
test_countries_path (void)
{
  const char *france[] = { "FR", NULL };
  const char *france_twice[] = { "fr", "FR", NULL };
  const char *south_africa[] = { "ZA", NULL };
  const char *with_lesotho[] = { "ZA", "LS", NULL };
  const char *unknown[] = { "ZZ", "", "FRA", NULL };
  const char *russia[] = { "RU", NULL };
  const char *singapore[] = { "SG", NULL };

  /* Paris, at a coarse zoom, a fine one and one in between */
  g_assert_true (countries_cover (france, 2, 2.35, 48.86));
  g_assert_true (countries_cover (france, 5.5, 2.35, 48.86));
  g_assert_true (countries_cover (france, 9, 2.35, 48.86));
  g_assert_true (countries_cover (france_twice, 5, 2.35, 48.86));
  /* Madrid is not in France */
  g_assert_false (countries_cover (france, 5, -3.70, 40.42));

  /* Kimberley, and Maseru's hinterland in Lesotho's highlands */
  g_assert_true (countries_cover (south_africa, 6, 24.76, -28.74));
  g_assert_false (countries_cover (south_africa, 6, 28.3, -29.5));
  g_assert_true (countries_cover (with_lesotho, 6, 28.3, -29.5));

  /* Chukotka east of the antimeridian */
  g_assert_true (countries_cover (russia, 4, -175.0, 66.0));
  g_assert_true (countries_cover (russia, 7, -175.0, 66.0));

  /* Too small for the coarse level, and far below a pixel: there all the
   * same, from the fine level */
  g_assert_true (countries_appended (singapore, 1, 103.82, 1.35));
  g_assert_false (countries_appended (france, 1, 103.82, 1.35));

  g_assert_false (countries_cover (unknown, 5, 2.35, 48.86));
  g_assert_false (countries_cover (NULL, 5, 2.35, 48.86));
}

static cairo_surface_t *
fill_countries (const char * const *codes,
                double              zoom_level,
                double              x_origin,
                double              y_origin,
                int                 size)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_A8, size, size);
  cairo_t *cr = cairo_create (surface);

  diplo_basemap_append_countries_path (get_basemap (), cr, codes, zoom_level,
                                       x_origin, y_origin, TILE_SIZE);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_fill (cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

/* Only what is in view is drawn exactly; the rest is simplified. How much
 * is in view must not change what is seen. */
static void
assert_same_in_any_frame (const char *code,
                          guint       zoom_level,
                          guint       x,
                          guint       y)
{
  const char *codes[] = { code, NULL };
  cairo_surface_t *tile = fill_countries (codes, zoom_level, x * TILE_SIZE, y * TILE_SIZE,
                                          TILE_SIZE);
  cairo_surface_t *block = fill_countries (codes, zoom_level, (x - 1.) * TILE_SIZE,
                                           (y - 1.) * TILE_SIZE, 3 * TILE_SIZE);
  int tile_stride = cairo_image_surface_get_stride (tile);
  int block_stride = cairo_image_surface_get_stride (block);
  const guint8 *tile_data = cairo_image_surface_get_data (tile);
  const guint8 *block_data = cairo_image_surface_get_data (block);
  guint covered = 0;
  guint different = 0;

  for (guint row = 0; row < TILE_SIZE; row++)
    for (guint column = 0; column < TILE_SIZE; column++)
      {
        int a = tile_data[row * tile_stride + column];
        int b = block_data[(row + TILE_SIZE) * block_stride + column + TILE_SIZE];

        covered += a > 128;
        different += ABS (a - b) > 64;
      }

  cairo_surface_destroy (tile);
  cairo_surface_destroy (block);

  g_assert_cmpuint (covered, >, TILE_SIZE * TILE_SIZE / 20);
  g_assert_cmpuint (different, <, TILE_SIZE * TILE_SIZE / 500);
}

static void
test_countries_path_framing (void)
{
  assert_same_in_any_frame ("GR", 9, 287, 197);  /* the Isthmus of Corinth */
  assert_same_in_any_frame ("GR", 7, 71, 49);
  assert_same_in_any_frame ("NO", 6, 34, 17);    /* fjords */
  assert_same_in_any_frame ("FR", 5, 16, 11);
  assert_same_in_any_frame ("RU", 4, 15, 4);     /* Kamchatka and Chukotka */
  assert_same_in_any_frame ("ID", 5, 26, 16);    /* islands */
  assert_same_in_any_frame ("ZA", 6, 36, 37);    /* Lesotho */
}

static void
test_properties (void)
{
  g_autoptr(DiploOfflineSource) source = diplo_offline_source_new ();
  ShumateMapSource *map_source = SHUMATE_MAP_SOURCE (source);

  g_assert_cmpstr (shumate_map_source_get_id (map_source), ==, "diplo-offline");
  g_assert_nonnull (shumate_map_source_get_name (map_source));
  g_assert_nonnull (strstr (shumate_map_source_get_license (map_source), "Natural Earth"));
  g_assert_true (g_str_has_prefix (shumate_map_source_get_license_uri (map_source), "https://"));
  g_assert_cmpuint (shumate_map_source_get_min_zoom_level (map_source), ==, 0);
  g_assert_cmpuint (shumate_map_source_get_max_zoom_level (map_source), >=, 7);
  g_assert_cmpuint (shumate_map_source_get_tile_size (map_source), ==, TILE_SIZE);
  g_assert_cmpint (shumate_map_source_get_projection (map_source), ==,
                   SHUMATE_MAP_PROJECTION_MERCATOR);
}

static void
on_tile_filled (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
fill_tile (ShumateMapSource  *source,
           ShumateTile       *tile,
           GCancellable      *cancellable,
           gboolean           cancel_after_start,
           GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  shumate_map_source_fill_tile_async (source, tile, cancellable, on_tile_filled, &result);
  if (cancel_after_start)
    g_cancellable_cancel (cancellable);

  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return shumate_map_source_fill_tile_finish (source, result, error);
}

static guint8 *
download_texture (GdkTexture *texture,
                  gsize      *stride)
{
  guint8 *data;

  *stride = 4 * gdk_texture_get_width (texture);
  data = g_malloc (*stride * gdk_texture_get_height (texture));
  gdk_texture_download (texture, data, *stride);

  return data;
}

static void
test_fill_tile (void)
{
  g_autoptr(DiploOfflineSource) source = diplo_offline_source_new ();
  g_autoptr(ShumateTile) tile = shumate_tile_new_full (4, 2, TILE_SIZE, 3);
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *pixels = NULL;
  cairo_surface_t *direct;
  GdkPaintable *paintable;
  Coverage coverage;
  gsize stride;
  int direct_stride;

  g_assert_true (fill_tile (SHUMATE_MAP_SOURCE (source), tile, NULL, FALSE, &error));
  g_assert_no_error (error);

  g_assert_cmpint (shumate_tile_get_state (tile), ==, SHUMATE_STATE_DONE);
  paintable = shumate_tile_get_paintable (tile);
  g_assert_true (GDK_IS_TEXTURE (paintable));
  g_assert_cmpint (gdk_texture_get_width (GDK_TEXTURE (paintable)), ==, TILE_SIZE);
  g_assert_cmpint (gdk_texture_get_height (GDK_TEXTURE (paintable)), ==, TILE_SIZE);

  pixels = download_texture (GDK_TEXTURE (paintable), &stride);
  coverage = measure_pixels (pixels, stride, TILE_SIZE);
  g_assert_cmpfloat (coverage.land, >, 0.25);
  g_assert_cmpfloat (coverage.land, <, 0.85);

  /* The thread draws what the direct call draws. */
  direct = draw_tile (4, 2, 3);
  direct_stride = cairo_image_surface_get_stride (direct);
  for (guint y = 0; y < TILE_SIZE; y++)
    g_assert_cmpmem (pixels + y * stride, 4 * TILE_SIZE,
                     cairo_image_surface_get_data (direct) + y * direct_stride, 4 * TILE_SIZE);
  cairo_surface_destroy (direct);
}

/* For the cairo renderer, a tile is an image it paints as drawn. */
static void
test_fill_tile_for_cairo (void)
{
  g_autoptr(DiploOfflineSource) source = diplo_offline_source_new ();
  g_autoptr(ShumateTile) tile = shumate_tile_new_full (4, 2, TILE_SIZE, 3);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkWidget) widget = g_object_ref_sink (gtk_label_new (NULL));
  cairo_surface_t *direct;
  GdkPaintable *paintable;
  gsize copy_bytes = diplo_surface_paintable_get_copy_bytes ();

  diplo_offline_source_set_cairo_widget (source, widget);
  g_assert_true (fill_tile (SHUMATE_MAP_SOURCE (source), tile, NULL, FALSE, &error));
  g_assert_no_error (error);

  paintable = shumate_tile_get_paintable (tile);
  g_assert_false (GDK_IS_TEXTURE (paintable));
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), ==, TILE_SIZE);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (paintable), ==, TILE_SIZE);

  /* What is painted is what the basemap drew, pixel for pixel: in the
   * first frame, and from the copy made for the second. */
  direct = draw_tile (4, 2, 3);
  for (int frame = 0; frame < 2; frame++)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();
      cairo_surface_t *painted;

      gdk_paintable_snapshot (paintable, snapshot, TILE_SIZE, TILE_SIZE);
      node = gtk_snapshot_free_to_node (snapshot);
      g_assert_cmpint (gsk_render_node_get_node_type (node), ==, GSK_CAIRO_NODE);
      painted = diplo_test_draw_node (node, TILE_SIZE, TILE_SIZE);
      g_clear_pointer (&node, gsk_render_node_unref);

      for (guint y = 0; y < TILE_SIZE; y++)
        g_assert_cmpmem (cairo_image_surface_get_data (painted) + y * cairo_image_surface_get_stride (painted),
                         4 * TILE_SIZE,
                         cairo_image_surface_get_data (direct) + y * cairo_image_surface_get_stride (direct),
                         4 * TILE_SIZE);
      cairo_surface_destroy (painted);
    }
  cairo_surface_destroy (direct);

  g_assert_cmpuint (diplo_surface_paintable_get_copy_bytes (), >, copy_bytes);
  g_clear_object (&tile);
  g_assert_cmpuint (diplo_surface_paintable_get_copy_bytes (), ==, copy_bytes);
}

static void
on_one_of_many_filled (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  guint *remaining = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (shumate_map_source_fill_tile_finish (SHUMATE_MAP_SOURCE (object), result, &error));
  g_assert_no_error (error);
  (*remaining)--;
}

static void
test_fill_tile_many (void)
{
  g_autoptr(DiploOfflineSource) source = diplo_offline_source_new ();
  g_autoptr(GPtrArray) tiles = g_ptr_array_new_with_free_func (g_object_unref);
  guint remaining = 0;

  /* A screenful at once, as the map asks for it */
  for (guint x = 0; x < 8; x++)
    for (guint y = 0; y < 6; y++)
      {
        ShumateTile *tile = shumate_tile_new_full (x + 60, y + 40, TILE_SIZE, 7);

        g_ptr_array_add (tiles, tile);
        remaining++;
        shumate_map_source_fill_tile_async (SHUMATE_MAP_SOURCE (source), tile, NULL,
                                            on_one_of_many_filled, &remaining);
      }

  while (remaining > 0)
    g_main_context_iteration (NULL, TRUE);

  for (guint i = 0; i < tiles->len; i++)
    {
      ShumateTile *tile = g_ptr_array_index (tiles, i);

      g_assert_cmpint (shumate_tile_get_state (tile), ==, SHUMATE_STATE_DONE);
      g_assert_true (GDK_IS_TEXTURE (shumate_tile_get_paintable (tile)));
    }
}

static void
test_cancelled (void)
{
  g_autoptr(DiploOfflineSource) source = diplo_offline_source_new ();

  for (guint after_start = 0; after_start <= 1; after_start++)
    {
      g_autoptr(ShumateTile) tile = shumate_tile_new_full (4, 2, TILE_SIZE, 3);
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GError) error = NULL;

      if (!after_start)
        g_cancellable_cancel (cancellable);

      g_assert_false (fill_tile (SHUMATE_MAP_SOURCE (source), tile, cancellable, after_start,
                                 &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_cmpint (shumate_tile_get_state (tile), !=, SHUMATE_STATE_DONE);
      g_assert_null (shumate_tile_get_paintable (tile));
    }
}

static GBytes *
default_basemap_bytes (void)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  bytes = g_resources_lookup_data ("/org/example/Diplo/basemap.bin", G_RESOURCE_LOOKUP_FLAGS_NONE,
                                   &error);
  g_assert_no_error (error);
  return bytes;
}

static void
assert_invalid (GBytes *bytes)
{
  g_autoptr(DiploBasemap) basemap = NULL;
  g_autoptr(GError) error = NULL;

  basemap = diplo_basemap_new_from_bytes (bytes, &error);
  g_assert_error (error, DIPLO_BASEMAP_ERROR, DIPLO_BASEMAP_ERROR_INVALID_DATA);
  g_assert_null (basemap);
}

/* A copy of @bytes with the little-endian 32-bit integer at @offset replaced */
static GBytes *
patch_u32 (GBytes  *bytes,
           gsize    offset,
           guint32  value)
{
  gsize length = g_bytes_get_size (bytes);
  guint8 *data = g_memdup2 (g_bytes_get_data (bytes, NULL), length);

  g_assert_cmpuint (offset + 4, <=, length);
  for (guint i = 0; i < 4; i++)
    data[offset + i] = (value >> (8 * i)) & 0xff;

  return g_bytes_new_take (data, length);
}

static void
test_invalid_data (void)
{
  g_autoptr(GBytes) good = default_basemap_bytes ();
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) not_basemap = g_bytes_new_static ("{\"type\": \"Topology\"}", 20);
  g_autoptr(GByteArray) trailing = g_byte_array_new ();
  g_autoptr(GBytes) trailing_bytes = NULL;
  g_autoptr(GBytes) bad_arc = NULL;
  gsize length = g_bytes_get_size (good);
  /* The file ends with the last ring's last reference: an arc index, then
   * a shift in worlds. */
  gsize last_index_offset = length - 8;
  gsize last_shift_offset = length - 4;
  const gint32 bad_shifts[] = { 3, -3, G_MAXINT32, G_MININT32 };

  assert_invalid (empty);
  assert_invalid (not_basemap);

  /* Cut anywhere, the data must be refused, not read past its end. */
  for (gsize cut = 0; cut < length; cut += 1 + cut / 8)
    {
      g_autoptr(GBytes) truncated = g_bytes_new_from_bytes (good, 0, cut);

      assert_invalid (truncated);
    }

  g_byte_array_append (trailing, g_bytes_get_data (good, NULL), length);
  g_byte_array_append (trailing, (const guint8 *) "x", 1);
  trailing_bytes = g_byte_array_free_to_bytes (g_steal_pointer (&trailing));
  assert_invalid (trailing_bytes);

  /* An arc that does not exist */
  bad_arc = patch_u32 (good, last_index_offset, 0x0fffffff);
  assert_invalid (bad_arc);

  /* Shifts beyond two worlds, G_MININT32 among them, whose absolute value
   * does not fit in 32 bits */
  for (guint i = 0; i < G_N_ELEMENTS (bad_shifts); i++)
    {
      g_autoptr(GBytes) bad_shift = patch_u32 (good, last_shift_offset, (guint32) bad_shifts[i]);

      g_test_message ("shift %d", bad_shifts[i]);
      assert_invalid (bad_shift);
    }
}

static void
test_valid_data (void)
{
  g_autoptr(GBytes) good = default_basemap_bytes ();
  g_autoptr(DiploBasemap) basemap = NULL;
  g_autoptr(GError) error = NULL;
  gsize last_shift_offset = g_bytes_get_size (good) - 4;

  basemap = diplo_basemap_new_from_bytes (good, &error);
  g_assert_no_error (error);
  g_assert_true (diplo_basemap_has_country (basemap, "FR"));

  /* Two worlds either way is the most a shift may be, and is allowed. */
  for (gint32 shift = -2; shift <= 2; shift += 4)
    {
      g_autoptr(GBytes) shifted = patch_u32 (good, last_shift_offset, (guint32) shift);
      g_autoptr(DiploBasemap) shifted_basemap = NULL;

      shifted_basemap = diplo_basemap_new_from_bytes (shifted, &error);
      g_assert_no_error (error);
      g_assert_nonnull (shifted_basemap);
    }
}

static DiploSurfacePaintable *
grey_tile (int size)
{
  const int stride = cairo_format_stride_for_width (CAIRO_FORMAT_ARGB32, size);
  g_autofree guint32 *grey = g_new (guint32, size * size);
  g_autoptr(GBytes) pixels = NULL;

  for (int i = 0; i < size * size; i++)
    grey[i] = 0xff808080;
  pixels = g_bytes_new (grey, (gsize) stride * size);

  return diplo_surface_paintable_new (pixels, size, size, stride, NULL);
}

/* Paints @tile at @size, at 3.4, 4.6 and @n_tiles - 1 times more along
 * the row, on magenta. */
static cairo_surface_t *
paint_tile_row (DiploSurfacePaintable *tile,
                guint                  n_tiles,
                double                 size)
{
  g_autoptr(GskRenderNode) node = NULL;
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 1, 0, 1, 1 }, &GRAPHENE_RECT_INIT (0, 0, 64, 32));
  for (guint i = 0; i < n_tiles; i++)
    {
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (3.4 + i * size, 4.6));
      gdk_paintable_snapshot (GDK_PAINTABLE (tile), snapshot, size, size);
      gtk_snapshot_restore (snapshot);
    }
  node = gtk_snapshot_free_to_node (snapshot);

  return diplo_test_draw_node (node, 64, 32);
}

static guint32
get_pixel (cairo_surface_t *surface,
           int              x,
           int              y)
{
  return ((guint32 *) (cairo_image_surface_get_data (surface) +
                       y * cairo_image_surface_get_stride (surface)))[x];
}

/* Two opaque tiles side by side, between pixels and scaled, as at most
 * zoom levels: the magenta beneath never shows where they meet, whether
 * painted from the tile or from its copy. */
static void
test_tiles_meet_without_seam (void)
{
  g_autoptr(DiploSurfacePaintable) tile = grey_tile (16);

  for (int frame = 0; frame < 2; frame++)
    {
      cairo_surface_t *painted = paint_tile_row (tile, 2, 20.3);

      /* The tiles meet at x = 23.7, within the 24th column. */
      for (int y = 6; y < 24; y++)
        {
          guint32 pixel = get_pixel (painted, 23, y);

          g_assert_cmpint (ABS ((int) ((pixel >> 8) & 0xff) - 0x80), <=, 2);
          g_assert_cmpint (ABS ((int) ((pixel >> 16) & 0xff) - 0x80), <=, 2);
        }
      cairo_surface_destroy (painted);
    }
}

/* A tile painted at one size twice in a row keeps a copy at that size;
 * while its size changes, as during a zoom, it makes none. */
static void
test_tile_copy (void)
{
  g_autoptr(DiploSurfacePaintable) tile = grey_tile (16);
  gsize copy_bytes = diplo_surface_paintable_get_copy_bytes ();
  const double sizes[] = { 20.3, 21.1, 22.6, 22.6 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      cairo_surface_destroy (paint_tile_row (tile, 1, sizes[i]));
      /* 23 pixels and a bleed of one on each side. */
      g_assert_cmpuint (diplo_surface_paintable_get_copy_bytes (), ==,
                        i < 3 ? copy_bytes : copy_bytes + 4 * 25 * 25);
    }

  g_clear_object (&tile);
  g_assert_cmpuint (diplo_surface_paintable_get_copy_bytes (), ==, copy_bytes);
}

/* The copy lands on whole pixels: each is the tile's or the magenta's,
 * with none between, and the tile's pixels are all there, its bleed at
 * most two pixels beyond. */
static void
test_tile_copy_on_whole_pixels (void)
{
  g_autoptr(DiploSurfacePaintable) tile = grey_tile (16);
  const double size = 22.6, left = 3.4, top = 4.6;
  cairo_surface_t *painted;

  cairo_surface_destroy (paint_tile_row (tile, 1, size));
  painted = paint_tile_row (tile, 1, size);
  g_assert_cmpuint (diplo_surface_paintable_get_copy_bytes (), >, 0);

  for (int x = 0; x < 64; x++)
    for (int y = 0; y < 32; y++)
      {
        double centre_x = x + 0.5, centre_y = y + 0.5;
        guint32 pixel = get_pixel (painted, x, y);

        if (centre_x > left && centre_x < left + size && centre_y > top && centre_y < top + size)
          g_assert_cmphex (pixel, ==, 0xff808080);
        else if (centre_x < left - 2 || centre_x > left + size + 2 ||
                 centre_y < top - 2 || centre_y > top + size + 2)
          g_assert_cmphex (pixel, ==, 0xffff00ff);
        else
          g_assert_true (pixel == 0xff808080 || pixel == 0xffff00ff);
      }
  cairo_surface_destroy (painted);
}

/* Beyond the bytes allowed, the copies of the tiles painted least lately
 * are dropped. */
static void
test_tile_copies_bounded (void)
{
  DiploSurfacePaintable *tiles[3] = { grey_tile (16), grey_tile (16), grey_tile (16) };
  gsize copy_bytes = diplo_surface_paintable_get_copy_bytes ();
  /* A copy of 16 pixels and its bleed. */
  const gsize one_copy = 4 * 18 * 18;

  diplo_surface_paintable_set_max_copy_bytes (copy_bytes + 2 * one_copy);
  for (guint i = 0; i < G_N_ELEMENTS (tiles); i++)
    for (int frame = 0; frame < 2; frame++)
      cairo_surface_destroy (paint_tile_row (tiles[i], 1, 16));
  g_assert_cmpuint (diplo_surface_paintable_get_copy_bytes (), ==, copy_bytes + 2 * one_copy);

  /* The first tile's copy went; painted again, it makes a new one in place
   * of the second's, now the least lately painted. */
  cairo_surface_destroy (paint_tile_row (tiles[0], 1, 16));
  g_clear_object (&tiles[1]);
  g_assert_cmpuint (diplo_surface_paintable_get_copy_bytes (), ==, copy_bytes + 2 * one_copy);
  g_clear_object (&tiles[2]);
  g_assert_cmpuint (diplo_surface_paintable_get_copy_bytes (), ==, copy_bytes + one_copy);
  g_clear_object (&tiles[0]);

  diplo_surface_paintable_set_max_copy_bytes (G_MAXSIZE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* For the render nodes of a tile painted by the cairo renderer. */
  gtk_init ();

  g_test_add_func ("/offline-source/places", test_places);
  g_test_add_func ("/offline-source/sea-colour", test_sea_colour);
  g_test_add_func ("/offline-source/europe-zoom3", test_europe_zoom3);
  g_test_add_func ("/offline-source/europe-zoom7", test_europe_zoom7);
  g_test_add_func ("/offline-source/mid-pacific", test_mid_pacific);
  g_test_add_func ("/offline-source/open-seas", test_open_seas_stay_open);
  g_test_add_func ("/offline-source/antimeridian", test_antimeridian);
  g_test_add_func ("/offline-source/poles", test_poles);
  g_test_add_func ("/offline-source/countries", test_countries);
  g_test_add_func ("/offline-source/countries-path", test_countries_path);
  g_test_add_func ("/offline-source/countries-path-framing", test_countries_path_framing);
  g_test_add_func ("/offline-source/properties", test_properties);
  g_test_add_func ("/offline-source/fill-tile", test_fill_tile);
  g_test_add_func ("/offline-source/fill-tile-for-cairo", test_fill_tile_for_cairo);
  g_test_add_func ("/offline-source/tiles-meet-without-seam", test_tiles_meet_without_seam);
  g_test_add_func ("/offline-source/tile-copy", test_tile_copy);
  g_test_add_func ("/offline-source/tile-copy-on-whole-pixels", test_tile_copy_on_whole_pixels);
  g_test_add_func ("/offline-source/tile-copies-bounded", test_tile_copies_bounded);
  g_test_add_func ("/offline-source/fill-tile-many", test_fill_tile_many);
  g_test_add_func ("/offline-source/cancelled", test_cancelled);
  g_test_add_func ("/offline-source/basemap/valid-data", test_valid_data);
  g_test_add_func ("/offline-source/basemap/invalid-data", test_invalid_data);

  return g_test_run ();
}
