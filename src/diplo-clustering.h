/* diplo-clustering.h
 *
 * Places that would overlap on screen at a zoom level merge into clusters.
 * A pure computation: the same points, zoom level, tile size and radius give
 * the same clusters in the same order.
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Places closer than this many pixels at a zoom level share a marker. */
#define DIPLO_CLUSTER_RADIUS 40.0

typedef struct
{
  double x;       /* normalised Web-Mercator, see diplo_mercator_project() */
  double y;
  guint  weight;  /* the number of events at this place */
} DiploClusterPoint;

typedef struct
{
  double x;               /* weighted centre, normalised Web-Mercator */
  double y;
  double min_x;           /* bounding box of the members' positions */
  double min_y;
  double max_x;
  double max_y;
  guint  weight;          /* sum of the members' weights */
  guint  n_members;
  guint  representative;  /* the heaviest member; the lowest index on ties */
} DiploCluster;

#define DIPLO_TYPE_CLUSTERING (diplo_clustering_get_type ())

typedef struct _DiploClustering DiploClustering;

GType               diplo_clustering_get_type        (void) G_GNUC_CONST;
DiploClustering    *diplo_clustering_new             (const DiploClusterPoint *points,
                                                      guint                    n_points,
                                                      guint                    zoom_level,
                                                      guint                    tile_size,
                                                      double                   radius);
DiploClustering    *diplo_clustering_ref             (DiploClustering         *self);
void                diplo_clustering_unref           (DiploClustering         *self);
guint               diplo_clustering_get_n_clusters  (DiploClustering         *self);
const DiploCluster *diplo_clustering_get_cluster     (DiploClustering         *self,
                                                      guint                    index);
const guint        *diplo_clustering_get_members     (DiploClustering         *self,
                                                      guint                    index,
                                                      guint                   *n_members);
guint               diplo_clustering_find_cluster    (DiploClustering         *self,
                                                      guint                    point);
guint               diplo_clustering_query           (DiploClustering         *self,
                                                      double                   min_x,
                                                      double                   min_y,
                                                      double                   max_x,
                                                      double                   max_y,
                                                      GArray                  *indices);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiploClustering, diplo_clustering_unref)

G_END_DECLS
