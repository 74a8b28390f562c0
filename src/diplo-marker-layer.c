#define G_LOG_DOMAIN "diplo-marker-layer"

#include "config.h"

#include "diplo-marker-layer.h"

#include "diplo-marker-composite.h"
#include "diplo-marker-sheet.h"
#include "diplo-utils.h"

/**
 * DiploMarkerLayer:
 *
 * The layer of the map's markers, each centred on its location.
 *
 * ShumateMarkerLayer measures and places every marker again at each change
 * of each property of the view, twice for a pan, and once more in its
 * layout. This layer holds its markers on a DiploMarkerSheet, which places
 * them only when they or the zoom change, and moves the sheet with the
 * map. It shows only the markers in use (see diplo_map_marker_get_in_use
 * ()), the pool's others staying visible widgets (see
 * diplo_map_marker_clear ()).
 *
 * With the cairo renderer, it paints the layer set as its ground and its
 * markers' images in one piece. GTK 4.8's cairo renderer paints each cairo
 * node through an intermediate image of the node's size: one as large as
 * the view for the ground, and one for each marker. In one node, they
 * cost one such image; and once a DiploMarkerComposite holds the markers
 * at rest on a copy of the ground, that node paints one image. Given the
 * basemap and its layer, the copy has the basemap under the ground, and
 * the basemap's layer is hidden while the copy covers the view (see
 * diplo_marker_layer_update_basemap_layer ()).
 */
struct _DiploMarkerLayer
{
  ShumateLayer      parent_instance;

  DiploCachedLayer *ground;     /* weak */
  GtkWidget        *basemap_layer;  /* weak */
  DiploMarkerComposite *composite;
  DiploMarkerSheet *sheet;
  graphene_point_t  sheet_offset;
};

G_DEFINE_FINAL_TYPE (DiploMarkerLayer, diplo_marker_layer, SHUMATE_TYPE_LAYER)

DiploMarkerLayer *
diplo_marker_layer_new (ShumateViewport *viewport)
{
  g_return_val_if_fail (SHUMATE_IS_VIEWPORT (viewport), NULL);

  return g_object_new (DIPLO_TYPE_MARKER_LAYER, "viewport", viewport, NULL);
}

void
diplo_marker_layer_add_marker (DiploMarkerLayer *self,
                               DiploMapMarker   *marker)
{
  g_return_if_fail (DIPLO_IS_MARKER_LAYER (self));
  g_return_if_fail (DIPLO_IS_MAP_MARKER (marker));

  diplo_marker_sheet_add_marker (self->sheet, marker);
}

static void
diplo_marker_layer_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  DiploMarkerLayer *self = DIPLO_MARKER_LAYER (widget);
  DiploViewFrame frame;
  gboolean placeable = diplo_view_frame_init (&frame, SHUMATE_LAYER (self));

  gtk_widget_set_child_visible (GTK_WIDGET (self->sheet), placeable);
  if (!placeable)
    return;

  diplo_marker_sheet_set_view (self->sheet, &frame, &self->sheet_offset);
  diplo_marker_sheet_allocate (self->sheet, width, height, &self->sheet_offset);
}

/* The images of the markers in view that have one, each marker told
 * whether it is drawn here. */
static GArray *
diplo_marker_layer_collect_images (DiploMarkerLayer *self)
{
  GArray *images = g_array_new (FALSE, FALSE, sizeof (DiploStamp));
  GtkAllocation allocation;
  DiploMapMarker *marker;

  g_array_set_clear_func (images, (GDestroyNotify) diplo_stamp_clear);
  for (guint i = 0; (marker = diplo_marker_sheet_find_shown (self->sheet, &i, &allocation)) != NULL; i++)
    {
      DiploStamp image = { .order = i };

      image.look = diplo_map_marker_ref_image (marker, &image.bounds);
      diplo_map_marker_set_drawn_by_layer (marker, image.look != NULL);
      if (image.look == NULL)
        continue;

      graphene_rect_offset (&image.bounds,
                            self->sheet_offset.x + allocation.x, self->sheet_offset.y + allocation.y);
      g_array_append_val (images, image);
    }

  return images;
}

/* Each marker draws itself. */
static void
diplo_marker_layer_leave_markers (DiploMarkerLayer *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->sheet));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_mapped (child))
      diplo_map_marker_set_drawn_by_layer (DIPLO_MAP_MARKER (child), FALSE);
}

/* The ground and, when it can, the markers' images on it, which it takes
 * out of @images. */
static void
diplo_marker_layer_paint_ground (DiploMarkerLayer *self,
                                 cairo_t          *cr,
                                 GArray           *images)
{
  DiploRasterImage image;
  DiploViewFrame frame;
  graphene_point_t corner;

  if (!gtk_widget_compute_point (GTK_WIDGET (self->ground), GTK_WIDGET (self),
                                 &GRAPHENE_POINT_INIT (0, 0), &corner))
    return;

  /* Both fill the map: the markers' places are the ground's. */
  if (corner.x == 0 && corner.y == 0 &&
      diplo_cached_layer_peek_image (self->ground, &frame, &image) &&
      diplo_marker_composite_paint (self->composite, cr, &frame, &image, images))
    return;

  cairo_save (cr);
  cairo_translate (cr, corner.x, corner.y);
  diplo_cached_layer_paint (self->ground, cr);
  cairo_restore (cr);
}

/* Where the markers' images go: the intermediate image is as large. */
static void
get_images_extents (GArray          *images,
                    graphene_rect_t *extents)
{
  *extents = g_array_index (images, DiploStamp, 0).bounds;
  for (guint i = 1; i < images->len; i++)
    graphene_rect_union (extents, &g_array_index (images, DiploStamp, i).bounds, extents);
}

/* The ground and the markers' images in one node, as large as what it
 * paints: the renderer paints it through an intermediate image as large. */
static void
diplo_marker_layer_append_painting (DiploMarkerLayer *self,
                                    GtkSnapshot      *snapshot,
                                    GArray           *images)
{
  gboolean paints_ground = diplo_cached_layer_paints_anything (self->ground);
  graphene_rect_t bounds;
  cairo_t *cr;

  if (paints_ground)
    graphene_rect_init (&bounds, 0, 0,
                        gtk_widget_get_width (GTK_WIDGET (self)),
                        gtk_widget_get_height (GTK_WIDGET (self)));
  else if (images->len > 0)
    get_images_extents (images, &bounds);
  else
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  if (paints_ground)
    diplo_marker_layer_paint_ground (self, cr, images);
  for (guint i = 0; i < images->len; i++)
    {
      const DiploStamp *image = &g_array_index (images, DiploStamp, i);

      cairo_set_source_surface (cr, image->look, image->bounds.origin.x, image->bounds.origin.y);
      cairo_paint (cr);
    }
  cairo_destroy (cr);
}

static void
diplo_marker_layer_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  DiploMarkerLayer *self = DIPLO_MARKER_LAYER (widget);
  g_autoptr(GArray) images = NULL;

  if (self->ground == NULL || !diplo_widget_uses_cairo_renderer (widget))
    {
      diplo_marker_layer_leave_markers (self);
      GTK_WIDGET_CLASS (diplo_marker_layer_parent_class)->snapshot (widget, snapshot);
      return;
    }

  images = diplo_marker_layer_collect_images (self);
  diplo_marker_layer_append_painting (self, snapshot, images);

  /* The markers it could not draw, hovered or pressed, above the others;
   * those it drew need no node of their own. */
  gtk_widget_snapshot_child (widget, GTK_WIDGET (self->sheet), snapshot);
}

static void
diplo_marker_layer_constructed (GObject *object)
{
  DiploMarkerLayer *self = DIPLO_MARKER_LAYER (object);

  G_OBJECT_CLASS (diplo_marker_layer_parent_class)->constructed (object);

  g_signal_connect_object (shumate_layer_get_viewport (SHUMATE_LAYER (self)), "notify",
                           G_CALLBACK (gtk_widget_queue_allocate), self,
                           G_CONNECT_SWAPPED);
}

/**
 * diplo_marker_layer_set_ground:
 * @ground: (nullable): a layer below this one and as large
 *
 * Has the layer paint @ground below its markers, with the cairo renderer
 * (see diplo_cached_layer_set_painter()).
 */
void
diplo_marker_layer_set_ground (DiploMarkerLayer *self,
                               DiploCachedLayer *ground)
{
  g_return_if_fail (DIPLO_IS_MARKER_LAYER (self));
  g_return_if_fail (ground == NULL || DIPLO_IS_CACHED_LAYER (ground));

  if (self->ground == ground)
    return;

  if (self->ground != NULL)
    {
      diplo_cached_layer_set_painter (self->ground, NULL);
      g_object_remove_weak_pointer (G_OBJECT (self->ground), (gpointer *) &self->ground);
    }

  self->ground = ground;
  if (ground != NULL)
    {
      g_object_add_weak_pointer (G_OBJECT (ground), (gpointer *) &self->ground);
      diplo_cached_layer_set_painter (ground, GTK_WIDGET (self));
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * diplo_marker_layer_set_basemap:
 * @basemap: (nullable): the basemap @basemap_layer shows, or %NULL
 * @tile_size: its map source's tile size
 * @basemap_layer: (nullable): the layer of the basemap's tiles, below the
 *   ground, or %NULL
 *
 * Has the layer paint the basemap under its ground, with the cairo
 * renderer, and hide @basemap_layer in the frames where that covers the
 * whole view. Nothing may show between the two: unset it while another
 * layer, such as online tiles, lies above the basemap.
 */
void
diplo_marker_layer_set_basemap (DiploMarkerLayer *self,
                                DiploBasemap     *basemap,
                                guint             tile_size,
                                GtkWidget        *basemap_layer)
{
  g_return_if_fail (DIPLO_IS_MARKER_LAYER (self));
  g_return_if_fail (basemap_layer == NULL || GTK_IS_WIDGET (basemap_layer));

  if (self->basemap_layer != NULL)
    {
      gtk_widget_set_opacity (self->basemap_layer, 1.0);
      g_object_remove_weak_pointer (G_OBJECT (self->basemap_layer), (gpointer *) &self->basemap_layer);
    }
  self->basemap_layer = basemap != NULL ? basemap_layer : NULL;
  if (self->basemap_layer != NULL)
    g_object_add_weak_pointer (G_OBJECT (self->basemap_layer), (gpointer *) &self->basemap_layer);

  diplo_marker_composite_set_basemap (self->composite, self->basemap_layer != NULL ? basemap : NULL,
                                      tile_size);
}

/* Whether this frame paints the markers' composite over the whole view,
 * the basemap under it. Only while the ground shows its current content:
 * a new content's image may come during the snapshot, which the composite
 * would not paint. */
static gboolean
diplo_marker_layer_covers_view (DiploMarkerLayer *self)
{
  DiploRasterImage image;
  DiploViewFrame frame;
  graphene_point_t corner;

  return self->ground != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)) &&
         diplo_widget_uses_cairo_renderer (GTK_WIDGET (self)) &&
         diplo_cached_layer_shows_content (self->ground) &&
         gtk_widget_compute_point (GTK_WIDGET (self->ground), GTK_WIDGET (self),
                                   &GRAPHENE_POINT_INIT (0, 0), &corner) &&
         corner.x == 0 && corner.y == 0 &&
         diplo_cached_layer_peek_image (self->ground, &frame, &image) &&
         diplo_marker_composite_covers (self->composite, &frame, &image);
}

/**
 * diplo_marker_layer_update_basemap_layer:
 *
 * Hides the basemap's layer if this frame paints the basemap here over
 * the whole view, and shows it otherwise. Call it in each frame before the
 * basemap's layer is snapshotted, as from its ancestors' snapshot.
 */
void
diplo_marker_layer_update_basemap_layer (DiploMarkerLayer *self)
{
  double opacity;

  g_return_if_fail (DIPLO_IS_MARKER_LAYER (self));

  if (self->basemap_layer == NULL)
    return;

  opacity = diplo_marker_layer_covers_view (self) ? 0.0 : 1.0;
  if (gtk_widget_get_opacity (self->basemap_layer) != opacity)
    gtk_widget_set_opacity (self->basemap_layer, opacity);
}

static void
diplo_marker_layer_dispose (GObject *object)
{
  DiploMarkerLayer *self = DIPLO_MARKER_LAYER (object);

  diplo_marker_layer_set_ground (self, NULL);
  if (self->composite != NULL)
    diplo_marker_layer_set_basemap (self, NULL, 0, NULL);
  g_clear_pointer (&self->composite, diplo_marker_composite_free);
  if (self->sheet != NULL)
    gtk_widget_unparent (GTK_WIDGET (g_steal_pointer (&self->sheet)));

  G_OBJECT_CLASS (diplo_marker_layer_parent_class)->dispose (object);
}

static void
diplo_marker_layer_class_init (DiploMarkerLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = diplo_marker_layer_constructed;
  object_class->dispose = diplo_marker_layer_dispose;

  widget_class->size_allocate = diplo_marker_layer_size_allocate;
  widget_class->snapshot = diplo_marker_layer_snapshot;
}

static void
diplo_marker_layer_init (DiploMarkerLayer *self)
{
  self->composite = diplo_marker_composite_new (GTK_WIDGET (self));
  self->sheet = diplo_marker_sheet_new ();
  gtk_widget_set_parent (GTK_WIDGET (self->sheet), GTK_WIDGET (self));
}
