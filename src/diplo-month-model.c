#define G_LOG_DOMAIN "diplo-month-model"

#include "config.h"

#include "diplo-month-model.h"

#include "diplo-event.h"

/* The events of one month, in the order of the model they come from: what
 * a month filter over the whole model would pass, found through the month
 * index instead of by asking every event. A month change costs the few
 * hundred events of the month, never the hundred thousand of the model. */
struct _DiploMonthModel
{
  GObject          parent_instance;

  GListModel      *events;
  DiploMonthIndex *index;

  int              month;
  /* The shown events' positions in events, or NULL for every event. */
  guint           *positions;
  guint            n_positions;
};

static void diplo_month_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DiploMonthModel, diplo_month_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      diplo_month_model_list_model_init))

enum {
  PROP_0,
  PROP_MONTH,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
diplo_month_model_get_item_type (GListModel *model)
{
  return DIPLO_TYPE_EVENT;
}

static guint
diplo_month_model_get_n_items (GListModel *model)
{
  DiploMonthModel *self = DIPLO_MONTH_MODEL (model);

  if (self->positions == NULL)
    return g_list_model_get_n_items (self->events);

  return self->n_positions;
}

static gpointer
diplo_month_model_get_item (GListModel *model,
                            guint       position)
{
  DiploMonthModel *self = DIPLO_MONTH_MODEL (model);

  if (self->positions == NULL)
    return g_list_model_get_item (self->events, position);

  if (position >= self->n_positions)
    return NULL;

  return g_list_model_get_item (self->events, self->positions[position]);
}

static void
diplo_month_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = diplo_month_model_get_item_type;
  iface->get_n_items = diplo_month_model_get_n_items;
  iface->get_item = diplo_month_model_get_item;
}

/**
 * diplo_month_model_new:
 * @events: the events, as @index was made from them
 * @index: their month index
 *
 * Returns: (transfer full): a model showing every event until a month is set
 */
DiploMonthModel *
diplo_month_model_new (GListModel      *events,
                       DiploMonthIndex *index)
{
  DiploMonthModel *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (events), NULL);
  g_return_val_if_fail (index != NULL, NULL);

  self = g_object_new (DIPLO_TYPE_MONTH_MODEL, NULL);
  self->events = g_object_ref (events);
  self->index = diplo_month_index_ref (index);

  return self;
}

GListModel *
diplo_month_model_get_model (DiploMonthModel *self)
{
  g_return_val_if_fail (DIPLO_IS_MONTH_MODEL (self), NULL);

  return self->events;
}

int
diplo_month_model_get_month (DiploMonthModel *self)
{
  g_return_val_if_fail (DIPLO_IS_MONTH_MODEL (self), -1);

  return self->month;
}

/* Only what differs is reported, so that the events both months share at
 * either end of the list keep their rows. */
static void
diplo_month_model_emit_changes (DiploMonthModel *self,
                                const guint     *old_positions,
                                guint            old_n)
{
  guint new_n = diplo_month_model_get_n_items (G_LIST_MODEL (self));
  guint prefix = 0, suffix = 0;

  if (old_positions != NULL && self->positions != NULL)
    {
      while (prefix < old_n && prefix < new_n &&
             old_positions[prefix] == self->positions[prefix])
        prefix++;
      while (suffix < old_n - prefix && suffix < new_n - prefix &&
             old_positions[old_n - 1 - suffix] == self->positions[new_n - 1 - suffix])
        suffix++;
    }

  if (old_n - prefix - suffix > 0 || new_n - prefix - suffix > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix,
                                old_n - prefix - suffix, new_n - prefix - suffix);
  if (old_n != new_n)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/**
 * diplo_month_model_set_month:
 * @month_number: a month as diplo_month_number_parse() gives it, or -1
 *   for every event
 */
void
diplo_month_model_set_month (DiploMonthModel *self,
                             int              month_number)
{
  g_autofree guint *old_positions = NULL;
  guint old_n;

  g_return_if_fail (DIPLO_IS_MONTH_MODEL (self));

  if (month_number < 0)
    month_number = -1;
  if (self->month == month_number)
    return;

  old_n = diplo_month_model_get_n_items (G_LIST_MODEL (self));
  old_positions = g_steal_pointer (&self->positions);
  self->month = month_number;
  if (month_number >= 0)
    self->positions = diplo_month_index_get_positions (self->index, month_number,
                                                       &self->n_positions);
  else
    self->n_positions = 0;

  diplo_month_model_emit_changes (self, old_positions, old_n);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MONTH]);
}

static void
diplo_month_model_finalize (GObject *object)
{
  DiploMonthModel *self = DIPLO_MONTH_MODEL (object);

  g_clear_object (&self->events);
  g_clear_pointer (&self->index, diplo_month_index_unref);
  g_clear_pointer (&self->positions, g_free);

  G_OBJECT_CLASS (diplo_month_model_parent_class)->finalize (object);
}

static void
diplo_month_model_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DiploMonthModel *self = DIPLO_MONTH_MODEL (object);

  switch (prop_id)
    {
    case PROP_MONTH:
      g_value_set_int (value, self->month);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, diplo_month_model_get_n_items (G_LIST_MODEL (self)));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
diplo_month_model_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  DiploMonthModel *self = DIPLO_MONTH_MODEL (object);

  switch (prop_id)
    {
    case PROP_MONTH:
      diplo_month_model_set_month (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
diplo_month_model_class_init (DiploMonthModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = diplo_month_model_finalize;
  object_class->get_property = diplo_month_model_get_property;
  object_class->set_property = diplo_month_model_set_property;

  properties[PROP_MONTH] =
    g_param_spec_int ("month", NULL, NULL,
                      -1, G_MAXINT, -1,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
diplo_month_model_init (DiploMonthModel *self)
{
  self->month = -1;
}
