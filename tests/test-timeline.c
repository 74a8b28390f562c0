#include "config.h"

#include <locale.h>
#include <string.h>

#include <gtk/gtk.h>

#include "diplo-event-filter.h"
#include "diplo-test-utils.h"
#include "diplo-timeline.h"
#include "diplo-timeline-list.h"
#include "diplo-timeline-row.h"

static const char *features[] = {
  "m1|2023-03-10||mediation|Beijing|CN|39.9|116.4|Talks conclude|",
  "m2|2023-03-20|2023-03-22|state-visit|Moscow|RU|55.75|37.62|State visit to Russia|",
  "a1|2023-04||meeting|Beijing|CN|39.9|116.4|April meeting|",
  "a2|2023-04-26||call|||-|-|Phone call|",
  "v1|2023-11-21||virtual-summit|||-|-|Virtual summit|",
  NULL
};

typedef struct
{
  GtkWindow          *window;
  DiploTimeline      *timeline;
  DiploEventFilter   *filter;
  GtkSingleSelection *selection;
} Fixture;

static gboolean has_rows (gpointer data);

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(DiploDataset) dataset = diplo_test_dataset_new (features);
  GtkFilterListModel *filtered;

  f->filter = diplo_event_filter_new ();
  filtered = gtk_filter_list_model_new (g_object_ref (diplo_dataset_get_events (dataset)),
                                        g_object_ref (GTK_FILTER (f->filter)));
  f->selection = gtk_single_selection_new (G_LIST_MODEL (filtered));
  gtk_single_selection_set_autoselect (f->selection, FALSE);
  gtk_single_selection_set_can_unselect (f->selection, TRUE);

  f->timeline = g_object_new (DIPLO_TYPE_TIMELINE, "selection", f->selection, NULL);
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 360, 800);
  gtk_window_set_child (f->window, GTK_WIDGET (f->timeline));
  gtk_window_present (f->window);
  diplo_test_wait_for (has_rows, f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  g_clear_object (&f->selection);
  g_clear_object (&f->filter);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The rows currently on screen, keyed by event id, as "id:header" strings. */
static char *
describe_rows (Fixture *f)
{
  g_autoptr(GPtrArray) rows = diplo_test_timeline_rows (f->timeline);
  g_autoptr(GPtrArray) descriptions = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;

  for (guint i = 0; i < rows->len; i++)
    {
      DiploTimelineRow *row = g_ptr_array_index (rows, i);

      g_ptr_array_add (descriptions, g_strdup_printf ("%s:%s",
                                                      diplo_event_get_id (diplo_timeline_row_get_event (row)),
                                                      diplo_timeline_row_get_has_header (row) ? "H" : "-"));
    }

  g_ptr_array_sort (descriptions, compare_strings);
  g_ptr_array_add (descriptions, NULL);
  joined = g_strjoinv (" ", (char **) descriptions->pdata);

  return g_steal_pointer (&joined);
}

static gboolean
has_rows (gpointer data)
{
  g_autofree char *rows = describe_rows (data);

  return rows[0] != '\0';
}

/* Rows of events filtered out are unbound at the next layout. */
static gboolean
rows_after_search_are_redrawn (gpointer data)
{
  g_autofree char *rows = describe_rows (data);

  return strstr (rows, "a1") == NULL;
}

static void
test_timeline_month_headers (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *all = describe_rows (f);
  g_autofree char *filtered = NULL;

  /* A heading on the first row of each month only. */
  g_assert_cmpstr (all, ==, "a1:H a2:- m1:H m2:- v1:H");

  /* When the first of a month is filtered out, the next row takes the heading. */
  diplo_event_filter_set_search_text (f->filter, "o");
  diplo_test_wait_for (rows_after_search_are_redrawn, f);
  filtered = describe_rows (f);
  g_assert_cmpstr (filtered, ==, "a2:H m1:H m2:-");
}

static gboolean
stack_shows_empty (gpointer data)
{
  Fixture *f = data;
  GtkWidget *stack = gtk_widget_get_first_child (GTK_WIDGET (f->timeline));

  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (stack)), "empty") == 0;
}

static gboolean
stack_shows_list (gpointer data)
{
  return !stack_shows_empty (data);
}

static void
test_timeline_empty_state (Fixture       *f,
                           gconstpointer  data)
{
  g_assert_true (stack_shows_list (f));

  diplo_event_filter_set_month (f->filter, "2023-07");
  diplo_test_wait_for (stack_shows_empty, f);

  diplo_event_filter_set_month (f->filter, NULL);
  diplo_test_wait_for (stack_shows_list, f);
}

static void
test_timeline_selection_survives_filter (Fixture       *f,
                                         gconstpointer  data)
{
  DiploEvent *selected;

  gtk_single_selection_set_selected (f->selection, 1);
  selected = gtk_single_selection_get_selected_item (f->selection);
  g_assert_cmpstr (diplo_event_get_id (selected), ==, "m2");

  diplo_event_filter_set_month (f->filter, "2023-03");
  g_assert_true (gtk_single_selection_get_selected_item (f->selection) == selected);

  diplo_event_filter_set_month (f->filter, "2023-04");
  g_assert_null (gtk_single_selection_get_selected_item (f->selection));
}

static void
add_shown_rows (Fixture    *f,
                GHashTable *rows)
{
  g_autoptr(GPtrArray) shown = diplo_test_timeline_rows (f->timeline);

  for (guint i = 0; i < shown->len; i++)
    g_hash_table_add (rows, g_ptr_array_index (shown, i));
}

static gboolean
rows_show_march (gpointer data)
{
  g_autofree char *rows = describe_rows (data);

  return g_str_equal (rows, "m1:H m2:-");
}

static gboolean
rows_show_april (gpointer data)
{
  g_autofree char *rows = describe_rows (data);

  return g_str_equal (rows, "a1:H a2:-");
}

/* A filter change shows other events in the rows already built: building
 * rows from their template anew was most of a month change. */
static void
test_timeline_rows_reused (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GHashTable) before = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) after = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer row;

  /* Every month's rows, then April's, then March's: April's and
   * March's events are not the same, and their rows are reused. */
  add_shown_rows (f, before);
  g_assert_cmpuint (g_hash_table_size (before), ==, 5);
  diplo_event_filter_set_month (f->filter, "2023-04");
  diplo_test_wait_for (rows_show_april, f);
  add_shown_rows (f, before);
  g_assert_cmpuint (g_hash_table_size (before), ==, 5);

  diplo_event_filter_set_month (f->filter, "2023-03");
  diplo_test_wait_for (rows_show_march, f);

  add_shown_rows (f, after);
  g_assert_cmpuint (g_hash_table_size (after), ==, 2);
  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, &row, NULL))
    g_assert_true (g_hash_table_contains (before, row));
}

/* Rows bound and laid out ahead for the events a filter change brings
 * are the rows that show them: hidden until then, the first with its
 * month's heading. */
static void
test_timeline_prepared_rows_shown (Fixture       *f,
                                   gconstpointer  data)
{
  DiploTimelineList *list = diplo_timeline_get_list (f->timeline);
  GListModel *events = gtk_filter_list_model_get_model (GTK_FILTER_LIST_MODEL (gtk_single_selection_get_model (f->selection)));
  g_autoptr(DiploEventFilter) april_filter = diplo_event_filter_new ();
  g_autoptr(GtkFilterListModel) april = NULL;
  GtkWidget *prepared = NULL;

  diplo_event_filter_set_month (april_filter, "2023-04");
  april = gtk_filter_list_model_new (g_object_ref (events), g_object_ref (GTK_FILTER (april_filter)));
  diplo_timeline_list_prepare (list, G_LIST_MODEL (april));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      DiploEvent *event = diplo_timeline_row_get_event (DIPLO_TIMELINE_ROW (child));

      if (event != NULL && g_str_equal (diplo_event_get_id (event), "a1") &&
          !gtk_widget_get_child_visible (child))
        prepared = child;
    }
  g_assert_nonnull (prepared);

  diplo_event_filter_set_month (f->filter, "2023-04");
  diplo_test_wait_for (rows_show_april, f);
  g_assert_true (diplo_timeline_list_get_row (list, 0) == prepared);
  g_assert_true (gtk_widget_get_child_visible (prepared));
  g_assert_true (diplo_timeline_row_get_has_header (DIPLO_TIMELINE_ROW (prepared)));
}

/* Whether GTK would show a tooltip for @widget, as on hovering it. */
static gboolean
query_tooltip (GtkWidget *widget)
{
  g_autoptr(GtkTooltip) tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
  gboolean shown = FALSE;

  g_assert_true (gtk_widget_get_has_tooltip (widget));
  g_signal_emit_by_name (widget, "query-tooltip", 1, 1, FALSE, tooltip, &shown);

  return shown;
}

/* Every shown row's icon and its tooltip name its own event's kind. */
static void
assert_rows_show_kinds (Fixture *f)
{
  g_autoptr(GHashTable) rows = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer row;

  add_shown_rows (f, rows);
  g_assert_cmpuint (g_hash_table_size (rows), >, 0);

  g_hash_table_iter_init (&iter, rows);
  while (g_hash_table_iter_next (&iter, &row, NULL))
    {
      DiploEventKind kind = diplo_event_get_kind (diplo_timeline_row_get_event (row));
      GtkWidget *image = diplo_test_find_descendant (row, GTK_TYPE_IMAGE);

      g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (image)), ==,
                       diplo_event_kind_to_icon_name (kind));
      g_assert_cmpstr (diplo_timeline_row_get_kind_tooltip (row), ==, diplo_event_kind_to_label (kind));
      g_assert_true (query_tooltip (image));
    }
}

/* Rows reused for events of other kinds change their icon and tooltip,
 * which they leave alone for events of the kind they showed. */
static void
test_timeline_reused_rows_show_kind (Fixture       *f,
                                     gconstpointer  data)
{
  assert_rows_show_kinds (f);
  diplo_event_filter_set_month (f->filter, "2023-04");
  diplo_test_wait_for (rows_show_april, f);
  assert_rows_show_kinds (f);
  diplo_event_filter_set_month (f->filter, "2023-03");
  diplo_test_wait_for (rows_show_march, f);
  assert_rows_show_kinds (f);
}

static void
test_timeline_row_text (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(DiploDataset) dataset = diplo_test_dataset_new (features);
  g_autoptr(DiploEvent) call = g_list_model_get_item (diplo_dataset_get_events (dataset), 3);
  g_autoptr(DiploEvent) summit = g_list_model_get_item (diplo_dataset_get_events (dataset), 4);
  g_autoptr(DiploEvent) moscow = g_list_model_get_item (diplo_dataset_get_events (dataset), 1);

  g_assert_cmpstr (diplo_event_describe_place (call), ==, "Virtual");
  g_assert_cmpstr (diplo_event_describe_place (summit), ==, "Virtual");
  g_assert_cmpstr (diplo_event_describe_place (moscow), ==, "Moscow");
}

static const char *long_title_features[] = {
  "h1|2023-05-01||meeting|Beijing|CN|39.9|116.4|Talks|",
  "s1|2023-05-02||meeting|Beijing|CN|39.9|116.4|Talks|",
  "l1|2023-05-02||state-visit|Moscow|RU|55.75|37.62|"
  "State visit to the Russian Federation and talks on trade, energy and the settlement of the "
  "conflict in the region|",
  NULL
};

static gboolean
long_title_is_shown (gpointer data)
{
  DiploTimelineRow *row = diplo_test_find_timeline_row (data, "l1");

  return row != NULL && gtk_widget_get_height (GTK_WIDGET (row)) > 0;
}

/* A long title wraps onto several lines in full, at the sidebar's width;
 * and the rows ask for no more than that width, although the title's
 * label asks for a fixed minimum width (measuring a wrapping label down to
 * its longest word lays out its text once a line, which was most of a
 * month change). */
static void
test_timeline_long_title_wraps (void)
{
  g_autoptr(DiploDataset) dataset = diplo_test_dataset_new (long_title_features);
  g_autoptr(GtkSingleSelection) selection =
    gtk_single_selection_new (g_object_ref (diplo_dataset_get_events (dataset)));
  DiploTimeline *timeline = g_object_new (DIPLO_TYPE_TIMELINE, "selection", selection, NULL);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  /* The sidebar's width request, in the window's template. */
  const int sidebar_width = 340;
  int minimum;

  gtk_widget_set_size_request (GTK_WIDGET (timeline), sidebar_width, -1);
  gtk_widget_set_halign (GTK_WIDGET (timeline), GTK_ALIGN_START);
  gtk_window_set_default_size (window, sidebar_width, 600);
  gtk_window_set_child (window, GTK_WIDGET (timeline));
  gtk_window_present (window);
  diplo_test_wait_for (long_title_is_shown, timeline);

  /* Neither has the month's heading; the long title takes two more lines
   * at least, each more than a quarter of a one-line row. */
  g_assert_false (diplo_timeline_row_get_has_header (diplo_test_find_timeline_row (timeline, "l1")));
  g_assert_false (diplo_timeline_row_get_has_header (diplo_test_find_timeline_row (timeline, "s1")));
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (diplo_test_find_timeline_row (timeline, "l1"))), >,
                   gtk_widget_get_height (GTK_WIDGET (diplo_test_find_timeline_row (timeline, "s1"))) * 3 / 2);

  gtk_widget_measure (GTK_WIDGET (diplo_test_find_timeline_row (timeline, "l1")), GTK_ORIENTATION_HORIZONTAL, -1,
                      &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, sidebar_width);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (timeline)), ==, sidebar_width);

  gtk_window_destroy (window);
}

/* Where @row lies in the list's view, margins included: its top and
 * bottom. */
static void
get_row_span (GtkWidget *row,
              double    *top,
              double    *bottom)
{
  GtkAllocation allocation;

  gtk_widget_get_allocation (row, &allocation);
  *top = allocation.y;
  *bottom = allocation.y + allocation.height;
}

/* The row of @position is bound, and in view from its top to its bottom. */
static GtkWidget *
assert_row_shown_whole (DiploTimelineList *list,
                        guint              position)
{
  GtkWidget *row = diplo_timeline_list_get_row (list, position);
  double top;
  double bottom;

  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_child_visible (row));
  get_row_span (row, &top, &bottom);
  g_assert_cmpfloat (top, >=, 0);
  g_assert_cmpfloat (bottom, <=, gtk_widget_get_height (GTK_WIDGET (list)));

  return row;
}

static guint
find_position (GListModel *model,
               DiploEvent *event)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DiploEvent) item = g_list_model_get_item (model, i);

      if (item == event)
        return i;
    }

  g_assert_not_reached ();
}

/* The rows in view follow one another without a gap or an overlap, in the
 * order of their events, and cover the view from its top to its bottom. */
static void
assert_rows_fill_view (DiploTimeline *timeline)
{
  DiploTimelineList *list = diplo_timeline_get_list (timeline);
  GListModel *model = G_LIST_MODEL (diplo_timeline_list_get_model (list));
  g_autoptr(GPtrArray) rows = diplo_test_timeline_rows (timeline);
  double previous_bottom;
  double top;
  guint first;

  g_assert_cmpuint (rows->len, >, 0);
  get_row_span (g_ptr_array_index (rows, 0), &top, &previous_bottom);
  g_assert_cmpfloat (top, <=, 0);
  first = find_position (model, diplo_timeline_row_get_event (g_ptr_array_index (rows, 0)));
  for (guint i = 1; i < rows->len; i++)
    {
      g_autoptr(DiploEvent) expected = g_list_model_get_item (model, first + i);
      double bottom;

      get_row_span (g_ptr_array_index (rows, i), &top, &bottom);
      g_assert_cmpfloat (top, ==, previous_bottom);
      g_assert_true (diplo_timeline_row_get_event (g_ptr_array_index (rows, i)) == expected);
      previous_bottom = bottom;
    }
  g_assert_cmpfloat (previous_bottom, >=, gtk_widget_get_height (GTK_WIDGET (list)));
}

/* Counts the list's rows, and checks that screen readers see only those
 * in view. */
static guint
count_children (GtkWidget *widget)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      gtk_test_accessible_assert_state (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_STATE_HIDDEN,
                                        !gtk_widget_get_child_visible (child));
      n++;
    }

  return n;
}

static void
wait_for_layout (DiploTimeline *timeline)
{
  diplo_test_wait_for_frames (GTK_WIDGET (timeline));
}

/* Gives the timeline a selection of @n synthetic events, none selected,
 * and waits until they are laid out. */
static GtkSingleSelection *
show_synthetic_events (Fixture *f,
                       guint    n)
{
  g_autoptr(GListModel) events = diplo_test_synthetic_events (n, 3);
  GtkSingleSelection *selection = gtk_single_selection_new (g_object_ref (events));

  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_selected (selection, GTK_INVALID_LIST_POSITION);
  diplo_timeline_set_selection (f->timeline, selection);
  wait_for_layout (f->timeline);

  return selection;
}

static void
scroll_list_to (DiploTimeline *timeline,
                double         value)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (diplo_timeline_get_list (timeline)));

  gtk_adjustment_set_value (adjustment, value);
  wait_for_layout (timeline);
  assert_rows_fill_view (timeline);
}

/* Thousands of events: rows exist for those in view and a few beside,
 * wherever the list is scrolled to. */
static void
test_timeline_rows_in_view_only (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GtkSingleSelection) selection = show_synthetic_events (f, 5000);
  g_autoptr(DiploEvent) last = g_list_model_get_item (G_LIST_MODEL (selection), 4999);
  DiploTimelineList *list = diplo_timeline_get_list (f->timeline);
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));
  g_autoptr(GPtrArray) rows = NULL;
  double bottom;
  double top;

  assert_rows_fill_view (f->timeline);
  g_assert_cmpuint (count_children (GTK_WIDGET (list)), <, 40);

  /* Some pixels, as by the wheel; a jump, as by the scroll bar; the end. */
  scroll_list_to (f->timeline, 150);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0);
  scroll_list_to (f->timeline, gtk_adjustment_get_upper (adjustment) / 2);
  scroll_list_to (f->timeline, gtk_adjustment_get_upper (adjustment));

  rows = diplo_test_timeline_rows (f->timeline);
  g_assert_true (diplo_timeline_row_get_event (g_ptr_array_index (rows, rows->len - 1)) == last);
  get_row_span (g_ptr_array_index (rows, rows->len - 1), &top, &bottom);
  g_assert_cmpfloat (bottom, ==, gtk_widget_get_height (GTK_WIDGET (list)));
  g_assert_cmpuint (count_children (GTK_WIDGET (list)), <, 40);

  diplo_timeline_set_selection (f->timeline, f->selection);
}

typedef struct {
  guint    selected;
  int      steps;
  gboolean by_pages;
  guint    expected;
} CursorMove;

/* Selected by another part of the window or moved to by the keyboard, the
 * row comes into view whole, from below or from above; the keyboard moves
 * the selection with the focus. */
static void
test_timeline_selected_row_in_view (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GtkSingleSelection) selection = show_synthetic_events (f, 3000);
  DiploTimelineList *list = diplo_timeline_get_list (f->timeline);
  static const CursorMove moves[] = {
    { 2000, 0, FALSE, 2000 },
    { 30, 0, FALSE, 30 },
    { 30, 1, FALSE, 31 },
    { 31, -1, FALSE, 30 },
    { 30, G_MAXINT / 2, FALSE, 2999 },
    { 0, 1, TRUE, 0 },
  };


  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    {
      guint selected;
      GtkWidget *row;
      double top;
      double bottom;

      gtk_single_selection_set_selected (selection, moves[i].selected);
      if (moves[i].steps != 0)
        gtk_widget_activate_action (GTK_WIDGET (list), "list.move-cursor", "(ib)",
                                    moves[i].steps, moves[i].by_pages);
      wait_for_layout (f->timeline);

      selected = gtk_single_selection_get_selected (selection);
      /* A page is the rows in view but one. */
      if (moves[i].by_pages)
        g_assert_cmpuint (selected, >, 2);
      else
        g_assert_cmpuint (selected, ==, moves[i].expected);
      row = diplo_timeline_list_get_row (list, selected);
      g_assert_nonnull (row);
      g_assert_true (gtk_widget_get_state_flags (row) & GTK_STATE_FLAG_SELECTED);
      gtk_test_accessible_assert_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_SELECTED, TRUE);
      get_row_span (row, &top, &bottom);
      g_assert_cmpfloat (top, >=, 0);
      g_assert_cmpfloat (bottom, <=, gtk_widget_get_height (GTK_WIDGET (list)));
      if (moves[i].steps != 0)
        g_assert_true (gtk_widget_is_focus (row));
      assert_rows_fill_view (f->timeline);
    }

  diplo_timeline_set_selection (f->timeline, f->selection);
}

static GtkWidget *
find_row_of_event (DiploTimeline *timeline,
                   DiploEvent    *event)
{
  g_autoptr(GPtrArray) rows = diplo_test_timeline_rows (timeline);

  for (guint i = 0; i < rows->len; i++)
    if (diplo_timeline_row_get_event (g_ptr_array_index (rows, i)) == event)
      return g_ptr_array_index (rows, i);

  return NULL;
}

/* Scrolled up a few pixels at a time, as by the wheel, over rows of other
 * heights than the mean (month headings, long titles), the rows move by
 * as many pixels as asked: a row coming in from above is measured, not
 * guessed. */
static void
test_timeline_scroll_up_moves_rows_evenly (Fixture       *f,
                                          gconstpointer  data)
{
  g_autoptr(GtkSingleSelection) selection = show_synthetic_events (f, 5000);
  DiploTimelineList *list = diplo_timeline_get_list (f->timeline);
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));
  const double step = 53;

  scroll_list_to (f->timeline, gtk_adjustment_get_upper (adjustment) / 2);

  for (guint i = 0; i < 120; i++)
    {
      g_autoptr(GPtrArray) rows = diplo_test_timeline_rows (f->timeline);
      g_autoptr(DiploEvent) event = g_object_ref (diplo_timeline_row_get_event (g_ptr_array_index (rows, rows->len / 2)));
      double top_before;
      double top_after;
      double bottom;

      get_row_span (find_row_of_event (f->timeline, event), &top_before, &bottom);
      scroll_list_to (f->timeline, gtk_adjustment_get_value (adjustment) - step);
      get_row_span (find_row_of_event (f->timeline, event), &top_after, &bottom);
      g_assert_cmpfloat (top_after - top_before, ==, step);
    }

  diplo_timeline_set_selection (f->timeline, f->selection);
}

static gboolean
has_one_row (gpointer data)
{
  g_autoptr(GPtrArray) rows = diplo_test_timeline_rows (data);

  return rows->len == 1;
}

/* Rows that do not fill the view leave nothing to scroll: the range is a
 * page, as in any scrollable, or the scrolled window draws an overshoot
 * at the bottom. */
static void
test_timeline_few_rows_scroll_range (Fixture       *f,
                                     gconstpointer  data)
{
  DiploTimelineList *list = diplo_timeline_get_list (f->timeline);
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));

  diplo_event_filter_set_search_text (f->filter, "Talks conclude");
  diplo_test_wait_for (has_one_row, f->timeline);
  wait_for_layout (f->timeline);

  g_assert_cmpfloat (gtk_adjustment_get_page_size (adjustment), >, 0);
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >=, gtk_adjustment_get_page_size (adjustment));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);

  diplo_event_filter_set_search_text (f->filter, NULL);
}

/* Selected near the bottom of the view, the row stays whole in view when
 * the list gets shorter, as when the event's details show below it. */
static void
test_timeline_selected_row_stays_in_shorter_view (Fixture       *f,
                                                  gconstpointer  data)
{
  g_autoptr(GtkSingleSelection) selection = show_synthetic_events (f, 3000);
  DiploTimelineList *list = diplo_timeline_get_list (f->timeline);
  g_autoptr(GPtrArray) rows = NULL;
  GtkWidget *row;
  double top;
  double bottom;
  guint selected;

  /* The last row whole in view. */
  rows = diplo_test_timeline_rows (f->timeline);
  row = g_ptr_array_index (rows, rows->len - 2);
  get_row_span (row, &top, &bottom);
  g_assert_cmpfloat (bottom, <=, gtk_widget_get_height (GTK_WIDGET (list)));
  g_assert_cmpfloat (top, >, 300);
  selected = find_position (G_LIST_MODEL (selection), diplo_timeline_row_get_event (DIPLO_TIMELINE_ROW (row)));
  gtk_single_selection_set_selected (selection, selected);
  gtk_widget_set_margin_bottom (GTK_WIDGET (f->timeline), 300);
  wait_for_layout (f->timeline);

  row = assert_row_shown_whole (list, selected);
  assert_rows_fill_view (f->timeline);

  gtk_widget_set_margin_bottom (GTK_WIDGET (f->timeline), 0);
  diplo_timeline_set_selection (f->timeline, f->selection);
}

/* When the rows in view give way to others (another month) among which
 * the selected event stays at the same position, the selection does not
 * say it moved: the list itself keeps the selected row in view. */
static void
test_timeline_selected_row_stays_after_change (Fixture       *f,
                                               gconstpointer  data)
{
  g_autoptr(GListModel) events = diplo_test_synthetic_events (3000, 3);
  g_autoptr(GListStore) store = g_list_store_new (DIPLO_TYPE_EVENT);
  g_autoptr(GtkSingleSelection) selection = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  DiploTimelineList *list = diplo_timeline_get_list (f->timeline);

  for (guint i = 0; i < 200; i++)
    g_ptr_array_add (items, g_list_model_get_item (events, i));
  g_list_store_splice (store, 0, 0, items->pdata, items->len);
  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (store)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_selected (selection, GTK_INVALID_LIST_POSITION);
  diplo_timeline_set_selection (f->timeline, selection);
  wait_for_layout (f->timeline);

  gtk_single_selection_set_selected (selection, 60);
  wait_for_layout (f->timeline);
  g_assert_nonnull (diplo_timeline_list_get_row (list, 60));

  /* The same events again, as a month's list replaces all of them. */
  g_list_store_splice (store, 0, items->len, items->pdata, items->len);
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 60);
  wait_for_layout (f->timeline);

  assert_row_shown_whole (list, 60);
  assert_rows_fill_view (f->timeline);

  diplo_timeline_set_selection (f->timeline, f->selection);
}

/* The position of the row cut by the bottom of the view. */
static guint
find_row_cut_at_bottom (DiploTimeline *timeline,
                        double        *top)
{
  DiploTimelineList *list = diplo_timeline_get_list (timeline);
  GListModel *model = G_LIST_MODEL (diplo_timeline_list_get_model (list));
  g_autoptr(GPtrArray) rows = diplo_test_timeline_rows (timeline);
  int height = gtk_widget_get_height (GTK_WIDGET (list));

  for (guint i = 0; i < rows->len; i++)
    {
      double bottom;

      get_row_span (g_ptr_array_index (rows, i), top, &bottom);
      if (*top < height && bottom > height)
        return find_position (model, diplo_timeline_row_get_event (g_ptr_array_index (rows, i)));
    }

  g_assert_not_reached ();
}

/* A click on a row cut by the bottom of the view selects it and brings
 * it into view whole, also when it was selected already. */
static void
test_timeline_click_shows_row_whole (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GtkSingleSelection) selection = show_synthetic_events (f, 3000);
  DiploTimelineList *list = diplo_timeline_get_list (f->timeline);
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));
  GtkEventController *click = diplo_test_find_controller (GTK_WIDGET (list), GTK_TYPE_GESTURE_CLICK);

  g_assert_nonnull (click);
  scroll_list_to (f->timeline, 1000);
  for (guint round = 0; round < 2; round++)
    {
      double top;
      guint position = find_row_cut_at_bottom (f->timeline, &top);
      GtkWidget *row;
      double bottom;

      g_assert_true (round == 0 || gtk_single_selection_get_selected (selection) == position);
      g_signal_emit_by_name (click, "pressed", 1, 20.0, top + 2);
      wait_for_layout (f->timeline);

      g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, position);
      row = assert_row_shown_whole (list, position);
      g_assert_true (gtk_widget_is_focus (row));
      assert_rows_fill_view (f->timeline);

      /* Cut by the bottom again, still selected. */
      get_row_span (row, &top, &bottom);
      scroll_list_to (f->timeline, gtk_adjustment_get_value (adjustment) -
                      (gtk_widget_get_height (GTK_WIDGET (list)) - top) + 10);
    }

  diplo_timeline_set_selection (f->timeline, f->selection);
}

/* A row taller than the view, selected below it, shows its top: what it
 * says starts there. */
static void
test_timeline_tall_row_shows_its_top (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(GtkSingleSelection) selection = show_synthetic_events (f, 3000);
  DiploTimelineList *list = diplo_timeline_get_list (f->timeline);
  GtkWidget *row;
  double top;
  double bottom;

  gtk_widget_set_margin_bottom (GTK_WIDGET (f->timeline),
                                gtk_widget_get_height (GTK_WIDGET (f->timeline)) - 40);
  wait_for_layout (f->timeline);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (list)), <, 50);

  gtk_single_selection_set_selected (selection, 500);
  wait_for_layout (f->timeline);

  row = diplo_timeline_list_get_row (list, 500);
  g_assert_nonnull (row);
  get_row_span (row, &top, &bottom);
  g_assert_cmpfloat (bottom - top, >, gtk_widget_get_height (GTK_WIDGET (list)));
  g_assert_cmpfloat (top, ==, 0);

  gtk_widget_set_margin_bottom (GTK_WIDGET (f->timeline), 0);
  diplo_timeline_set_selection (f->timeline, f->selection);
}

/* The keyboard focus is on a row for its event: when a filter change
 * gives the row another event, the focus goes to the list instead of
 * staying on an event never chosen. */
static void
test_timeline_focus_follows_event (Fixture       *f,
                                   gconstpointer  data)
{
  GtkWidget *list = GTK_WIDGET (diplo_timeline_get_list (f->timeline));
  GtkWidget *row = diplo_timeline_list_get_row (DIPLO_TIMELINE_LIST (list), 0);
  GtkWidget *focus;

  g_assert_cmpstr (diplo_event_get_id (diplo_timeline_row_get_event (DIPLO_TIMELINE_ROW (row))), ==, "m1");
  gtk_widget_grab_focus (row);
  g_assert_true (gtk_widget_is_focus (row));

  /* In April, the first row shows a1. */
  diplo_event_filter_set_month (f->filter, "2023-04");
  diplo_test_wait_for (rows_show_april, f);
  g_assert_true (diplo_timeline_list_get_row (DIPLO_TIMELINE_LIST (list), 0) == row);

  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  /* Named, so that a failure says where the focus went. */
  g_assert_cmpstr (focus != NULL ? G_OBJECT_TYPE_NAME (focus) : "no widget", ==, "DiploTimelineList");
  g_assert_true (focus == list);
}

int
main (int   argc,
      char *argv[])
{
  /* Not G_TEST_OPTION_ISOLATE_DIRS: widgets need the system's MIME database
   * to load icons; the test environment gives a private cache directory. */
  g_test_init (&argc, &argv, NULL);
  /* The test accessibility backend records what screen readers would get. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_disable_setlocale ();
  setlocale (LC_ALL, "C.UTF-8");
  gtk_init ();

  g_test_add ("/timeline/month-headers", Fixture, NULL,
              fixture_set_up, test_timeline_month_headers, fixture_tear_down);
  g_test_add ("/timeline/empty-state", Fixture, NULL,
              fixture_set_up, test_timeline_empty_state, fixture_tear_down);
  g_test_add ("/timeline/selection-survives-filter", Fixture, NULL,
              fixture_set_up, test_timeline_selection_survives_filter, fixture_tear_down);
  g_test_add ("/timeline/prepared-rows-shown", Fixture, NULL,
              fixture_set_up, test_timeline_prepared_rows_shown, fixture_tear_down);
  g_test_add ("/timeline/rows-reused", Fixture, NULL,
              fixture_set_up, test_timeline_rows_reused, fixture_tear_down);
  g_test_add ("/timeline/row-text", Fixture, NULL,
              fixture_set_up, test_timeline_row_text, fixture_tear_down);

  g_test_add ("/timeline/reused-rows-show-kind", Fixture, NULL,
              fixture_set_up, test_timeline_reused_rows_show_kind, fixture_tear_down);
  g_test_add ("/timeline/rows-in-view-only", Fixture, NULL,
              fixture_set_up, test_timeline_rows_in_view_only, fixture_tear_down);
  g_test_add ("/timeline/selected-row-in-view", Fixture, NULL,
              fixture_set_up, test_timeline_selected_row_in_view, fixture_tear_down);
  g_test_add ("/timeline/scroll-up-moves-rows-evenly", Fixture, NULL,
              fixture_set_up, test_timeline_scroll_up_moves_rows_evenly, fixture_tear_down);
  g_test_add ("/timeline/few-rows-scroll-range", Fixture, NULL,
              fixture_set_up, test_timeline_few_rows_scroll_range, fixture_tear_down);
  g_test_add ("/timeline/selected-row-stays-in-shorter-view", Fixture, NULL,
              fixture_set_up, test_timeline_selected_row_stays_in_shorter_view, fixture_tear_down);
  g_test_add ("/timeline/selected-row-stays-after-change", Fixture, NULL,
              fixture_set_up, test_timeline_selected_row_stays_after_change, fixture_tear_down);
  g_test_add ("/timeline/click-shows-row-whole", Fixture, NULL,
              fixture_set_up, test_timeline_click_shows_row_whole, fixture_tear_down);
  g_test_add ("/timeline/tall-row-shows-its-top", Fixture, NULL,
              fixture_set_up, test_timeline_tall_row_shows_its_top, fixture_tear_down);
  g_test_add ("/timeline/focus-follows-event", Fixture, NULL,
              fixture_set_up, test_timeline_focus_follows_event, fixture_tear_down);
  g_test_add_func ("/timeline/long-title-wraps", test_timeline_long_title_wraps);

  return g_test_run ();
}
