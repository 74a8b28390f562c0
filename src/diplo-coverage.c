#define G_LOG_DOMAIN "diplo-coverage"

#include "config.h"

#include "diplo-coverage.h"

#include <math.h>
#include <string.h>

/* Cairo's image backend composites each run of antialiased coverage of a
 * path by itself: a route across the map, two pixels wide, cost it a
 * third of a millisecond, and a month's routes with the countries'
 * outlines a tenth of a second; filling seventy countries took 10 to 30
 * ms. Here the coverage of the whole path goes into one mask, composited
 * once.
 *
 * Strokes: each piece of the line is a capsule, the pixels within half
 * the line width of a segment. The pieces of a path meet in round joins,
 * and a piece's own ends are round caps, as with CAIRO_LINE_CAP_ROUND and
 * CAIRO_LINE_JOIN_ROUND; where pieces overlap, the mask keeps the larger
 * coverage, so that, as with cairo, a path crossing itself is not drawn
 * twice there.
 *
 * Fills: as in font rasterisers, each edge adds to the cells of the rows
 * it crosses the signed area it leaves on their right; a running sum
 * along a row is then its winding number, antialiased. */

typedef struct
{
  guchar       *pixels;
  int           stride;
  /* The mask's area, in device pixels. */
  int           x;
  int           y;
  int           width;
  int           height;
  /* Half the line width, plus half a pixel of antialiasing. */
  double        reach;

  const double *dashes;         /* in device pixels */
  int           n_dashes;
  double        dash_offset;
  int           dash_index;
  double        dash_left;
  gboolean      dash_on;
} Stroker;

/* A segment of the line, in device pixels. */
typedef struct
{
  double ax;
  double ay;
  double bx;
  double by;
  double dx;
  double dy;
  /* 1 over the length and over its square, or 0 for a point. */
  double inverse_length;
  double inverse_length_2;
} Piece;

/* The coverage of a row's pixels by the capsule around a piece: only the
 * pixels of the row within reach of the piece's line. Along the piece a
 * pixel's distance is its distance across the line, which changes by the
 * same step from one pixel to the next; beyond its ends, the distance to
 * the nearer end. */
static void
stroker_draw_row (Stroker     *s,
                  int          py,
                  const Piece *p,
                  int          x0,
                  int          x1)
{
  guchar *row = s->pixels + (gsize) (py - s->y) * s->stride - s->x;
  double cy = py + 0.5;
  double along, along_step, across, across_step;

  if (fabs (p->dy) > 1e-6)
    {
      double middle = p->ax + (cy - p->ay) * p->dx / p->dy;
      double half_span = s->reach / fabs (p->dy * p->inverse_length) + 1;
      /* Truncated rather than floored: that differs only below 0, where
       * the mask never starts; and a pixel more on the right costs less
       * than a call. */
      x0 = MAX (x0, (int) (middle - half_span));
      x1 = MIN (x1, (int) (middle + half_span) + 1);
    }
  if (x0 >= x1)
    return;

  /* A point has no length: only its cap. */
  along = p->inverse_length_2 > 0
          ? ((x0 + 0.5 - p->ax) * p->dx + (cy - p->ay) * p->dy) * p->inverse_length_2
          : -1;
  along_step = p->dx * p->inverse_length_2;
  across = ((x0 + 0.5 - p->ax) * p->dy - (cy - p->ay) * p->dx) * p->inverse_length;
  across_step = p->dy * p->inverse_length;

  for (int px = x0; px < x1; px++, along += along_step, across += across_step)
    {
      gboolean before = along < 0;
      double end_x = before ? p->ax : p->bx;
      double end_y = before ? p->ay : p->by;
      double distance = fabs (across);
      int value;

      if (before || along > 1)
        distance = sqrt ((px + 0.5 - end_x) * (px + 0.5 - end_x) + (cy - end_y) * (cy - end_y));

      /* Whether a pixel is covered is hard to foresee: integers, which
       * clamp without branches. */
      value = (s->reach - distance) * 255.0 + 0.5;
      value = CLAMP (value, 0, 255);
      row[px] = MAX (row[px], value);
    }
}

static void
stroker_draw_piece (Stroker *s,
                    double   ax,
                    double   ay,
                    double   bx,
                    double   by)
{
  Piece piece = { ax, ay, bx, by, bx - ax, by - ay, 0, 0 };
  double length_2 = piece.dx * piece.dx + piece.dy * piece.dy;
  int x0, x1, y0, y1;

  if (!isfinite (ax + ay + bx + by))
    return;

  if (length_2 > 0)
    {
      piece.inverse_length_2 = 1 / length_2;
      piece.inverse_length = sqrt (piece.inverse_length_2);
    }

  x0 = MAX (s->x, (int) floor (MIN (ax, bx) - s->reach));
  x1 = MIN (s->x + s->width, (int) ceil (MAX (ax, bx) + s->reach));
  y0 = MAX (s->y, (int) floor (MIN (ay, by) - s->reach));
  y1 = MIN (s->y + s->height, (int) ceil (MAX (ay, by) + s->reach));

  for (int py = y0; py < y1; py++)
    stroker_draw_row (s, py, &piece, x0, x1);
}

/* Each subpath starts the dash pattern anew, at its offset. An odd number
 * of dashes repeats with on and off swapped, as in cairo. */
static void
stroker_start_dashes (Stroker *s)
{
  double period = 0;
  double offset;

  s->dash_index = 0;
  s->dash_on = TRUE;
  s->dash_left = s->n_dashes > 0 ? s->dashes[0] : 0;
  if (s->n_dashes == 0)
    return;

  for (int i = 0; i < s->n_dashes; i++)
    period += s->dashes[i];
  if (s->n_dashes % 2 == 1)
    period *= 2;
  /* Cairo refuses such dashes; an unpatterned line is what is left. */
  if (!(period > 0))
    {
      s->n_dashes = 0;
      return;
    }

  offset = fmod (s->dash_offset, period);
  if (offset < 0)
    offset += period;
  while (offset >= s->dash_left)
    {
      offset -= s->dash_left;
      s->dash_index = (s->dash_index + 1) % s->n_dashes;
      s->dash_left = s->dashes[s->dash_index];
      s->dash_on = !s->dash_on;
    }
  s->dash_left -= offset;
}

static void
stroker_draw_segment (Stroker *s,
                      double   ax,
                      double   ay,
                      double   bx,
                      double   by)
{
  double length, done = 0;

  if (s->n_dashes == 0)
    {
      stroker_draw_piece (s, ax, ay, bx, by);
      return;
    }

  length = hypot (bx - ax, by - ay);
  while (done < length)
    {
      double step = MIN (s->dash_left, length - done);

      if (s->dash_on)
        stroker_draw_piece (s,
                            ax + (bx - ax) * done / length, ay + (by - ay) * done / length,
                            ax + (bx - ax) * (done + step) / length,
                            ay + (by - ay) * (done + step) / length);
      done += step;
      s->dash_left -= step;
      if (s->dash_left <= 0)
        {
          s->dash_index = (s->dash_index + 1) % s->n_dashes;
          s->dash_left = s->dashes[s->dash_index];
          s->dash_on = !s->dash_on;
        }
    }
}

/* The point of a move or a line of a path, in device pixels. */
static void
get_device_point (const cairo_path_data_t *data,
                  const cairo_matrix_t    *matrix,
                  double                  *x,
                  double                  *y)
{
  *x = data[1].point.x;
  *y = data[1].point.y;
  cairo_matrix_transform_point (matrix, x, y);
}

static void
stroker_draw_path (Stroker              *s,
                   const cairo_path_t   *path,
                   const cairo_matrix_t *matrix)
{
  double start_x = 0, start_y = 0, x = 0, y = 0;
  gboolean drawn = TRUE;

  for (int i = 0; i < path->num_data; i += path->data[i].header.length)
    {
      const cairo_path_data_t *data = &path->data[i];
      double to_x, to_y;

      switch (data->header.type)
        {
        case CAIRO_PATH_MOVE_TO:
          get_device_point (data, matrix, &start_x, &start_y);
          x = start_x;
          y = start_y;
          stroker_start_dashes (s);
          drawn = FALSE;
          break;

        case CAIRO_PATH_LINE_TO:
          get_device_point (data, matrix, &to_x, &to_y);
          stroker_draw_segment (s, x, y, to_x, to_y);
          x = to_x;
          y = to_y;
          drawn = TRUE;
          break;

        case CAIRO_PATH_CLOSE_PATH:
          if (x != start_x || y != start_y || !drawn)
            stroker_draw_segment (s, x, y, start_x, start_y);
          x = start_x;
          y = start_y;
          drawn = TRUE;
          break;

        case CAIRO_PATH_CURVE_TO:
        default:
          /* A flattened path has no curves. */
          g_assert_not_reached ();
        }
    }
}

/* Fills */

/* Rows filled at once: the cells of a band stay in the processor's
 * cache, whatever the size of the area. */
#define BAND_HEIGHT 32

typedef struct
{
  double x0;
  double y0;
  double x1;
  double y1;
} Edge;

typedef struct
{
  GArray *edges;
  /* The area's size: edges are relative to its corner. */
  int     width;
  int     height;
} EdgeList;

static void
edge_list_add_within (EdgeList *list,
                      double    x0,
                      double    y0,
                      double    x1,
                      double    y1)
{
  Edge edge = { x0, y0, x1, y1 };

  if (y0 == y1 || MAX (y0, y1) <= 0 || MIN (y0, y1) >= list->height)
    return;

  g_array_append_val (list->edges, edge);
}

/* Right of the area, an edge changes no pixel in it; left of it, it
 * changes a whole row part, like an edge on the area's left side. So
 * each part of the edge is kept within the area's columns. */
static void
edge_list_add (EdgeList *list,
               double    x0,
               double    y0,
               double    x1,
               double    y1)
{
  double cuts[4] = { 0, 0, 0, 1 };
  int n_cuts = 1;

  if (!isfinite (x0 + y0 + x1 + y1))
    return;

  for (int side = 0; side <= list->width; side += list->width)
    if ((x0 < side) != (x1 < side))
      cuts[n_cuts++] = (side - x0) / (x1 - x0);
  if (n_cuts == 3 && cuts[1] > cuts[2])
    {
      double t = cuts[1];

      cuts[1] = cuts[2];
      cuts[2] = t;
    }
  cuts[n_cuts] = 1;

  for (int i = 0; i < n_cuts; i++)
    {
      double a = cuts[i], b = cuts[i + 1];
      double middle = x0 + (x1 - x0) * (a + b) / 2;

      if (middle >= list->width)
        continue;
      edge_list_add_within (list,
                            CLAMP (x0 + (x1 - x0) * a, 0, list->width), y0 + (y1 - y0) * a,
                            CLAMP (x0 + (x1 - x0) * b, 0, list->width), y0 + (y1 - y0) * b);
    }
}

/* The edges of a flattened path, each subpath closed, in device pixels
 * from the area's corner. */
static void
edge_list_add_path (EdgeList                    *list,
                    const cairo_path_t          *path,
                    const cairo_matrix_t        *matrix,
                    const cairo_rectangle_int_t *area)
{
  double start_x = 0, start_y = 0, x = 0, y = 0;

  for (int i = 0; i <= path->num_data; i += i < path->num_data ? path->data[i].header.length : 1)
    {
      const cairo_path_data_t *data = i < path->num_data ? &path->data[i] : NULL;
      double to_x, to_y;

      if (data == NULL || data->header.type != CAIRO_PATH_LINE_TO)
        {
          edge_list_add (list, x, y, start_x, start_y);
          x = start_x;
          y = start_y;
        }
      if (data == NULL || data->header.type == CAIRO_PATH_CLOSE_PATH)
        continue;

      g_assert (data->header.type != CAIRO_PATH_CURVE_TO);
      get_device_point (data, matrix, &to_x, &to_y);
      to_x -= area->x;
      to_y -= area->y;
      if (data->header.type == CAIRO_PATH_LINE_TO)
        edge_list_add (list, x, y, to_x, to_y);
      else
        {
          start_x = to_x;
          start_y = to_y;
        }
      x = to_x;
      y = to_y;
    }
}

/* Adds to a row's cells what an edge crossing it from x0 to x1 (both
 * within 0 and the width) leaves on its right, in a strip of @height,
 * signed by the edge's direction: the cells' running sum is then each
 * pixel's covered share. */
static void
add_to_row (float  *cells,
            double  x0,
            double  x1,
            double  height)
{
  double left = MIN (x0, x1), right = MAX (x0, x1);
  int first = floor (left);
  int last = ceil (right);
  double slope, head_part, tail_part, head, tail, second;

  if (last <= first + 1)
    {
      double middle = (x0 + x1) / 2 - first;

      cells[first] += height * (1 - middle);
      cells[first + 1] += height * middle;
      return;
    }

  /* The covered share grows as a parabola in the first and last columns,
   * linearly in between. */
  slope = 1 / (right - left);
  head_part = first + 1 - left;
  tail_part = right - (last - 1);
  head = 0.5 * slope * head_part * head_part;
  tail = 0.5 * slope * tail_part * tail_part;

  cells[first] += height * head;
  if (last == first + 2)
    {
      cells[first + 1] += height * (1 - head - tail);
    }
  else
    {
      second = slope * (head_part + 0.5);
      cells[first + 1] += height * (second - head);
      for (int x = first + 2; x < last - 1; x++)
        cells[x] += height * slope;
      cells[last - 1] += height * (1 - second - (last - first - 3) * slope - tail);
    }
  cells[last] += height * tail;
}

/* Adds an edge's share to the rows of a band, from @band_y on. */
static void
add_edge_to_band (float      *cells,
                  int         stride,
                  int         band_y,
                  int         band_height,
                  const Edge *edge)
{
  gboolean down = edge->y0 < edge->y1;
  double top_x = down ? edge->x0 : edge->x1;
  double top_y = down ? edge->y0 : edge->y1;
  double bottom_y = down ? edge->y1 : edge->y0;
  double dx_dy = (edge->x1 - edge->x0) / (edge->y1 - edge->y0);
  double from = MAX (top_y, band_y);
  double to = MIN (bottom_y, band_y + band_height);
  double x;

  if (from >= to)
    return;

  x = CLAMP (top_x + (from - top_y) * dx_dy, 0, stride - 2);
  for (int y = floor (from); y < to; y++)
    {
      double height = MIN (y + 1, to) - MAX (y, from);
      double next_x = x + dx_dy * height;

      /* Rounding must not take x out of the columns. */
      next_x = CLAMP (next_x, 0, stride - 2);
      add_to_row (cells + (gsize) (y - band_y) * stride, x, next_x, down ? height : -height);
      x = next_x;
    }
}

static void
write_band (float   *cells,
            int      stride,
            int      width,
            int      n_rows,
            guchar  *pixels,
            int      mask_stride,
            gboolean even_odd)
{
  for (int y = 0; y < n_rows; y++)
    {
      float *row = cells + (gsize) y * stride;
      guchar *out = pixels + (gsize) y * mask_stride;
      float winding = 0;

      for (int x = 0; x < width; x++)
        {
          float covered;

          winding += row[x];
          covered = fabsf (winding);
          if (covered > 1)
            {
              if (even_odd)
                {
                  covered = fmodf (covered, 2);
                  covered = covered > 1 ? 2 - covered : covered;
                }
              else
                {
                  covered = 1;
                }
            }
          out[x] = covered * 255 + 0.5f;
        }
      memset (row, 0, stride * sizeof *row);
    }
}

/* The first and last bands an edge reaches. */
static void
get_edge_bands (const Edge *edge,
                int         n_bands,
                int        *first,
                int        *last)
{
  *first = CLAMP (floor (MIN (edge->y0, edge->y1) / BAND_HEIGHT), 0, n_bands - 1);
  *last = CLAMP (floor (MAX (edge->y0, edge->y1) / BAND_HEIGHT), 0, n_bands - 1);
}

/* Fills the mask's rows band by band, each with the edges that reach it. */
static void
fill_mask (const EdgeList *list,
           guchar         *pixels,
           int             mask_stride,
           gboolean        even_odd)
{
  int n_bands = (list->height + BAND_HEIGHT - 1) / BAND_HEIGHT;
  int stride = list->width + 2;
  g_autofree float *cells = g_new0 (float, (gsize) stride * BAND_HEIGHT);
  g_autofree guint *starts = g_new0 (guint, n_bands + 1);
  g_autofree guint *next = NULL;
  g_autofree guint *order = NULL;
  int first, last;

  /* Each edge listed under every band it reaches, bands in order. */
  for (guint i = 0; i < list->edges->len; i++)
    {
      get_edge_bands (&g_array_index (list->edges, Edge, i), n_bands, &first, &last);
      for (int band = first; band <= last; band++)
        starts[band + 1]++;
    }
  for (int band = 0; band < n_bands; band++)
    starts[band + 1] += starts[band];
  order = g_new (guint, MAX (starts[n_bands], 1));
  next = g_memdup2 (starts, n_bands * sizeof *starts);
  for (guint i = 0; i < list->edges->len; i++)
    {
      get_edge_bands (&g_array_index (list->edges, Edge, i), n_bands, &first, &last);
      for (int band = first; band <= last; band++)
        order[next[band]++] = i;
    }

  for (int band = 0; band < n_bands; band++)
    {
      int band_y = band * BAND_HEIGHT;
      int n_rows = MIN (BAND_HEIGHT, list->height - band_y);

      for (guint j = starts[band]; j < starts[band + 1]; j++)
        add_edge_to_band (cells, stride, band_y, n_rows,
                          &g_array_index (list->edges, Edge, order[j]));
      write_band (cells, stride, list->width, n_rows,
                  pixels + (gsize) band_y * mask_stride, mask_stride, even_odd);
    }
}

/* Common */

/* The device pixels a path may cover: its extents, widened by @reach,
 * within the clip and the target. */
static gboolean
get_mask_area (cairo_t               *cr,
               double                 x1,
               double                 y1,
               double                 x2,
               double                 y2,
               double                 reach,
               cairo_rectangle_int_t *area)
{
  cairo_surface_t *target = cairo_get_group_target (cr);
  double clip_x1, clip_y1, clip_x2, clip_y2;
  double left, top, right, bottom;

  cairo_clip_extents (cr, &clip_x1, &clip_y1, &clip_x2, &clip_y2);
  cairo_user_to_device (cr, &x1, &y1);
  cairo_user_to_device (cr, &x2, &y2);
  cairo_user_to_device (cr, &clip_x1, &clip_y1);
  cairo_user_to_device (cr, &clip_x2, &clip_y2);

  left = MAX (0, MAX (MIN (x1, x2) - reach, MIN (clip_x1, clip_x2)));
  top = MAX (0, MAX (MIN (y1, y2) - reach, MIN (clip_y1, clip_y2)));
  right = MIN (cairo_image_surface_get_width (target),
               MIN (MAX (x1, x2) + reach, MAX (clip_x1, clip_x2)));
  bottom = MIN (cairo_image_surface_get_height (target),
                MIN (MAX (y1, y2) + reach, MAX (clip_y1, clip_y2)));
  if (!(right > left && bottom > top))
    return FALSE;

  area->x = floor (left);
  area->y = floor (top);
  area->width = (int) ceil (right) - area->x;
  area->height = (int) ceil (bottom) - area->y;

  return TRUE;
}

/* Whether the path can be drawn here rather than by cairo: on an image,
 * in a user space that is the device's, scaled along its axes. */
static gboolean
can_draw_mask (cairo_t *cr)
{
  cairo_surface_t *target = cairo_get_group_target (cr);
  double offset_x, offset_y, scale_x, scale_y;
  cairo_matrix_t matrix;

  if (cairo_status (cr) != CAIRO_STATUS_SUCCESS ||
      cairo_surface_get_type (target) != CAIRO_SURFACE_TYPE_IMAGE ||
      cairo_get_antialias (cr) == CAIRO_ANTIALIAS_NONE)
    return FALSE;

  cairo_surface_get_device_offset (target, &offset_x, &offset_y);
  cairo_surface_get_device_scale (target, &scale_x, &scale_y);
  cairo_get_matrix (cr, &matrix);

  return offset_x == 0 && offset_y == 0 && scale_x == 1 && scale_y == 1 &&
         matrix.xy == 0 && matrix.yx == 0 && matrix.xx > 0 && matrix.yy > 0;
}

static void
paint_mask (cairo_t                     *cr,
            cairo_surface_t             *mask,
            const cairo_rectangle_int_t *area)
{
  cairo_surface_mark_dirty (mask);
  cairo_save (cr);
  cairo_identity_matrix (cr);
  cairo_mask_surface (cr, mask, area->x, area->y);
  cairo_restore (cr);
}

/**
 * diplo_coverage_stroke:
 * @cr: a cairo context
 *
 * Strokes the current path of @cr with its line width, dashes and source,
 * as cairo_stroke() would with round caps and joins, and clears the path.
 * Drawing on an image, in a user space scaled alike along both axes, this
 * is many times faster than cairo for long thin lines; elsewhere cairo
 * strokes.
 */
void
diplo_coverage_stroke (cairo_t *cr)
{
  g_autofree double *dashes = NULL;
  cairo_surface_t *mask;
  cairo_path_t *path;
  cairo_matrix_t matrix;
  cairo_rectangle_int_t area;
  Stroker stroker = { 0 };
  double x1, y1, x2, y2, scale;

  g_return_if_fail (cr != NULL);

  cairo_get_matrix (cr, &matrix);
  if (!can_draw_mask (cr) || matrix.xx != matrix.yy ||
      cairo_get_line_cap (cr) != CAIRO_LINE_CAP_ROUND ||
      cairo_get_line_join (cr) != CAIRO_LINE_JOIN_ROUND)
    {
      cairo_stroke (cr);
      return;
    }

  scale = matrix.xx;
  stroker.reach = cairo_get_line_width (cr) * scale / 2 + 0.5;
  cairo_path_extents (cr, &x1, &y1, &x2, &y2);
  if (!get_mask_area (cr, x1, y1, x2, y2, stroker.reach, &area))
    {
      cairo_new_path (cr);
      return;
    }

  stroker.n_dashes = cairo_get_dash_count (cr);
  dashes = g_new0 (double, MAX (stroker.n_dashes, 1));
  cairo_get_dash (cr, dashes, &stroker.dash_offset);
  for (int i = 0; i < stroker.n_dashes; i++)
    dashes[i] *= scale;
  stroker.dashes = dashes;
  stroker.dash_offset *= scale;

  mask = cairo_image_surface_create (CAIRO_FORMAT_A8, area.width, area.height);
  stroker.pixels = cairo_image_surface_get_data (mask);
  stroker.stride = cairo_image_surface_get_stride (mask);
  stroker.x = area.x;
  stroker.y = area.y;
  stroker.width = area.width;
  stroker.height = area.height;

  path = cairo_copy_path_flat (cr);
  if (path->status == CAIRO_STATUS_SUCCESS)
    stroker_draw_path (&stroker, path, &matrix);
  cairo_path_destroy (path);

  paint_mask (cr, mask, &area);
  cairo_surface_destroy (mask);
  cairo_new_path (cr);
}

/**
 * diplo_coverage_fill_preserve:
 * @cr: a cairo context
 *
 * Fills the current path of @cr with its source and fill rule, as
 * cairo_fill_preserve() would, and keeps the path. Drawing on an image,
 * in a user space scaled along its axes, this is several times faster
 * than cairo for large outlines such as countries'; elsewhere cairo
 * fills.
 */
void
diplo_coverage_fill_preserve (cairo_t *cr)
{
  g_autoptr(GArray) edges = NULL;
  cairo_surface_t *mask;
  cairo_path_t *path;
  cairo_matrix_t matrix;
  cairo_rectangle_int_t area;
  EdgeList list;
  double x1, y1, x2, y2;

  g_return_if_fail (cr != NULL);

  if (!can_draw_mask (cr))
    {
      cairo_fill_preserve (cr);
      return;
    }

  /* Cheaper than cairo_fill_extents (), which tessellates the path. */
  cairo_path_extents (cr, &x1, &y1, &x2, &y2);
  if (!get_mask_area (cr, x1, y1, x2, y2, 0, &area))
    return;

  cairo_get_matrix (cr, &matrix);
  edges = g_array_new (FALSE, FALSE, sizeof (Edge));
  list = (EdgeList) { edges, area.width, area.height };
  path = cairo_copy_path_flat (cr);
  if (path->status == CAIRO_STATUS_SUCCESS)
    edge_list_add_path (&list, path, &matrix, &area);
  cairo_path_destroy (path);

  mask = cairo_image_surface_create (CAIRO_FORMAT_A8, area.width, area.height);
  fill_mask (&list, cairo_image_surface_get_data (mask), cairo_image_surface_get_stride (mask),
             cairo_get_fill_rule (cr) == CAIRO_FILL_RULE_EVEN_ODD);
  paint_mask (cr, mask, &area);
  cairo_surface_destroy (mask);
}
