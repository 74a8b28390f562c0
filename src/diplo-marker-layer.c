#define G_LOG_DOMAIN "diplo-marker-layer"

#include "config.h"

#include "diplo-marker-layer.h"

#include <math.h>

/**
 * DiploMarkerLayer:
 *
 * The layer of the map's markers, each centred on its location.
 *
 * ShumateMarkerLayer measures and places every marker again at each change
 * of each property of the view, twice for a pan, and once more in its
 * layout; this layer only places them in its layout.
 */
struct _DiploMarkerLayer
{
  ShumateLayer parent_instance;
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

  /* A marker's location notifies both its coordinates at each move, the
   * latitude first: one of them tells of every move. */
  g_signal_connect_object (marker, "notify::latitude", G_CALLBACK (gtk_widget_queue_allocate),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_set_parent (GTK_WIDGET (marker), GTK_WIDGET (self));
}

static void
diplo_marker_layer_place_marker (DiploMarkerLayer *self,
                                 GtkWidget        *marker,
                                 int               width,
                                 int               height)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  ShumateLocation *location = SHUMATE_LOCATION (marker);
  GtkRequisition size;
  double x, y;
  gboolean in_view;

  shumate_viewport_location_to_widget_coords (viewport, GTK_WIDGET (self),
                                              shumate_location_get_latitude (location),
                                              shumate_location_get_longitude (location),
                                              &x, &y);
  gtk_widget_get_preferred_size (marker, &size, NULL);
  x = floor (x - size.width / 2.0);
  y = floor (y - size.height / 2.0);

  in_view = x > -size.width && x < width && y > -size.height && y < height;
  gtk_widget_set_child_visible (marker, in_view);
  if (in_view)
    gtk_widget_size_allocate (marker,
                              &(GtkAllocation) { x, y, size.width, size.height },
                              -1);
}

static void
diplo_marker_layer_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  DiploMarkerLayer *self = DIPLO_MARKER_LAYER (widget);
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  gboolean placeable = shumate_viewport_get_reference_map_source (viewport) != NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_should_layout (child))
        continue;

      if (placeable)
        diplo_marker_layer_place_marker (self, child, width, height);
      else
        gtk_widget_set_child_visible (child, FALSE);
    }
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

static void
diplo_marker_layer_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

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
}

static void
diplo_marker_layer_init (DiploMarkerLayer *self)
{
}
