#define G_LOG_DOMAIN "diplo-timeline"

#include "config.h"

#include "diplo-timeline.h"

#include <glib/gi18n.h>

#include "diplo-timeline-list.h"
#include "diplo-utils.h"

struct _DiploTimeline
{
  GtkWidget           parent_instance;

  GtkSingleSelection *selection;

  /* Template widgets */
  GtkStack           *stack;
  DiploTimelineList  *list;
};

G_DEFINE_FINAL_TYPE (DiploTimeline, diplo_timeline, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SELECTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
diplo_timeline_update_page (DiploTimeline *self)
{
  gboolean empty;

  g_assert (DIPLO_IS_TIMELINE (self));

  empty = self->selection == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->selection)) == 0;
  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "list");
}

static void
on_selection_items_changed (DiploTimeline *self,
                            guint          position,
                            guint          removed,
                            guint          added,
                            GListModel    *model)
{
  g_assert (DIPLO_IS_TIMELINE (self));

  diplo_timeline_update_page (self);
}

/* Whoever changed the selection (a marker, playback, the keyboard), the
 * selected row comes into view. */
static void
on_selection_selected_changed (DiploTimeline      *self,
                               GParamSpec         *pspec,
                               GtkSingleSelection *selection)
{
  guint position = gtk_single_selection_get_selected (selection);

  g_assert (DIPLO_IS_TIMELINE (self));

  if (position == GTK_INVALID_LIST_POSITION)
    return;

  diplo_timeline_list_scroll_to (self->list, position);
}

GtkSingleSelection *
diplo_timeline_get_selection (DiploTimeline *self)
{
  g_return_val_if_fail (DIPLO_IS_TIMELINE (self), NULL);

  return self->selection;
}

void
diplo_timeline_set_selection (DiploTimeline      *self,
                              GtkSingleSelection *selection)
{
  g_return_if_fail (DIPLO_IS_TIMELINE (self));
  g_return_if_fail (!selection || GTK_IS_SINGLE_SELECTION (selection));

  if (self->selection == selection)
    return;

  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);

  g_set_object (&self->selection, selection);

  if (selection != NULL)
    {
      g_signal_connect_object (selection, "items-changed",
                               G_CALLBACK (on_selection_items_changed), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (selection, "notify::selected",
                               G_CALLBACK (on_selection_selected_changed), self,
                               G_CONNECT_SWAPPED);
    }

  diplo_timeline_list_set_model (self->list, selection);
  diplo_timeline_update_page (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTION]);
}

DiploTimelineList *
diplo_timeline_get_list (DiploTimeline *self)
{
  g_return_val_if_fail (DIPLO_IS_TIMELINE (self), NULL);

  return self->list;
}

static void
diplo_timeline_dispose (GObject *object)
{
  DiploTimeline *self = DIPLO_TIMELINE (object);

  diplo_timeline_set_selection (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), DIPLO_TYPE_TIMELINE);
  diplo_widget_unparent_children (GTK_WIDGET (self));

  G_OBJECT_CLASS (diplo_timeline_parent_class)->dispose (object);
}

static void
diplo_timeline_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DiploTimeline *self = DIPLO_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_SELECTION:
      g_value_set_object (value, self->selection);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
diplo_timeline_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  DiploTimeline *self = DIPLO_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_SELECTION:
      diplo_timeline_set_selection (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
diplo_timeline_class_init (DiploTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = diplo_timeline_dispose;
  object_class->get_property = diplo_timeline_get_property;
  object_class->set_property = diplo_timeline_set_property;

  properties[PROP_SELECTION] =
    g_param_spec_object ("selection", NULL, NULL,
                         GTK_TYPE_SINGLE_SELECTION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/diplo-timeline.ui");
  gtk_widget_class_bind_template_child (widget_class, DiploTimeline, stack);
  gtk_widget_class_bind_template_child (widget_class, DiploTimeline, list);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
diplo_timeline_init (DiploTimeline *self)
{
  g_type_ensure (DIPLO_TYPE_TIMELINE_LIST);

  gtk_widget_init_template (GTK_WIDGET (self));
}
