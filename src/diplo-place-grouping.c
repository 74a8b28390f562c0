#define G_LOG_DOMAIN "diplo-place-grouping"

#include "config.h"

#include "diplo-place-grouping.h"
#include "diplo-month-model.h"

#include "diplo-place.h"

/**
 * DiploPlaceGrouping:
 *
 * What diplo_place_group_events() makes of a model, kept with the model it
 * was made from. A dataset groups its events in the thread that loads it,
 * so that the map can show them without grouping 100,000 events on the
 * main thread. Events and places are immutable and their reference counts
 * atomic, so a grouping made in one thread can be read in another.
 *
 * A grouping of a model that changes keeps its events instead, so that a
 * model holding the same events later can take it.
 */
struct _DiploPlaceGrouping
{
  gatomicrefcount  ref_count;
  GListModel      *model;
  GPtrArray       *events;
  /* For a month model's events: its list and month, which tell them. */
  GListModel      *month_list;
  int              month;
  GPtrArray       *places;
  guint           *place_of_position;
  guint            n_positions;
  GPtrArray       *countries;
};

G_DEFINE_BOXED_TYPE (DiploPlaceGrouping, diplo_place_grouping,
                     diplo_place_grouping_ref, diplo_place_grouping_unref)

static DiploPlaceGrouping *
diplo_place_grouping_group (GListModel *events)
{
  DiploPlaceGrouping *self = g_new0 (DiploPlaceGrouping, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->n_positions = g_list_model_get_n_items (events);
  self->places = diplo_place_group_events (events, &self->place_of_position);
  self->countries = diplo_place_list_countries (self->places);

  return self;
}

/**
 * diplo_place_grouping_new:
 * @events: a model of #DiploEvent that nobody changes any more
 *
 * Returns: (transfer full): the places of @events
 */
DiploPlaceGrouping *
diplo_place_grouping_new (GListModel *events)
{
  DiploPlaceGrouping *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (events), NULL);

  self = diplo_place_grouping_group (events);
  self->model = g_object_ref (events);

  return self;
}

/**
 * diplo_place_grouping_new_for_events:
 * @events: a model of #DiploEvent
 *
 * Groups the events @events holds now; it may hold others later.
 *
 * Returns: (transfer full): the places of @events, and the events
 */
DiploPlaceGrouping *
diplo_place_grouping_new_for_events (GListModel *events)
{
  DiploPlaceGrouping *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (events), NULL);

  self = diplo_place_grouping_group (events);
  self->events = g_ptr_array_new_full (self->n_positions, g_object_unref);
  for (guint i = 0; i < self->n_positions; i++)
    g_ptr_array_add (self->events, g_list_model_get_item (events, i));

  if (DIPLO_IS_MONTH_MODEL (events))
    {
      self->month_list = g_object_ref (diplo_month_model_get_model (DIPLO_MONTH_MODEL (events)));
      self->month = diplo_month_model_get_month (DIPLO_MONTH_MODEL (events));
    }

  return self;
}

DiploPlaceGrouping *
diplo_place_grouping_ref (DiploPlaceGrouping *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
diplo_place_grouping_unref (DiploPlaceGrouping *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_clear_object (&self->model);
  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_clear_object (&self->month_list);
  g_clear_pointer (&self->places, g_ptr_array_unref);
  g_clear_pointer (&self->place_of_position, g_free);
  g_clear_pointer (&self->countries, g_ptr_array_unref);
  g_free (self);
}

/**
 * diplo_place_grouping_holds_events:
 * @events: a model of #DiploEvent
 *
 * For a grouping made by diplo_place_grouping_new_for_events().
 *
 * Returns: whether @events holds the events grouped, in the same order
 */
gboolean
diplo_place_grouping_holds_events (DiploPlaceGrouping *self,
                                   GListModel         *events)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->events != NULL, FALSE);
  g_return_val_if_fail (G_IS_LIST_MODEL (events), FALSE);

  if (g_list_model_get_n_items (events) != self->events->len)
    return FALSE;

  /* One month of one list holds the same events: asking for each of
   * them, through the list's search tree, cost more than the rest of the
   * comparison. */
  if (self->month_list != NULL && DIPLO_IS_MONTH_MODEL (events))
    return diplo_month_model_get_model (DIPLO_MONTH_MODEL (events)) == self->month_list &&
           diplo_month_model_get_month (DIPLO_MONTH_MODEL (events)) == self->month;

  for (guint i = 0; i < self->events->len; i++)
    {
      g_autoptr(GObject) event = g_list_model_get_item (events, i);

      if (event != g_ptr_array_index (self->events, i))
        return FALSE;
    }

  return TRUE;
}

/**
 * diplo_place_grouping_get_model:
 *
 * Returns: (transfer none) (nullable): the model the places were grouped
 *   from, unless the grouping was made for its events only
 */
GListModel *
diplo_place_grouping_get_model (DiploPlaceGrouping *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->model;
}

/**
 * diplo_place_grouping_get_places:
 *
 * Returns: (transfer none) (element-type DiploPlace): the places, in the
 *   order of their first event; not to be changed
 */
GPtrArray *
diplo_place_grouping_get_places (DiploPlaceGrouping *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->places;
}

/**
 * diplo_place_grouping_get_place_of_position:
 * @n_positions: (out): the number of events grouped
 *
 * Returns: (transfer none) (array length=n_positions): for each position
 *   in the model, the index of its place, or %DIPLO_PLACE_NONE
 */
const guint *
diplo_place_grouping_get_place_of_position (DiploPlaceGrouping *self,
                                            guint              *n_positions)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (n_positions != NULL, NULL);

  *n_positions = self->n_positions;

  return self->place_of_position;
}

/**
 * diplo_place_grouping_get_countries:
 *
 * Returns: (transfer none): what diplo_place_list_countries() gives for
 *   the places
 */
const char * const *
diplo_place_grouping_get_countries (DiploPlaceGrouping *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char * const *) self->countries->pdata;
}
