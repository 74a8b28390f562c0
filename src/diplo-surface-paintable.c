#define G_LOG_DOMAIN "diplo-surface-paintable"

#include "config.h"

#include "diplo-surface-paintable.h"

/**
 * DiploSurfacePaintable:
 *
 * An opaque tile's premultiplied ARGB32 pixels, painted by a cairo node,
 * a little beyond its bounds (see below). GTK 4.8's cairo renderer
 * converts a texture's pixels into a new image on every frame that draws
 * it: with the map's tiles, that was a quarter of the work of a month
 * change, repainting the tiles behind the markers that changed. A cairo
 * node paints the image it holds, and only where it is seen.
 */
struct _DiploSurfacePaintable
{
  GObject          parent_instance;

  cairo_surface_t *surface;
};

static void diplo_surface_paintable_init_paintable (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DiploSurfacePaintable, diplo_surface_paintable, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE,
                                                      diplo_surface_paintable_init_paintable))

static const cairo_user_data_key_t pixels_key;

/* How far an image spills over its bounds, in its own units: about a
 * pixel, whatever the zoom. */
#define BLEED 1.0

static void
diplo_surface_paintable_snapshot (GdkPaintable *paintable,
                                  GdkSnapshot  *snapshot,
                                  double        width,
                                  double        height)
{
  DiploSurfacePaintable *self = DIPLO_SURFACE_PAINTABLE (paintable);
  int image_width = cairo_image_surface_get_width (self->surface);
  int image_height = cairo_image_surface_get_height (self->surface);
  cairo_t *cr;

  if (width <= 0 || height <= 0 || image_width == 0 || image_height == 0)
    return;

  /* Tiles meet between pixels at most zoom levels, where each one's
   * antialiased edge would let the sea beneath show through as a faint
   * line. A tile, opaque, spills a pixel or so over its neighbours
   * instead, with its edge pixels repeated. */
  cr = gtk_snapshot_append_cairo (GTK_SNAPSHOT (snapshot),
                                  &GRAPHENE_RECT_INIT (-BLEED, -BLEED,
                                                       width + 2 * BLEED, height + 2 * BLEED));
  cairo_rectangle (cr, -BLEED, -BLEED, width + 2 * BLEED, height + 2 * BLEED);
  cairo_scale (cr, width / image_width, height / image_height);
  cairo_set_source_surface (cr, self->surface, 0, 0);
  /* As GTK filters a scaled texture. */
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
  cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
  cairo_fill (cr);
  cairo_destroy (cr);
}

static int
diplo_surface_paintable_get_intrinsic_width (GdkPaintable *paintable)
{
  return cairo_image_surface_get_width (DIPLO_SURFACE_PAINTABLE (paintable)->surface);
}

static int
diplo_surface_paintable_get_intrinsic_height (GdkPaintable *paintable)
{
  return cairo_image_surface_get_height (DIPLO_SURFACE_PAINTABLE (paintable)->surface);
}

static GdkPaintableFlags
diplo_surface_paintable_get_flags (GdkPaintable *paintable)
{
  return GDK_PAINTABLE_STATIC_SIZE | GDK_PAINTABLE_STATIC_CONTENTS;
}

static void
diplo_surface_paintable_init_paintable (GdkPaintableInterface *iface)
{
  iface->snapshot = diplo_surface_paintable_snapshot;
  iface->get_intrinsic_width = diplo_surface_paintable_get_intrinsic_width;
  iface->get_intrinsic_height = diplo_surface_paintable_get_intrinsic_height;
  iface->get_flags = diplo_surface_paintable_get_flags;
}

static void
diplo_surface_paintable_finalize (GObject *object)
{
  DiploSurfacePaintable *self = DIPLO_SURFACE_PAINTABLE (object);

  g_clear_pointer (&self->surface, cairo_surface_destroy);

  G_OBJECT_CLASS (diplo_surface_paintable_parent_class)->finalize (object);
}

static void
diplo_surface_paintable_class_init (DiploSurfacePaintableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = diplo_surface_paintable_finalize;
}

static void
diplo_surface_paintable_init (DiploSurfacePaintable *self)
{
}

/**
 * diplo_surface_paintable_new:
 * @pixels: premultiplied ARGB32 pixels in native byte order, as cairo
 *   draws them, at least @stride × @height bytes
 *
 * Returns: (transfer full): an image of @pixels, which it keeps
 */
DiploSurfacePaintable *
diplo_surface_paintable_new (GBytes *pixels,
                             int     width,
                             int     height,
                             gsize   stride)
{
  DiploSurfacePaintable *self;
  gsize size;
  const guchar *data = g_bytes_get_data (pixels, &size);

  g_return_val_if_fail (width > 0 && height > 0, NULL);
  g_return_val_if_fail (stride == (gsize) cairo_format_stride_for_width (CAIRO_FORMAT_ARGB32, width),
                        NULL);
  g_return_val_if_fail (size >= stride * height, NULL);

  self = g_object_new (DIPLO_TYPE_SURFACE_PAINTABLE, NULL);
  /* cairo only reads the pixels it is given here, which the bytes keep. */
  self->surface = cairo_image_surface_create_for_data ((guchar *) data, CAIRO_FORMAT_ARGB32,
                                                       width, height, stride);
  cairo_surface_set_user_data (self->surface, &pixels_key, g_bytes_ref (pixels),
                               (cairo_destroy_func_t) g_bytes_unref);

  return self;
}
