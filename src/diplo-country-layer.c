#define G_LOG_DOMAIN "diplo-country-layer"

#include "config.h"

#include "diplo-country-layer.h"

#include <math.h>

#include "diplo-mercator.h"

/**
 * DiploCountryLayer:
 *
 * Tints countries (those visited) over the basemap. Country outlines are
 * costly to extract, so the outline is kept as a cairo path in world
 * pixels at a whole zoom level, for an area larger than the view: panning
 * and zooming within the level only replay it, scaled.
 */
struct _DiploCountryLayer
{
  ShumateLayer     parent_instance;

  DiploBasemap    *basemap;
  GStrv            countries;

  cairo_path_t    *path;
  int              path_level;
  graphene_rect_t  path_area;   /* world pixels at path_level */
};

G_DEFINE_FINAL_TYPE (DiploCountryLayer, diplo_country_layer, SHUMATE_TYPE_LAYER)

#define OUTLINE_WIDTH 1.0

DiploCountryLayer *
diplo_country_layer_new (ShumateViewport *viewport,
                         DiploBasemap    *basemap)
{
  DiploCountryLayer *self;

  g_return_val_if_fail (SHUMATE_IS_VIEWPORT (viewport), NULL);
  g_return_val_if_fail (basemap != NULL, NULL);

  self = g_object_new (DIPLO_TYPE_COUNTRY_LAYER,
                       "viewport", viewport,
                       NULL);
  self->basemap = diplo_basemap_ref (basemap);

  return self;
}

const char * const *
diplo_country_layer_get_countries (DiploCountryLayer *self)
{
  g_return_val_if_fail (DIPLO_IS_COUNTRY_LAYER (self), NULL);

  return (const char * const *) self->countries;
}

static void
diplo_country_layer_forget_path (DiploCountryLayer *self)
{
  g_assert (DIPLO_IS_COUNTRY_LAYER (self));

  g_clear_pointer (&self->path, cairo_path_destroy);
}

/* NULL and empty are the same: no country. */
static gboolean
strv_same (const char * const *a,
           const char * const *b)
{
  if (a == NULL || b == NULL)
    return (a == NULL || a[0] == NULL) && (b == NULL || b[0] == NULL);

  return g_strv_equal (a, b);
}

/**
 * diplo_country_layer_set_countries:
 * @countries: (nullable) (array zero-terminated=1): ISO 3166-1 alpha-2
 *   codes of the countries to tint
 */
void
diplo_country_layer_set_countries (DiploCountryLayer  *self,
                                   const char * const *countries)
{
  g_return_if_fail (DIPLO_IS_COUNTRY_LAYER (self));

  if (strv_same ((const char * const *) self->countries, countries))
    return;

  g_strfreev (self->countries);
  self->countries = g_strdupv ((char **) countries);
  diplo_country_layer_forget_path (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Extracts the outline for @area (world pixels at @level). A recording
 * surface is unbounded, so the clip alone limits what is appended. */
static void
diplo_country_layer_build_path (DiploCountryLayer     *self,
                                int                    level,
                                const graphene_rect_t *area,
                                guint                  tile_size)
{
  cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_ALPHA, NULL);
  cairo_t *cr = cairo_create (surface);

  g_assert (DIPLO_IS_COUNTRY_LAYER (self));

  cairo_rectangle (cr, area->origin.x, area->origin.y, area->size.width, area->size.height);
  cairo_clip (cr);
  cairo_new_path (cr);

  diplo_basemap_append_countries_path (self->basemap, cr,
                                       (const char * const *) self->countries,
                                       level, 0, 0, tile_size);

  diplo_country_layer_forget_path (self);
  self->path = cairo_copy_path (cr);
  self->path_level = level;
  self->path_area = *area;

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
diplo_country_layer_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  DiploCountryLayer *self = DIPLO_COUNTRY_LAYER (widget);
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  ShumateMapSource *source = shumate_viewport_get_reference_map_source (viewport);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  double zoom, scale, rotation, centre_x, centre_y, half;
  graphene_rect_t view;
  GdkRGBA colour;
  guint tile_size;
  int level;
  cairo_t *cr;

  if (self->countries == NULL || self->countries[0] == NULL || source == NULL ||
      width <= 0 || height <= 0)
    return;

  tile_size = shumate_map_source_get_tile_size (source);
  zoom = shumate_viewport_get_zoom_level (viewport);
  rotation = shumate_viewport_get_rotation (viewport);
  level = (int) floor (zoom);
  scale = exp2 (zoom - level);

  /* The view in world pixels at the whole level below the zoom. */
  diplo_mercator_project (shumate_location_get_latitude (SHUMATE_LOCATION (viewport)),
                          shumate_location_get_longitude (SHUMATE_LOCATION (viewport)),
                          &centre_x, &centre_y);
  centre_x *= diplo_mercator_world_size (level, tile_size);
  centre_y *= diplo_mercator_world_size (level, tile_size);
  half = hypot (width, height) / 2 / scale;
  graphene_rect_init (&view, centre_x - half, centre_y - half, 2 * half, 2 * half);

  if (self->path == NULL || self->path_level != level ||
      !graphene_rect_contains_rect (&self->path_area, &view))
    {
      graphene_rect_t area;

      graphene_rect_inset_r (&view, -half, -half, &area);
      diplo_country_layer_build_path (self, level, &area, tile_size);
    }

  if (self->path->num_data == 0)
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &colour);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_translate (cr, width / 2, height / 2);
  cairo_rotate (cr, rotation);
  cairo_scale (cr, scale, scale);
  cairo_translate (cr, -centre_x, -centre_y);
  cairo_append_path (cr, self->path);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  gdk_cairo_set_source_rgba (cr, &colour);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, OUTLINE_WIDTH / scale);
  cairo_set_source_rgba (cr, colour.red, colour.green, colour.blue, MIN (1.0, colour.alpha * 2.5));
  cairo_stroke (cr);
  cairo_destroy (cr);
}

static void
on_viewport_notify (DiploCountryLayer *self,
                    GParamSpec        *pspec,
                    ShumateViewport   *viewport)
{
  g_assert (DIPLO_IS_COUNTRY_LAYER (self));

  if (self->countries != NULL && self->countries[0] != NULL)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
diplo_country_layer_constructed (GObject *object)
{
  DiploCountryLayer *self = DIPLO_COUNTRY_LAYER (object);

  G_OBJECT_CLASS (diplo_country_layer_parent_class)->constructed (object);

  g_signal_connect_object (shumate_layer_get_viewport (SHUMATE_LAYER (self)), "notify",
                           G_CALLBACK (on_viewport_notify), self,
                           G_CONNECT_SWAPPED);
}

static void
diplo_country_layer_finalize (GObject *object)
{
  DiploCountryLayer *self = DIPLO_COUNTRY_LAYER (object);

  diplo_country_layer_forget_path (self);
  g_clear_pointer (&self->countries, g_strfreev);
  g_clear_pointer (&self->basemap, diplo_basemap_unref);

  G_OBJECT_CLASS (diplo_country_layer_parent_class)->finalize (object);
}

static void
diplo_country_layer_class_init (DiploCountryLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = diplo_country_layer_constructed;
  object_class->finalize = diplo_country_layer_finalize;

  widget_class->snapshot = diplo_country_layer_snapshot;

  gtk_widget_class_set_css_name (widget_class, "countries");
}

static void
diplo_country_layer_init (DiploCountryLayer *self)
{
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}
