#define G_LOG_DOMAIN "diplo-clustering"

#include "config.h"

#include "diplo-clustering.h"

#include <math.h>
#include <string.h>

#include "diplo-mercator.h"

/* The points are binned into square cells as wide as the radius: everything
 * in one cell is one cluster. Then, heaviest cell first, a cell absorbs the
 * neighbouring cells whose centres are closer than the radius. A cluster so
 * spans at most 3×3 cells, which keeps the merge local (no chains across a
 * continent) and lets a viewport query look only at the cells it covers.
 * Sorting is by radix on integer keys, so the whole is O(n).
 */

typedef struct
{
  guint64 key;
  double  sum_x;          /* weighted sums, for the centre */
  double  sum_y;
  double  mass;
  double  min_x;
  double  min_y;
  double  max_x;
  double  max_y;
  guint   weight;
  guint   n_points;
  guint   representative;
  guint   cluster;
} Cell;

struct _DiploClustering
{
  gatomicrefcount  ref_count;

  guint            n_points;
  double           cells_per_unit;  /* cells across the normalised world */
  guint64          n_columns;

  guint            n_clusters;
  DiploCluster    *clusters;
  guint64         *cluster_keys;    /* seed cell of each cluster, ascending */
  guint           *member_offsets;  /* n_clusters + 1 offsets into members */
  guint           *members;
  guint           *cluster_of_point;
};

G_DEFINE_BOXED_TYPE (DiploClustering, diplo_clustering,
                     diplo_clustering_ref, diplo_clustering_unref)

#define NO_CLUSTER G_MAXUINT

/* Stable LSD radix sort of @order by @keys[@order[i]], 16 bits a pass and
 * only as many passes as the largest key needs. */
static void
radix_sort (const guint64 *keys,
            guint         *order,
            guint          n)
{
  g_autofree guint *buffer = g_new (guint, MAX (n, 1));
  g_autofree guint *starts = g_new (guint, 1 << 16);
  guint *from = order;
  guint *to = buffer;
  guint64 max_key = 0;

  for (guint i = 0; i < n; i++)
    max_key = MAX (max_key, keys[i]);

  for (guint shift = 0; shift < 64 && (max_key >> shift) != 0; shift += 16)
    {
      guint *swap;
      guint total = 0;

      memset (starts, 0, sizeof (guint) << 16);
      for (guint i = 0; i < n; i++)
        starts[(keys[from[i]] >> shift) & 0xffff]++;

      for (guint digit = 0; digit < 1 << 16; digit++)
        {
          guint count = starts[digit];

          starts[digit] = total;
          total += count;
        }

      for (guint i = 0; i < n; i++)
        to[starts[(keys[from[i]] >> shift) & 0xffff]++] = from[i];

      swap = from;
      from = to;
      to = swap;
    }

  if (from != order)
    memcpy (order, from, sizeof (guint) * n);
}

static guint64
cell_coordinate (DiploClustering *self,
                 double           position)
{
  double cell;

  g_assert (self != NULL);

  cell = floor (position * self->cells_per_unit);

  return (guint64) CLAMP (cell, 0.0, (double) (self->n_columns - 1));
}

static guint64
cell_key (DiploClustering *self,
          double           x,
          double           y)
{
  g_assert (self != NULL);

  return cell_coordinate (self, y) * self->n_columns + cell_coordinate (self, x);
}

static gboolean
heavier_point (const DiploClusterPoint *points,
               guint                    candidate,
               guint                    current)
{
  if (points[candidate].weight != points[current].weight)
    return points[candidate].weight > points[current].weight;

  return candidate < current;
}

/* Fills @point_cells with the cell index of each point. */
static GArray *
bin_points (DiploClustering         *self,
            const DiploClusterPoint *points,
            guint                   *point_cells)
{
  g_autofree guint64 *keys = g_new (guint64, MAX (self->n_points, 1));
  g_autofree guint *order = g_new (guint, MAX (self->n_points, 1));
  GArray *cells = g_array_new (FALSE, FALSE, sizeof (Cell));

  g_assert (self != NULL);

  for (guint i = 0; i < self->n_points; i++)
    {
      keys[i] = cell_key (self, points[i].x, points[i].y);
      order[i] = i;
    }

  radix_sort (keys, order, self->n_points);

  for (guint i = 0; i < self->n_points; i++)
    {
      guint index = order[i];
      const DiploClusterPoint *point = &points[index];
      double mass = MAX (point->weight, 1);
      Cell *cell;

      if (cells->len == 0 || g_array_index (cells, Cell, cells->len - 1).key != keys[index])
        {
          Cell empty = {
            .key = keys[index],
            .min_x = point->x, .min_y = point->y,
            .max_x = point->x, .max_y = point->y,
            .representative = index,
            .cluster = NO_CLUSTER,
          };
          g_array_append_val (cells, empty);
        }

      cell = &g_array_index (cells, Cell, cells->len - 1);
      cell->sum_x += mass * point->x;
      cell->sum_y += mass * point->y;
      cell->mass += mass;
      cell->min_x = MIN (cell->min_x, point->x);
      cell->min_y = MIN (cell->min_y, point->y);
      cell->max_x = MAX (cell->max_x, point->x);
      cell->max_y = MAX (cell->max_y, point->y);
      cell->weight += point->weight;
      cell->n_points++;
      if (heavier_point (points, index, cell->representative))
        cell->representative = index;

      point_cells[index] = cells->len - 1;
    }

  return cells;
}

/* The (up to) eight neighbours of every cell, found in one sweep: cells
 * are sorted by key, so the cells of the rows above and below are met in
 * order too. Missing neighbours are NO_CLUSTER. */
static guint *
find_neighbours (DiploClustering *self,
                 GArray          *cells)
{
  guint *neighbours = g_new (guint, 8 * MAX (cells->len, 1));
  guint above = 0;
  guint below = 0;

  g_assert (self != NULL);

  for (guint i = 0; i < cells->len; i++)
    {
      const Cell *cell = &g_array_index (cells, Cell, i);
      guint64 column = cell->key % self->n_columns;
      guint *out = &neighbours[8 * i];
      guint n_out = 0;

      for (int dy = -1; dy <= 1; dy++)
        {
          guint *cursor = dy < 0 ? &above : &below;
          guint64 first, last;

          if ((dy < 0 && cell->key < self->n_columns) || dy == 0)
            continue;

          first = cell->key + dy * (gint64) self->n_columns - (column > 0);
          last = cell->key + dy * (gint64) self->n_columns + (column + 1 < self->n_columns);

          while (*cursor < cells->len && g_array_index (cells, Cell, *cursor).key < first)
            (*cursor)++;

          for (guint j = *cursor; j < cells->len && g_array_index (cells, Cell, j).key <= last; j++)
            out[n_out++] = j;
        }

      if (column > 0 && i > 0 && g_array_index (cells, Cell, i - 1).key == cell->key - 1)
        out[n_out++] = i - 1;
      if (column + 1 < self->n_columns && i + 1 < cells->len &&
          g_array_index (cells, Cell, i + 1).key == cell->key + 1)
        out[n_out++] = i + 1;

      while (n_out < 8)
        out[n_out++] = NO_CLUSTER;
    }

  return neighbours;
}

static double
cell_distance_in_pixels (const Cell *a,
                         const Cell *b,
                         double      world_size)
{
  double dx = a->sum_x / a->mass - b->sum_x / b->mass;
  double dy = a->sum_y / a->mass - b->sum_y / b->mass;

  return hypot (dx, dy) * world_size;
}

/* Heaviest first; among equals, the cell order (north-west first). */
static guint *
seed_order (GArray *cells)
{
  g_autofree guint64 *lightness = g_new (guint64, MAX (cells->len, 1));
  guint *order = g_new (guint, MAX (cells->len, 1));

  for (guint i = 0; i < cells->len; i++)
    {
      lightness[i] = G_MAXUINT - g_array_index (cells, Cell, i).weight;
      order[i] = i;
    }

  radix_sort (lightness, order, cells->len);

  return order;
}

/* Marks each cell with the cluster it joins; clusters are numbered in the
 * order of their seed cells' keys, so that a viewport query can binary
 * search them row by row. Returns the number of clusters. */
static guint
merge_cells (DiploClustering *self,
             GArray          *cells,
             double           world_size,
             double           radius)
{
  g_autofree guint *neighbours = find_neighbours (self, cells);
  g_autofree guint *order = seed_order (cells);
  g_autofree guint *numbers = g_new (guint, MAX (cells->len, 1));
  guint n_seeds = 0;
  guint n_clusters = 0;

  g_assert (self != NULL);

  for (guint i = 0; i < cells->len; i++)
    {
      Cell *seed = &g_array_index (cells, Cell, order[i]);

      if (seed->cluster != NO_CLUSTER)
        continue;

      /* Provisional number: the seed's own cell index. */
      seed->cluster = order[i];
      n_seeds++;

      for (guint j = 0; j < 8 && neighbours[8 * order[i] + j] != NO_CLUSTER; j++)
        {
          Cell *neighbour = &g_array_index (cells, Cell, neighbours[8 * order[i] + j]);

          if (neighbour->cluster == NO_CLUSTER &&
              cell_distance_in_pixels (seed, neighbour, world_size) < radius)
            neighbour->cluster = order[i];
        }
    }

  /* Renumber: walking cells by key meets the seeds by key. */
  self->cluster_keys = g_new (guint64, MAX (n_seeds, 1));
  for (guint i = 0; i < cells->len; i++)
    {
      Cell *cell = &g_array_index (cells, Cell, i);

      if (cell->cluster == i)
        {
          self->cluster_keys[n_clusters] = cell->key;
          numbers[i] = n_clusters++;
        }
    }

  for (guint i = 0; i < cells->len; i++)
    {
      Cell *cell = &g_array_index (cells, Cell, i);

      cell->cluster = numbers[cell->cluster];
    }

  return n_clusters;
}

static void
summarise_clusters (DiploClustering         *self,
                    const DiploClusterPoint *points,
                    GArray                  *cells)
{
  g_autofree double *sum_x = g_new0 (double, MAX (self->n_clusters, 1));
  g_autofree double *sum_y = g_new0 (double, MAX (self->n_clusters, 1));
  g_autofree double *mass = g_new0 (double, MAX (self->n_clusters, 1));

  g_assert (self != NULL);

  for (guint i = 0; i < cells->len; i++)
    {
      const Cell *cell = &g_array_index (cells, Cell, i);
      DiploCluster *cluster = &self->clusters[cell->cluster];

      if (cluster->n_members == 0)
        {
          cluster->min_x = cell->min_x;
          cluster->min_y = cell->min_y;
          cluster->max_x = cell->max_x;
          cluster->max_y = cell->max_y;
          cluster->representative = cell->representative;
        }

      cluster->min_x = MIN (cluster->min_x, cell->min_x);
      cluster->min_y = MIN (cluster->min_y, cell->min_y);
      cluster->max_x = MAX (cluster->max_x, cell->max_x);
      cluster->max_y = MAX (cluster->max_y, cell->max_y);
      cluster->weight += cell->weight;
      cluster->n_members += cell->n_points;
      if (heavier_point (points, cell->representative, cluster->representative))
        cluster->representative = cell->representative;

      sum_x[cell->cluster] += cell->sum_x;
      sum_y[cell->cluster] += cell->sum_y;
      mass[cell->cluster] += cell->mass;
    }

  /* Clamped because rounding can put the mean of equal values an ulp
   * outside them. */
  for (guint i = 0; i < self->n_clusters; i++)
    {
      DiploCluster *cluster = &self->clusters[i];

      cluster->x = CLAMP (sum_x[i] / mass[i], cluster->min_x, cluster->max_x);
      cluster->y = CLAMP (sum_y[i] / mass[i], cluster->min_y, cluster->max_y);
    }
}

static void
list_members (DiploClustering *self,
              GArray          *cells,
              const guint     *point_cells)
{
  g_autofree guint *fill = g_new0 (guint, MAX (self->n_clusters, 1));

  g_assert (self != NULL);

  self->cluster_of_point = g_new (guint, MAX (self->n_points, 1));
  self->members = g_new (guint, MAX (self->n_points, 1));
  self->member_offsets = g_new0 (guint, self->n_clusters + 1);

  for (guint i = 0; i < self->n_points; i++)
    {
      guint cluster = g_array_index (cells, Cell, point_cells[i]).cluster;

      self->cluster_of_point[i] = cluster;
      self->member_offsets[cluster + 1]++;
    }

  for (guint i = 0; i < self->n_clusters; i++)
    self->member_offsets[i + 1] += self->member_offsets[i];

  /* Points in index order, so each cluster's members come out ascending. */
  for (guint i = 0; i < self->n_points; i++)
    {
      guint cluster = self->cluster_of_point[i];

      self->members[self->member_offsets[cluster] + fill[cluster]++] = i;
    }
}

/**
 * diplo_clustering_new:
 * @points: (array length=n_points): the places, in a stable order
 * @n_points: the number of places
 * @zoom_level: the integer zoom level the clusters are for
 * @tile_size: the map source's tile size in pixels
 * @radius: places closer than this many pixels merge, e.g.
 *   %DIPLO_CLUSTER_RADIUS
 *
 * The world at @zoom_level must be at most %G_MAXUINT32 times @radius
 * wide: with 256-pixel tiles and %DIPLO_CLUSTER_RADIUS, that allows zoom
 * levels up to 29.
 *
 * Returns: (transfer full): the clusters, ordered by the grid cell of their
 *   heaviest part, row by row from the north-west.
 */
DiploClustering *
diplo_clustering_new (const DiploClusterPoint *points,
                      guint                    n_points,
                      guint                    zoom_level,
                      guint                    tile_size,
                      double                   radius)
{
  g_autoptr(DiploClustering) self = NULL;
  g_autoptr(GArray) cells = NULL;
  g_autofree guint *point_cells = NULL;
  double world_size;

  g_return_val_if_fail (points != NULL || n_points == 0, NULL);
  g_return_val_if_fail (tile_size > 0, NULL);
  g_return_val_if_fail (radius > 0.0, NULL);
  g_return_val_if_fail (zoom_level <= 30, NULL);

  /* A cell's key is its row times the number of columns plus its column,
   * in 64 bits: that holds for up to 2³² columns. */
  world_size = diplo_mercator_world_size (zoom_level, tile_size);
  g_return_val_if_fail (world_size / radius <= G_MAXUINT32, NULL);

  self = g_new0 (DiploClustering, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->n_points = n_points;
  self->cells_per_unit = world_size / radius;
  self->n_columns = (guint64) ceil (self->cells_per_unit);

  point_cells = g_new (guint, MAX (n_points, 1));
  cells = bin_points (self, points, point_cells);
  self->n_clusters = merge_cells (self, cells, world_size, radius);

  self->clusters = g_new0 (DiploCluster, MAX (self->n_clusters, 1));
  summarise_clusters (self, points, cells);
  list_members (self, cells, point_cells);

  return g_steal_pointer (&self);
}

DiploClustering *
diplo_clustering_ref (DiploClustering *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
diplo_clustering_unref (DiploClustering *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->clusters);
  g_free (self->cluster_keys);
  g_free (self->member_offsets);
  g_free (self->members);
  g_free (self->cluster_of_point);
  g_free (self);
}

guint
diplo_clustering_get_n_clusters (DiploClustering *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_clusters;
}

const DiploCluster *
diplo_clustering_get_cluster (DiploClustering *self,
                              guint            index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->n_clusters, NULL);

  return &self->clusters[index];
}

/**
 * diplo_clustering_get_members:
 * @self: a #DiploClustering
 * @index: a cluster index
 * @n_members: (out): the number of members
 *
 * Returns: (array length=n_members): the indices of the cluster's points,
 *   ascending
 */
const guint *
diplo_clustering_get_members (DiploClustering *self,
                              guint            index,
                              guint           *n_members)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->n_clusters, NULL);
  g_return_val_if_fail (n_members != NULL, NULL);

  *n_members = self->member_offsets[index + 1] - self->member_offsets[index];

  return &self->members[self->member_offsets[index]];
}

guint
diplo_clustering_find_cluster (DiploClustering *self,
                               guint            point)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (point < self->n_points, 0);

  return self->cluster_of_point[point];
}

static guint
lower_bound (const guint64 *keys,
             guint          n_keys,
             guint64        key)
{
  guint low = 0;
  guint high = n_keys;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (keys[middle] < key)
        low = middle + 1;
      else
        high = middle;
    }

  return low;
}

/**
 * diplo_clustering_query:
 * @self: a #DiploClustering
 * @min_x: the rectangle's west edge, normalised
 * @min_y: its north edge
 * @max_x: its east edge
 * @max_y: its south edge
 * @indices: (element-type guint): where the indices of the clusters whose
 *   centre lies in the rectangle are appended
 *
 * Looks only at the grid rows and columns the rectangle covers (plus one
 * cell, since a centre lies at most one cell away from its seed cell).
 *
 * Returns: the number of indices appended
 */
guint
diplo_clustering_query (DiploClustering *self,
                        double           min_x,
                        double           min_y,
                        double           max_x,
                        double           max_y,
                        GArray          *indices)
{
  guint64 first_column, last_column, first_row, last_row;
  guint found = 0;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (indices != NULL, 0);

  if (self->n_clusters == 0 || max_x < 0.0 || max_y < 0.0 || min_x > 1.0 || min_y > 1.0)
    return 0;

  first_column = cell_coordinate (self, min_x);
  last_column = MIN (cell_coordinate (self, max_x) + 1, self->n_columns - 1);
  first_row = cell_coordinate (self, min_y);
  last_row = MIN (cell_coordinate (self, max_y) + 1, self->n_columns - 1);
  first_column -= first_column > 0;
  first_row -= first_row > 0;

  for (guint64 row = first_row; row <= last_row;)
    {
      guint64 last_key = row * self->n_columns + last_column;
      guint i = lower_bound (self->cluster_keys, self->n_clusters,
                             row * self->n_columns + first_column);

      for (; i < self->n_clusters && self->cluster_keys[i] <= last_key; i++)
        {
          const DiploCluster *cluster = &self->clusters[i];

          if (cluster->x >= min_x && cluster->x <= max_x &&
              cluster->y >= min_y && cluster->y <= max_y)
            {
              g_array_append_val (indices, i);
              found++;
            }
        }

      if (i == self->n_clusters)
        break;

      /* Straight to the next row with a cluster: at deep zoom levels a
       * large rectangle spans billions of rows, nearly all of them empty. */
      row = MAX (row + 1, self->cluster_keys[i] / self->n_columns);
    }

  return found;
}
