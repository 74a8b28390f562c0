#define G_LOG_DOMAIN "diplo-route-layer"

#include "config.h"

#include "diplo-route-layer.h"

#include <math.h>
#include <string.h>

#include "diplo-mercator.h"
#include "diplo-route.h"
#include "diplo-coverage.h"

/**
 * DiploRouteLayer:
 *
 * Draws journeys as great-circle arcs, the highlighted one emphasised.
 * ShumatePathLayer would do, but in libshumate 1.0 it paints a cairo
 * surface as large as the map on every frame; here the arcs are drawn once
 * per zoom level into a texture (see #DiploCachedLayer), and only the
 * highlighted arc is drawn each frame, within its own box.
 */
struct _DiploRouteLayer
{
  DiploCachedLayer  parent_instance;

  GPtrArray        *routes;
  int               highlighted;

  /* The routes made lately, by their ends, which routes added again or
   * drawn ahead reuse; and those the texture shows. */
  GHashTable       *made;
  GPtrArray        *copied;
};

/* Immutable once made: the worker threads drawing the texture share it. */
typedef struct
{
  double  ends[4];  /* from and to, latitude then longitude */
  double *x;      /* normalised Web-Mercator, longitudes unwrapped */
  double *y;
  guint   n_points;
  double  min_x;
  double  min_y;
  double  max_x;
  double  max_y;
} Route;

typedef struct
{
  GPtrArray *routes;
  GdkRGBA    colour;
} RouteSet;

G_DEFINE_FINAL_TYPE (DiploRouteLayer, diplo_route_layer, DIPLO_TYPE_CACHED_LAYER)

#define LINE_WIDTH 2.0
#define HIGHLIGHT_WIDTH 4.5

static void
route_clear (gpointer data)
{
  Route *route = data;

  g_clear_pointer (&route->x, g_free);
  g_clear_pointer (&route->y, g_free);
}

static void
route_release (gpointer data)
{
  g_rc_box_release_full (data, route_clear);
}

static void
route_set_free (gpointer data)
{
  RouteSet *set = data;

  g_ptr_array_unref (set->routes);
  g_free (set);
}

/* A set of @n_routes routes, none added yet, drawn in @colour. */
static RouteSet *
route_set_new (guint          n_routes,
               const GdkRGBA *colour)
{
  RouteSet *set = g_new0 (RouteSet, 1);

  set->routes = g_ptr_array_new_full (n_routes, route_release);
  set->colour = *colour;

  return set;
}

static guint
route_ends_hash (gconstpointer key)
{
  const Route *route = key;
  guint hash = 0;

  for (guint i = 0; i < G_N_ELEMENTS (route->ends); i++)
    {
      double value = route->ends[i] + 0.0;  /* -0.0 is 0.0 */
      guint64 bits;

      memcpy (&bits, &value, sizeof bits);
      hash = hash * 31 + (guint) (bits ^ (bits >> 32));
    }

  return hash;
}

static gboolean
route_ends_equal (gconstpointer a,
                  gconstpointer b)
{
  const Route *route_a = a;
  const Route *route_b = b;

  for (guint i = 0; i < G_N_ELEMENTS (route_a->ends); i++)
    if (route_a->ends[i] != route_b->ends[i])
      return FALSE;

  return TRUE;
}

/* @ends: from and to, latitude then longitude */
static Route *
route_new (const double *ends)
{
  Route *route = g_rc_box_new0 (Route);

  memcpy (route->ends, ends, sizeof route->ends);
  route->n_points = DIPLO_ROUTE_N_POINTS;
  route->x = g_new (double, route->n_points);
  route->y = g_new (double, route->n_points);
  route->min_x = route->min_y = INFINITY;
  route->max_x = route->max_y = -INFINITY;
  diplo_route_project_great_circle (ends[0], ends[1], ends[2], ends[3],
                                    route->n_points, route->x, route->y);

  for (guint i = 0; i < route->n_points; i++)
    {
      route->min_x = MIN (route->min_x, route->x[i]);
      route->min_y = MIN (route->min_y, route->y[i]);
      route->max_x = MAX (route->max_x, route->x[i]);
      route->max_y = MAX (route->max_y, route->y[i]);
    }

  return route;
}

/* Routes kept made, about a kilobyte each: those of the month shown and
 * of the months either side drawn ahead, several times over. */
#define MAX_MADE 2048

/* A month change removes all the routes and adds most of them again, and
 * those of a month drawn ahead come back when it is shown. */
static Route *
diplo_route_layer_get_route (DiploRouteLayer *self,
                             const double    *ends)
{
  Route key;
  Route *route;

  memcpy (key.ends, ends, sizeof key.ends);
  route = g_hash_table_lookup (self->made, &key);
  if (route != NULL)
    return g_rc_box_acquire (route);

  if (g_hash_table_size (self->made) >= MAX_MADE)
    g_hash_table_remove_all (self->made);
  route = route_new (ends);
  g_hash_table_add (self->made, g_rc_box_acquire (route));

  return route;
}

DiploRouteLayer *
diplo_route_layer_new (ShumateViewport *viewport)
{
  g_return_val_if_fail (SHUMATE_IS_VIEWPORT (viewport), NULL);

  return g_object_new (DIPLO_TYPE_ROUTE_LAYER,
                       "viewport", viewport,
                       NULL);
}

/**
 * diplo_route_layer_add_route:
 *
 * Adds the great-circle arc between two places.
 *
 * Returns: the index of the new route
 */
guint
diplo_route_layer_add_route (DiploRouteLayer *self,
                             double           from_latitude,
                             double           from_longitude,
                             double           to_latitude,
                             double           to_longitude)
{
  double ends[] = { from_latitude, from_longitude, to_latitude, to_longitude };

  g_return_val_if_fail (DIPLO_IS_ROUTE_LAYER (self), 0);

  g_ptr_array_add (self->routes, diplo_route_layer_get_route (self, ends));
  diplo_cached_layer_content_changed (DIPLO_CACHED_LAYER (self));

  return self->routes->len - 1;
}

void
diplo_route_layer_remove_all (DiploRouteLayer *self)
{
  g_return_if_fail (DIPLO_IS_ROUTE_LAYER (self));

  g_ptr_array_set_size (self->routes, 0);
  self->highlighted = -1;
  diplo_cached_layer_content_changed (DIPLO_CACHED_LAYER (self));
}

guint
diplo_route_layer_get_n_routes (DiploRouteLayer *self)
{
  g_return_val_if_fail (DIPLO_IS_ROUTE_LAYER (self), 0);

  return self->routes->len;
}

int
diplo_route_layer_get_highlighted (DiploRouteLayer *self)
{
  g_return_val_if_fail (DIPLO_IS_ROUTE_LAYER (self), -1);

  return self->highlighted;
}

/**
 * diplo_route_layer_set_highlighted:
 * @route: the index of the route to emphasise, or -1 for none
 */
void
diplo_route_layer_set_highlighted (DiploRouteLayer *self,
                                   int              route)
{
  g_return_if_fail (DIPLO_IS_ROUTE_LAYER (self));
  g_return_if_fail (route >= -1 && route < (int) self->routes->len);

  if (self->highlighted == route)
    return;

  self->highlighted = route;
  diplo_cached_layer_queue_draw (DIPLO_CACHED_LAYER (self));
}

/* Appends the copies of @route that meet the clip of @cr, which is in
 * world pixels. The map repeats the world sideways, so arcs are drawn on
 * every copy, like the land beneath them. */
static void
append_route_copies (cairo_t     *cr,
                     const Route *route,
                     double       world_size)
{
  double x1, y1, x2, y2;

  cairo_clip_extents (cr, &x1, &y1, &x2, &y2);

  if (route->max_y * world_size < y1 || route->min_y * world_size > y2)
    return;

  for (int turn = floor (x1 / world_size) - 1; turn <= floor (x2 / world_size) + 1; turn++)
    if ((route->max_x + turn) * world_size >= x1 && (route->min_x + turn) * world_size <= x2)
      diplo_route_append_path (cr, route->x, route->y, route->n_points, world_size, turn * world_size);
}

static void
draw_routes (cairo_t  *cr,
             double    zoom_level,
             guint     tile_size,
             gpointer  data)
{
  RouteSet *set = data;
  double world_size = diplo_mercator_world_size (zoom_level, tile_size);

  for (guint i = 0; i < set->routes->len; i++)
    append_route_copies (cr, g_ptr_array_index (set->routes, i), world_size);

  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_width (cr, LINE_WIDTH);
  cairo_set_dash (cr, (double[]) { 6.0, 4.0 }, 2, 0);
  gdk_cairo_set_source_rgba (cr, &set->colour);
  diplo_coverage_stroke (cr);
}

static gboolean
diplo_route_layer_has_content (DiploCachedLayer *layer)
{
  DiploRouteLayer *self = DIPLO_ROUTE_LAYER (layer);

  return self->routes->len > 0;
}

/* The routes themselves are immutable: the copy shares them. */
static gpointer
diplo_route_layer_copy_content (DiploCachedLayer *layer,
                                const GdkRGBA    *colour)
{
  DiploRouteLayer *self = DIPLO_ROUTE_LAYER (layer);
  RouteSet *set = route_set_new (self->routes->len, colour);

  for (guint i = 0; i < self->routes->len; i++)
    g_ptr_array_add (set->routes, g_rc_box_acquire (g_ptr_array_index (self->routes, i)));

  g_clear_pointer (&self->copied, g_ptr_array_unref);
  self->copied = g_ptr_array_ref (set->routes);

  return set;
}

/* @source is a #GArray of doubles, four for each route: its ends as
 * diplo_route_layer_add_route() takes them. */
static gpointer
diplo_route_layer_copy_content_for (DiploCachedLayer *layer,
                                    gconstpointer     source,
                                    const GdkRGBA    *colour)
{
  const GArray *ends = source;
  guint n_ends = G_N_ELEMENTS (((Route *) NULL)->ends);
  guint n_routes = ends->len / n_ends;
  RouteSet *set;

  if (n_routes == 0)
    return NULL;

  set = route_set_new (n_routes, colour);
  for (guint i = 0; i < n_routes; i++)
    g_ptr_array_add (set->routes,
                     diplo_route_layer_get_route (DIPLO_ROUTE_LAYER (layer), &g_array_index (ends, double, n_ends * i)));

  return set;
}

static gboolean
route_set_equal (gconstpointer a,
                 gconstpointer b)
{
  const RouteSet *set_a = a;
  const RouteSet *set_b = b;

  if (!gdk_rgba_equal (&set_a->colour, &set_b->colour) || set_a->routes->len != set_b->routes->len)
    return FALSE;

  for (guint i = 0; i < set_a->routes->len; i++)
    if (!route_ends_equal (g_ptr_array_index (set_a->routes, i), g_ptr_array_index (set_b->routes, i)))
      return FALSE;

  return TRUE;
}

static gboolean
diplo_route_layer_copied_content_is_current (DiploCachedLayer *layer)
{
  DiploRouteLayer *self = DIPLO_ROUTE_LAYER (layer);

  if (self->copied == NULL || self->copied->len != self->routes->len)
    return FALSE;

  for (guint i = 0; i < self->routes->len; i++)
    if (g_ptr_array_index (self->copied, i) != g_ptr_array_index (self->routes, i))
      return FALSE;

  return TRUE;
}

/* The box of the copies of @route in view, in widget coordinates. */
static gboolean
diplo_route_layer_get_highlight_bounds (DiploRouteLayer      *self,
                                        const Route          *route,
                                        const DiploViewFrame *frame,
                                        graphene_rect_t      *bounds)
{
  graphene_rect_t view = GRAPHENE_RECT_INIT (0, 0, frame->width, frame->height);
  double left = frame->centre_x - frame->width / 2;
  double right = frame->centre_x + frame->width / 2;
  gboolean any = FALSE;

  g_assert (DIPLO_IS_ROUTE_LAYER (self));

  /* A rotated view is not worth the arithmetic: take all of it. */
  if (frame->rotation != 0.0)
    {
      *bounds = view;
      return TRUE;
    }

  for (int turn = floor (left / frame->world_size) - 1;
       turn <= floor (right / frame->world_size) + 1;
       turn++)
    {
      graphene_rect_t copy;

      graphene_rect_init (&copy,
                          (route->min_x + turn) * frame->world_size - left,
                          route->min_y * frame->world_size - frame->centre_y + frame->height / 2,
                          (route->max_x - route->min_x) * frame->world_size,
                          (route->max_y - route->min_y) * frame->world_size);
      graphene_rect_inset (&copy, -HIGHLIGHT_WIDTH, -HIGHLIGHT_WIDTH);

      if (!graphene_rect_intersection (&copy, &view, &copy))
        continue;

      if (any)
        graphene_rect_union (bounds, &copy, bounds);
      else
        *bounds = copy;
      any = TRUE;
    }

  return any;
}

/* The highlighted arc is drawn live: one arc is cheap, and a new
 * selection then needs no new texture. */
static gboolean
diplo_route_layer_get_live_bounds (DiploCachedLayer     *layer,
                                   const DiploViewFrame *frame,
                                   graphene_rect_t      *bounds)
{
  DiploRouteLayer *self = DIPLO_ROUTE_LAYER (layer);

  return self->highlighted >= 0 &&
         diplo_route_layer_get_highlight_bounds (self, g_ptr_array_index (self->routes, self->highlighted),
                                                 frame, bounds);
}

static void
diplo_route_layer_draw_live (DiploCachedLayer     *layer,
                             cairo_t              *cr,
                             const DiploViewFrame *frame)
{
  DiploRouteLayer *self = DIPLO_ROUTE_LAYER (layer);
  const Route *route = g_ptr_array_index (self->routes, self->highlighted);
  GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (self));
  GdkRGBA accent;

  if (!gtk_style_context_lookup_color (style, "accent_color", &accent))
    gtk_style_context_get_color (style, &accent);

  cairo_translate (cr, frame->width / 2, frame->height / 2);
  cairo_rotate (cr, frame->rotation);
  cairo_translate (cr, -frame->centre_x, -frame->centre_y);
  append_route_copies (cr, route, frame->world_size);

  /* A light casing keeps the emphasised arc readable over any map. */
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.8);
  cairo_set_line_width (cr, HIGHLIGHT_WIDTH + 2);
  cairo_stroke_preserve (cr);
  gdk_cairo_set_source_rgba (cr, &accent);
  cairo_set_line_width (cr, HIGHLIGHT_WIDTH);
  cairo_stroke (cr);
}

static void
diplo_route_layer_finalize (GObject *object)
{
  DiploRouteLayer *self = DIPLO_ROUTE_LAYER (object);

  g_clear_pointer (&self->routes, g_ptr_array_unref);
  g_clear_pointer (&self->made, g_hash_table_unref);
  g_clear_pointer (&self->copied, g_ptr_array_unref);

  G_OBJECT_CLASS (diplo_route_layer_parent_class)->finalize (object);
}

static void
diplo_route_layer_class_init (DiploRouteLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  DiploCachedLayerClass *layer_class = DIPLO_CACHED_LAYER_CLASS (klass);

  object_class->finalize = diplo_route_layer_finalize;

  layer_class->has_content = diplo_route_layer_has_content;
  layer_class->copy_content = diplo_route_layer_copy_content;
  layer_class->free_content = route_set_free;
  layer_class->draw_content = draw_routes;
  layer_class->copy_content_for = diplo_route_layer_copy_content_for;
  layer_class->equal_content = route_set_equal;
  layer_class->copied_content_is_current = diplo_route_layer_copied_content_is_current;
  layer_class->get_live_bounds = diplo_route_layer_get_live_bounds;
  layer_class->draw_live = diplo_route_layer_draw_live;

  gtk_widget_class_set_css_name (widget_class, "routes");
}

static void
diplo_route_layer_init (DiploRouteLayer *self)
{
  self->routes = g_ptr_array_new_with_free_func (route_release);
  self->made = g_hash_table_new_full (route_ends_hash, route_ends_equal, route_release, NULL);
  self->highlighted = -1;
}
