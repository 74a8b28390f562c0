#define G_LOG_DOMAIN "diplo-route-layer"

#include "config.h"

#include "diplo-route-layer.h"

#include <math.h>

#include "diplo-mercator.h"
#include "diplo-route.h"

/**
 * DiploRouteLayer:
 *
 * Draws journeys as great-circle arcs. ShumatePathLayer would do, but in
 * libshumate 1.0 it paints a cairo surface as large as the map on every
 * frame; this layer paints only the box around the arcs in view.
 */
struct _DiploRouteLayer
{
  ShumateLayer  parent_instance;

  GArray       *routes;
  int           highlighted;
};

typedef struct
{
  double *x;      /* normalised Web-Mercator, longitudes unwrapped */
  double *y;
  guint   n_points;
  double  min_x;
  double  min_y;
  double  max_x;
  double  max_y;
} Route;

/* The visible part of the world, in world pixels at the current zoom. */
typedef struct
{
  double world_size;
  double centre_x;
  double centre_y;
  double rotation;
  double width;
  double height;
  int    first_turn;  /* the copies of the world in view */
  int    last_turn;
} Frame;

G_DEFINE_FINAL_TYPE (DiploRouteLayer, diplo_route_layer, SHUMATE_TYPE_LAYER)

#define LINE_WIDTH 2.0
#define HIGHLIGHT_WIDTH 4.5

static void
route_clear (gpointer data)
{
  Route *route = data;

  g_clear_pointer (&route->x, g_free);
  g_clear_pointer (&route->y, g_free);
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
  g_autofree DiploGeoPoint *points = NULL;
  Route route = { 0 };

  g_return_val_if_fail (DIPLO_IS_ROUTE_LAYER (self), 0);

  points = diplo_route_great_circle (from_latitude, from_longitude, to_latitude, to_longitude,
                                     DIPLO_ROUTE_N_POINTS);

  route.n_points = DIPLO_ROUTE_N_POINTS;
  route.x = g_new (double, route.n_points);
  route.y = g_new (double, route.n_points);
  route.min_x = route.min_y = INFINITY;
  route.max_x = route.max_y = -INFINITY;

  for (guint i = 0; i < route.n_points; i++)
    {
      diplo_mercator_project (points[i].latitude, points[i].longitude, &route.x[i], &route.y[i]);
      route.min_x = MIN (route.min_x, route.x[i]);
      route.min_y = MIN (route.min_y, route.y[i]);
      route.max_x = MAX (route.max_x, route.x[i]);
      route.max_y = MAX (route.max_y, route.y[i]);
    }

  g_array_append_val (self->routes, route);
  gtk_widget_queue_draw (GTK_WIDGET (self));

  return self->routes->len - 1;
}

void
diplo_route_layer_remove_all (DiploRouteLayer *self)
{
  g_return_if_fail (DIPLO_IS_ROUTE_LAYER (self));

  g_array_set_size (self->routes, 0);
  self->highlighted = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
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
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
diplo_route_layer_get_frame (DiploRouteLayer *self,
                             Frame           *frame)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  ShumateMapSource *source = shumate_viewport_get_reference_map_source (viewport);
  ShumateLocation *centre = SHUMATE_LOCATION (viewport);
  double x, y, radius;

  g_assert (DIPLO_IS_ROUTE_LAYER (self));

  if (source == NULL)
    return FALSE;

  frame->world_size = diplo_mercator_world_size (shumate_viewport_get_zoom_level (viewport),
                                                 shumate_map_source_get_tile_size (source));
  diplo_mercator_project (shumate_location_get_latitude (centre),
                          shumate_location_get_longitude (centre),
                          &x, &y);
  frame->centre_x = x * frame->world_size;
  frame->centre_y = y * frame->world_size;
  frame->rotation = shumate_viewport_get_rotation (viewport);
  frame->width = gtk_widget_get_width (GTK_WIDGET (self));
  frame->height = gtk_widget_get_height (GTK_WIDGET (self));

  /* One more on each side: an unwrapped arc reaches into the next copy. */
  radius = hypot (frame->width, frame->height) / 2;
  frame->first_turn = (int) floor ((frame->centre_x - radius) / frame->world_size) - 1;
  frame->last_turn = (int) floor ((frame->centre_x + radius) / frame->world_size) + 1;

  return frame->width > 0 && frame->height > 0;
}

/* The route's box, shifted by @turn whole worlds, in widget coordinates;
 * FALSE when that copy is out of view. The map repeats the world sideways,
 * so the arcs are drawn on every copy in view, like the land beneath. */
static gboolean
diplo_route_layer_copy_bounds (DiploRouteLayer       *self,
                               const Route           *route,
                               const Frame           *frame,
                               int                    turn,
                               graphene_rect_t       *bounds)
{
  double margin = HIGHLIGHT_WIDTH;
  graphene_rect_t view = GRAPHENE_RECT_INIT (0, 0, frame->width, frame->height);

  g_assert (DIPLO_IS_ROUTE_LAYER (self));

  graphene_rect_init (bounds,
                      (route->min_x + turn) * frame->world_size - frame->centre_x + frame->width / 2,
                      route->min_y * frame->world_size - frame->centre_y + frame->height / 2,
                      (route->max_x - route->min_x) * frame->world_size,
                      (route->max_y - route->min_y) * frame->world_size);
  graphene_rect_inset (bounds, -margin, -margin);

  /* Boxes are not worth rotating: a rotated map redraws the whole view. */
  if (frame->rotation != 0.0)
    {
      double radius = hypot (frame->width, frame->height) / 2;
      graphene_rect_t around = GRAPHENE_RECT_INIT (frame->width / 2 - radius,
                                                   frame->height / 2 - radius,
                                                   2 * radius, 2 * radius);

      if (!graphene_rect_intersection (bounds, &around, NULL))
        return FALSE;

      *bounds = view;
      return TRUE;
    }

  return graphene_rect_intersection (bounds, &view, bounds);
}

static void
append_route_path (cairo_t     *cr,
                   const Route *route,
                   const Frame *frame,
                   int          turn)
{
  for (guint i = 0; i < route->n_points; i++)
    {
      double x = (route->x[i] + turn) * frame->world_size;
      double y = route->y[i] * frame->world_size;

      if (i == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
}

typedef struct
{
  guint route;
  int   turn;
} Copy;

/* Appends the copies of @route in view, or of every route but the
 * highlighted one when @route is -1. */
static void
diplo_route_layer_append_copies (DiploRouteLayer *self,
                                 cairo_t         *cr,
                                 const Frame     *frame,
                                 GArray          *copies,
                                 int              route)
{
  g_assert (DIPLO_IS_ROUTE_LAYER (self));

  for (guint i = 0; i < copies->len; i++)
    {
      const Copy *copy = &g_array_index (copies, Copy, i);

      if (route >= 0 ? (int) copy->route == route : (int) copy->route != self->highlighted)
        append_route_path (cr, &g_array_index (self->routes, Route, copy->route), frame, copy->turn);
    }
}

static void
diplo_route_layer_paint (DiploRouteLayer *self,
                         cairo_t         *cr,
                         const Frame     *frame,
                         GArray          *copies)
{
  GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (self));
  GdkRGBA colour, accent;

  g_assert (DIPLO_IS_ROUTE_LAYER (self));

  gtk_style_context_get_color (style, &colour);
  if (!gtk_style_context_lookup_color (style, "accent_color", &accent))
    accent = colour;

  cairo_translate (cr, frame->width / 2, frame->height / 2);
  cairo_rotate (cr, frame->rotation);
  cairo_translate (cr, -frame->centre_x, -frame->centre_y);

  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  diplo_route_layer_append_copies (self, cr, frame, copies, -1);
  gdk_cairo_set_source_rgba (cr, &colour);
  cairo_set_line_width (cr, LINE_WIDTH);
  cairo_set_dash (cr, (double[]) { 6.0, 4.0 }, 2, 0);
  cairo_stroke (cr);

  if (self->highlighted >= 0)
    {
      /* A light casing keeps the emphasised arc readable over any map. */
      cairo_set_dash (cr, NULL, 0, 0);
      diplo_route_layer_append_copies (self, cr, frame, copies, self->highlighted);
      cairo_set_source_rgba (cr, 1, 1, 1, 0.8);
      cairo_set_line_width (cr, HIGHLIGHT_WIDTH + 2);
      cairo_stroke_preserve (cr);
      gdk_cairo_set_source_rgba (cr, &accent);
      cairo_set_line_width (cr, HIGHLIGHT_WIDTH);
      cairo_stroke (cr);
    }
}

static void
diplo_route_layer_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  DiploRouteLayer *self = DIPLO_ROUTE_LAYER (widget);
  g_autoptr(GArray) copies = NULL;
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, 0, 0);
  cairo_t *cr;
  Frame frame;

  if (self->routes->len == 0 || !diplo_route_layer_get_frame (self, &frame))
    return;

  copies = g_array_new (FALSE, FALSE, sizeof (Copy));
  for (guint i = 0; i < self->routes->len; i++)
    for (int turn = frame.first_turn; turn <= frame.last_turn; turn++)
      {
        graphene_rect_t copy_bounds;

        if (!diplo_route_layer_copy_bounds (self, &g_array_index (self->routes, Route, i),
                                            &frame, turn, &copy_bounds))
          continue;

        if (copies->len == 0)
          bounds = copy_bounds;
        else
          graphene_rect_union (&bounds, &copy_bounds, &bounds);
        g_array_append_val (copies, ((Copy) { i, turn }));
      }

  if (copies->len == 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  diplo_route_layer_paint (self, cr, &frame, copies);
  cairo_destroy (cr);
}

static void
on_viewport_notify (DiploRouteLayer *self,
                    GParamSpec      *pspec,
                    ShumateViewport *viewport)
{
  g_assert (DIPLO_IS_ROUTE_LAYER (self));

  if (self->routes->len > 0)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
diplo_route_layer_constructed (GObject *object)
{
  DiploRouteLayer *self = DIPLO_ROUTE_LAYER (object);

  G_OBJECT_CLASS (diplo_route_layer_parent_class)->constructed (object);

  g_signal_connect_object (shumate_layer_get_viewport (SHUMATE_LAYER (self)), "notify",
                           G_CALLBACK (on_viewport_notify), self,
                           G_CONNECT_SWAPPED);
}

static void
diplo_route_layer_finalize (GObject *object)
{
  DiploRouteLayer *self = DIPLO_ROUTE_LAYER (object);

  g_clear_pointer (&self->routes, g_array_unref);

  G_OBJECT_CLASS (diplo_route_layer_parent_class)->finalize (object);
}

static void
diplo_route_layer_class_init (DiploRouteLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = diplo_route_layer_constructed;
  object_class->finalize = diplo_route_layer_finalize;

  widget_class->snapshot = diplo_route_layer_snapshot;

  gtk_widget_class_set_css_name (widget_class, "routes");
}

static void
diplo_route_layer_init (DiploRouteLayer *self)
{
  self->routes = g_array_new (FALSE, TRUE, sizeof (Route));
  g_array_set_clear_func (self->routes, route_clear);
  self->highlighted = -1;

  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}
