#define G_LOG_DOMAIN "diplo-country-layer"

#include "config.h"

#include "diplo-country-layer.h"

#include "diplo-coverage.h"

/**
 * DiploCountryLayer:
 *
 * Tints countries (those visited) over the basemap. Filling country
 * outlines every frame is costly with the cairo renderer, so they are
 * drawn once per zoom level into a texture (see #DiploCachedLayer), in a
 * worker thread: the basemap's outline helper is safe to call from any
 * thread.
 */
struct _DiploCountryLayer
{
  DiploCachedLayer  parent_instance;

  DiploBasemap     *basemap;
  GStrv             countries;
};

/* What a worker thread draws; immutable. */
typedef struct
{
  DiploBasemap *basemap;
  GStrv         countries;
  GdkRGBA       colour;
} Tint;

G_DEFINE_FINAL_TYPE (DiploCountryLayer, diplo_country_layer, DIPLO_TYPE_CACHED_LAYER)

#define OUTLINE_WIDTH 1.0

static void
tint_free (gpointer data)
{
  Tint *tint = data;

  g_clear_pointer (&tint->basemap, diplo_basemap_unref);
  g_clear_pointer (&tint->countries, g_strfreev);
  g_free (tint);
}

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
  diplo_cached_layer_content_changed (DIPLO_CACHED_LAYER (self));
}

static gboolean
diplo_country_layer_has_content (DiploCachedLayer *layer)
{
  DiploCountryLayer *self = DIPLO_COUNTRY_LAYER (layer);

  return self->countries != NULL && self->countries[0] != NULL;
}

/* @source is a %NULL-terminated array of ISO 3166-1 alpha-2 codes. */
static gpointer
diplo_country_layer_copy_content_for (DiploCachedLayer *layer,
                                      gconstpointer     source,
                                      const GdkRGBA    *colour)
{
  DiploCountryLayer *self = DIPLO_COUNTRY_LAYER (layer);
  const char * const *countries = source;
  Tint *tint;

  if (countries[0] == NULL)
    return NULL;

  tint = g_new0 (Tint, 1);
  tint->basemap = diplo_basemap_ref (self->basemap);
  tint->countries = g_strdupv ((char **) countries);
  tint->colour = *colour;

  return tint;
}

static gboolean
tint_equal (gconstpointer a,
            gconstpointer b)
{
  const Tint *tint_a = a;
  const Tint *tint_b = b;

  return tint_a->basemap == tint_b->basemap &&
         gdk_rgba_equal (&tint_a->colour, &tint_b->colour) &&
         strv_same ((const char * const *) tint_a->countries,
                    (const char * const *) tint_b->countries);
}

static gpointer
diplo_country_layer_copy_content (DiploCachedLayer *layer,
                                  const GdkRGBA    *colour)
{
  DiploCountryLayer *self = DIPLO_COUNTRY_LAYER (layer);

  return diplo_country_layer_copy_content_for (layer, self->countries, colour);
}

static void
draw_tint (cairo_t  *cr,
           double    zoom_level,
           guint     tile_size,
           gpointer  data)
{
  Tint *tint = data;

  /* The context is in world pixels already: the origin is the world's. */
  if (!diplo_basemap_append_countries_path (tint->basemap, cr,
                                            (const char * const *) tint->countries,
                                            zoom_level, 0, 0, tile_size))
    return;

  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  gdk_cairo_set_source_rgba (cr, &tint->colour);
  diplo_coverage_fill_preserve (cr);
  cairo_set_line_width (cr, OUTLINE_WIDTH);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_source_rgba (cr, tint->colour.red, tint->colour.green, tint->colour.blue,
                         MIN (1.0, tint->colour.alpha * 2.5));
  diplo_coverage_stroke (cr);
}

static void
diplo_country_layer_finalize (GObject *object)
{
  DiploCountryLayer *self = DIPLO_COUNTRY_LAYER (object);

  g_clear_pointer (&self->countries, g_strfreev);
  g_clear_pointer (&self->basemap, diplo_basemap_unref);

  G_OBJECT_CLASS (diplo_country_layer_parent_class)->finalize (object);
}

static void
diplo_country_layer_class_init (DiploCountryLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  DiploCachedLayerClass *layer_class = DIPLO_CACHED_LAYER_CLASS (klass);

  object_class->finalize = diplo_country_layer_finalize;

  layer_class->has_content = diplo_country_layer_has_content;
  layer_class->copy_content = diplo_country_layer_copy_content;
  layer_class->free_content = tint_free;
  layer_class->draw_content = draw_tint;
  layer_class->copy_content_for = diplo_country_layer_copy_content_for;
  layer_class->equal_content = tint_equal;

  gtk_widget_class_set_css_name (widget_class, "countries");
}

static void
diplo_country_layer_init (DiploCountryLayer *self)
{
}
