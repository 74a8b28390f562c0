#define G_LOG_DOMAIN "diplo-event-details"

#include "config.h"

#include "diplo-event-details.h"

#include <glib/gi18n.h>

#include "diplo-country.h"
#include "diplo-timeline-row.h"
#include "diplo-utils.h"

struct _DiploEventDetails
{
  GtkWidget   parent_instance;

  DiploEvent *event;

  /* Template widgets */
  GtkLabel   *title_label;
  GtkLabel   *kind_label;
  GtkLabel   *date_label;
  GtkLabel   *place_label;
  GtkLabel   *participants_label;
  GtkLabel   *summary_label;
  GtkLabel   *source_label;
};

G_DEFINE_FINAL_TYPE (DiploEventDetails, diplo_event_details, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_EVENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Dataset text is plain text: every label here is set with
 * gtk_label_set_text(), never as markup. */
static void
set_optional_text (GtkLabel   *label,
                   const char *text)
{
  gboolean has_text = text != NULL && *text != '\0';

  gtk_label_set_text (label, has_text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), has_text);
}

static char *
describe_place_and_country (DiploEvent *event)
{
  const char *place = diplo_event_describe_place (event);
  const char *code = diplo_event_get_country (event);
  const char *country = diplo_country_get_name (code);
  g_autofree char *isolated = NULL;

  if (code == NULL || *code == '\0')
    return g_strdup (place);

  if (country == NULL)
    country = code;

  isolated = diplo_text_isolate (place);
  /* Translators: a place and its country, e.g. "Moscow, Russian Federation" */
  return g_strdup_printf (_("%s, %s"), isolated, country);
}

static char *
describe_participants (DiploEvent *event)
{
  const char * const *participants = diplo_event_get_participants (event);
  g_autoptr(GPtrArray) names = NULL;
  g_autofree char *joined = NULL;

  if (participants == NULL || participants[0] == NULL)
    return NULL;

  /* Each name alone: one name's override must not turn the others around. */
  names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; participants[i] != NULL; i++)
    g_ptr_array_add (names, diplo_text_isolate (participants[i]));
  g_ptr_array_add (names, NULL);

  /* Translators: separates the names of the people at an event */
  joined = g_strjoinv (_(", "), (char **) names->pdata);
  /* Translators: followed by a list of people's names */
  return g_strdup_printf (_("With %s"), joined);
}

static void
diplo_event_details_show_event (DiploEventDetails *self)
{
  g_autofree char *dates = NULL;
  g_autofree char *place = NULL;
  g_autofree char *participants = NULL;

  g_assert (DIPLO_IS_EVENT_DETAILS (self));

  if (self->event == NULL)
    return;

  dates = diplo_event_format_dates (self->event);
  place = describe_place_and_country (self->event);
  participants = describe_participants (self->event);

  gtk_label_set_text (self->title_label, diplo_event_get_title (self->event));
  gtk_label_set_text (self->kind_label,
                      diplo_event_kind_to_label (diplo_event_get_kind (self->event)));
  gtk_label_set_text (self->date_label, dates);
  gtk_label_set_text (self->place_label, place);
  set_optional_text (self->participants_label, participants);
  set_optional_text (self->summary_label, diplo_event_get_summary (self->event));
  set_optional_text (self->source_label, diplo_event_get_source (self->event));
}

DiploEvent *
diplo_event_details_get_event (DiploEventDetails *self)
{
  g_return_val_if_fail (DIPLO_IS_EVENT_DETAILS (self), NULL);

  return self->event;
}

void
diplo_event_details_set_event (DiploEventDetails *self,
                               DiploEvent        *event)
{
  g_return_if_fail (DIPLO_IS_EVENT_DETAILS (self));
  g_return_if_fail (!event || DIPLO_IS_EVENT (event));

  if (!g_set_object (&self->event, event))
    return;

  diplo_event_details_show_event (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENT]);
}

static void
diplo_event_details_dispose (GObject *object)
{
  DiploEventDetails *self = DIPLO_EVENT_DETAILS (object);

  g_clear_object (&self->event);
  gtk_widget_dispose_template (GTK_WIDGET (self), DIPLO_TYPE_EVENT_DETAILS);
  diplo_widget_unparent_children (GTK_WIDGET (self));

  G_OBJECT_CLASS (diplo_event_details_parent_class)->dispose (object);
}

static void
diplo_event_details_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DiploEventDetails *self = DIPLO_EVENT_DETAILS (object);

  switch (prop_id)
    {
    case PROP_EVENT:
      g_value_set_object (value, self->event);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
diplo_event_details_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  DiploEventDetails *self = DIPLO_EVENT_DETAILS (object);

  switch (prop_id)
    {
    case PROP_EVENT:
      diplo_event_details_set_event (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
diplo_event_details_class_init (DiploEventDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = diplo_event_details_dispose;
  object_class->get_property = diplo_event_details_get_property;
  object_class->set_property = diplo_event_details_set_property;

  properties[PROP_EVENT] =
    g_param_spec_object ("event", NULL, NULL,
                         DIPLO_TYPE_EVENT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/diplo-event-details.ui");
  gtk_widget_class_bind_template_child (widget_class, DiploEventDetails, title_label);
  gtk_widget_class_bind_template_child (widget_class, DiploEventDetails, kind_label);
  gtk_widget_class_bind_template_child (widget_class, DiploEventDetails, date_label);
  gtk_widget_class_bind_template_child (widget_class, DiploEventDetails, place_label);
  gtk_widget_class_bind_template_child (widget_class, DiploEventDetails, participants_label);
  gtk_widget_class_bind_template_child (widget_class, DiploEventDetails, summary_label);
  gtk_widget_class_bind_template_child (widget_class, DiploEventDetails, source_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "diploeventdetails");
}

static void
diplo_event_details_init (DiploEventDetails *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
