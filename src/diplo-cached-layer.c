#define G_LOG_DOMAIN "diplo-cached-layer"

#include "config.h"

#include "diplo-cached-layer.h"

#include "diplo-utils.h"

/**
 * DiploCachedLayer:
 *
 * The base of the map layers whose drawing is too costly for every frame
 * (see #DiploRasterCache): a subclass says what it has to draw and how, and
 * calls diplo_cached_layer_content_changed() when that changes; this class
 * keeps the texture up to date with the content, the CSS colour and the
 * view. A subclass may draw live content above the texture (see
 * DiploCachedLayerClass.draw_live()).
 */
typedef struct
{
  DiploRasterCache *cache;
  gboolean          content_changed;
  guint             update_idle;
  gboolean          has_copy;       /* the cache draws a copy of the content */
  GdkRGBA           copy_colour;
  /* A layer whose content this one draws below its own, and the layer
   * that draws this one's: each one's weak pointer to the other. */
  DiploCachedLayer *beneath;
  DiploCachedLayer *above;
  GtkWidget        *painter;        /* weak */
} DiploCachedLayerPrivate;

/* The contents of two layers in one image, the first one below. */
typedef struct
{
  DiploRasterDrawFunc  draw[2];
  gpointer             data[2];
  GDestroyNotify       free[2];
  DiploRasterEqualFunc equal[2];
} Stack;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (DiploCachedLayer, diplo_cached_layer, SHUMATE_TYPE_LAYER)

static void diplo_cached_layer_update_content (DiploCachedLayer *self);

static gboolean
on_update_idle (gpointer data)
{
  DiploCachedLayer *self = data;
  DiploCachedLayerPrivate *priv = diplo_cached_layer_get_instance_private (self);
  DiploViewFrame frame;

  priv->update_idle = 0;
  if (priv->content_changed)
    diplo_cached_layer_update_content (self);
  if (diplo_view_frame_init (&frame, SHUMATE_LAYER (self)))
    diplo_raster_cache_update (priv->cache, &frame);

  return G_SOURCE_REMOVE;
}

/**
 * diplo_cached_layer_content_changed:
 *
 * Copies the content for a new image once the main loop is back, before
 * the next frame, and starts drawing it, so that the frame's other work
 * and the drawing overlap. Copying then rather than now keeps a burst of
 * changes to one copy.
 */
void
diplo_cached_layer_content_changed (DiploCachedLayer *self)
{
  DiploCachedLayerPrivate *priv;

  g_return_if_fail (DIPLO_IS_CACHED_LAYER (self));

  priv = diplo_cached_layer_get_instance_private (self);
  priv->content_changed = TRUE;
  diplo_cached_layer_queue_draw (self);
  if (priv->above != NULL)
    {
      diplo_cached_layer_content_changed (priv->above);
      return;
    }

  /* Before GDK_PRIORITY_REDRAW, at which frames are made. A change told
   * while the layer is disposed still finds it there. */
  if (priv->update_idle == 0)
    priv->update_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE, on_update_idle,
                                         g_object_ref (self), g_object_unref);
}

/**
 * diplo_cached_layer_update_now:
 *
 * Copies a changed content and starts drawing it now rather than once the
 * main loop is back: for a content complete while more work precedes the
 * frame, which the drawing then overlaps.
 */
void
diplo_cached_layer_update_now (DiploCachedLayer *self)
{
  DiploCachedLayerPrivate *priv;

  g_return_if_fail (DIPLO_IS_CACHED_LAYER (self));

  priv = diplo_cached_layer_get_instance_private (self);
  if (priv->above != NULL)
    {
      diplo_cached_layer_update_now (priv->above);
      return;
    }

  if (priv->update_idle == 0)
    return;

  g_clear_handle_id (&priv->update_idle, g_source_remove);
  on_update_idle (self);
}

static gboolean
diplo_cached_layer_has_content (DiploCachedLayer *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self)) &&
         DIPLO_CACHED_LAYER_GET_CLASS (self)->has_content (self);
}

/* Whether the content as last copied is the content now, as when a month
 * change keeps the same routes: a new image would look the same. */
static gboolean
diplo_cached_layer_copy_is_current (DiploCachedLayer *self,
                                    gboolean          has_content,
                                    const GdkRGBA    *colour)
{
  DiploCachedLayerPrivate *priv = diplo_cached_layer_get_instance_private (self);
  DiploCachedLayerClass *klass = DIPLO_CACHED_LAYER_GET_CLASS (self);

  if (!has_content || !priv->has_copy)
    return has_content == priv->has_copy;

  return gdk_rgba_equal (colour, &priv->copy_colour) &&
         klass->copied_content_is_current != NULL && klass->copied_content_is_current (self);
}

static gpointer
diplo_cached_layer_copy_content (DiploCachedLayer *self,
                                 gboolean          has_content,
                                 const GdkRGBA    *colour)
{
  DiploCachedLayerPrivate *priv = diplo_cached_layer_get_instance_private (self);

  priv->content_changed = FALSE;
  priv->has_copy = has_content;
  priv->copy_colour = *colour;

  return has_content ? DIPLO_CACHED_LAYER_GET_CLASS (self)->copy_content (self, colour) : NULL;
}

static void
stack_free (gpointer data)
{
  Stack *stack = data;

  for (guint i = 0; i < G_N_ELEMENTS (stack->data); i++)
    if (stack->data[i] != NULL)
      stack->free[i] (stack->data[i]);
  g_free (stack);
}

static gboolean
stack_equal (gconstpointer a,
             gconstpointer b)
{
  const Stack *stack_a = a;
  const Stack *stack_b = b;

  for (guint i = 0; i < G_N_ELEMENTS (stack_a->data); i++)
    {
      if (stack_a->draw[i] != stack_b->draw[i] ||
          (stack_a->data[i] == NULL) != (stack_b->data[i] == NULL))
        return FALSE;

      if (stack_a->data[i] != NULL &&
          (stack_a->equal[i] == NULL || !stack_a->equal[i] (stack_a->data[i], stack_b->data[i])))
        return FALSE;
    }

  return TRUE;
}

/* The layers' functions, their contents left to the caller. */
static Stack *
stack_new (DiploCachedLayer * const *layers)
{
  Stack *stack = g_new0 (Stack, 1);

  for (guint i = 0; i < G_N_ELEMENTS (stack->data); i++)
    if (layers[i] != NULL)
      {
        DiploCachedLayerClass *klass = DIPLO_CACHED_LAYER_GET_CLASS (layers[i]);

        stack->draw[i] = klass->draw_content;
        stack->free[i] = klass->free_content;
        stack->equal[i] = klass->equal_content;
      }

  return stack;
}

static void
draw_stack (cairo_t  *cr,
            double    zoom_level,
            guint     tile_size,
            gpointer  data)
{
  Stack *stack = data;

  for (guint i = 0; i < G_N_ELEMENTS (stack->data); i++)
    if (stack->data[i] != NULL)
      {
        cairo_save (cr);
        stack->draw[i] (cr, zoom_level, tile_size, stack->data[i]);
        cairo_restore (cr);
      }
}

static void
diplo_cached_layer_get_colour (DiploCachedLayer *self,
                               GdkRGBA          *colour)
{
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), colour);
}

static void
diplo_cached_layer_update_content (DiploCachedLayer *self)
{
  DiploCachedLayerPrivate *priv = diplo_cached_layer_get_instance_private (self);
  DiploCachedLayer *layers[2] = { priv->beneath, self };
  gboolean has_content[2];
  GdkRGBA colours[2];
  Stack *stack;

  g_assert (DIPLO_IS_CACHED_LAYER (self));

  priv->content_changed = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (layers); i++)
    {
      has_content[i] = layers[i] != NULL && diplo_cached_layer_has_content (layers[i]);
      if (layers[i] != NULL)
        diplo_cached_layer_get_colour (layers[i], &colours[i]);
    }

  if ((layers[0] == NULL || diplo_cached_layer_copy_is_current (layers[0], has_content[0], &colours[0])) &&
      diplo_cached_layer_copy_is_current (self, has_content[1], &colours[1]))
    return;

  if (!has_content[0] && !has_content[1])
    {
      for (guint i = 0; i < G_N_ELEMENTS (layers); i++)
        if (layers[i] != NULL)
          diplo_cached_layer_copy_content (layers[i], FALSE, &colours[i]);
      diplo_raster_cache_set_content (priv->cache, NULL, NULL, NULL);
      return;
    }

  stack = stack_new (layers);
  for (guint i = 0; i < G_N_ELEMENTS (layers); i++)
    if (layers[i] != NULL)
      stack->data[i] = diplo_cached_layer_copy_content (layers[i], has_content[i], &colours[i]);
  diplo_raster_cache_set_content (priv->cache, draw_stack, stack, stack_free);
}

/**
 * diplo_cached_layer_draw_ahead:
 * @source: (nullable): a content this layer may be given next, as its
 *   class's copy_content_for() takes it
 * @beneath_source: (nullable): the same for the layer set beneath, if any
 *
 * Draws the image of those contents, once the current one is drawn, so
 * that when the layers are given them, it shows in the frame that follows.
 */
void
diplo_cached_layer_draw_ahead (DiploCachedLayer *self,
                               gconstpointer     source,
                               gconstpointer     beneath_source)
{
  DiploCachedLayerPrivate *priv;
  DiploCachedLayer *layers[2];
  gconstpointer sources[2] = { beneath_source, source };
  gboolean any = FALSE;
  Stack *stack;

  g_return_if_fail (DIPLO_IS_CACHED_LAYER (self));

  priv = diplo_cached_layer_get_instance_private (self);
  g_return_if_fail (priv->above == NULL);
  layers[0] = priv->beneath;
  layers[1] = self;

  stack = stack_new (layers);
  for (guint i = 0; i < G_N_ELEMENTS (layers); i++)
    {
      DiploCachedLayerClass *klass;
      GdkRGBA colour;

      if (layers[i] == NULL || sources[i] == NULL || !gtk_widget_get_visible (GTK_WIDGET (layers[i])))
        continue;

      klass = DIPLO_CACHED_LAYER_GET_CLASS (layers[i]);
      if (klass->copy_content_for == NULL || klass->equal_content == NULL)
        {
          stack_free (stack);
          return;
        }

      diplo_cached_layer_get_colour (layers[i], &colour);
      stack->data[i] = klass->copy_content_for (layers[i], sources[i], &colour);
      any |= stack->data[i] != NULL;
    }

  if (any)
    diplo_raster_cache_draw_ahead (priv->cache, draw_stack, stack, stack_free);
  else
    stack_free (stack);
}

/**
 * diplo_cached_layer_get_n_ahead:
 *
 * Returns: how many contents are drawn ahead, or held drawn, for the layers
 *   to be given later
 */
guint
diplo_cached_layer_get_n_ahead (DiploCachedLayer *self)
{
  DiploCachedLayerPrivate *priv;

  g_return_val_if_fail (DIPLO_IS_CACHED_LAYER (self), 0);

  priv = diplo_cached_layer_get_instance_private (self);

  return diplo_raster_cache_get_n_ahead (priv->cache);
}

/**
 * diplo_cached_layer_set_beneath:
 * @beneath: (nullable): a layer right below this one
 *
 * Draws the content of @beneath into this layer's image, below its own,
 * and leaves @beneath's image empty. The cairo renderer copies every
 * image it draws into a new one first, in every frame: two layers in one
 * image cost half as much to move.
 */
void
diplo_cached_layer_set_beneath (DiploCachedLayer *self,
                                DiploCachedLayer *beneath)
{
  DiploCachedLayerPrivate *priv;

  g_return_if_fail (DIPLO_IS_CACHED_LAYER (self));
  g_return_if_fail (beneath == NULL || DIPLO_IS_CACHED_LAYER (beneath));

  priv = diplo_cached_layer_get_instance_private (self);
  if (priv->beneath == beneath)
    return;
  g_return_if_fail (beneath == NULL || ((DiploCachedLayerPrivate *) diplo_cached_layer_get_instance_private (beneath))->above == NULL);

  if (priv->beneath != NULL)
    {
      DiploCachedLayerPrivate *old = diplo_cached_layer_get_instance_private (priv->beneath);

      g_object_remove_weak_pointer (G_OBJECT (priv->beneath), (gpointer *) &priv->beneath);
      g_object_remove_weak_pointer (G_OBJECT (self), (gpointer *) &old->above);
      old->above = NULL;
      old->has_copy = FALSE;
      diplo_cached_layer_content_changed (priv->beneath);
    }

  priv->beneath = beneath;
  if (beneath != NULL)
    {
      DiploCachedLayerPrivate *new = diplo_cached_layer_get_instance_private (beneath);

      new->above = self;
      g_object_add_weak_pointer (G_OBJECT (beneath), (gpointer *) &priv->beneath);
      g_object_add_weak_pointer (G_OBJECT (self), (gpointer *) &new->above);
      new->has_copy = FALSE;
      diplo_raster_cache_set_content (new->cache, NULL, NULL, NULL);
    }
  /* The image to draw anew, although this layer's own content stays. */
  priv->has_copy = FALSE;
  diplo_cached_layer_content_changed (self);
}

/**
 * diplo_cached_layer_shows_content:
 *
 * Returns: whether the layer's last frame showed its content as it is now,
 *   rather than an image of what it was while a new one is drawn
 */
gboolean
diplo_cached_layer_shows_content (DiploCachedLayer *self)
{
  DiploCachedLayerPrivate *priv;

  g_return_val_if_fail (DIPLO_IS_CACHED_LAYER (self), FALSE);

  priv = diplo_cached_layer_get_instance_private (self);
  if (priv->above != NULL)
    return diplo_cached_layer_shows_content (priv->above);

  return !priv->content_changed && diplo_raster_cache_shows_content (priv->cache);
}

/* With the cairo renderer, while the painter shows. */
static gboolean
diplo_cached_layer_has_painter (DiploCachedLayer *self)
{
  DiploCachedLayerPrivate *priv = diplo_cached_layer_get_instance_private (self);

  return priv->painter != NULL && gtk_widget_get_mapped (priv->painter) &&
         diplo_widget_uses_cairo_renderer (GTK_WIDGET (self));
}

static void
diplo_cached_layer_paint_live (DiploCachedLayer      *self,
                               cairo_t               *cr,
                               const DiploViewFrame  *frame,
                               const graphene_rect_t *bounds)
{
  cairo_save (cr);
  cairo_rectangle (cr, bounds->origin.x, bounds->origin.y, bounds->size.width, bounds->size.height);
  cairo_clip (cr);
  DIPLO_CACHED_LAYER_GET_CLASS (self)->draw_live (self, cr, frame);
  cairo_restore (cr);
}

static gboolean
diplo_cached_layer_get_live_bounds (DiploCachedLayer     *self,
                                    const DiploViewFrame *frame,
                                    graphene_rect_t      *bounds)
{
  DiploCachedLayerClass *klass = DIPLO_CACHED_LAYER_GET_CLASS (self);

  return klass->get_live_bounds != NULL && klass->get_live_bounds (self, frame, bounds);
}

static void
diplo_cached_layer_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  DiploCachedLayer *self = DIPLO_CACHED_LAYER (widget);
  DiploCachedLayerPrivate *priv = diplo_cached_layer_get_instance_private (self);
  DiploViewFrame frame;
  graphene_rect_t bounds;
  cairo_t *cr;

  /* Drawn by the layer above, or by the painter. */
  if (priv->above != NULL || diplo_cached_layer_has_painter (self))
    return;

  if (priv->content_changed)
    diplo_cached_layer_update_content (self);

  if (!diplo_view_frame_init (&frame, SHUMATE_LAYER (self)))
    return;

  diplo_raster_cache_snapshot (priv->cache, snapshot, &frame);
  if (diplo_cached_layer_get_live_bounds (self, &frame, &bounds))
    {
      cr = gtk_snapshot_append_cairo (snapshot, &bounds);
      diplo_cached_layer_paint_live (self, cr, &frame, &bounds);
      cairo_destroy (cr);
    }
}

/* Whether the painter paints the layer now; its content made current. */
static gboolean
diplo_cached_layer_prepare_paint (DiploCachedLayer *self,
                                  DiploViewFrame   *frame)
{
  DiploCachedLayerPrivate *priv = diplo_cached_layer_get_instance_private (self);

  if (priv->above != NULL || !diplo_cached_layer_has_painter (self) ||
      !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return FALSE;

  if (priv->content_changed)
    diplo_cached_layer_update_content (self);

  return diplo_view_frame_init (frame, SHUMATE_LAYER (self));
}

/**
 * diplo_cached_layer_paints_anything:
 *
 * Returns: whether diplo_cached_layer_paint() would paint anything now
 */
gboolean
diplo_cached_layer_paints_anything (DiploCachedLayer *self)
{
  DiploCachedLayerPrivate *priv;
  DiploViewFrame frame;
  graphene_rect_t bounds;

  g_return_val_if_fail (DIPLO_IS_CACHED_LAYER (self), FALSE);

  priv = diplo_cached_layer_get_instance_private (self);

  return diplo_cached_layer_prepare_paint (self, &frame) &&
         (diplo_raster_cache_has_content (priv->cache) ||
          diplo_cached_layer_get_live_bounds (self, &frame, &bounds));
}

/**
 * diplo_cached_layer_paint:
 * @cr: where to paint, its origin at the layer's corner
 *
 * Paints the layer's image and live content for its painter (see
 * diplo_cached_layer_set_painter()), unless the layer draws itself, as
 * with a GPU renderer, or nothing, as while it is hidden.
 */
void
diplo_cached_layer_paint (DiploCachedLayer *self,
                          cairo_t          *cr)
{
  DiploCachedLayerPrivate *priv;
  DiploViewFrame frame;
  graphene_rect_t bounds;

  g_return_if_fail (DIPLO_IS_CACHED_LAYER (self));
  g_return_if_fail (cr != NULL);

  priv = diplo_cached_layer_get_instance_private (self);
  if (!diplo_cached_layer_prepare_paint (self, &frame))
    return;

  diplo_raster_cache_paint (priv->cache, cr, &frame);
  if (diplo_cached_layer_get_live_bounds (self, &frame, &bounds))
    diplo_cached_layer_paint_live (self, cr, &frame, &bounds);
}

/**
 * diplo_cached_layer_peek_image:
 * @frame: (out caller-allocates): the layer's view
 * @image: (out caller-allocates): the image of its content
 *
 * For a painter that paints the layer's image its own way: gives the
 * image diplo_cached_layer_paint() would paint, when it would paint only
 * that.
 *
 * Returns: whether it would
 */
gboolean
diplo_cached_layer_peek_image (DiploCachedLayer *self,
                               DiploViewFrame   *frame,
                               DiploRasterImage *image)
{
  DiploCachedLayerPrivate *priv;
  graphene_rect_t bounds;

  g_return_val_if_fail (DIPLO_IS_CACHED_LAYER (self), FALSE);
  g_return_val_if_fail (frame != NULL, FALSE);
  g_return_val_if_fail (image != NULL, FALSE);

  priv = diplo_cached_layer_get_instance_private (self);

  return diplo_cached_layer_prepare_paint (self, frame) &&
         !diplo_cached_layer_get_live_bounds (self, frame, &bounds) &&
         diplo_raster_cache_peek_image (priv->cache, frame, image);
}

/**
 * diplo_cached_layer_queue_draw:
 *
 * Has the next frame draw the layer anew, and its painter if it has one.
 */
void
diplo_cached_layer_queue_draw (DiploCachedLayer *self)
{
  DiploCachedLayerPrivate *priv;

  g_return_if_fail (DIPLO_IS_CACHED_LAYER (self));

  priv = diplo_cached_layer_get_instance_private (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (priv->painter != NULL)
    gtk_widget_queue_draw (priv->painter);
}

/**
 * diplo_cached_layer_set_painter:
 * @painter: (nullable): a widget above the layer and as large, which calls
 *   diplo_cached_layer_paint() as it draws
 *
 * With the cairo renderer, has @painter paint the layer below its own
 * drawing, in one cairo node. That renderer paints every cairo node
 * through an intermediate image of the node's size, and this layer's
 * covers the view: a widget that draws above the whole view, like the
 * markers, then pays for one such image rather than two.
 */
void
diplo_cached_layer_set_painter (DiploCachedLayer *self,
                                GtkWidget        *painter)
{
  DiploCachedLayerPrivate *priv;

  g_return_if_fail (DIPLO_IS_CACHED_LAYER (self));
  g_return_if_fail (painter == NULL || GTK_IS_WIDGET (painter));

  priv = diplo_cached_layer_get_instance_private (self);
  if (priv->painter == painter)
    return;

  if (priv->painter != NULL)
    {
      g_signal_handlers_disconnect_by_func (priv->painter, diplo_cached_layer_queue_draw, self);
      gtk_widget_queue_draw (priv->painter);
      g_object_remove_weak_pointer (G_OBJECT (priv->painter), (gpointer *) &priv->painter);
    }

  priv->painter = painter;
  if (painter != NULL)
    {
      g_object_add_weak_pointer (G_OBJECT (painter), (gpointer *) &priv->painter);
      /* Shown or hidden, the painter takes the layer or leaves it. */
      g_signal_connect_object (painter, "map", G_CALLBACK (diplo_cached_layer_queue_draw), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (painter, "unmap", G_CALLBACK (diplo_cached_layer_queue_draw), self,
                               G_CONNECT_SWAPPED);
    }
  diplo_cached_layer_queue_draw (self);
}

/* Shown or hidden, the layer changes its painter's drawing. */
static void
on_mapped_changed (DiploCachedLayer *self)
{
  DiploCachedLayerPrivate *priv = diplo_cached_layer_get_instance_private (self);

  if (priv->painter != NULL)
    gtk_widget_queue_draw (priv->painter);
}

static void
on_cache_redraw (DiploCachedLayer *self,
                 gpointer          data)
{
  diplo_cached_layer_queue_draw (self);
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
  DiploCachedLayerPrivate *priv = diplo_cached_layer_get_instance_private (self);

  g_assert (DIPLO_IS_CACHED_LAYER (self));

  if (priv->above == NULL &&
      (DIPLO_CACHED_LAYER_GET_CLASS (self)->has_content (self) ||
       (priv->beneath != NULL && diplo_cached_layer_has_content (priv->beneath))))
    diplo_cached_layer_queue_draw (self);
}

/* Shown or hidden, a layer drawn by the one above changes that one's image. */
static void
on_visible_changed (DiploCachedLayer *self)
{
  DiploCachedLayerPrivate *priv = diplo_cached_layer_get_instance_private (self);

  if (priv->above != NULL)
    diplo_cached_layer_content_changed (self);
}

static void
diplo_cached_layer_constructed (GObject *object)
{
  DiploCachedLayer *self = DIPLO_CACHED_LAYER (object);

  G_OBJECT_CLASS (diplo_cached_layer_parent_class)->constructed (object);

  g_signal_connect_object (shumate_layer_get_viewport (SHUMATE_LAYER (self)), "notify",
                           G_CALLBACK (on_viewport_notify), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::visible", G_CALLBACK (on_visible_changed), NULL);
  g_signal_connect (self, "map", G_CALLBACK (on_mapped_changed), NULL);
  g_signal_connect (self, "unmap", G_CALLBACK (on_mapped_changed), NULL);
}

static void
diplo_cached_layer_dispose (GObject *object)
{
  DiploCachedLayer *self = DIPLO_CACHED_LAYER (object);
  DiploCachedLayerPrivate *priv = diplo_cached_layer_get_instance_private (self);

  diplo_cached_layer_set_beneath (self, NULL);
  diplo_cached_layer_set_painter (self, NULL);
  if (priv->above != NULL)
    diplo_cached_layer_set_beneath (priv->above, NULL);
  g_clear_handle_id (&priv->update_idle, g_source_remove);

  G_OBJECT_CLASS (diplo_cached_layer_parent_class)->dispose (object);
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
  object_class->dispose = diplo_cached_layer_dispose;
  object_class->finalize = diplo_cached_layer_finalize;

  widget_class->snapshot = diplo_cached_layer_snapshot;
  widget_class->css_changed = diplo_cached_layer_css_changed;
}

static void
diplo_cached_layer_init (DiploCachedLayer *self)
{
  DiploCachedLayerPrivate *priv = diplo_cached_layer_get_instance_private (self);

  priv->cache = diplo_raster_cache_new (GTK_WIDGET (self));
  diplo_raster_cache_set_redraw_func (priv->cache, (GFunc) on_cache_redraw, NULL);
  diplo_raster_cache_set_equal_func (priv->cache, stack_equal);

  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}
