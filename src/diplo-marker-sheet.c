#define G_LOG_DOMAIN "diplo-marker-sheet"

#include "config.h"

#include "diplo-marker-sheet.h"

#include <math.h>

#include "diplo-mercator.h"

/**
 * DiploMarkerSheet:
 *
 * The markers of a DiploMarkerLayer, each centred on its location as the
 * view was when the sheet was last laid out for it: the anchor.
 *
 * While the map only moves, the layer moves the sheet, and GTK lays out
 * none of its markers again: placing a hundred and fifty markers at each
 * step of a drag took a third of a millisecond. A marker that moves or
 * comes into use is placed alone by the layer's next layout, a marker that
 * changes size has GTK lay out the sheet, which places every marker, and
 * so does a change of the zoom level, the size or the rotation of the
 * view. The sheet shows only the markers in use and in view.
 */
struct _DiploMarkerSheet
{
  GtkWidget       parent_instance;

  GArray         *placements;   /* of Placement, in the children's order */
  gboolean        has_anchor;
  DiploViewFrame  anchor;
  guint           generation;   /* of the anchor, never 0 */
  graphene_rect_t view;         /* the layer's view, in the sheet */
};

/* Where a marker was placed, for which generation of the anchor (0 for
 * none), and whether it is shown. */
typedef struct
{
  GtkWidget     *marker;
  guint          generation;
  GtkAllocation  allocation;
  GskTransform  *transform;   /* to the allocation's corner */
  gboolean       shown;
} Placement;

static void
placement_clear (Placement *placement)
{
  g_clear_pointer (&placement->transform, gsk_transform_unref);
}

G_DEFINE_FINAL_TYPE (DiploMarkerSheet, diplo_marker_sheet, GTK_TYPE_WIDGET)

static GQuark index_quark;

DiploMarkerSheet *
diplo_marker_sheet_new (void)
{
  return g_object_new (DIPLO_TYPE_MARKER_SHEET, NULL);
}

/* A marker that moved or came into use is placed by the layer's next
 * layout, in diplo_marker_sheet_allocate (), alone. */
static void
on_marker_changed (GtkWidget        *marker,
                   GParamSpec       *pspec,
                   DiploMarkerSheet *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_qdata (G_OBJECT (marker), index_quark));
  GtkWidget *layer = gtk_widget_get_parent (GTK_WIDGET (self));

  g_array_index (self->placements, Placement, index).generation = 0;
  gtk_widget_queue_allocate (layer != NULL ? layer : GTK_WIDGET (self));
}

void
diplo_marker_sheet_add_marker (DiploMarkerSheet *self,
                               DiploMapMarker   *marker)
{
  Placement placement = { GTK_WIDGET (marker) };

  g_return_if_fail (DIPLO_IS_MARKER_SHEET (self));
  g_return_if_fail (DIPLO_IS_MAP_MARKER (marker));
  g_return_if_fail (gtk_widget_get_parent (GTK_WIDGET (marker)) == NULL);

  g_object_set_qdata (G_OBJECT (marker), index_quark, GUINT_TO_POINTER (self->placements->len));
  g_array_append_val (self->placements, placement);
  /* A marker's location notifies both its coordinates at each move, the
   * latitude first: one of them tells of every move. */
  g_signal_connect_object (marker, "notify::latitude", G_CALLBACK (on_marker_changed), self, 0);
  g_signal_connect_object (marker, "notify::in-use", G_CALLBACK (on_marker_changed), self, 0);
  gtk_widget_set_parent (GTK_WIDGET (marker), GTK_WIDGET (self));
  gtk_widget_set_child_visible (GTK_WIDGET (marker), FALSE);
}

/* Where @location is in the view of the anchor, as Shumate's viewport
 * would say, from the same Web-Mercator arithmetic as the routes' image
 * rather than asking the map source for each coordinate. */
static void
diplo_marker_sheet_locate (DiploMarkerSheet *self,
                           ShumateLocation  *location,
                           double           *x,
                           double           *y)
{
  const DiploViewFrame *frame = &self->anchor;
  double world_x, world_y;

  diplo_mercator_project (shumate_location_get_latitude (location),
                          shumate_location_get_longitude (location),
                          &world_x, &world_y);
  world_x = world_x * frame->world_size - frame->centre_x;
  world_y = world_y * frame->world_size - frame->centre_y;

  *x = world_x * cos (frame->rotation) - world_y * sin (frame->rotation) + frame->width / 2;
  *y = world_x * sin (frame->rotation) + world_y * cos (frame->rotation) + frame->height / 2;
}

/* A marker placed for the anchor is allocated where it was, which costs
 * GTK little, but lets it lay out its content again if that changed. The
 * same transform spares GTK comparing a new one. */
static void
diplo_marker_sheet_place (DiploMarkerSheet *self,
                          Placement        *placement)
{
  GtkAllocation *allocation = &placement->allocation;
  GtkRequisition size;
  double x, y;

  gtk_widget_get_preferred_size (placement->marker, &size, NULL);
  if (placement->generation != self->generation ||
      size.width != allocation->width || size.height != allocation->height)
    {
      diplo_marker_sheet_locate (self, SHUMATE_LOCATION (placement->marker), &x, &y);
      *allocation = (GtkAllocation) {
        floor (x - size.width / 2.0), floor (y - size.height / 2.0), size.width, size.height };
      placement->generation = self->generation;
      g_clear_pointer (&placement->transform, gsk_transform_unref);
      placement->transform = gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (allocation->x,
                                                                                  allocation->y));
    }

  gtk_widget_allocate (placement->marker, allocation->width, allocation->height, -1,
                       gsk_transform_ref (placement->transform));
}

/* Shows the markers in use whose place is in the layer's view, and hides
 * the others. */
static void
diplo_marker_sheet_show_in_view (DiploMarkerSheet *self)
{
  for (guint i = 0; i < self->placements->len; i++)
    {
      Placement *placement = &g_array_index (self->placements, Placement, i);
      const GtkAllocation *place = &placement->allocation;
      gboolean in_view;

      in_view = placement->generation == self->generation &&
                place->x + place->width > self->view.origin.x &&
                place->x < self->view.origin.x + self->view.size.width &&
                place->y + place->height > self->view.origin.y &&
                place->y < self->view.origin.y + self->view.size.height;
      if (in_view != placement->shown)
        gtk_widget_set_child_visible (placement->marker, in_view);
      placement->shown = in_view;
    }
}

/* Places the markers in use: all of them, or only those not placed for
 * the anchor. */
static void
diplo_marker_sheet_place_markers (DiploMarkerSheet *self,
                                  gboolean          all)
{
  for (guint i = 0; i < self->placements->len; i++)
    {
      Placement *placement = &g_array_index (self->placements, Placement, i);

      if (!self->has_anchor || !diplo_map_marker_get_in_use (DIPLO_MAP_MARKER (placement->marker)))
        placement->generation = 0;
      else if (all || placement->generation != self->generation)
        diplo_marker_sheet_place (self, placement);
    }
}

static void
diplo_marker_sheet_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  DiploMarkerSheet *self = DIPLO_MARKER_SHEET (widget);

  diplo_marker_sheet_place_markers (self, TRUE);
  diplo_marker_sheet_show_in_view (self);
}

/**
 * diplo_marker_sheet_allocate:
 * @width: the layer's width
 * @height: the layer's height
 * @offset: where the sheet goes in the layer
 *
 * For the layer's layout: places the markers that moved or came into use
 * since the last, then moves the sheet, and shows the markers in view.
 * GTK lays out the sheet's other markers only when the sheet itself needs
 * it; at each step of a drag, that took a third of a millisecond.
 */
void
diplo_marker_sheet_allocate (DiploMarkerSheet       *self,
                             int                     width,
                             int                     height,
                             const graphene_point_t *offset)
{
  g_return_if_fail (DIPLO_IS_MARKER_SHEET (self));
  g_return_if_fail (offset != NULL);

  diplo_marker_sheet_place_markers (self, FALSE);
  gtk_widget_allocate (GTK_WIDGET (self), width, height, -1,
                       gsk_transform_translate (NULL, offset));
  diplo_marker_sheet_show_in_view (self);
}

/**
 * diplo_marker_sheet_find_shown:
 * @position: (inout): where among the markers to look from; where the
 *   marker found is on return
 * @allocation: (out caller-allocates): where the marker found is on the
 *   sheet
 *
 * Returns: (transfer none) (nullable): the first marker shown from
 *   @position on, in the children's order, if any
 */
DiploMapMarker *
diplo_marker_sheet_find_shown (DiploMarkerSheet *self,
                               guint            *position,
                               GtkAllocation    *allocation)
{
  g_return_val_if_fail (DIPLO_IS_MARKER_SHEET (self), NULL);
  g_return_val_if_fail (position != NULL, NULL);
  g_return_val_if_fail (allocation != NULL, NULL);

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return NULL;

  for (; *position < self->placements->len; (*position)++)
    {
      const Placement *placement = &g_array_index (self->placements, Placement, *position);

      if (placement->shown)
        {
          *allocation = placement->allocation;
          return DIPLO_MAP_MARKER (placement->marker);
        }
    }

  return NULL;
}

/**
 * diplo_marker_sheet_set_view:
 * @frame: the layer's view
 * @offset: (out): where the layer puts the sheet, in whole pixels
 *
 * Anchors the sheet to @frame, unless the view only moved since it was
 * anchored, in which case the markers keep their places on the sheet.
 */
void
diplo_marker_sheet_set_view (DiploMarkerSheet     *self,
                             const DiploViewFrame *frame,
                             graphene_point_t     *offset)
{
  gboolean moved_only;

  g_return_if_fail (DIPLO_IS_MARKER_SHEET (self));
  g_return_if_fail (frame != NULL);
  g_return_if_fail (offset != NULL);

  moved_only = self->has_anchor &&
               frame->rotation == 0.0 && self->anchor.rotation == 0.0 &&
               frame->zoom_level == self->anchor.zoom_level &&
               frame->tile_size == self->anchor.tile_size &&
               frame->width == self->anchor.width && frame->height == self->anchor.height;
  if (!moved_only)
    {
      self->has_anchor = TRUE;
      self->anchor = *frame;
      self->generation = self->generation % G_MAXUINT + 1;
      gtk_widget_queue_allocate (GTK_WIDGET (self));
    }

  /* Whole pixels, so that the markers' images land on whole pixels. */
  offset->x = round (self->anchor.centre_x - frame->centre_x);
  offset->y = round (self->anchor.centre_y - frame->centre_y);
  graphene_rect_init (&self->view, -offset->x, -offset->y, frame->width, frame->height);
}

/* Those the layer draws draw nothing themselves. */
static void
diplo_marker_sheet_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (!diplo_map_marker_get_drawn_by_layer (DIPLO_MAP_MARKER (child)))
      gtk_widget_snapshot_child (widget, child, snapshot);
}

static void
diplo_marker_sheet_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  g_array_set_size (DIPLO_MARKER_SHEET (object)->placements, 0);

  G_OBJECT_CLASS (diplo_marker_sheet_parent_class)->dispose (object);
}

static void
diplo_marker_sheet_finalize (GObject *object)
{
  g_array_unref (DIPLO_MARKER_SHEET (object)->placements);

  G_OBJECT_CLASS (diplo_marker_sheet_parent_class)->finalize (object);
}

static void
diplo_marker_sheet_class_init (DiploMarkerSheetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = diplo_marker_sheet_dispose;
  object_class->finalize = diplo_marker_sheet_finalize;

  widget_class->size_allocate = diplo_marker_sheet_size_allocate;
  widget_class->snapshot = diplo_marker_sheet_snapshot;

  /* Only a holder: screen readers see the markers. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GENERIC);

  index_quark = g_quark_from_static_string ("diplo-marker-sheet-index");
}

static void
diplo_marker_sheet_init (DiploMarkerSheet *self)
{
  self->placements = g_array_new (FALSE, TRUE, sizeof (Placement));
  g_array_set_clear_func (self->placements, (GDestroyNotify) placement_clear);
}
