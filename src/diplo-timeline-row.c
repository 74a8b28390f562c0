#define G_LOG_DOMAIN "diplo-timeline-row"

#include "config.h"

#include "diplo-timeline-row.h"

#include <glib/gi18n.h>

#include "diplo-month-index.h"
#include "diplo-utils.h"

struct _DiploTimelineRow
{
  GtkWidget    parent_instance;

  DiploEvent  *event;

  /* Template widgets */
  GtkLabel    *header_label;
  GtkImage    *kind_image;
  GtkLabel    *date_label;
  GtkLabel    *title_label;
  GtkLabel    *place_label;
};

G_DEFINE_FINAL_TYPE (DiploTimelineRow, diplo_timeline_row, GTK_TYPE_WIDGET)

GtkWidget *
diplo_timeline_row_new (void)
{
  return g_object_new (DIPLO_TYPE_TIMELINE_ROW, NULL);
}

const char *
diplo_event_describe_place (DiploEvent *event)
{
  const char *place = diplo_event_get_place (event);
  DiploEventKind kind = diplo_event_get_kind (event);

  if (place != NULL && *place != '\0')
    return place;

  if (kind == DIPLO_EVENT_KIND_VIRTUAL_SUMMIT || kind == DIPLO_EVENT_KIND_CALL)
    /* Translators: stands for a place name, for a call or a virtual summit */
    return _("Virtual");

  /* Translators: stands for a place name, for an event with no place */
  return _("No location");
}

static int
month_of_event (DiploEvent *event)
{
  return diplo_month_number_of_julian_day (diplo_event_get_first_day (event));
}

/* GTK 4.8 has no list sections: a row shows its month's heading when the
 * event above it in the list falls in another month. */
static void
diplo_timeline_row_update_header (DiploTimelineRow *self,
                                  GListModel       *model,
                                  guint             position)
{
  int month = month_of_event (self->event);
  gboolean first_of_month = TRUE;

  g_assert (DIPLO_IS_TIMELINE_ROW (self));

  if (position > 0)
    {
      g_autoptr(DiploEvent) previous = g_list_model_get_item (model, position - 1);

      first_of_month = previous == NULL || month_of_event (previous) != month;
    }

  if (first_of_month)
    {
      g_autofree char *heading = diplo_month_number_format (month);

      /* A row bound again, as one prepared is, keeps its layout. */
      if (g_strcmp0 (gtk_label_get_text (self->header_label), heading) != 0)
        gtk_label_set_text (self->header_label, heading);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->header_label), first_of_month);
}

static void
diplo_timeline_row_show_event (DiploTimelineRow *self)
{
  g_autofree char *dates = diplo_event_format_dates (self->event);
  DiploEventKind kind = diplo_event_get_kind (self->event);
  const char *icon_name = diplo_event_kind_to_icon_name (kind);

  g_assert (DIPLO_IS_TIMELINE_ROW (self));

  gtk_label_set_text (self->date_label, dates);
  gtk_label_set_text (self->title_label, diplo_event_get_title (self->event));
  gtk_label_set_text (self->place_label, diplo_event_describe_place (self->event));
  /* A reused row often shows an event of the kind it showed before:
   * setting the same icon again would clear it and lay the row out anew. */
  if (g_strcmp0 (gtk_image_get_icon_name (self->kind_image), icon_name) != 0)
    {
      gtk_image_set_from_icon_name (self->kind_image, icon_name);
      /* What the tooltip says, for screen readers. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->kind_image),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      diplo_event_kind_to_label (kind),
                                      -1);
    }
}

/**
 * diplo_timeline_row_get_kind_tooltip:
 *
 * Returns: (nullable): the text of the kind icon's tooltip, which names the
 *   kind of the row's event
 */
const char *
diplo_timeline_row_get_kind_tooltip (DiploTimelineRow *self)
{
  g_return_val_if_fail (DIPLO_IS_TIMELINE_ROW (self), NULL);

  if (self->event == NULL)
    return NULL;

  return diplo_event_kind_to_label (diplo_event_get_kind (self->event));
}

/* The tooltip is written when it is about to show: GTK 4.8 asks the
 * display server where the pointer is whenever a visible widget's tooltip
 * text is set, and a month change binds up to 200 rows. */
static gboolean
on_kind_image_query_tooltip (DiploTimelineRow *self,
                             int               x,
                             int               y,
                             gboolean          keyboard_mode,
                             GtkTooltip       *tooltip,
                             GtkWidget        *image)
{
  const char *text = diplo_timeline_row_get_kind_tooltip (self);

  g_assert (DIPLO_IS_TIMELINE_ROW (self));

  if (text == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/**
 * diplo_timeline_row_bind:
 * @model: a list of #DiploEvent
 * @position: the row's place in @model
 *
 * Shows the event at @position, with its month's heading if the event
 * before it is of another month. Shown again for the same event, the
 * row keeps its texts.
 */
void
diplo_timeline_row_bind (DiploTimelineRow *self,
                         GListModel       *model,
                         guint             position)
{
  g_autoptr(DiploEvent) event = NULL;

  g_return_if_fail (DIPLO_IS_TIMELINE_ROW (self));
  g_return_if_fail (G_IS_LIST_MODEL (model));

  event = g_list_model_get_item (model, position);
  g_return_if_fail (DIPLO_IS_EVENT (event));

  if (event != self->event)
    {
      g_set_object (&self->event, event);
      diplo_timeline_row_show_event (self);
    }
  diplo_timeline_row_update_header (self, model, position);
}

void
diplo_timeline_row_unbind (DiploTimelineRow *self)
{
  g_return_if_fail (DIPLO_IS_TIMELINE_ROW (self));

  g_clear_object (&self->event);
}

DiploEvent *
diplo_timeline_row_get_event (DiploTimelineRow *self)
{
  g_return_val_if_fail (DIPLO_IS_TIMELINE_ROW (self), NULL);

  return self->event;
}

gboolean
diplo_timeline_row_get_has_header (DiploTimelineRow *self)
{
  g_return_val_if_fail (DIPLO_IS_TIMELINE_ROW (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->header_label));
}

static void
diplo_timeline_row_dispose (GObject *object)
{
  DiploTimelineRow *self = DIPLO_TIMELINE_ROW (object);

  diplo_timeline_row_unbind (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), DIPLO_TYPE_TIMELINE_ROW);
  diplo_widget_unparent_children (GTK_WIDGET (self));

  G_OBJECT_CLASS (diplo_timeline_row_parent_class)->dispose (object);
}

static void
diplo_timeline_row_class_init (DiploTimelineRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = diplo_timeline_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/diplo-timeline-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DiploTimelineRow, header_label);
  gtk_widget_class_bind_template_child (widget_class, DiploTimelineRow, kind_image);
  gtk_widget_class_bind_template_child (widget_class, DiploTimelineRow, date_label);
  gtk_widget_class_bind_template_child (widget_class, DiploTimelineRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, DiploTimelineRow, place_label);
  gtk_widget_class_bind_template_callback (widget_class, on_kind_image_query_tooltip);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  /* The list's rows take the sidebar's row style. */
  gtk_widget_class_set_css_name (widget_class, "row");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LIST_ITEM);
}

static void
diplo_timeline_row_init (DiploTimelineRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
}
