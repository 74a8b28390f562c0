#define G_LOG_DOMAIN "diplo-map-marker"

#include "config.h"

#include "diplo-map-marker.h"

#include "diplo-utils.h"

#include <adwaita.h>
#include <glib/gi18n.h>

/**
 * DiploMapMarker:
 *
 * One marker of the map's pool: it shows a place (a dot, with a count badge
 * when several events happened there) or a cluster of places (a disc with
 * the total). The map view reuses markers as the viewport moves instead of
 * creating and destroying them.
 */
struct _DiploMapMarker
{
  ShumateMarker  parent_instance;

  GtkButton     *button;
  GtkInscription *total;
  GtkInscription *badge;

  DiploPlace    *place;
  DiploPlace    *representative;
  char          *description;   /* its tooltip, and its label for screen readers */
  guint          cluster;
  guint          n_events;
  gboolean       is_cluster;

  /* What the widgets show, so that showing the same again touches none of
   * them: a label set to its own text still lays itself out anew. */
  gboolean       shows_cluster;
  guint          shown_count;
  gboolean       highlighted;
  gboolean       drawn_by_layer;
  /* The image its layer draws, until its look changes. */
  cairo_surface_t *layer_image;
  graphene_rect_t layer_image_bounds;
};

G_DEFINE_FINAL_TYPE (DiploMapMarker, diplo_map_marker, SHUMATE_TYPE_MARKER)

/* The digits a cluster's disc holds at its smallest. */
#define MIN_TOTAL_CHARS 4

enum
{
  PROP_0,
  PROP_IN_USE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

DiploMapMarker *
diplo_map_marker_new (void)
{
  return g_object_new (DIPLO_TYPE_MAP_MARKER, NULL);
}

GtkButton *
diplo_map_marker_get_button (DiploMapMarker *self)
{
  g_return_val_if_fail (DIPLO_IS_MAP_MARKER (self), NULL);

  return self->button;
}

/* Whether the button's tooltip may be showing. */
static gboolean
diplo_map_marker_may_show_tooltip (DiploMapMarker *self)
{
  GtkWidget *button = GTK_WIDGET (self->button);

  return gtk_widget_is_focus (button) ||
         (gtk_widget_get_state_flags (button) & GTK_STATE_FLAG_PRELIGHT) != 0;
}

/* The tooltip is asked for when it is about to show rather than set at
 * each change: GTK 4.8 asks the display server where the pointer is
 * whenever the tooltip of a visible widget is set, and a month change
 * relabels a hundred markers. */
static gboolean
on_query_tooltip (DiploMapMarker *self,
                  int             x,
                  int             y,
                  gboolean        keyboard_mode,
                  GtkTooltip     *tooltip)
{
  g_assert (DIPLO_IS_MAP_MARKER (self));

  if (self->description == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, self->description);

  return TRUE;
}

/* The label for screen readers is always the tooltip's text. */
static void
diplo_map_marker_describe (DiploMapMarker *self,
                           const char     *description)
{
  g_assert (DIPLO_IS_MAP_MARKER (self));

  if (g_strcmp0 (self->description, description) == 0)
    return;

  g_free (self->description);
  self->description = g_strdup (description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);
  if (diplo_map_marker_may_show_tooltip (self))
    gtk_widget_trigger_tooltip_query (GTK_WIDGET (self->button));
}

/**
 * diplo_map_marker_get_description:
 *
 * Returns: (nullable): what the marker's tooltip and screen readers say
 */
const char *
diplo_map_marker_get_description (DiploMapMarker *self)
{
  g_return_val_if_fail (DIPLO_IS_MAP_MARKER (self), NULL);

  return self->description;
}

/* Everything its image depends on goes through here, since its children,
 * drawn from an image, may not tell it. */
static void
diplo_map_marker_look_changed (DiploMapMarker *self)
{
  GtkWidget *layer = gtk_widget_get_parent (GTK_WIDGET (self));

  g_clear_pointer (&self->layer_image, cairo_surface_destroy);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  /* A marker its layer draws is not snapshotted, and tells it nothing. */
  if (self->drawn_by_layer && layer != NULL)
    gtk_widget_queue_draw (layer);
}

/* Digits are all as wide: a count's size follows only their number, so
 * that a new count with as many is drawn again, not laid out. A cluster's
 * total takes the room of four, which its disc holds anyway: a new width
 * would have GTK lay out every marker of the map again. A place's badge
 * shows only when several events happened there. */
static int
count_get_chars (gboolean is_cluster,
                 guint     count)
{
  int n_digits = 1;

  for (guint rest = count; rest >= 10; rest /= 10)
    n_digits++;

  if (is_cluster)
    return MAX (n_digits, MIN_TOTAL_CHARS);

  return count > 1 ? n_digits : 0;
}

/**
 * diplo_map_marker_shape_for:
 * @is_cluster: whether the marker would show a cluster
 * @count: its count of events
 *
 * Returns: what the size of a marker showing that follows, below
 *   %DIPLO_MAP_MARKER_N_SHAPES: a marker given a cluster of its own shape
 *   keeps its size
 */
guint
diplo_map_marker_shape_for (gboolean is_cluster,
                            guint     count)
{
  return (guint) count_get_chars (is_cluster, count) * 2 + (is_cluster ? 1 : 0);
}

/**
 * diplo_map_marker_get_shape:
 *
 * Returns: the shape of what the marker shows, or showed last (see
 *   diplo_map_marker_shape_for())
 */
guint
diplo_map_marker_get_shape (DiploMapMarker *self)
{
  g_return_val_if_fail (DIPLO_IS_MAP_MARKER (self), 0);

  return diplo_map_marker_shape_for (self->shows_cluster, self->shown_count);
}

/* The count goes in the badge of a place or the disc of a cluster; the
 * other label stays hidden. */
static void
diplo_map_marker_show_count (DiploMapMarker *self,
                             gboolean        is_cluster,
                             guint           count)
{
  GtkInscription *label = is_cluster ? self->total : self->badge;
  int n_chars = count_get_chars (is_cluster, count);
  char text[16];

  g_assert (DIPLO_IS_MAP_MARKER (self));

  if (is_cluster == self->shows_cluster && count == self->shown_count)
    return;

  if (is_cluster != self->shows_cluster)
    {
      GtkWidget *button = GTK_WIDGET (self->button);

      gtk_widget_remove_css_class (button, is_cluster ? "place" : "cluster");
      gtk_widget_add_css_class (button, is_cluster ? "cluster" : "place");
      gtk_widget_set_visible (GTK_WIDGET (is_cluster ? self->badge : self->total), FALSE);
      self->shows_cluster = is_cluster;
    }

  g_snprintf (text, sizeof text, "%u", count);
  gtk_inscription_set_min_chars (label, n_chars);
  gtk_inscription_set_nat_chars (label, n_chars);
  gtk_inscription_set_text (label, text);
  self->shown_count = count;
  gtk_widget_set_visible (GTK_WIDGET (label), n_chars > 0);
  diplo_map_marker_look_changed (self);
}

static void
diplo_map_marker_move_to (DiploMapMarker *self,
                          double          latitude,
                          double          longitude)
{
  ShumateLocation *location = SHUMATE_LOCATION (self);

  g_assert (DIPLO_IS_MAP_MARKER (self));

  /* Each move makes the marker layer lay out all its markers again. */
  if (shumate_location_get_latitude (location) == latitude &&
      shumate_location_get_longitude (location) == longitude)
    return;

  shumate_location_set_location (location, latitude, longitude);
}

/* Its layer shows only the markers in use. Hiding the others instead
 * would have GTK restyle every marker beside each one hidden or shown
 * (their positions among visible siblings change): a few at each step of
 * a drag, and half a millisecond. */
static void
diplo_map_marker_set_cluster (DiploMapMarker *self,
                              guint           cluster)
{
  gboolean was_in_use = diplo_map_marker_get_in_use (self);

  self->cluster = cluster;
  if (was_in_use != diplo_map_marker_get_in_use (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IN_USE]);
}

/**
 * diplo_map_marker_show_place:
 * @cluster: the index of the one-place cluster in the map's clustering
 * @place: what to show
 */
void
diplo_map_marker_show_place (DiploMapMarker *self,
                             guint           cluster,
                             DiploPlace     *place)
{
  g_autofree char *description = NULL;
  guint n_events;

  g_return_if_fail (DIPLO_IS_MAP_MARKER (self));
  g_return_if_fail (DIPLO_IS_PLACE (place));

  n_events = diplo_place_get_n_events (place);
  diplo_map_marker_set_cluster (self, cluster);
  self->is_cluster = FALSE;
  self->n_events = n_events;
  g_set_object (&self->place, place);
  g_set_object (&self->representative, place);

  diplo_map_marker_show_count (self, FALSE, n_events);

  description = diplo_place_dup_description (place);
  diplo_map_marker_describe (self, description);

  diplo_map_marker_move_to (self, diplo_place_get_latitude (place),
                            diplo_place_get_longitude (place));
}

/**
 * diplo_map_marker_show_cluster:
 * @cluster: the index of the cluster in the map's clustering
 * @representative: its heaviest place, which names it
 * @n_places: how many places it groups, at least 2
 * @n_events: how many events those places have
 * @latitude: the cluster's centre
 * @longitude: the cluster's centre
 */
void
diplo_map_marker_show_cluster (DiploMapMarker *self,
                               guint           cluster,
                               DiploPlace     *representative,
                               guint           n_places,
                               guint           n_events,
                               double          latitude,
                               double          longitude)
{
  g_autofree char *places = NULL;
  g_autofree char *events = NULL;
  g_autofree char *description = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (DIPLO_IS_MAP_MARKER (self));
  g_return_if_fail (DIPLO_IS_PLACE (representative));
  g_return_if_fail (n_places >= 2);

  name = diplo_text_isolate (diplo_place_get_name (representative));

  diplo_map_marker_set_cluster (self, cluster);
  self->is_cluster = TRUE;
  self->n_events = n_events;
  g_clear_object (&self->place);
  g_set_object (&self->representative, representative);

  diplo_map_marker_show_count (self, TRUE, n_events);

  /* Two sentences, each with its own number, so that each can agree with
   * its own. */
  /* Translators: the first sentence describing a cluster of places on the
   * map, for its tooltip and for screen readers: “Beijing and 2 other
   * places.” The second sentence gives the number of events. */
  places = g_strdup_printf (ngettext ("%s and %u other place.", "%s and %u other places.",
                                      n_places - 1),
                            name, n_places - 1);
  /* Translators: the second sentence describing a cluster of places on the
   * map: the number of events at all its places, and what activating the
   * marker does. */
  events = g_strdup_printf (ngettext ("%u event. Activate to zoom in.",
                                      "%u events. Activate to zoom in.",
                                      n_events),
                            n_events);
  /* Translators: joins the two sentences describing a cluster of places;
   * drop the space if your language does not separate sentences by one. */
  description = g_strdup_printf (C_("cluster description", "%s %s"), places, events);
  diplo_map_marker_describe (self, description);

  diplo_map_marker_move_to (self, latitude, longitude);
}

/**
 * diplo_map_marker_clear:
 *
 * Forgets what the marker showed, so that it holds no event alive while it
 * waits in the pool. Its layer then takes it out of view.
 */
void
diplo_map_marker_clear (DiploMapMarker *self)
{
  g_return_if_fail (DIPLO_IS_MAP_MARKER (self));

  diplo_map_marker_set_cluster (self, DIPLO_MAP_MARKER_UNUSED);
  self->n_events = 0;
  self->is_cluster = FALSE;
  g_clear_object (&self->place);
  g_clear_object (&self->representative);
  diplo_map_marker_set_highlighted (self, FALSE);
}

guint
diplo_map_marker_get_cluster (DiploMapMarker *self)
{
  g_return_val_if_fail (DIPLO_IS_MAP_MARKER (self), DIPLO_MAP_MARKER_UNUSED);

  return self->cluster;
}

/**
 * diplo_map_marker_get_in_use:
 *
 * Returns: whether the marker shows a place or a cluster, rather than
 *   waiting in the pool
 */
gboolean
diplo_map_marker_get_in_use (DiploMapMarker *self)
{
  g_return_val_if_fail (DIPLO_IS_MAP_MARKER (self), FALSE);

  return self->cluster != DIPLO_MAP_MARKER_UNUSED;
}

/**
 * diplo_map_marker_get_place:
 *
 * Returns: (transfer none) (nullable): the place shown, or %NULL for a
 *   cluster or an unused marker
 */
DiploPlace *
diplo_map_marker_get_place (DiploMapMarker *self)
{
  g_return_val_if_fail (DIPLO_IS_MAP_MARKER (self), NULL);

  return self->place;
}

/**
 * diplo_map_marker_get_representative:
 *
 * Returns: (transfer none) (nullable): the place shown, or the heaviest
 *   place of the cluster shown, or %NULL for an unused marker
 */
DiploPlace *
diplo_map_marker_get_representative (DiploMapMarker *self)
{
  g_return_val_if_fail (DIPLO_IS_MAP_MARKER (self), NULL);

  return self->representative;
}

gboolean
diplo_map_marker_get_is_cluster (DiploMapMarker *self)
{
  g_return_val_if_fail (DIPLO_IS_MAP_MARKER (self), FALSE);

  return self->is_cluster;
}

guint
diplo_map_marker_get_n_events (DiploMapMarker *self)
{
  g_return_val_if_fail (DIPLO_IS_MAP_MARKER (self), 0);

  return self->n_events;
}

void
diplo_map_marker_set_highlighted (DiploMapMarker *self,
                                  gboolean        highlighted)
{
  g_return_if_fail (DIPLO_IS_MAP_MARKER (self));

  highlighted = !!highlighted;
  if (highlighted == self->highlighted)
    return;

  self->highlighted = highlighted;
  if (highlighted)
    gtk_widget_add_css_class (GTK_WIDGET (self->button), "selected");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->button), "selected");
  diplo_map_marker_look_changed (self);
}

static void
diplo_map_marker_dispose (GObject *object)
{
  DiploMapMarker *self = DIPLO_MAP_MARKER (object);

  g_clear_object (&self->place);
  g_clear_object (&self->representative);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->layer_image, cairo_surface_destroy);

  G_OBJECT_CLASS (diplo_map_marker_parent_class)->dispose (object);
}

/* A marker's image, shared by the markers that look the same. */
typedef struct
{
  cairo_surface_t *surface;
  graphene_rect_t  bounds;
} MarkerImage;

static void
marker_image_free (MarkerImage *image)
{
  cairo_surface_destroy (image->surface);
  g_free (image);
}

/* Most markers on a map look like many others: a dot, or a disc with a
 * small number. Drawing each of them into an image of its own was most of
 * the frame after a month change or a new dataset. */
static GHashTable *marker_images;

/* Enough for every count a map shows at once, in each look. */
#define MAX_MARKER_IMAGES 512

/* The name of @font, which all markers share: named once, not for each. */
static const char *
get_font_name (const PangoFontDescription *font)
{
  static PangoFontDescription *named;
  static char *name;

  if (font == NULL)
    return "";

  if (named == NULL || !pango_font_description_equal (font, named))
    {
      g_clear_pointer (&named, pango_font_description_free);
      g_free (name);
      named = pango_font_description_copy (font);
      name = pango_font_description_to_string (font);
    }

  return name;
}

/* Everything a marker's look depends on, or %NULL when it may be
 * changing: a hovered or pressed marker grows in a CSS transition. */
static char *
diplo_map_marker_dup_image_key (DiploMapMarker *self,
                                int             scale)
{
  GtkWidget *button = GTK_WIDGET (self->button);
  GtkStateFlags state = gtk_widget_get_state_flags (button);
  AdwStyleManager *style = adw_style_manager_get_for_display (gtk_widget_get_display (button));
  PangoFontDescription *font;

  if (state & (GTK_STATE_FLAG_PRELIGHT | GTK_STATE_FLAG_ACTIVE))
    return NULL;

  font = pango_context_get_font_description (gtk_widget_get_pango_context (button));

  return g_strdup_printf ("%d %u %d %x %dx%d@%d %d %d %d %s",
                          self->shows_cluster, self->shown_count, self->highlighted, state,
                          gtk_widget_get_width (GTK_WIDGET (self)),
                          gtk_widget_get_height (GTK_WIDGET (self)), scale,
                          gtk_widget_get_direction (button),
                          adw_style_manager_get_dark (style),
                          adw_style_manager_get_high_contrast (style), get_font_name (font));
}

static MarkerImage *
marker_image_new (GskRenderNode *node,
                  int            scale)
{
  MarkerImage *image = g_new0 (MarkerImage, 1);
  cairo_t *cr;

  /* Whole pixels, so that the image lands on the pixels the shapes would. */
  gsk_render_node_get_bounds (node, &image->bounds);
  graphene_rect_round_extents (&image->bounds, &image->bounds);
  if (image->bounds.size.width < 1 || image->bounds.size.height < 1)
    {
      g_free (image);
      return NULL;
    }

  image->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                               image->bounds.size.width * scale,
                                               image->bounds.size.height * scale);
  cairo_surface_set_device_scale (image->surface, scale, scale);
  cr = cairo_create (image->surface);
  cairo_translate (cr, -image->bounds.origin.x, -image->bounds.origin.y);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);

  return image;
}

static void
append_marker_image (GtkSnapshot       *snapshot,
                     const MarkerImage *image)
{
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &image->bounds);

  cairo_set_source_surface (cr, image->surface, image->bounds.origin.x, image->bounds.origin.y);
  cairo_paint (cr);
  cairo_destroy (cr);
}

/* What the marker's widgets draw, in an image: the shared one for its look,
 * or one of its own (to free) when its look may be changing. */
static MarkerImage *
diplo_map_marker_draw_image (DiploMapMarker *self,
                             int             scale,
                             gboolean       *shared)
{
  g_autoptr(GskRenderNode) node = NULL;
  g_autofree char *key = diplo_map_marker_dup_image_key (self, scale);
  GtkSnapshot *inner;
  MarkerImage *image;

  *shared = key != NULL;
  image = key != NULL && marker_images != NULL ? g_hash_table_lookup (marker_images, key) : NULL;
  if (image != NULL)
    return image;

  inner = gtk_snapshot_new ();
  GTK_WIDGET_CLASS (diplo_map_marker_parent_class)->snapshot (GTK_WIDGET (self), inner);
  node = gtk_snapshot_free_to_node (inner);
  image = node != NULL ? marker_image_new (node, scale) : NULL;
  if (image == NULL || key == NULL)
    return image;

  if (marker_images == NULL)
    marker_images = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) marker_image_free);
  if (g_hash_table_size (marker_images) >= MAX_MARKER_IMAGES)
    g_hash_table_remove_all (marker_images);
  g_hash_table_insert (marker_images, g_steal_pointer (&key), image);

  return image;
}

/**
 * diplo_map_marker_ref_image:
 * @bounds: (out): where the image goes in the marker's coordinates
 *
 * Gives the image of the marker's look, for a layer that draws its markers
 * together (see diplo_map_marker_set_drawn_by_layer()).
 *
 * Returns: (transfer full) (nullable): the image, or %NULL while the
 *   marker's look may be changing (hovered or pressed)
 */
cairo_surface_t *
diplo_map_marker_ref_image (DiploMapMarker  *self,
                            graphene_rect_t *bounds)
{
  MarkerImage *image;
  gboolean shared;

  g_return_val_if_fail (DIPLO_IS_MAP_MARKER (self), NULL);
  g_return_val_if_fail (bounds != NULL, NULL);

  if (self->layer_image == NULL)
    {
      image = diplo_map_marker_draw_image (self, gtk_widget_get_scale_factor (GTK_WIDGET (self)),
                                           &shared);
      if (image == NULL)
        return NULL;
      if (!shared)
        {
          marker_image_free (image);
          return NULL;
        }

      self->layer_image = cairo_surface_reference (image->surface);
      self->layer_image_bounds = image->bounds;
    }

  *bounds = self->layer_image_bounds;

  return cairo_surface_reference (self->layer_image);
}

/**
 * diplo_map_marker_set_drawn_by_layer:
 * @drawn: whether the marker's layer draws its image
 *
 * A marker its layer draws draws nothing itself.
 */
void
diplo_map_marker_set_drawn_by_layer (DiploMapMarker *self,
                                     gboolean        drawn)
{
  g_return_if_fail (DIPLO_IS_MAP_MARKER (self));

  drawn = !!drawn;
  if (drawn == self->drawn_by_layer)
    return;

  self->drawn_by_layer = drawn;
  /* A marker not snapshotted keeps asking to be drawn, and so tells its
   * parent nothing more: tell it. */
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (gtk_widget_get_parent (GTK_WIDGET (self)) != NULL)
    gtk_widget_queue_draw (gtk_widget_get_parent (GTK_WIDGET (self)));
}

gboolean
diplo_map_marker_get_drawn_by_layer (DiploMapMarker *self)
{
  g_return_val_if_fail (DIPLO_IS_MAP_MARKER (self), FALSE);

  return self->drawn_by_layer;
}

/* The cairo renderer fills and strokes every marker's discs, rims and
 * badges anew on every frame, although GTK keeps their render nodes while
 * the map moves: with a hundred markers, that was nearly all a drag spent
 * on the events. Drawn into an image whenever the marker changes (GTK
 * snapshots it again then), a marker costs one small image a frame, or
 * less where its layer draws it with the others.
 *
 * Where an image stands for the marker, its children are not snapshotted:
 * at a month change, that was most of the markers' work. A child not
 * snapshotted since its last change no longer tells its parents of the
 * next one, so the marker redraws itself on every change of its look
 * (see diplo_map_marker_look_changed()). */
static void
diplo_map_marker_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  DiploMapMarker *self = DIPLO_MAP_MARKER (widget);
  MarkerImage *image;
  gboolean shared;

  if (!diplo_widget_uses_cairo_renderer (widget))
    {
      GTK_WIDGET_CLASS (diplo_map_marker_parent_class)->snapshot (widget, snapshot);
      return;
    }

  if (self->drawn_by_layer)
    return;

  image = diplo_map_marker_draw_image (self, gtk_widget_get_scale_factor (widget), &shared);
  if (image == NULL)
    return;

  append_marker_image (snapshot, image);
  if (!shared)
    marker_image_free (image);
}

/* The style and the font the image key names. */
static void
diplo_map_marker_root (GtkWidget *widget)
{
  DiploMapMarker *self = DIPLO_MAP_MARKER (widget);
  AdwStyleManager *style = adw_style_manager_get_for_display (gtk_widget_get_display (widget));

  GTK_WIDGET_CLASS (diplo_map_marker_parent_class)->root (widget);

  g_signal_connect_object (style, "notify::dark", G_CALLBACK (diplo_map_marker_look_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (style, "notify::high-contrast", G_CALLBACK (diplo_map_marker_look_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_widget_get_settings (widget), "notify::gtk-font-name",
                           G_CALLBACK (diplo_map_marker_look_changed), self, G_CONNECT_SWAPPED);
}

static void
diplo_map_marker_unroot (GtkWidget *widget)
{
  DiploMapMarker *self = DIPLO_MAP_MARKER (widget);
  AdwStyleManager *style = adw_style_manager_get_for_display (gtk_widget_get_display (widget));

  g_signal_handlers_disconnect_by_func (style, diplo_map_marker_look_changed, self);
  g_signal_handlers_disconnect_by_func (gtk_widget_get_settings (widget),
                                        diplo_map_marker_look_changed, self);

  GTK_WIDGET_CLASS (diplo_map_marker_parent_class)->unroot (widget);
}

static void
diplo_map_marker_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DiploMapMarker *self = DIPLO_MAP_MARKER (object);

  switch (prop_id)
    {
    case PROP_IN_USE:
      g_value_set_boolean (value, diplo_map_marker_get_in_use (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
diplo_map_marker_class_init (DiploMapMarkerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = diplo_map_marker_snapshot;
  widget_class->root = diplo_map_marker_root;
  widget_class->unroot = diplo_map_marker_unroot;

  object_class->dispose = diplo_map_marker_dispose;
  object_class->get_property = diplo_map_marker_get_property;

  /**
   * DiploMapMarker:in-use:
   *
   * Whether the marker shows a cluster of the map's, rather than waiting
   * in the pool (see diplo_map_marker_clear()).
   */
  properties[PROP_IN_USE] =
    g_param_spec_boolean ("in-use", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

/* A count, which a marker shows often and changes at every month: unlike
 * a label, an inscription lays out nothing to draw another text. */
static GtkInscription *
diplo_map_marker_count_new (void)
{
  GtkInscription *count = GTK_INSCRIPTION (gtk_inscription_new (NULL));

  gtk_inscription_set_xalign (count, 0.5);
  gtk_widget_set_visible (GTK_WIDGET (count), FALSE);

  return count;
}

static void
diplo_map_marker_init (DiploMapMarker *self)
{
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *disc = gtk_center_box_new ();

  self->cluster = DIPLO_MAP_MARKER_UNUSED;
  self->shown_count = G_MAXUINT;

  /* A place is a plain dot; a cluster's dot grows to hold its total. */
  gtk_widget_add_css_class (disc, "disc");
  gtk_widget_set_halign (disc, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (disc, GTK_ALIGN_CENTER);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), disc);

  self->total = diplo_map_marker_count_new ();
  gtk_center_box_set_center_widget (GTK_CENTER_BOX (disc), GTK_WIDGET (self->total));

  self->badge = diplo_map_marker_count_new ();
  gtk_widget_add_css_class (GTK_WIDGET (self->badge), "badge");
  gtk_widget_set_halign (GTK_WIDGET (self->badge), GTK_ALIGN_END);
  gtk_widget_set_valign (GTK_WIDGET (self->badge), GTK_ALIGN_START);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), GTK_WIDGET (self->badge));

  /* The counts are decoration: the button's label already says them. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->badge), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->total), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);

  self->button = GTK_BUTTON (gtk_button_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->button), "diplo-marker");
  gtk_widget_add_css_class (GTK_WIDGET (self->button), "place");
  gtk_button_set_child (self->button, overlay);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->button), TRUE);
  g_signal_connect_object (self->button, "query-tooltip", G_CALLBACK (on_query_tooltip), self,
                           G_CONNECT_SWAPPED);
  /* Hover, press, focus and the window's backdrop. */
  g_signal_connect_object (self->button, "state-flags-changed",
                           G_CALLBACK (diplo_map_marker_look_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::scale-factor", G_CALLBACK (diplo_map_marker_look_changed), NULL);
  shumate_marker_set_child (SHUMATE_MARKER (self), GTK_WIDGET (self->button));
}
