#include "config.h"

#include <math.h>
#include <string.h>

#include "diplo-clustering.h"
#include "diplo-mercator.h"

#define TILE_SIZE 256

typedef struct
{
  const char *name;
  double      latitude;
  double      longitude;
  guint       n_events;
} Place;

static const Place places[] = {
  { "Moscow",         55.7520,   37.6175,  1 },
  { "Beijing",        39.9042,  116.4074, 12 },
  { "Saint Petersburg", 59.9311, 30.3609,  2 },
  { "Xi'an",          34.3416,  108.9398,  1 },
  { "San Francisco",  37.7749, -122.4194,  1 },
  { "Tianjin",        39.3434,  117.3616,  3 },
};

static DiploClusterPoint *
points_from_places (const Place *list,
                    guint        n_places)
{
  DiploClusterPoint *points = g_new (DiploClusterPoint, n_places);

  for (guint i = 0; i < n_places; i++)
    {
      diplo_mercator_project (list[i].latitude, list[i].longitude, &points[i].x, &points[i].y);
      points[i].weight = list[i].n_events;
    }

  return points;
}

static DiploClustering *
cluster_places (guint zoom_level)
{
  g_autofree DiploClusterPoint *points = points_from_places (places, G_N_ELEMENTS (places));

  return diplo_clustering_new (points, G_N_ELEMENTS (places), zoom_level, TILE_SIZE,
                               DIPLO_CLUSTER_RADIUS);
}

static DiploClusterPoint *
synthetic_points (guint n_points)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20230320);
  DiploClusterPoint *points = g_new (DiploClusterPoint, n_points);

  for (guint i = 0; i < n_points; i++)
    {
      /* Half spread over the world, half crowded into a few cities, so that
       * both sparse and dense regions are exercised. */
      double latitude = g_rand_double_range (rand, -60.0, 70.0);
      double longitude = g_rand_double_range (rand, -180.0, 180.0);

      if (i % 2 == 0)
        {
          latitude = 40.0 + (i % 7) + g_rand_double_range (rand, -0.5, 0.5);
          longitude = 100.0 + (i % 11) * 2 + g_rand_double_range (rand, -0.5, 0.5);
        }

      diplo_mercator_project (latitude, longitude, &points[i].x, &points[i].y);
      points[i].weight = 1;
    }

  return points;
}

static guint
cluster_with_member (DiploClustering *clustering,
                     const char      *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    if (g_str_equal (places[i].name, name))
      return diplo_clustering_find_cluster (clustering, i);

  g_assert_not_reached ();
}

static void
assert_counts_add_up (DiploClustering *clustering,
                      guint            n_points,
                      guint            n_events)
{
  g_autofree guint *seen = g_new0 (guint, n_points);
  guint members = 0;
  guint weight = 0;

  for (guint i = 0; i < diplo_clustering_get_n_clusters (clustering); i++)
    {
      const DiploCluster *cluster = diplo_clustering_get_cluster (clustering, i);
      guint n_members;
      const guint *list = diplo_clustering_get_members (clustering, i, &n_members);

      g_assert_cmpuint (n_members, ==, cluster->n_members);
      g_assert_cmpuint (n_members, >, 0);
      for (guint j = 0; j < n_members; j++)
        {
          g_assert_cmpuint (diplo_clustering_find_cluster (clustering, list[j]), ==, i);
          seen[list[j]]++;
          if (j > 0)
            g_assert_cmpuint (list[j - 1], <, list[j]);
        }

      g_assert_cmpfloat (cluster->x, >=, cluster->min_x);
      g_assert_cmpfloat (cluster->x, <=, cluster->max_x);
      g_assert_cmpfloat (cluster->y, >=, cluster->min_y);
      g_assert_cmpfloat (cluster->y, <=, cluster->max_y);

      members += cluster->n_members;
      weight += cluster->weight;
    }

  for (guint i = 0; i < n_points; i++)
    g_assert_cmpuint (seen[i], ==, 1);

  g_assert_cmpuint (members, ==, n_points);
  g_assert_cmpuint (weight, ==, n_events);
}

static void
test_mercator_round_trip (void)
{
  double x, y, latitude, longitude;

  diplo_mercator_project (0.0, 0.0, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (y, 0.5, 1e-12);

  diplo_mercator_project (DIPLO_MERCATOR_MAX_LATITUDE, -180.0, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 0.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (y, 0.0, 1e-9);

  diplo_mercator_project (55.7520, 37.6175, &x, &y);
  diplo_mercator_unproject (x, y, &latitude, &longitude);
  g_assert_cmpfloat_with_epsilon (latitude, 55.7520, 1e-9);
  g_assert_cmpfloat_with_epsilon (longitude, 37.6175, 1e-9);

  /* The whole world fits 512 pixels at zoom 1 with 256-pixel tiles. */
  g_assert_cmpfloat_with_epsilon (diplo_mercator_fit_zoom (1.0, 1.0, 512, 512, 256), 1.0, 1e-12);
  g_assert_true (isinf (diplo_mercator_fit_zoom (0.0, 0.0, 512, 512, 256)));
}

static void
test_clustering_known_input (void)
{
  g_autoptr(DiploClustering) far = cluster_places (10);
  g_autoptr(DiploClustering) near = cluster_places (2);
  guint beijing;

  /* At zoom 10 every place is hundreds of pixels from the next. */
  g_assert_cmpuint (diplo_clustering_get_n_clusters (far), ==, G_N_ELEMENTS (places));
  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    {
      const DiploCluster *cluster =
        diplo_clustering_get_cluster (far, diplo_clustering_find_cluster (far, i));

      g_assert_cmpuint (cluster->n_members, ==, 1);
      g_assert_cmpuint (cluster->weight, ==, places[i].n_events);
      g_assert_cmpuint (cluster->representative, ==, i);
    }

  /* At zoom 2 the Russian cities are one marker, Beijing absorbs Tianjin
   * and Xi'an, and San Francisco stays alone. */
  g_assert_cmpuint (diplo_clustering_get_n_clusters (near), ==, 3);
  g_assert_cmpuint (cluster_with_member (near, "Moscow"), ==,
                    cluster_with_member (near, "Saint Petersburg"));
  beijing = cluster_with_member (near, "Beijing");
  g_assert_cmpuint (cluster_with_member (near, "Tianjin"), ==, beijing);
  g_assert_cmpuint (cluster_with_member (near, "Xi'an"), ==, beijing);
  g_assert_cmpuint (diplo_clustering_get_cluster (near, beijing)->weight, ==, 16);
  g_assert_cmpuint (diplo_clustering_get_cluster (near, beijing)->representative, ==, 1);
  g_assert_cmpuint (cluster_with_member (near, "San Francisco"), !=, beijing);

  assert_counts_add_up (far, G_N_ELEMENTS (places), 20);
  assert_counts_add_up (near, G_N_ELEMENTS (places), 20);
}

static void
test_clustering_deterministic (void)
{
  g_autofree DiploClusterPoint *points = synthetic_points (5000);

  for (guint zoom = 0; zoom <= 8; zoom += 4)
    {
      g_autoptr(DiploClustering) first = diplo_clustering_new (points, 5000, zoom, TILE_SIZE, 40);
      g_autoptr(DiploClustering) second = diplo_clustering_new (points, 5000, zoom, TILE_SIZE, 40);
      guint n_clusters = diplo_clustering_get_n_clusters (first);

      g_assert_cmpuint (diplo_clustering_get_n_clusters (second), ==, n_clusters);
      g_assert_cmpmem (diplo_clustering_get_cluster (first, 0),
                       n_clusters * sizeof (DiploCluster),
                       diplo_clustering_get_cluster (second, 0),
                       n_clusters * sizeof (DiploCluster));
      for (guint i = 0; i < 5000; i++)
        g_assert_cmpuint (diplo_clustering_find_cluster (first, i), ==,
                          diplo_clustering_find_cluster (second, i));
    }
}

static void
test_clustering_far_apart_split_with_zoom (void)
{
  /* Paris and Brussels, 260 km apart. */
  static const Place pair[] = {
    { "Paris", 48.8566, 2.3522, 1 },
    { "Brussels", 50.8503, 4.3517, 1 },
  };
  g_autofree DiploClusterPoint *points = points_from_places (pair, G_N_ELEMENTS (pair));

  for (guint zoom = 0; zoom <= 12; zoom++)
    {
      g_autoptr(DiploClustering) clustering =
        diplo_clustering_new (points, 2, zoom, TILE_SIZE, DIPLO_CLUSTER_RADIUS);
      guint n_clusters = diplo_clustering_get_n_clusters (clustering);

      if (zoom <= 2)
        g_assert_cmpuint (n_clusters, ==, 1);
      else if (zoom >= 6)
        g_assert_cmpuint (n_clusters, ==, 2);

      assert_counts_add_up (clustering, 2, 2);
    }
}

static void
test_clustering_empty (void)
{
  g_autoptr(DiploClustering) clustering = diplo_clustering_new (NULL, 0, 3, TILE_SIZE, 40);
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (guint));

  g_assert_cmpuint (diplo_clustering_get_n_clusters (clustering), ==, 0);
  g_assert_cmpuint (diplo_clustering_query (clustering, 0, 0, 1, 1, found), ==, 0);
}

static void
test_clustering_query_matches_scan (void)
{
  g_autofree DiploClusterPoint *points = synthetic_points (20000);
  g_autoptr(DiploClustering) clustering = diplo_clustering_new (points, 20000, 6, TILE_SIZE, 40);
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (guint));
  const double rect[4] = { 0.75, 0.30, 0.85, 0.40 };
  guint expected = 0;

  for (guint i = 0; i < diplo_clustering_get_n_clusters (clustering); i++)
    {
      const DiploCluster *cluster = diplo_clustering_get_cluster (clustering, i);

      expected += cluster->x >= rect[0] && cluster->x <= rect[2] &&
                  cluster->y >= rect[1] && cluster->y <= rect[3];
    }

  g_assert_cmpuint (expected, >, 0);
  g_assert_cmpuint (diplo_clustering_query (clustering, rect[0], rect[1], rect[2], rect[3], found),
                    ==, expected);
  g_assert_cmpuint (found->len, ==, expected);

  /* The whole world: every cluster, once. */
  g_array_set_size (found, 0);
  g_assert_cmpuint (diplo_clustering_query (clustering, 0, 0, 1, 1, found), ==,
                    diplo_clustering_get_n_clusters (clustering));
  for (guint i = 0; i < found->len; i++)
    g_assert_cmpuint (g_array_index (found, guint, i), ==, i);
}

/* Whatever the number of places, a viewport holds no more clusters than
 * grid cells: this is what bounds the marker widgets the map keeps. */
static void
test_clustering_bounded_per_viewport (void)
{
  const guint n_points = 100000;
  const double width = 1280, height = 800;
  const guint bound = (guint) ((width / 40 + 3) * (height / 40 + 3));
  g_autofree DiploClusterPoint *points = synthetic_points (n_points);
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (guint));
  gint64 start = g_get_monotonic_time ();

  for (guint zoom = 0; zoom <= 14; zoom++)
    {
      g_autoptr(DiploClustering) clustering =
        diplo_clustering_new (points, n_points, zoom, TILE_SIZE, DIPLO_CLUSTER_RADIUS);
      double world = diplo_mercator_world_size (zoom, TILE_SIZE);
      double centre_x, centre_y;

      assert_counts_add_up (clustering, n_points, n_points);

      diplo_mercator_project (42.0, 108.0, &centre_x, &centre_y);
      g_array_set_size (found, 0);
      diplo_clustering_query (clustering,
                              centre_x - width / 2 / world, centre_y - height / 2 / world,
                              centre_x + width / 2 / world, centre_y + height / 2 / world,
                              found);
      g_assert_cmpuint (found->len, >, 0);
      g_assert_cmpuint (found->len, <=, bound);
    }

  g_test_message ("clustered 100000 places at 15 zoom levels in %.0f ms",
                  (g_get_monotonic_time () - start) / 1000.0);
}

/* At the deepest zoom level the grid allows, cells are about 2⁻³² of the
 * world wide and their keys near 2⁶⁴: places still merge by pixels, at the
 * edges of the world too, and queries find them. */
static void
test_clustering_deepest_zoom (void)
{
  const guint zoom = 29;
  const double world = diplo_mercator_world_size (zoom, TILE_SIZE);
  const DiploClusterPoint points[] = {
    { 0.0, 0.0, 1 },                            /* the north-west corner */
    { 1.0, 1.0, 1 },                            /* the south-east corner */
    { 1.0 - 10 / world, 1.0, 2 },               /* 10 pixels west of it */
    { 0.5, 0.5, 1 },
    { 0.5 + 100 / world, 0.5, 1 },              /* 100 pixels east */
    { 0.5 + 100 / world, 0.5 + 5 / world, 1 },  /* and 5 south of that */
  };
  g_autoptr(DiploClustering) clustering = NULL;
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (guint));
  const DiploCluster *corner;

  g_assert_cmpfloat (world / DIPLO_CLUSTER_RADIUS, <=, G_MAXUINT32);
  clustering = diplo_clustering_new (points, G_N_ELEMENTS (points), zoom, TILE_SIZE,
                                     DIPLO_CLUSTER_RADIUS);

  g_assert_cmpuint (diplo_clustering_get_n_clusters (clustering), ==, 4);
  g_assert_cmpuint (diplo_clustering_find_cluster (clustering, 1), ==,
                    diplo_clustering_find_cluster (clustering, 2));
  g_assert_cmpuint (diplo_clustering_find_cluster (clustering, 4), ==,
                    diplo_clustering_find_cluster (clustering, 5));
  g_assert_cmpuint (diplo_clustering_find_cluster (clustering, 3), !=,
                    diplo_clustering_find_cluster (clustering, 4));
  g_assert_cmpuint (diplo_clustering_find_cluster (clustering, 0), !=,
                    diplo_clustering_find_cluster (clustering, 1));
  assert_counts_add_up (clustering, G_N_ELEMENTS (points), 7);

  corner = diplo_clustering_get_cluster (clustering, diplo_clustering_find_cluster (clustering, 1));
  g_assert_cmpuint (corner->n_members, ==, 2);
  g_assert_cmpuint (corner->representative, ==, 2);

  g_assert_cmpuint (diplo_clustering_query (clustering, 0, 0, 1, 1, found), ==, 4);
  g_array_set_size (found, 0);
  g_assert_cmpuint (diplo_clustering_query (clustering, 1.0 - 20 / world, 1.0 - 20 / world,
                                            1.0, 1.0, found), ==, 1);
  g_assert_cmpuint (g_array_index (found, guint, 0), ==,
                    diplo_clustering_find_cluster (clustering, 1));
}

/* One level deeper, the keys would overflow: refused, not miscounted. */
static void
test_clustering_too_deep (void)
{
  const DiploClusterPoint point = { 0.5, 0.5, 1 };
  DiploClustering *clustering;

  g_test_expect_message ("diplo-clustering", G_LOG_LEVEL_CRITICAL, "*world_size / radius*");
  clustering = diplo_clustering_new (&point, 1, 30, TILE_SIZE, DIPLO_CLUSTER_RADIUS);
  g_test_assert_expected_messages ();

  g_assert_null (clustering);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mercator/round-trip", test_mercator_round_trip);
  g_test_add_func ("/clustering/known-input", test_clustering_known_input);
  g_test_add_func ("/clustering/deterministic", test_clustering_deterministic);
  g_test_add_func ("/clustering/far-apart-split-with-zoom",
                   test_clustering_far_apart_split_with_zoom);
  g_test_add_func ("/clustering/empty", test_clustering_empty);
  g_test_add_func ("/clustering/query-matches-scan", test_clustering_query_matches_scan);
  g_test_add_func ("/clustering/bounded-per-viewport", test_clustering_bounded_per_viewport);
  g_test_add_func ("/clustering/deepest-zoom", test_clustering_deepest_zoom);
  g_test_add_func ("/clustering/too-deep", test_clustering_too_deep);

  return g_test_run ();
}
