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
  double x, y;

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

  return frame->width > 0 && frame->height > 0;
}

/* The route's box, shifted by @turn whole worlds, in widget coordinates;
 * FALSE when that copy is off the world or out of view. The map does not
 * repeat the world sideways, so the copies are what let an arc leave one
 * edge and come back at the other. */
static gboolean
diplo_route_layer_copy_bounds (DiploRouteLayer       *self,
                               const Route           *route,
                               const Frame           *frame,
                               int                    turn,
                               graphene_rect_t       *bounds)
{
  double min_x = (route->min_x + turn) * frame->world_size;
  double max_x = (route->max_x + turn) * frame->world_size;
  double margin = HIGHLIGHT_WIDTH;
  graphene_rect_t view = GRAPHENE_RECT_INIT (0, 0, frame->width, frame->height);

  g_assert (DIPLO_IS_ROUTE_LAYER (self));

  if (max_x < 0 || min_x > frame->world_size)
    return FALSE;

  /* Boxes are not worth rotating: a rotated map redraws the whole view. */
  if (frame->rotation != 0.0)
    {
      *bounds = view;
      return TRUE;
    }

  min_x = MAX (min_x, 0);
  max_x = MIN (max_x, frame->world_size);
  graphene_rect_init (bounds,
                      min_x - frame->centre_x + frame->width / 2 - margin,
                      route->min_y * frame->world_size - frame->centre_y + frame->height / 2 - margin,
                      max_x - min_x + 2 * margin,
                      (route->max_y - route->min_y) * frame->world_size + 2 * margin);

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

static void
diplo_route_layer_stroke (DiploRouteLayer *self,
                          cairo_t         *cr,
                          const Frame     *frame,
                          guint            index,
                          const guint8    *visible_turns)
{
  const Route *route = &g_array_index (self->routes, Route, index);

  g_assert (DIPLO_IS_ROUTE_LAYER (self));

  for (int turn = -1; turn <= 1; turn++)
    if (visible_turns[index] & (1 << (turn + 1)))
      append_route_path (cr, route, frame, turn);
}

static void
diplo_route_layer_paint (DiploRouteLayer *self,
                         cairo_t         *cr,
                         const Frame     *frame,
                         const guint8    *visible_turns)
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
  cairo_rectangle (cr, 0, 0, frame->world_size, frame->world_size);
  cairo_clip (cr);

  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  for (guint i = 0; i < self->routes->len; i++)
    if ((int) i != self->highlighted)
      diplo_route_layer_stroke (self, cr, frame, i, visible_turns);
  gdk_cairo_set_source_rgba (cr, &colour);
  cairo_set_line_width (cr, LINE_WIDTH);
  cairo_set_dash (cr, (double[]) { 6.0, 4.0 }, 2, 0);
  cairo_stroke (cr);

  if (self->highlighted >= 0)
    {
      /* A light casing keeps the emphasised arc readable over any map. */
      cairo_set_dash (cr, NULL, 0, 0);
      diplo_route_layer_stroke (self, cr, frame, self->highlighted, visible_turns);
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
  g_autofree guint8 *visible_turns = NULL;
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, 0, 0);
  gboolean any = FALSE;
  cairo_t *cr;
  Frame frame;

  if (self->routes->len == 0 || !diplo_route_layer_get_frame (self, &frame))
    return;

  visible_turns = g_new0 (guint8, self->routes->len);
  for (guint i = 0; i < self->routes->len; i++)
    for (int turn = -1; turn <= 1; turn++)
      {
        graphene_rect_t copy;

        if (!diplo_route_layer_copy_bounds (self, &g_array_index (self->routes, Route, i),
                                            &frame, turn, &copy))
          continue;

        visible_turns[i] |= 1 << (turn + 1);
        if (any)
          graphene_rect_union (&bounds, &copy, &bounds);
        else
          bounds = copy;
        any = TRUE;
      }

  if (!any)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  diplo_route_layer_paint (self, cr, &frame, visible_turns);
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
