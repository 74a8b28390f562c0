#define G_LOG_DOMAIN "diplo-place"

#include "config.h"

#include "diplo-place.h"

#include "diplo-utils.h"

#include <glib/gi18n.h>
#include <string.h>

/**
 * DiploPlace:
 *
 * What the map draws: one location and the events there, in the order of
 * the model they were grouped from, with their positions in that model so
 * that choosing one can select it.
 */
struct _DiploPlace
{
  GObject    parent_instance;

  double     latitude;
  double     longitude;
  char      *name;
  char      *country;
  GPtrArray *events;
  GArray    *positions;
};

G_DEFINE_FINAL_TYPE (DiploPlace, diplo_place, G_TYPE_OBJECT)

/* Dates listed one by one in a description up to this many events; beyond,
 * only the first and the last. */
#define MAX_LISTED_DATES 3

static DiploPlace *
diplo_place_new (double      latitude,
                 double      longitude,
                 const char *name,
                 const char *country)
{
  DiploPlace *self = g_object_new (DIPLO_TYPE_PLACE, NULL);

  self->latitude = latitude;
  self->longitude = longitude;
  self->name = g_strdup (name);
  self->country = g_strdup (country);

  return self;
}

double
diplo_place_get_latitude (DiploPlace *self)
{
  g_return_val_if_fail (DIPLO_IS_PLACE (self), 0.0);

  return self->latitude;
}

double
diplo_place_get_longitude (DiploPlace *self)
{
  g_return_val_if_fail (DIPLO_IS_PLACE (self), 0.0);

  return self->longitude;
}

/**
 * diplo_place_get_name:
 *
 * Returns: the place name of the first event there, or a generic name when
 *   the dataset gives none
 */
const char *
diplo_place_get_name (DiploPlace *self)
{
  g_return_val_if_fail (DIPLO_IS_PLACE (self), NULL);

  if (self->name == NULL || *self->name == '\0')
    return _("Unnamed place");

  return self->name;
}

const char *
diplo_place_get_country (DiploPlace *self)
{
  g_return_val_if_fail (DIPLO_IS_PLACE (self), NULL);

  return self->country;
}

guint
diplo_place_get_n_events (DiploPlace *self)
{
  g_return_val_if_fail (DIPLO_IS_PLACE (self), 0);

  return self->events->len;
}

DiploEvent *
diplo_place_get_event (DiploPlace *self,
                       guint       index)
{
  g_return_val_if_fail (DIPLO_IS_PLACE (self), NULL);
  g_return_val_if_fail (index < self->events->len, NULL);

  return g_ptr_array_index (self->events, index);
}

/**
 * diplo_place_get_position:
 *
 * Returns: the position of the event @index in the model the place was
 *   grouped from
 */
guint
diplo_place_get_position (DiploPlace *self,
                          guint       index)
{
  g_return_val_if_fail (DIPLO_IS_PLACE (self), 0);
  g_return_val_if_fail (index < self->positions->len, 0);

  return g_array_index (self->positions, guint, index);
}

static void
diplo_place_add_event (DiploPlace *self,
                       DiploEvent *event,
                       guint       position)
{
  g_assert (DIPLO_IS_PLACE (self));
  g_assert (DIPLO_IS_EVENT (event));

  g_ptr_array_add (self->events, g_object_ref (event));
  g_array_append_val (self->positions, position);
}

static char *
diplo_place_dup_dates (DiploPlace *self)
{
  g_autoptr(GPtrArray) dates = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;

  g_assert (DIPLO_IS_PLACE (self));

  if (self->events->len > MAX_LISTED_DATES)
    {
      first = diplo_event_format_dates (g_ptr_array_index (self->events, 0));
      last = diplo_event_format_dates (g_ptr_array_index (self->events, self->events->len - 1));
      /* Translators: the dates of the first and of the last event at a place;
       * each may be a day, a month or a range of days */
      return g_strdup_printf (_("from %s to %s"), first, last);
    }

  dates = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < self->events->len; i++)
    g_ptr_array_add (dates, diplo_event_format_dates (g_ptr_array_index (self->events, i)));
  g_ptr_array_add (dates, NULL);

  /* Translators: separates the dates of the events at one place; dates may
   * contain commas themselves ("March 20, 2023") */
  return g_strjoinv (_("; "), (char **) dates->pdata);
}

/**
 * diplo_place_dup_description:
 *
 * Names the place, the number of events and their dates, for a tooltip
 * and for screen readers: “Moscow: 1 event, March 20–22, 2023”.
 *
 * Returns: (transfer full): plain text
 */
char *
diplo_place_dup_description (DiploPlace *self)
{
  g_autofree char *dates = NULL;
  g_autofree char *name = NULL;
  guint n_events;

  g_return_val_if_fail (DIPLO_IS_PLACE (self), NULL);

  n_events = self->events->len;
  dates = diplo_place_dup_dates (self);
  name = diplo_text_isolate (diplo_place_get_name (self));

  /* Translators: place name, number of events, their dates */
  return g_strdup_printf (ngettext ("%s: %u event, %s", "%s: %u events, %s", n_events),
                          name, n_events, dates);
}

typedef struct
{
  double latitude;
  double longitude;
} Location;

/* g_double_hash() hashes the integer part of the value, so every place
 * within a degree would collide: hash the bits instead. Adding zero turns
 * -0.0 into 0.0, which compare equal. */
static guint
hash_double (double value)
{
  guint64 bits;

  value += 0.0;
  memcpy (&bits, &value, sizeof bits);

  return (guint) (bits ^ (bits >> 32));
}

static guint
location_hash (gconstpointer key)
{
  const Location *location = key;

  return hash_double (location->latitude) * 31 + hash_double (location->longitude);
}

static gboolean
location_equal (gconstpointer a,
                gconstpointer b)
{
  const Location *location_a = a;
  const Location *location_b = b;

  return location_a->latitude == location_b->latitude &&
         location_a->longitude == location_b->longitude;
}

/**
 * diplo_place_group_events:
 * @events: a model of #DiploEvent
 * @place_of_position: (out) (optional) (transfer full): for each position
 *   in @events, the index of its place, or %DIPLO_PLACE_NONE
 *
 * Events at exactly the same coordinates are one place; events without a
 * location are on no place.
 *
 * Returns: (transfer full) (element-type DiploPlace): the places, in the
 *   order of their first event
 */
GPtrArray *
diplo_place_group_events (GListModel  *events,
                          guint      **place_of_position)
{
  /* Declared before the table whose keys point into it, so freed after. */
  g_autofree Location *locations = NULL;
  g_autoptr(GHashTable) index_of_location = NULL;
  g_autoptr(GPtrArray) places = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree guint *map = NULL;
  guint n_items;

  g_return_val_if_fail (G_IS_LIST_MODEL (events), NULL);

  n_items = g_list_model_get_n_items (events);
  index_of_location = g_hash_table_new (location_hash, location_equal);
  locations = g_new (Location, MAX (n_items, 1));
  map = g_new (guint, MAX (n_items, 1));

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(DiploEvent) event = g_list_model_get_item (events, i);
      Location *location = &locations[i];
      gpointer index;

      map[i] = DIPLO_PLACE_NONE;
      if (!diplo_event_get_location (event, &location->latitude, &location->longitude))
        continue;

      if (!g_hash_table_lookup_extended (index_of_location, location, NULL, &index))
        {
          index = GUINT_TO_POINTER (places->len);
          g_hash_table_insert (index_of_location, location, index);
          g_ptr_array_add (places, diplo_place_new (location->latitude, location->longitude,
                                                    diplo_event_get_place (event),
                                                    diplo_event_get_country (event)));
        }

      map[i] = GPOINTER_TO_UINT (index);
      diplo_place_add_event (g_ptr_array_index (places, map[i]), event, i);
    }

  if (place_of_position != NULL)
    *place_of_position = g_steal_pointer (&map);

  return g_steal_pointer (&places);
}

static int
compare_strings (const char **a,
                 const char **b)
{
  return strcmp (*a, *b);
}

/**
 * diplo_place_list_countries:
 * @places: (element-type DiploPlace): places
 *
 * The dataset has checked that country codes are upper case, as the
 * basemap's are. Sorted, so that the same countries compare equal.
 *
 * Returns: (transfer container) (element-type utf8): the country codes of
 *   the events at @places, each once, sorted, then %NULL; the strings
 *   belong to the events
 */
GPtrArray *
diplo_place_list_countries (GPtrArray *places)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *countries = g_ptr_array_new ();

  g_return_val_if_fail (places != NULL, NULL);

  for (guint i = 0; i < places->len; i++)
    {
      DiploPlace *place = g_ptr_array_index (places, i);

      for (guint j = 0; j < place->events->len; j++)
        {
          const char *country = diplo_event_get_country (g_ptr_array_index (place->events, j));

          if (country == NULL || *country == '\0' || g_hash_table_contains (seen, country))
            continue;

          g_hash_table_add (seen, (char *) country);
          g_ptr_array_add (countries, (char *) country);
        }
    }

  g_ptr_array_sort (countries, (GCompareFunc) compare_strings);
  g_ptr_array_add (countries, NULL);

  return countries;
}

static void
diplo_place_finalize (GObject *object)
{
  DiploPlace *self = DIPLO_PLACE (object);

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->country, g_free);
  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_clear_pointer (&self->positions, g_array_unref);

  G_OBJECT_CLASS (diplo_place_parent_class)->finalize (object);
}

static void
diplo_place_class_init (DiploPlaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = diplo_place_finalize;
}

static void
diplo_place_init (DiploPlace *self)
{
  self->events = g_ptr_array_new_with_free_func (g_object_unref);
  self->positions = g_array_new (FALSE, FALSE, sizeof (guint));
}
