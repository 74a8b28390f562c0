#define G_LOG_DOMAIN "diplo-coverage"

#include "config.h"

#include "diplo-coverage.h"

#include <math.h>

/* Cairo's image backend composites each run of antialiased coverage of a
 * stroke by itself: a route across the map, two pixels wide, cost it a
 * third of a millisecond, and a month's routes with the countries'
 * outlines a tenth of a second. Here the coverage of the whole path goes
 * into one mask, composited once.
 *
 * Each piece of the line is a capsule: the pixels within half the line
 * width of a segment. The pieces of a path meet in round joins, and a
 * piece's own ends are round caps, as with CAIRO_LINE_CAP_ROUND and
 * CAIRO_LINE_JOIN_ROUND; where pieces overlap, the mask keeps the larger
 * coverage, so that, as with cairo, a path crossing itself is not drawn
 * twice there. */

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

/* The coverage of a row's pixels by the capsule around (ax, ay)-(bx, by):
 * only the pixels of the row within reach of the segment's line. */
static void
stroker_draw_row (Stroker *s,
                  int      py,
                  double   ax,
                  double   ay,
                  double   dx,
                  double   dy,
                  double   length_2,
                  int      x0,
                  int      x1)
{
  double inverse_length_2 = length_2 > 0 ? 1 / length_2 : 0;
  guchar *row = s->pixels + (gsize) (py - s->y) * s->stride - s->x;
  double cy = py + 0.5;
  double reach_2 = s->reach * s->reach;

  if (fabs (dy) > 1e-6)
    {
      double across = ax + (cy - ay) * dx / dy;
      double half_span = s->reach * sqrt (length_2) / fabs (dy) + 1;

      x0 = MAX (x0, (int) floor (across - half_span));
      x1 = MIN (x1, (int) ceil (across + half_span));
    }

  for (int px = x0; px < x1; px++)
    {
      double cx = px + 0.5;
      double t = ((cx - ax) * dx + (cy - ay) * dy) * inverse_length_2;
      double ex, ey, distance_2;
      guint value;

      t = CLAMP (t, 0.0, 1.0);
      ex = ax + t * dx - cx;
      ey = ay + t * dy - cy;
      distance_2 = ex * ex + ey * ey;
      if (distance_2 >= reach_2)
        continue;

      value = MIN (255.0, (s->reach - sqrt (distance_2)) * 255.0 + 0.5);
      if (value > row[px])
        row[px] = value;
    }
}

static void
stroker_draw_piece (Stroker *s,
                    double   ax,
                    double   ay,
                    double   bx,
                    double   by)
{
  double dx = bx - ax;
  double dy = by - ay;
  double length_2 = dx * dx + dy * dy;
  int x0, x1, y0, y1;

  if (!isfinite (ax + ay + bx + by))
    return;

  x0 = MAX (s->x, (int) floor (MIN (ax, bx) - s->reach));
  x1 = MIN (s->x + s->width, (int) ceil (MAX (ax, bx) + s->reach));
  y0 = MAX (s->y, (int) floor (MIN (ay, by) - s->reach));
  y1 = MIN (s->y + s->height, (int) ceil (MAX (ay, by) + s->reach));

  for (int py = y0; py < y1; py++)
    stroker_draw_row (s, py, ax, ay, dx, dy, length_2, x0, x1);
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

/* The device pixels the stroke may cover: the path's extents, widened by
 * the line, within the clip and the target. */
static gboolean
get_mask_area (cairo_t               *cr,
               cairo_surface_t       *target,
               double                 reach,
               cairo_rectangle_int_t *area)
{
  double x1, y1, x2, y2, clip_x1, clip_y1, clip_x2, clip_y2;
  double left, top, right, bottom;

  cairo_path_extents (cr, &x1, &y1, &x2, &y2);
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

/* Whether the stroke can be drawn here rather than by cairo: round ends
 * on an image, in a user space that is the device's scaled alike along
 * both axes, without rotation. */
static gboolean
can_stroke_thin (cairo_t *cr)
{
  cairo_surface_t *target = cairo_get_group_target (cr);
  double offset_x, offset_y, scale_x, scale_y;
  cairo_matrix_t matrix;

  if (cairo_status (cr) != CAIRO_STATUS_SUCCESS ||
      cairo_surface_get_type (target) != CAIRO_SURFACE_TYPE_IMAGE ||
      cairo_get_line_cap (cr) != CAIRO_LINE_CAP_ROUND ||
      cairo_get_line_join (cr) != CAIRO_LINE_JOIN_ROUND)
    return FALSE;

  cairo_surface_get_device_offset (target, &offset_x, &offset_y);
  cairo_surface_get_device_scale (target, &scale_x, &scale_y);
  cairo_get_matrix (cr, &matrix);

  return offset_x == 0 && offset_y == 0 && scale_x == 1 && scale_y == 1 &&
         matrix.xy == 0 && matrix.yx == 0 && matrix.xx == matrix.yy && matrix.xx > 0;
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
  cairo_surface_t *target;
  cairo_surface_t *mask;
  cairo_path_t *path;
  cairo_matrix_t matrix;
  cairo_rectangle_int_t area;
  Stroker stroker = { 0 };
  double scale;

  g_return_if_fail (cr != NULL);

  if (!can_stroke_thin (cr))
    {
      cairo_stroke (cr);
      return;
    }

  target = cairo_get_group_target (cr);
  cairo_get_matrix (cr, &matrix);
  scale = matrix.xx;
  stroker.reach = cairo_get_line_width (cr) * scale / 2 + 0.5;
  if (!get_mask_area (cr, target, stroker.reach, &area))
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
  cairo_surface_mark_dirty (mask);

  cairo_save (cr);
  cairo_identity_matrix (cr);
  cairo_mask_surface (cr, mask, area.x, area.y);
  cairo_restore (cr);
  cairo_surface_destroy (mask);
  cairo_new_path (cr);
}
