#define G_LOG_DOMAIN "diplo-surface-paintable"

#include "config.h"

#include "diplo-surface-paintable.h"

#include <math.h>

/**
 * DiploSurfacePaintable:
 *
 * An opaque tile's premultiplied ARGB32 pixels, painted by a cairo node,
 * a little beyond its bounds (see below). GTK 4.8's cairo renderer
 * converts a texture's pixels into a new image on every frame that draws
 * it: with the map's tiles, that was a quarter of the work of a month
 * change, repainting the tiles behind the markers that changed. A cairo
 * node paints the image it holds, and only where it is seen.
 *
 * Painting the tile itself filters every pixel, and pads its edges, even
 * unscaled. Once the map rests at one zoom, the tile is painted at that
 * size, once, into a copy with the bleed built in, and frames copy its
 * pixels as they are. Copies of tiles no longer painted are dropped
 * beyond MAX_COPY_BYTES in all.
 */
struct _DiploSurfacePaintable
{
  GObject          parent_instance;

  cairo_surface_t *surface;
  GWeakRef         widget;      /* whose scale factor the copy is for */

  /* The size asked for last, and the copy made for it, if any. */
  double           width;
  double           height;
  int              scale_factor;
  cairo_surface_t *copy;
  GList            copy_link;   /* in copies, the latest painted first */
};

static void diplo_surface_paintable_init_paintable (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DiploSurfacePaintable, diplo_surface_paintable, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE,
                                                      diplo_surface_paintable_init_paintable))

static const cairo_user_data_key_t pixels_key;

/* How far an image spills over its bounds, in its own units: about a
 * pixel, whatever the zoom. */
#define BLEED 1.0
/* The same in a copy, in its device pixels. */
#define COPY_BLEED 1

/* 64 MB: every tile of a 4K screen, at any zoom. */
#define MAX_COPY_BYTES (64 << 20)

static GQueue copies = G_QUEUE_INIT;
static gsize copy_bytes;
static gsize max_copy_bytes = MAX_COPY_BYTES;

static gsize
surface_bytes (cairo_surface_t *surface)
{
  return (gsize) cairo_image_surface_get_stride (surface) * cairo_image_surface_get_height (surface);
}

static void
diplo_surface_paintable_drop_copy (DiploSurfacePaintable *self)
{
  if (self->copy == NULL)
    return;

  copy_bytes -= surface_bytes (self->copy);
  g_queue_unlink (&copies, &self->copy_link);
  g_clear_pointer (&self->copy, cairo_surface_destroy);
}

static void
drop_copies_beyond (gsize max_bytes)
{
  while (copy_bytes > max_bytes && copies.tail != NULL)
    diplo_surface_paintable_drop_copy (copies.tail->data);
}

/* The tile at 0, 0, @width × @height, as GTK filters a scaled texture,
 * its edge pixels repeated beyond. */
static void
set_source_tile (cairo_t         *cr,
                 cairo_surface_t *surface,
                 double           width,
                 double           height)
{
  cairo_scale (cr, width / cairo_image_surface_get_width (surface),
               height / cairo_image_surface_get_height (surface));
  cairo_set_source_surface (cr, surface, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
  cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
}

/* The tile at its size and scale factor, with a bleed of COPY_BLEED
 * device pixels around. */
static void
diplo_surface_paintable_make_copy (DiploSurfacePaintable *self)
{
  int scale = self->scale_factor;
  cairo_t *cr;

  diplo_surface_paintable_drop_copy (self);

  self->copy = cairo_image_surface_create (CAIRO_FORMAT_RGB24,
                                           ceil (self->width * scale) + 2 * COPY_BLEED,
                                           ceil (self->height * scale) + 2 * COPY_BLEED);
  cairo_surface_set_device_scale (self->copy, scale, scale);
  cr = cairo_create (self->copy);
  cairo_translate (cr, (double) COPY_BLEED / scale, (double) COPY_BLEED / scale);
  set_source_tile (cr, self->surface, self->width, self->height);
  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  cairo_paint (cr);
  cairo_destroy (cr);

  copy_bytes += surface_bytes (self->copy);
  g_queue_push_head_link (&copies, &self->copy_link);
  drop_copies_beyond (max_copy_bytes);
}

static int
diplo_surface_paintable_get_scale_factor (DiploSurfacePaintable *self)
{
  g_autoptr(GtkWidget) widget = g_weak_ref_get (&self->widget);

  return widget != NULL ? gtk_widget_get_scale_factor (widget) : 1;
}

/* Whether the copy is of the size asked for. Asked for the same size
 * twice in a row, the tile makes one; while a zoom changes it every frame,
 * a copy would only be thrown away. */
static gboolean
diplo_surface_paintable_update_copy (DiploSurfacePaintable *self,
                                     double                 width,
                                     double                 height)
{
  int scale_factor = diplo_surface_paintable_get_scale_factor (self);

  if (width != self->width || height != self->height || scale_factor != self->scale_factor)
    {
      diplo_surface_paintable_drop_copy (self);
      self->width = width;
      self->height = height;
      self->scale_factor = scale_factor;
      return FALSE;
    }

  if (self->copy == NULL)
    {
      diplo_surface_paintable_make_copy (self);
    }
  else
    {
      /* The latest painted, so the last dropped. */
      g_queue_unlink (&copies, &self->copy_link);
      g_queue_push_head_link (&copies, &self->copy_link);
    }

  return self->copy != NULL;
}

static void
diplo_surface_paintable_snapshot (GdkPaintable *paintable,
                                  GdkSnapshot  *snapshot,
                                  double        width,
                                  double        height)
{
  DiploSurfacePaintable *self = DIPLO_SURFACE_PAINTABLE (paintable);
  graphene_rect_t bounds;
  double origin;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  /* Tiles meet between pixels at most zoom levels, where each one's
   * antialiased edge would let the sea beneath show through as a faint
   * line. A tile, opaque, spills a pixel or so over its neighbours
   * instead, with its edge pixels repeated. */
  if (!diplo_surface_paintable_update_copy (self, width, height))
    {
      graphene_rect_init (&bounds, -BLEED, -BLEED, width + 2 * BLEED, height + 2 * BLEED);
      cr = gtk_snapshot_append_cairo (GTK_SNAPSHOT (snapshot), &bounds);
      cairo_rectangle (cr, bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height);
      set_source_tile (cr, self->surface, width, height);
      cairo_fill (cr);
      cairo_destroy (cr);
      return;
    }

  /* Whole device pixels: the copy lands within half a pixel of the tile's
   * place, as the markers and the routes' image do. The node reaches a
   * pixel further, so that its edge, between pixels, cuts none. */
  origin = (double) -COPY_BLEED / self->scale_factor;
  graphene_rect_init (&bounds, origin, origin,
                      (double) cairo_image_surface_get_width (self->copy) / self->scale_factor,
                      (double) cairo_image_surface_get_height (self->copy) / self->scale_factor);
  graphene_rect_inset (&bounds, -1.0 / self->scale_factor, -1.0 / self->scale_factor);
  cr = gtk_snapshot_append_cairo (GTK_SNAPSHOT (snapshot), &bounds);
  cairo_set_source_surface (cr, self->copy, origin, origin);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_paint (cr);
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

  diplo_surface_paintable_drop_copy (self);
  g_clear_pointer (&self->surface, cairo_surface_destroy);
  g_weak_ref_clear (&self->widget);

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
  g_weak_ref_init (&self->widget, NULL);
  self->copy_link.data = self;
}

/**
 * diplo_surface_paintable_new:
 * @pixels: premultiplied ARGB32 pixels in native byte order, as cairo
 *   draws them, at least @stride × @height bytes
 * @widget: (nullable): the widget it is painted in, whose scale factor
 *   its copies follow; without one, they are made at scale 1
 *
 * Returns: (transfer full): an image of @pixels, which it keeps
 */
DiploSurfacePaintable *
diplo_surface_paintable_new (GBytes    *pixels,
                             int        width,
                             int        height,
                             gsize      stride,
                             GtkWidget *widget)
{
  DiploSurfacePaintable *self;
  gsize size;
  const guchar *data = g_bytes_get_data (pixels, &size);

  g_return_val_if_fail (width > 0 && height > 0, NULL);
  g_return_val_if_fail (stride == (gsize) cairo_format_stride_for_width (CAIRO_FORMAT_ARGB32, width),
                        NULL);
  g_return_val_if_fail (size >= stride * height, NULL);
  g_return_val_if_fail (widget == NULL || GTK_IS_WIDGET (widget), NULL);

  self = g_object_new (DIPLO_TYPE_SURFACE_PAINTABLE, NULL);
  /* cairo only reads the pixels it is given here, which the bytes keep. */
  self->surface = cairo_image_surface_create_for_data ((guchar *) data, CAIRO_FORMAT_ARGB32,
                                                       width, height, stride);
  cairo_surface_set_user_data (self->surface, &pixels_key, g_bytes_ref (pixels),
                               (cairo_destroy_func_t) g_bytes_unref);
  g_weak_ref_set (&self->widget, widget);

  return self;
}

/**
 * diplo_surface_paintable_get_copy_bytes:
 *
 * Returns: the size of the copies all tiles hold, in bytes
 */
gsize
diplo_surface_paintable_get_copy_bytes (void)
{
  return copy_bytes;
}

/**
 * diplo_surface_paintable_set_max_copy_bytes:
 * @max_bytes: how many bytes the copies of all tiles may take
 *
 * Copies of the tiles painted least lately are dropped beyond @max_bytes,
 * which is 64 MB unless set.
 */
void
diplo_surface_paintable_set_max_copy_bytes (gsize max_bytes)
{
  max_copy_bytes = max_bytes;
  drop_copies_beyond (max_copy_bytes);
}
