#define G_LOG_DOMAIN "diplo-event-filter"

#include "config.h"

#include "diplo-event-filter.h"

#include <string.h>

struct _DiploEventFilter
{
  GtkFilter  parent_instance;

  char      *month;
  /* The month's first and last julian days, for a cheap match. */
  guint      month_first_day;
  guint      month_last_day;

  char      *search_text;
  char      *folded_search_text;

  guint      kinds;

  /* FALSE when the model beneath lists only the month's events already. */
  gboolean   match_month;
};

G_DEFINE_FINAL_TYPE (DiploEventFilter, diplo_event_filter, GTK_TYPE_FILTER)

enum {
  PROP_0,
  PROP_MONTH,
  PROP_SEARCH_TEXT,
  PROP_KINDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
static GQuark folded_text_quark;

DiploEventFilter *
diplo_event_filter_new (void)
{
  return g_object_new (DIPLO_TYPE_EVENT_FILTER, NULL);
}

/* Case- and accent-insensitive form: "Nicolás" and "nicolas" fold alike. */
char *
diplo_fold_for_search (const char *text)
{
  g_autofree char *decomposed = NULL;
  g_autofree char *casefolded = NULL;
  GString *folded;

  if (text == NULL)
    return g_strdup ("");

  casefolded = g_utf8_casefold (text, -1);
  decomposed = g_utf8_normalize (casefolded, -1, G_NORMALIZE_ALL);
  folded = g_string_new (NULL);

  for (const char *p = decomposed; p != NULL && *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_ismark (c))
        g_string_append_unichar (folded, c);
    }

  return g_string_free (folded, FALSE);
}

static char *
diplo_event_filter_build_haystack (DiploEvent *event)
{
  const char * const *participants = diplo_event_get_participants (event);
  g_autoptr(GString) haystack = g_string_new (diplo_event_get_title (event));
  g_autofree char *joined = NULL;

  g_string_append_c (haystack, '\n');
  g_string_append (haystack, diplo_event_get_place (event) ?: "");
  g_string_append_c (haystack, '\n');
  g_string_append (haystack, diplo_event_get_country (event) ?: "");
  g_string_append_c (haystack, '\n');
  if (participants != NULL)
    {
      joined = g_strjoinv ("\n", (char **) participants);
      g_string_append (haystack, joined);
    }

  return diplo_fold_for_search (haystack->str);
}

/* Events are immutable, so their folded text is computed once and kept. */
static const char *
diplo_event_filter_get_haystack (DiploEvent *event)
{
  const char *haystack = g_object_get_qdata (G_OBJECT (event), folded_text_quark);

  if (haystack == NULL)
    {
      char *built = diplo_event_filter_build_haystack (event);

      g_object_set_qdata_full (G_OBJECT (event), folded_text_quark, built, g_free);
      haystack = built;
    }

  return haystack;
}

static gboolean
diplo_event_filter_match (GtkFilter *filter,
                          gpointer   item)
{
  DiploEventFilter *self = DIPLO_EVENT_FILTER (filter);
  DiploEvent *event = item;

  if (!(self->kinds & (1u << diplo_event_get_kind (event))))
    return FALSE;

  if (self->month != NULL && self->match_month &&
      !diplo_event_overlaps_days (event, self->month_first_day, self->month_last_day))
    return FALSE;

  if (self->folded_search_text != NULL &&
      strstr (diplo_event_filter_get_haystack (event), self->folded_search_text) == NULL)
    return FALSE;

  return TRUE;
}

static GtkFilterMatch
diplo_event_filter_get_strictness (GtkFilter *filter)
{
  DiploEventFilter *self = DIPLO_EVENT_FILTER (filter);

  if (self->kinds == 0)
    return GTK_FILTER_MATCH_NONE;

  if ((self->month == NULL || !self->match_month) &&
      self->search_text == NULL &&
      self->kinds == DIPLO_EVENT_FILTER_ALL_KINDS)
    return GTK_FILTER_MATCH_ALL;

  return GTK_FILTER_MATCH_SOME;
}

const char *
diplo_event_filter_get_month (DiploEventFilter *self)
{
  g_return_val_if_fail (DIPLO_IS_EVENT_FILTER (self), NULL);

  return self->month;
}

/**
 * diplo_event_filter_set_month:
 * @month: (nullable): "YYYY-MM", or %NULL or "" for all months
 *
 * A string that is not a month is treated as all months, so that a stale
 * setting can never hide every event.
 */
void
diplo_event_filter_set_month (DiploEventFilter *self,
                              const char       *month)
{
  int year_number = 0, month_number = 0;
  GtkFilterChange change;

  g_return_if_fail (DIPLO_IS_EVENT_FILTER (self));

  if (month == NULL || !diplo_month_parse (month, &year_number, &month_number))
    month = NULL;

  if (g_strcmp0 (self->month, month) == 0)
    return;

  if (month == NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else if (self->month == NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else
    change = GTK_FILTER_CHANGE_DIFFERENT;

  g_free (self->month);
  self->month = g_strdup (month);
  if (month != NULL)
    {
      GDate date;

      g_date_clear (&date, 1);
      g_date_set_dmy (&date, 1, month_number, year_number);
      self->month_first_day = g_date_get_julian (&date);
      self->month_last_day = diplo_date_get_last_day (self->month_first_day,
                                                      DIPLO_DATE_PRECISION_MONTH);
    }

  if (self->match_month)
    gtk_filter_changed (GTK_FILTER (self), change);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MONTH]);
}

const char *
diplo_event_filter_get_search_text (DiploEventFilter *self)
{
  g_return_val_if_fail (DIPLO_IS_EVENT_FILTER (self), NULL);

  return self->search_text;
}

static GtkFilterChange
diplo_event_filter_compare_needles (const char *old_needle,
                                    const char *new_needle)
{
  if (old_needle == NULL)
    return GTK_FILTER_CHANGE_MORE_STRICT;
  if (new_needle == NULL)
    return GTK_FILTER_CHANGE_LESS_STRICT;
  if (strstr (new_needle, old_needle) != NULL)
    return GTK_FILTER_CHANGE_MORE_STRICT;
  if (strstr (old_needle, new_needle) != NULL)
    return GTK_FILTER_CHANGE_LESS_STRICT;

  return GTK_FILTER_CHANGE_DIFFERENT;
}

void
diplo_event_filter_set_search_text (DiploEventFilter *self,
                                    const char       *search_text)
{
  g_autofree char *folded = NULL;
  GtkFilterChange change;

  g_return_if_fail (DIPLO_IS_EVENT_FILTER (self));

  if (search_text != NULL && *search_text == '\0')
    search_text = NULL;

  if (g_strcmp0 (self->search_text, search_text) == 0)
    return;

  if (search_text != NULL)
    folded = diplo_fold_for_search (search_text);

  change = diplo_event_filter_compare_needles (self->folded_search_text, folded);
  g_free (self->search_text);
  self->search_text = g_strdup (search_text);
  g_free (self->folded_search_text);
  self->folded_search_text = g_steal_pointer (&folded);

  gtk_filter_changed (GTK_FILTER (self), change);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_TEXT]);
}

guint
diplo_event_filter_get_kinds (DiploEventFilter *self)
{
  g_return_val_if_fail (DIPLO_IS_EVENT_FILTER (self), 0);

  return self->kinds;
}

void
diplo_event_filter_set_kinds (DiploEventFilter *self,
                              guint             kinds)
{
  GtkFilterChange change;

  g_return_if_fail (DIPLO_IS_EVENT_FILTER (self));

  kinds &= DIPLO_EVENT_FILTER_ALL_KINDS;
  if (self->kinds == kinds)
    return;

  if ((kinds & self->kinds) == kinds)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if ((kinds & self->kinds) == self->kinds)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else
    change = GTK_FILTER_CHANGE_DIFFERENT;

  self->kinds = kinds;

  gtk_filter_changed (GTK_FILTER (self), change);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KINDS]);
}

gboolean
diplo_event_filter_is_active (DiploEventFilter *self)
{
  g_return_val_if_fail (DIPLO_IS_EVENT_FILTER (self), FALSE);

  return self->month != NULL ||
         self->search_text != NULL ||
         self->kinds != DIPLO_EVENT_FILTER_ALL_KINDS;
}

gboolean
diplo_event_filter_get_match_month (DiploEventFilter *self)
{
  g_return_val_if_fail (DIPLO_IS_EVENT_FILTER (self), FALSE);

  return self->match_month;
}

/**
 * diplo_event_filter_set_match_month:
 * @match_month: whether the filter checks the month of each event
 *
 * When the model beneath lists the month's events only, as a month model
 * does, asking each of them again is wasted: the filter then keeps and
 * reports its month for whoever lists the events, but matches the search
 * text and the kinds alone, and a month change refilters nothing.
 */
void
diplo_event_filter_set_match_month (DiploEventFilter *self,
                                    gboolean          match_month)
{
  g_return_if_fail (DIPLO_IS_EVENT_FILTER (self));

  match_month = !!match_month;
  if (self->match_month == match_month)
    return;

  self->match_month = match_month;
  if (self->month != NULL)
    gtk_filter_changed (GTK_FILTER (self),
                        match_month ? GTK_FILTER_CHANGE_MORE_STRICT : GTK_FILTER_CHANGE_LESS_STRICT);
}

void
diplo_event_filter_clear (DiploEventFilter *self)
{
  gboolean month_changed, search_changed, kinds_changed;

  g_return_if_fail (DIPLO_IS_EVENT_FILTER (self));

  month_changed = self->month != NULL;
  search_changed = self->search_text != NULL;
  kinds_changed = self->kinds != DIPLO_EVENT_FILTER_ALL_KINDS;
  if (!month_changed && !search_changed && !kinds_changed)
    return;

  g_clear_pointer (&self->month, g_free);
  g_clear_pointer (&self->search_text, g_free);
  g_clear_pointer (&self->folded_search_text, g_free);
  self->kinds = DIPLO_EVENT_FILTER_ALL_KINDS;

  /* One refilter for all three, not one each. */
  if (search_changed || kinds_changed || self->match_month)
    gtk_filter_changed (GTK_FILTER (self), GTK_FILTER_CHANGE_LESS_STRICT);

  if (month_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MONTH]);
  if (search_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_TEXT]);
  if (kinds_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KINDS]);
}

static void
diplo_event_filter_finalize (GObject *object)
{
  DiploEventFilter *self = DIPLO_EVENT_FILTER (object);

  g_clear_pointer (&self->month, g_free);
  g_clear_pointer (&self->search_text, g_free);
  g_clear_pointer (&self->folded_search_text, g_free);

  G_OBJECT_CLASS (diplo_event_filter_parent_class)->finalize (object);
}

static void
diplo_event_filter_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  DiploEventFilter *self = DIPLO_EVENT_FILTER (object);

  switch (prop_id)
    {
    case PROP_MONTH:
      g_value_set_string (value, self->month ?: "");
      break;

    case PROP_SEARCH_TEXT:
      g_value_set_string (value, self->search_text);
      break;

    case PROP_KINDS:
      g_value_set_uint (value, self->kinds);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
diplo_event_filter_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  DiploEventFilter *self = DIPLO_EVENT_FILTER (object);

  switch (prop_id)
    {
    case PROP_MONTH:
      diplo_event_filter_set_month (self, g_value_get_string (value));
      break;

    case PROP_SEARCH_TEXT:
      diplo_event_filter_set_search_text (self, g_value_get_string (value));
      break;

    case PROP_KINDS:
      diplo_event_filter_set_kinds (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
diplo_event_filter_class_init (DiploEventFilterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkFilterClass *filter_class = GTK_FILTER_CLASS (klass);

  object_class->finalize = diplo_event_filter_finalize;
  object_class->get_property = diplo_event_filter_get_property;
  object_class->set_property = diplo_event_filter_set_property;

  filter_class->match = diplo_event_filter_match;
  filter_class->get_strictness = diplo_event_filter_get_strictness;

  /* The month is a string so that GSettings can bind it directly. */
  properties[PROP_MONTH] =
    g_param_spec_string ("month", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SEARCH_TEXT] =
    g_param_spec_string ("search-text", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_KINDS] =
    g_param_spec_uint ("kinds", NULL, NULL,
                       0, DIPLO_EVENT_FILTER_ALL_KINDS, DIPLO_EVENT_FILTER_ALL_KINDS,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  folded_text_quark = g_quark_from_static_string ("diplo-event-filter-haystack");
}

static void
diplo_event_filter_init (DiploEventFilter *self)
{
  self->kinds = DIPLO_EVENT_FILTER_ALL_KINDS;
  self->match_month = TRUE;
}
