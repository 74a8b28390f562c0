#define G_LOG_DOMAIN "diplo-month-index"

#include "config.h"

#include "diplo-month-index.h"

#include <glib/gi18n.h>
#include <string.h>

#include "diplo-event.h"

/* An event spanning several months, for the lists of the months after its
 * first. */
typedef struct
{
  guint position;
  int   first_month;
  int   last_month;
} SpanningEvent;

struct _DiploMonthIndex
{
  gatomicrefcount  ref_count;
  int              first;
  int              last;
  GArray          *counts;
  GArray          *starts;

  /* The positions of the events, grouped by the month they begin in and in
   * model order within it: month m's are those from starts_offset[m] up to
   * starts_offset[m + 1]. */
  guint           *starting_positions;
  guint           *starts_offset;
  /* The events lasting into another month, in model order. */
  GArray          *spanning;
};

G_DEFINE_BOXED_TYPE (DiploMonthIndex, diplo_month_index,
                     diplo_month_index_ref, diplo_month_index_unref)

int
diplo_month_number_of_julian_day (guint julian_day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian_day);

  return g_date_get_year (&date) * 12 + (g_date_get_month (&date) - 1);
}

/* Each event's first and last months, read from the model once. Events
 * come sorted by day, so a day's month is often the one just worked out. */
static void
diplo_month_index_read_months (DiploMonthIndex *self,
                               GListModel      *events,
                               int             *first_months,
                               int             *last_months)
{
  guint n_items = g_list_model_get_n_items (events);
  guint last_julian_day = 0;
  int last_month = 0;

  self->first = G_MAXINT;
  self->last = G_MININT;

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(DiploEvent) event = g_list_model_get_item (events, i);
      guint first_day = diplo_event_get_first_day (event);
      guint last_day = diplo_event_get_last_day (event);

      if (first_day != last_julian_day)
        {
          last_julian_day = first_day;
          last_month = diplo_month_number_of_julian_day (first_day);
        }
      first_months[i] = last_month;
      last_months[i] = last_day == first_day ? last_month
                                             : diplo_month_number_of_julian_day (last_day);

      self->first = MIN (self->first, first_months[i]);
      self->last = MAX (self->last, last_months[i]);
    }
}

/* A difference array: each event marks where its months begin and end, and
 * one running sum counts them, so that an event spanning centuries costs
 * no more than one spanning a day. */
static void
diplo_month_index_count (DiploMonthIndex *self,
                         guint            n_items,
                         const int       *first_months,
                         const int       *last_months)
{
  guint n_months = self->last - self->first + 1;
  g_autofree int *steps = g_new0 (int, n_months + 1);
  int running = 0;

  g_array_set_size (self->counts, n_months);
  g_array_set_size (self->starts, n_months);

  for (guint i = 0; i < n_items; i++)
    {
      int from = first_months[i] - self->first;
      int to = last_months[i] - self->first;

      steps[from]++;
      steps[to + 1]--;
      g_array_index (self->starts, guint, from)++;
    }

  for (guint m = 0; m < n_months; m++)
    {
      running += steps[m];
      g_array_index (self->counts, guint, m) = running;
    }
}

/* A counting sort of the positions by their first month, so that listing a
 * month's events reads those beginning in it at once and looks through the
 * few spanning events only, never through the whole model. */
static void
diplo_month_index_list_positions (DiploMonthIndex *self,
                                  guint            n_items,
                                  const int       *first_months,
                                  const int       *last_months)
{
  guint n_months = self->last - self->first + 1;
  g_autofree guint *next = g_new (guint, n_months);

  self->starts_offset = g_new (guint, n_months + 1);
  self->starts_offset[0] = 0;
  for (guint m = 0; m < n_months; m++)
    self->starts_offset[m + 1] = self->starts_offset[m] + g_array_index (self->starts, guint, m);
  memcpy (next, self->starts_offset, n_months * sizeof (guint));

  self->starting_positions = g_new (guint, MAX (n_items, 1));
  for (guint i = 0; i < n_items; i++)
    {
      self->starting_positions[next[first_months[i] - self->first]++] = i;
      if (last_months[i] > first_months[i])
        {
          SpanningEvent spanning = { i, first_months[i], last_months[i] };

          g_array_append_val (self->spanning, spanning);
        }
    }
}

DiploMonthIndex *
diplo_month_index_new (GListModel *events)
{
  g_autofree int *first_months = NULL;
  g_autofree int *last_months = NULL;
  DiploMonthIndex *self;
  guint n_items;

  g_return_val_if_fail (G_IS_LIST_MODEL (events), NULL);

  self = g_new0 (DiploMonthIndex, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->counts = g_array_new (FALSE, TRUE, sizeof (guint));
  self->starts = g_array_new (FALSE, TRUE, sizeof (guint));
  self->spanning = g_array_new (FALSE, FALSE, sizeof (SpanningEvent));

  n_items = g_list_model_get_n_items (events);
  first_months = g_new (int, MAX (n_items, 1));
  last_months = g_new (int, MAX (n_items, 1));

  diplo_month_index_read_months (self, events, first_months, last_months);
  if (self->first <= self->last)
    {
      diplo_month_index_count (self, n_items, first_months, last_months);
      diplo_month_index_list_positions (self, n_items, first_months, last_months);
    }

  return self;
}

DiploMonthIndex *
diplo_month_index_ref (DiploMonthIndex *self)
{
  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
diplo_month_index_unref (DiploMonthIndex *self)
{
  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_array_unref (self->counts);
      g_array_unref (self->starts);
      g_array_unref (self->spanning);
      g_free (self->starting_positions);
      g_free (self->starts_offset);
      g_free (self);
    }
}

gboolean
diplo_month_index_is_empty (DiploMonthIndex *self)
{
  return self->first > self->last;
}

int
diplo_month_index_get_first (DiploMonthIndex *self)
{
  return self->first;
}

int
diplo_month_index_get_last (DiploMonthIndex *self)
{
  return self->last;
}

guint
diplo_month_index_get_count (DiploMonthIndex *self,
                             int              month_number)
{
  if (month_number < self->first || month_number > self->last)
    return 0;

  return g_array_index (self->counts, guint, month_number - self->first);
}

/* How many events begin in the month, as opposed to those passing through. */
guint
diplo_month_index_get_n_starting (DiploMonthIndex *self,
                                  int              month_number)
{
  if (month_number < self->first || month_number > self->last)
    return 0;

  return g_array_index (self->starts, guint, month_number - self->first);
}

/**
 * diplo_month_index_get_positions:
 * @month_number: a month, as diplo_month_number_parse() gives
 * @n_positions: (out): how many positions are returned
 *
 * The events that overlap @month_number, as the model the index was made
 * from orders them: those beginning in the month and those passing through
 * it.
 *
 * Returns: (transfer full) (array length=n_positions): their positions
 */
guint *
diplo_month_index_get_positions (DiploMonthIndex *self,
                                 int              month_number,
                                 guint           *n_positions)
{
  const guint *starting;
  guint n_starting, n = 0, s = 0;
  guint *positions;

  g_return_val_if_fail (n_positions != NULL, NULL);

  n_starting = diplo_month_index_get_n_starting (self, month_number);
  starting = n_starting > 0
    ? self->starting_positions + self->starts_offset[month_number - self->first]
    : NULL;
  positions = g_new (guint, MAX (diplo_month_index_get_count (self, month_number), 1));

  /* Both lists are in model order: merge them. */
  for (guint i = 0; i < self->spanning->len; i++)
    {
      const SpanningEvent *spanning = &g_array_index (self->spanning, SpanningEvent, i);

      if (spanning->first_month >= month_number || spanning->last_month < month_number)
        continue;

      while (s < n_starting && starting[s] < spanning->position)
        positions[n++] = starting[s++];
      positions[n++] = spanning->position;
    }
  while (s < n_starting)
    positions[n++] = starting[s++];

  g_assert (n == diplo_month_index_get_count (self, month_number));
  *n_positions = n;

  return positions;
}

gboolean
diplo_month_index_contains (DiploMonthIndex *self,
                            const char      *month)
{
  int month_number = diplo_month_number_parse (month);

  return month_number >= self->first && month_number <= self->last;
}

/**
 * diplo_month_index_step:
 * @month: (nullable): "YYYY-MM", or %NULL or "" for all months
 * @delta: how many calendar months to move
 *
 * Stepping from all months enters the range at its first (forwards) or last
 * (backwards) month; stepping past either end stays on the end.
 *
 * Returns: (transfer full): the new month, or "" for all months
 */
char *
diplo_month_index_step (DiploMonthIndex *self,
                        const char      *month,
                        int              delta)
{
  int current = diplo_month_number_parse (month);
  int target;

  if (diplo_month_index_is_empty (self))
    return g_strdup ("");

  if (current < 0)
    target = delta >= 0 ? self->first : self->last;
  else
    target = CLAMP (current + delta, self->first, self->last);

  return diplo_month_number_to_string (target);
}

/* Returns -1 for anything that is not "YYYY-MM". */
int
diplo_month_number_parse (const char *month)
{
  int year, month_of_year;

  if (month == NULL || !diplo_month_parse (month, &year, &month_of_year))
    return -1;

  return year * 12 + (month_of_year - 1);
}

char *
diplo_month_number_to_string (int month_number)
{
  return g_strdup_printf ("%04d-%02d", month_number / 12, month_number % 12 + 1);
}

char *
diplo_month_number_format (int month_number)
{
  g_autoptr(GDateTime) date = g_date_time_new_utc (month_number / 12, month_number % 12 + 1, 1,
                                                   0, 0, 0);

  /* Translators: a month and its year, e.g. "March 2023"; see g_date_time_format() */
  return g_date_time_format (date, _("%OB %Y"));
}
