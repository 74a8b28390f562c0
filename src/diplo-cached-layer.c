#define G_LOG_DOMAIN "diplo-cached-layer"

#include "config.h"

#include "diplo-cached-layer.h"

/**
 * DiploCachedLayer:
 *
 * The base of the map layers whose drawing is too costly for every frame
 * (see #DiploRasterCache): a subclass says what it has to draw and how, and
 * calls diplo_cached_layer_content_changed() when that changes; this class
 * keeps the texture up to date with the content, the CSS colour and the
 * view. A subclass may override GtkWidget.snapshot() to draw live content
 * above the texture, chaining up first.
 */
typedef struct
{
  DiploRasterCache *cache;
  gboolean          content_changed;
  gboolean          has_copy;       /* the cache draws a copy of the content */
  GdkRGBA           copy_colour;
} DiploCachedLayerPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (DiploCachedLayer, diplo_cached_layer, SHUMATE_TYPE_LAYER)

/**
 * diplo_cached_layer_content_changed:
 *
 * Makes the next frame copy the content for a new texture. Copying then
 * rather than now keeps a burst of changes to one copy.
 */
void
diplo_cached_layer_content_changed (DiploCachedLayer *self)
{
  DiploCachedLayerPrivate *priv;

  g_return_if_fail (DIPLO_IS_CACHED_LAYER (self));

  priv = diplo_cached_layer_get_instance_private (self);
  priv->content_changed = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
diplo_cached_layer_update_content (DiploCachedLayer *self)
{
  DiploCachedLayerPrivate *priv = diplo_cached_layer_get_instance_private (self);
  DiploCachedLayerClass *klass = DIPLO_CACHED_LAYER_GET_CLASS (self);
  GdkRGBA colour;

  g_assert (DIPLO_IS_CACHED_LAYER (self));

  priv->content_changed = FALSE;

  if (!klass->has_content (self))
    {
      priv->has_copy = FALSE;
      diplo_raster_cache_set_content (priv->cache, NULL, NULL, NULL);
      return;
    }

  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), &colour);

  /* Changed back to what is drawn, as when a month change keeps the
   * same routes: a new texture would look the same. */
  if (priv->has_copy && gdk_rgba_equal (&colour, &priv->copy_colour) &&
      klass->copied_content_is_current != NULL && klass->copied_content_is_current (self))
    return;

  priv->has_copy = TRUE;
  priv->copy_colour = colour;
  diplo_raster_cache_set_content (priv->cache, klass->draw_content,
                                  klass->copy_content (self, &colour), klass->free_content);
}

static void
diplo_cached_layer_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  DiploCachedLayer *self = DIPLO_CACHED_LAYER (widget);
  DiploCachedLayerPrivate *priv = diplo_cached_layer_get_instance_private (self);
  DiploViewFrame frame;

  if (priv->content_changed)
    diplo_cached_layer_update_content (self);

  if (diplo_view_frame_init (&frame, SHUMATE_LAYER (self)))
    diplo_raster_cache_snapshot (priv->cache, snapshot, &frame);
}

static void
diplo_cached_layer_css_changed (GtkWidget         *widget,
                                GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (diplo_cached_layer_parent_class)->css_changed (widget, change);

  /* The colour is baked into the texture. */
  diplo_cached_layer_content_changed (DIPLO_CACHED_LAYER (widget));
}

/* Every move of the view needs a frame, to move the texture along and to
 * draw a new one when it no longer covers the view. */
static void
on_viewport_notify (DiploCachedLayer *self,
                    GParamSpec       *pspec,
                    ShumateViewport  *viewport)
{
  g_assert (DIPLO_IS_CACHED_LAYER (self));

  if (DIPLO_CACHED_LAYER_GET_CLASS (self)->has_content (self))
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
diplo_cached_layer_constructed (GObject *object)
{
  DiploCachedLayer *self = DIPLO_CACHED_LAYER (object);

  G_OBJECT_CLASS (diplo_cached_layer_parent_class)->constructed (object);

  g_signal_connect_object (shumate_layer_get_viewport (SHUMATE_LAYER (self)), "notify",
                           G_CALLBACK (on_viewport_notify), self,
                           G_CONNECT_SWAPPED);
}

static void
diplo_cached_layer_finalize (GObject *object)
{
  DiploCachedLayer *self = DIPLO_CACHED_LAYER (object);
  DiploCachedLayerPrivate *priv = diplo_cached_layer_get_instance_private (self);

  g_clear_pointer (&priv->cache, diplo_raster_cache_free);

  G_OBJECT_CLASS (diplo_cached_layer_parent_class)->finalize (object);
}

static void
diplo_cached_layer_class_init (DiploCachedLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = diplo_cached_layer_constructed;
  object_class->finalize = diplo_cached_layer_finalize;

  widget_class->snapshot = diplo_cached_layer_snapshot;
  widget_class->css_changed = diplo_cached_layer_css_changed;
}

static void
diplo_cached_layer_init (DiploCachedLayer *self)
{
  DiploCachedLayerPrivate *priv = diplo_cached_layer_get_instance_private (self);

  priv->cache = diplo_raster_cache_new (GTK_WIDGET (self));

  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}
