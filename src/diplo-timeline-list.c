#define G_LOG_DOMAIN "diplo-timeline-list"

#include "config.h"

#include "diplo-timeline-list.h"

#include "diplo-timeline-row.h"
#include "diplo-utils.h"

/* Rows bound beyond those in view, so that a small scroll or a step of the
 * keyboard finds its row ready. */
#define EXTRA_ROWS 2

/* The models whose rows are kept prepared: the window's next month,
 * previous month, all months and the month pointed at in its menu. */
#define MAX_PREPARED_MODELS 4

/* Before any row was measured: small, so that the first rows bound fill
 * the view. */
#define GUESSED_MIN_ROW_HEIGHT 24
#define GUESSED_ROW_HEIGHT 64
#define GUESSED_VIEW_HEIGHT 800

/**
 * DiploTimelineList:
 *
 * The timeline's rows: a scrollable list that binds and lays out only the
 * rows in view, and a few beside them. GTK 4.8's list view keeps up to
 * 200 rows and lays all of them out whenever its items change, which was
 * most of a month change at 100,000 events. The height of a row not laid
 * out is taken to be the mean of the rows measured.
 *
 * The view's position is the first row in view (the anchor) and how much
 * of it is scrolled past, so rows of other heights than guessed never
 * make the rows in view jump.
 */
struct _DiploTimelineList
{
  GtkWidget           parent_instance;

  GtkSingleSelection *model;
  GtkAdjustment      *hadjustment;
  GtkAdjustment      *vadjustment;
  guint               hscroll_policy : 1;
  guint               vscroll_policy : 1;

  guint               anchor;
  int                 anchor_offset;
  /* A row that the next layout shows whole at the bottom of the view. */
  guint               bottom_position;
  /* The rows in view at the last layout: from the anchor to before end. */
  guint               laid_out_end;

  /* rows[i] shows the event at first_bound + i; heights[i] is its height
   * for view_width, or -1 until measured. */
  GPtrArray          *rows;
  GArray             *heights;
  guint               first_bound;
  /* Rows that show nothing, kept hidden for the next rows bound. */
  GPtrArray          *spare_rows;
  /* Hidden rows bound and measured ahead for events that may come next,
   * the latest last. */
  GPtrArray          *prepared_rows;
  /* A row that never shows anything, measured for the list's width. */
  GtkWidget          *sizing_row;

  int                 view_width;
  int                 view_height;
  /* Of the rows measured for view_width. */
  gint64              height_sum;
  guint               n_heights;
  int                 min_height;

  /* The adjustment's value as last set here. */
  double              value;
  gboolean            configuring_adjustment;

  /* Reordering children queues a resize, which during the layout leaves
   * the list's ancestors without an allocation when they are drawn: the
   * rows bound then are put in order at the next frame. */
  gboolean            allocating;
  guint               order_tick;
};

static void diplo_timeline_list_scrollable_init (GtkScrollableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DiploTimelineList, diplo_timeline_list, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE,
                                                      diplo_timeline_list_scrollable_init))

enum {
  PROP_0,
  PROP_MODEL,
  N_PROPS,

  PROP_HADJUSTMENT = N_PROPS,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

static GParamSpec *properties[N_PROPS];

static guint
diplo_timeline_list_get_n_items (DiploTimelineList *self)
{
  if (self->model == NULL)
    return 0;

  return g_list_model_get_n_items (G_LIST_MODEL (self->model));
}

static int
diplo_timeline_list_estimate_height (DiploTimelineList *self)
{
  if (self->n_heights == 0)
    return GUESSED_ROW_HEIGHT;

  return MAX (1, self->height_sum / self->n_heights);
}

/* How many rows of the smallest height seen fill the view. */
static guint
diplo_timeline_list_count_rows_for_view (DiploTimelineList *self)
{
  int view_height = self->view_height > 0 ? self->view_height : GUESSED_VIEW_HEIGHT;
  int min_height = self->n_heights > 0 ? MAX (1, self->min_height) : GUESSED_MIN_ROW_HEIGHT;

  return view_height / min_height + 1;
}

static gboolean
diplo_timeline_list_is_bound (DiploTimelineList *self,
                              guint              position)
{
  return position >= self->first_bound && position - self->first_bound < self->rows->len;
}

static GtkWidget *
diplo_timeline_list_get_bound_row (DiploTimelineList *self,
                                   guint              position)
{
  if (!diplo_timeline_list_is_bound (self, position))
    return NULL;

  return g_ptr_array_index (self->rows, position - self->first_bound);
}

static void
diplo_timeline_list_show_selected (DiploTimelineList *self,
                                   GtkWidget         *row,
                                   guint              position)
{
  gboolean selected = gtk_selection_model_is_selected (GTK_SELECTION_MODEL (self->model), position);

  if (selected)
    gtk_widget_set_state_flags (row, GTK_STATE_FLAG_SELECTED, FALSE);
  else
    gtk_widget_unset_state_flags (row, GTK_STATE_FLAG_SELECTED);
  gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_SELECTED, selected, -1);
}

/* Rows out of view are neither drawn nor read by screen readers. */
static void
diplo_timeline_list_show_row (GtkWidget *row,
                              gboolean   shown)
{
  if (gtk_widget_get_child_visible (row) == shown)
    return;

  gtk_widget_set_child_visible (row, shown);
  gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_HIDDEN, !shown, -1);
}

static GtkWidget *
diplo_timeline_list_new_hidden_row (DiploTimelineList *self)
{
  GtkWidget *row = diplo_timeline_row_new ();

  gtk_widget_set_child_visible (row, FALSE);
  gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_widget_set_parent (row, GTK_WIDGET (self));

  return row;
}

static GtkWidget *
diplo_timeline_list_take_row (DiploTimelineList *self)
{
  if (self->spare_rows->len > 0)
    return g_ptr_array_steal_index_fast (self->spare_rows, self->spare_rows->len - 1);

  return diplo_timeline_list_new_hidden_row (self);
}

/* Returns: (nullable): a row prepared for the event at @position, unless
 * the row bound there shows it already */
static GtkWidget *
diplo_timeline_list_take_prepared_row (DiploTimelineList *self,
                                       guint              position)
{
  g_autoptr(DiploEvent) event = NULL;
  GtkWidget *bound;

  if (self->prepared_rows->len == 0)
    return NULL;

  event = g_list_model_get_item (G_LIST_MODEL (self->model), position);
  bound = diplo_timeline_list_get_bound_row (self, position);
  if (bound != NULL && diplo_timeline_row_get_event (DIPLO_TIMELINE_ROW (bound)) == event)
    return NULL;

  for (guint i = 0; i < self->prepared_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->prepared_rows, i);

      if (diplo_timeline_row_get_event (DIPLO_TIMELINE_ROW (row)) == event)
        return g_ptr_array_steal_index (self->prepared_rows, i);
    }

  return NULL;
}

static void
diplo_timeline_list_release_row (DiploTimelineList *self,
                                 GtkWidget         *row)
{
  /* The keyboard focus stays in the list when its row goes. */
  if (gtk_widget_get_focus_child (GTK_WIDGET (self)) == row)
    gtk_widget_grab_focus (GTK_WIDGET (self));

  diplo_timeline_row_unbind (DIPLO_TIMELINE_ROW (row));
  diplo_timeline_list_show_row (row, FALSE);
  g_ptr_array_add (self->spare_rows, row);
}

/* Whether the bound rows follow one another in position order among the
 * list's children, hidden spare rows aside. */
static gboolean
diplo_timeline_list_rows_in_order (DiploTimelineList *self)
{
  guint i = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL && i < self->rows->len;
       child = gtk_widget_get_next_sibling (child))
    if (child == g_ptr_array_index (self->rows, i))
      i++;

  return i == self->rows->len;
}

/* Keeps the rows in position order among the list's children, which is
 * the order screen readers read them in. */
static void
diplo_timeline_list_order_rows (DiploTimelineList *self)
{
  GtkWidget *previous = NULL;

  if (diplo_timeline_list_rows_in_order (self))
    return;

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);

      if (gtk_widget_get_prev_sibling (row) != previous)
        gtk_widget_insert_after (row, GTK_WIDGET (self), previous);
      previous = row;
    }
}

static gboolean
order_rows_cb (GtkWidget     *widget,
               GdkFrameClock *frame_clock,
               gpointer       user_data)
{
  DiploTimelineList *self = DIPLO_TIMELINE_LIST (widget);

  self->order_tick = 0;
  diplo_timeline_list_order_rows (self);
  return G_SOURCE_REMOVE;
}

static void
diplo_timeline_list_queue_order_rows (DiploTimelineList *self)
{
  if (!self->allocating)
    diplo_timeline_list_order_rows (self);
  else if (self->order_tick == 0 && !diplo_timeline_list_rows_in_order (self))
    self->order_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), order_rows_cb, NULL, NULL);
}

/* Binds rows to the events from first to before end, keeping the rows
 * that already show one of them. A row shown again for the same event
 * changes nothing. */
static void
diplo_timeline_list_bind_rows (DiploTimelineList *self,
                               guint              first,
                               guint              end)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_sized_new (end - first);
  g_autoptr(GArray) heights = g_array_sized_new (FALSE, FALSE, sizeof (int), end - first);

  end = MIN (end, diplo_timeline_list_get_n_items (self));
  first = MIN (first, end);

  for (guint i = 0; i < self->rows->len; i++)
    {
      guint position = self->first_bound + i;

      if (position < first || position >= end)
        diplo_timeline_list_release_row (self, g_ptr_array_index (self->rows, i));
    }

  for (guint position = first; position < end; position++)
    {
      GtkWidget *row = diplo_timeline_list_get_bound_row (self, position);
      GtkWidget *prepared = diplo_timeline_list_take_prepared_row (self, position);
      int height = -1;

      if (prepared != NULL)
        {
          if (row != NULL)
            diplo_timeline_list_release_row (self, row);
          row = prepared;
        }
      else if (row != NULL)
        {
          height = g_array_index (self->heights, int, position - self->first_bound);
        }
      else
        {
          row = diplo_timeline_list_take_row (self);
        }

      diplo_timeline_row_bind (DIPLO_TIMELINE_ROW (row), G_LIST_MODEL (self->model), position);
      diplo_timeline_list_show_selected (self, row, position);
      g_ptr_array_add (rows, row);
      g_array_append_val (heights, height);
    }

  g_ptr_array_set_size (self->rows, 0);
  g_ptr_array_extend_and_steal (self->rows, g_steal_pointer (&rows));
  g_array_set_size (self->heights, 0);
  g_array_append_vals (self->heights, heights->data, heights->len);
  self->first_bound = first;
  diplo_timeline_list_queue_order_rows (self);
}

/* The row of @position, bound now if it was not. */
static GtkWidget *
diplo_timeline_list_bind_row (DiploTimelineList *self,
                              guint              position)
{
  if (!diplo_timeline_list_is_bound (self, position))
    {
      guint end = self->first_bound + self->rows->len;

      if (self->rows->len == 0)
        diplo_timeline_list_bind_rows (self, position, position + 1);
      else
        diplo_timeline_list_bind_rows (self, MIN (self->first_bound, position), MAX (end, position + 1));
    }

  return diplo_timeline_list_get_bound_row (self, position);
}

/* Binds, before the layout, every row it may place: from the anchor down,
 * or up from the row to show at the bottom, as many as can be in view.
 * A row bound during the layout would ask its ancestors for another one. */
static void
diplo_timeline_list_bind_rows_for_view (DiploTimelineList *self)
{
  guint n_items = diplo_timeline_list_get_n_items (self);
  guint n_rows = diplo_timeline_list_count_rows_for_view (self) + EXTRA_ROWS;
  guint first;
  guint end;

  if (self->bottom_position < n_items)
    {
      first = self->bottom_position - MIN (self->bottom_position, n_rows);
      end = self->bottom_position + 1 + EXTRA_ROWS;
    }
  else
    {
      first = self->anchor - MIN (self->anchor, EXTRA_ROWS);
      end = self->anchor + n_rows;
      /* Near the end, the rows above fill the view. */
      if (end > n_items)
        first = MIN (first, n_items - MIN (n_items, n_rows));
    }

  diplo_timeline_list_bind_rows (self, first, end);
}

static void
diplo_timeline_list_forget_heights (DiploTimelineList *self)
{
  for (guint i = 0; i < self->heights->len; i++)
    g_array_index (self->heights, int, i) = -1;
}

static int
diplo_timeline_list_measure_row (DiploTimelineList *self,
                                 guint              position)
{
  GtkWidget *row = diplo_timeline_list_bind_row (self, position);
  int *height = &g_array_index (self->heights, int, position - self->first_bound);

  if (*height >= 0)
    return *height;

  gtk_widget_measure (row, GTK_ORIENTATION_VERTICAL, self->view_width, NULL, height, NULL, NULL);
  self->min_height = self->n_heights == 0 ? *height : MIN (self->min_height, *height);
  self->height_sum += *height;
  self->n_heights++;

  return *height;
}

/* A row's height as measured, or as estimated if it was not. */
static int
diplo_timeline_list_get_row_height (DiploTimelineList *self,
                                    guint              position)
{
  if (diplo_timeline_list_is_bound (self, position))
    {
      int height = g_array_index (self->heights, int, position - self->first_bound);

      if (height >= 0)
        return height;
    }

  return diplo_timeline_list_estimate_height (self);
}

/* Where the last layout placed the row of @position, if in view whole. */
static gboolean
diplo_timeline_list_shows_whole (DiploTimelineList *self,
                                 guint              position)
{
  int y = -self->anchor_offset;

  if (self->bottom_position != GTK_INVALID_LIST_POSITION ||
      position < self->anchor || position >= self->laid_out_end ||
      !diplo_timeline_list_is_bound (self, self->laid_out_end - 1))
    return FALSE;

  for (guint p = self->anchor; p < position; p++)
    y += diplo_timeline_list_get_row_height (self, p);

  return y >= 0 && y + diplo_timeline_list_get_row_height (self, position) <= self->view_height;
}

/* Moves the anchor so that the row of bottom_position ends at the bottom
 * of the view, or begins at its top when it is taller: what a row says
 * starts at its top. */
static void
diplo_timeline_list_place_bottom_row (DiploTimelineList *self)
{
  guint position = self->bottom_position;
  int y = self->view_height - diplo_timeline_list_measure_row (self, position);

  self->bottom_position = GTK_INVALID_LIST_POSITION;
  if (y < 0)
    {
      self->anchor = position;
      self->anchor_offset = 0;
      return;
    }

  while (y > 0 && position > 0)
    {
      position--;
      y -= diplo_timeline_list_measure_row (self, position);
    }

  self->anchor = y > 0 ? 0 : position;
  self->anchor_offset = y > 0 ? 0 : -y;
}

/* Measures rows from the anchor down to the bottom of the view. When the
 * last row ends above it, the anchor moves up, as far as there are rows. */
static void
diplo_timeline_list_fill_view (DiploTimelineList *self,
                               guint              n_items)
{
  int y = -self->anchor_offset;
  guint position = self->anchor;
  int gap;

  while (position < n_items && y < self->view_height)
    y += diplo_timeline_list_measure_row (self, position++);
  self->laid_out_end = position;

  gap = self->view_height - y;
  while (gap > 0 && (self->anchor_offset > 0 || self->anchor > 0))
    {
      int shift;

      if (self->anchor_offset == 0)
        {
          self->anchor--;
          self->anchor_offset = diplo_timeline_list_measure_row (self, self->anchor);
        }
      shift = MIN (gap, self->anchor_offset);
      self->anchor_offset -= shift;
      gap -= shift;
    }
}

/* A row's height, measured now if it was not: a row scrolled into view
 * then moves by as many pixels as asked, whatever its height. */
static int
diplo_timeline_list_find_row_height (DiploTimelineList *self,
                                     guint              position)
{
  if (self->view_width <= 0)
    return diplo_timeline_list_get_row_height (self, position);

  return diplo_timeline_list_measure_row (self, position);
}

static void
diplo_timeline_list_configure_adjustments (DiploTimelineList *self,
                                           guint              n_items,
                                           int                laid_out_height)
{
  double estimate = diplo_timeline_list_estimate_height (self);
  double value = estimate * self->anchor + self->anchor_offset;
  guint bound_end = MAX (self->laid_out_end, self->first_bound + self->rows->len);
  double upper = estimate * self->anchor + laid_out_height;

  /* The rows bound below the view count as measured: the end of the
   * scroll range is then where the last row ends, not a guess of it. */
  for (guint p = self->laid_out_end; p < bound_end; p++)
    upper += diplo_timeline_list_get_row_height (self, p);
  upper += estimate * (n_items - MIN (n_items, bound_end));
  /* As in any scrollable, never less than a page: a shorter range would
   * be out of range at the top, which draws an overshoot at the bottom. */
  upper = MAX (upper, self->view_height);

  self->configuring_adjustment = TRUE;
  gtk_adjustment_configure (self->vadjustment, value, 0, upper,
                            estimate / 2, self->view_height * 0.9, self->view_height);
  gtk_adjustment_configure (self->hadjustment, 0, 0, self->view_width,
                            self->view_width * 0.1, self->view_width * 0.9, self->view_width);
  self->configuring_adjustment = FALSE;
  self->value = gtk_adjustment_get_value (self->vadjustment);
}

/* Places the measured rows in view and hides the others. */
static int
diplo_timeline_list_place_rows (DiploTimelineList *self)
{
  int y = -self->anchor_offset;

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      guint position = self->first_bound + i;
      gboolean in_view = position >= self->anchor && position < self->laid_out_end;
      int height;

      diplo_timeline_list_show_row (row, in_view);
      if (!in_view)
        continue;

      height = diplo_timeline_list_measure_row (self, position);
      gtk_widget_size_allocate (row, &(GtkAllocation) { 0, y, self->view_width, height }, -1);
      y += height;
    }

  return y + self->anchor_offset;
}

/* The selected row, whole in view, stays so when the view gets shorter,
 * as when the details of the event just selected show below the list. */
static void
diplo_timeline_list_keep_selected_in_view (DiploTimelineList *self,
                                           int                height)
{
  guint selected;
  int previous_height = self->view_height;
  gboolean still_shown;

  if (self->model == NULL)
    return;

  selected = gtk_single_selection_get_selected (self->model);
  if (selected == GTK_INVALID_LIST_POSITION ||
      !diplo_timeline_list_shows_whole (self, selected))
    return;

  self->view_height = height;
  still_shown = diplo_timeline_list_shows_whole (self, selected);
  self->view_height = previous_height;
  if (!still_shown)
    self->bottom_position = selected;
}

static void
diplo_timeline_list_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  DiploTimelineList *self = DIPLO_TIMELINE_LIST (widget);
  guint n_items = diplo_timeline_list_get_n_items (self);
  int laid_out_height = 0;

  if (width != self->view_width)
    {
      self->height_sum = 0;
      self->n_heights = 0;
      diplo_timeline_list_forget_heights (self);
    }
  else if (height < self->view_height)
    diplo_timeline_list_keep_selected_in_view (self, height);
  self->view_width = width;
  self->view_height = height;
  self->allocating = TRUE;

  if (n_items == 0)
    {
      self->anchor = 0;
      self->anchor_offset = 0;
      self->laid_out_end = 0;
      diplo_timeline_list_bind_rows (self, 0, 0);
    }
  else
    {
      self->anchor = MIN (self->anchor, n_items - 1);
      if (self->bottom_position < n_items)
        diplo_timeline_list_place_bottom_row (self);
      self->bottom_position = GTK_INVALID_LIST_POSITION;
      diplo_timeline_list_fill_view (self, n_items);
      diplo_timeline_list_bind_rows (self,
                                     self->anchor > EXTRA_ROWS ? self->anchor - EXTRA_ROWS : 0,
                                     self->laid_out_end + EXTRA_ROWS);
      laid_out_height = diplo_timeline_list_place_rows (self);
    }

  self->allocating = FALSE;
  diplo_timeline_list_configure_adjustments (self, n_items, laid_out_height);
}

static void
diplo_timeline_list_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  DiploTimelineList *self = DIPLO_TIMELINE_LIST (widget);

  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      *minimum = 0;
      *natural = MIN ((gint64) diplo_timeline_list_estimate_height (self) *
                      diplo_timeline_list_get_n_items (self), G_MAXINT / 2);
      return;
    }

  /* A row's texts wrap or ellipsize: its width does not depend on them,
   * and the empty row's measure stays cached while the rows change. */
  gtk_widget_measure (self->sizing_row, GTK_ORIENTATION_HORIZONTAL, -1,
                      minimum, natural, NULL, NULL);
}

static void
on_vadjustment_value_changed (DiploTimelineList *self,
                              GtkAdjustment     *adjustment)
{
  double value = gtk_adjustment_get_value (adjustment);
  guint n_items = diplo_timeline_list_get_n_items (self);
  double delta = value - self->value;

  if (self->configuring_adjustment || n_items == 0)
    return;

  self->value = value;
  self->bottom_position = GTK_INVALID_LIST_POSITION;

  if (value <= 0)
    {
      self->anchor = 0;
      self->anchor_offset = 0;
    }
  else if (value >= gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment))
    {
      /* At the end, the last row ends at the bottom, however the rows
       * above it differ from their estimate. */
      self->anchor = n_items - 1;
      self->anchor_offset = 0;
      self->bottom_position = n_items - 1;
    }
  else if (ABS (delta) >= 2 * MAX (self->view_height, 1))
    {
      /* A jump, as by dragging the scroll bar: to the estimated place. */
      int estimate = diplo_timeline_list_estimate_height (self);

      self->anchor = MIN (value / estimate, n_items - 1);
      self->anchor_offset = value - (double) self->anchor * estimate;
    }
  else
    {
      /* A scroll by some pixels: over the rows as they are. */
      gint64 offset = self->anchor_offset + (gint64) round (delta);

      while (offset < 0 && self->anchor > 0)
        offset += diplo_timeline_list_find_row_height (self, --self->anchor);
      while (self->anchor + 1 < n_items &&
             offset >= diplo_timeline_list_find_row_height (self, self->anchor))
        offset -= diplo_timeline_list_find_row_height (self, self->anchor++);
      self->anchor_offset = CLAMP (offset, 0, G_MAXINT / 2);
    }

  diplo_timeline_list_bind_rows_for_view (self);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

/* Binds the rows for the view again. The keyboard focus stays on its
 * event: when its row comes to show another one, the focus goes to the
 * list, from which the keys go on from the selected event. */
static void
diplo_timeline_list_rebind_keeping_focus (DiploTimelineList *self)
{
  GtkWidget *focused = gtk_widget_get_focus_child (GTK_WIDGET (self));
  g_autoptr(DiploEvent) focused_event = NULL;

  if (focused != NULL && diplo_timeline_row_get_event (DIPLO_TIMELINE_ROW (focused)) != NULL)
    focused_event = g_object_ref (diplo_timeline_row_get_event (DIPLO_TIMELINE_ROW (focused)));

  diplo_timeline_list_bind_rows_for_view (self);

  if (focused_event != NULL && gtk_widget_get_focus_child (GTK_WIDGET (self)) == focused &&
      diplo_timeline_row_get_event (DIPLO_TIMELINE_ROW (focused)) != focused_event)
    gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
on_model_items_changed (DiploTimelineList *self,
                        guint              position,
                        guint              removed,
                        guint              added,
                        GListModel        *model)
{
  guint n_before = g_list_model_get_n_items (model) - added + removed;

  /* The rows in view stay where they are, unless their events are gone. */
  if (self->anchor >= n_before)
    self->anchor = 0;
  else if (self->anchor >= position + removed)
    self->anchor += added - removed;
  else if (self->anchor >= position)
    {
      guint selected = gtk_single_selection_get_selected (self->model);

      /* The selected event, found again among those added, stays in view:
       * at the same position, the selection tells nobody it moved. */
      if (selected != GTK_INVALID_LIST_POSITION && selected >= position && selected - position < added)
        self->anchor = selected;
      else
        self->anchor = position;
      self->anchor_offset = 0;
    }
  if (self->bottom_position != GTK_INVALID_LIST_POSITION && self->bottom_position >= position)
    self->bottom_position = GTK_INVALID_LIST_POSITION;

  /* Every bound row again: the event above a row decides its heading. */
  diplo_timeline_list_forget_heights (self);
  diplo_timeline_list_rebind_keeping_focus (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
on_model_selection_changed (DiploTimelineList *self,
                            guint              position,
                            guint              n_items,
                            GtkSelectionModel  *model)
{
  for (guint p = MAX (position, self->first_bound);
       p < position + n_items && diplo_timeline_list_is_bound (self, p);
       p++)
    diplo_timeline_list_show_selected (self, diplo_timeline_list_get_bound_row (self, p), p);
}

/**
 * diplo_timeline_list_prepare:
 * @events: events the list's model may hold next, such as the next month's
 *
 * Binds rows to the first of @events and measures them ahead, hidden, so
 * that when the model comes to hold the same events at the top, the list
 * shows those rows without laying them out. The rows of the last four
 * models prepared are kept.
 */
void
diplo_timeline_list_prepare (DiploTimelineList *self,
                             GListModel        *events)
{
  guint n_rows;

  g_return_if_fail (DIPLO_IS_TIMELINE_LIST (self));
  g_return_if_fail (G_IS_LIST_MODEL (events));

  n_rows = MIN (diplo_timeline_list_count_rows_for_view (self) + EXTRA_ROWS,
                g_list_model_get_n_items (events));
  for (guint position = 0; position < n_rows; position++)
    {
      GtkWidget *row = diplo_timeline_list_take_row (self);

      diplo_timeline_row_bind (DIPLO_TIMELINE_ROW (row), events, position);
      if (self->view_width > 0)
        gtk_widget_measure (row, GTK_ORIENTATION_VERTICAL, self->view_width, NULL, NULL, NULL, NULL);
      g_ptr_array_add (self->prepared_rows, row);
    }

  while (self->prepared_rows->len > MAX_PREPARED_MODELS * n_rows)
    diplo_timeline_list_release_row (self, g_ptr_array_steal_index (self->prepared_rows, 0));
}

/**
 * diplo_timeline_list_scroll_to:
 * @position: a row
 *
 * Scrolls as little as shows the row of @position whole: to the top of
 * the view when it is above, to the bottom when it is below. Its row is
 * bound at once, for the keyboard focus to go to.
 */
void
diplo_timeline_list_scroll_to (DiploTimelineList *self,
                               guint              position)
{
  g_return_if_fail (DIPLO_IS_TIMELINE_LIST (self));

  if (position >= diplo_timeline_list_get_n_items (self) ||
      diplo_timeline_list_shows_whole (self, position))
    return;

  if (position <= self->anchor)
    {
      self->anchor = position;
      self->anchor_offset = 0;
      self->bottom_position = GTK_INVALID_LIST_POSITION;
    }
  else
    self->bottom_position = position;

  diplo_timeline_list_bind_rows_for_view (self);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

/**
 * diplo_timeline_list_get_row:
 *
 * Returns: (nullable) (transfer none): the row bound to @position, if any
 */
GtkWidget *
diplo_timeline_list_get_row (DiploTimelineList *self,
                             guint              position)
{
  g_return_val_if_fail (DIPLO_IS_TIMELINE_LIST (self), NULL);

  return diplo_timeline_list_get_bound_row (self, position);
}

static gboolean
diplo_timeline_list_find_position (DiploTimelineList *self,
                                   GtkWidget         *row,
                                   guint             *position)
{
  for (guint i = 0; i < self->rows->len; i++)
    if (g_ptr_array_index (self->rows, i) == row)
      {
        *position = self->first_bound + i;
        return TRUE;
      }

  return FALSE;
}

static void
diplo_timeline_list_focus_row (DiploTimelineList *self,
                               guint              position)
{
  diplo_timeline_list_scroll_to (self, position);
  gtk_widget_grab_focus (diplo_timeline_list_bind_row (self, position));
}

/* The row the keyboard is on: the focused one, else the selected one, else
 * the first in view. */
static guint
diplo_timeline_list_get_cursor (DiploTimelineList *self)
{
  GtkWidget *focus_child = gtk_widget_get_focus_child (GTK_WIDGET (self));
  guint position = gtk_single_selection_get_selected (self->model);

  if (focus_child != NULL && diplo_timeline_list_find_position (self, focus_child, &position))
    return position;
  if (position != GTK_INVALID_LIST_POSITION)
    return position;

  return self->anchor;
}

/* Cursor moves select, as in any single-selection list. */
static void
diplo_timeline_list_move_cursor (DiploTimelineList *self,
                                 gint64             steps)
{
  guint n_items = diplo_timeline_list_get_n_items (self);
  gint64 target;

  if (n_items == 0)
    return;

  target = CLAMP ((gint64) diplo_timeline_list_get_cursor (self) + steps, 0, (gint64) n_items - 1);
  gtk_single_selection_set_selected (self->model, target);
  diplo_timeline_list_focus_row (self, target);
}

static void
move_cursor_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DiploTimelineList *self = DIPLO_TIMELINE_LIST (widget);
  int steps;
  gboolean by_pages;

  g_variant_get (parameter, "(ib)", &steps, &by_pages);
  if (by_pages)
    {
      guint rows_in_view = self->laid_out_end > self->anchor + 1 ? self->laid_out_end - self->anchor - 1 : 1;

      diplo_timeline_list_move_cursor (self, (gint64) steps * rows_in_view);
    }
  else
    diplo_timeline_list_move_cursor (self, steps);
}

static gboolean
diplo_timeline_list_focus (GtkWidget        *widget,
                           GtkDirectionType  direction)
{
  DiploTimelineList *self = DIPLO_TIMELINE_LIST (widget);

  if (diplo_timeline_list_get_n_items (self) == 0)
    return FALSE;

  /* Once in the list, only the bound keys move inside it. */
  if (gtk_widget_get_focus_child (widget) != NULL || gtk_widget_is_focus (widget))
    return FALSE;

  diplo_timeline_list_focus_row (self, diplo_timeline_list_get_cursor (self));
  return TRUE;
}

static void
on_click_pressed (DiploTimelineList *self,
                  int                n_press,
                  double             x,
                  double             y,
                  GtkGestureClick   *gesture)
{
  GtkWidget *row = gtk_widget_pick (GTK_WIDGET (self), x, y, GTK_PICK_DEFAULT);
  guint position;

  while (row != NULL && gtk_widget_get_parent (row) != GTK_WIDGET (self))
    row = gtk_widget_get_parent (row);

  if (row == NULL || !diplo_timeline_list_find_position (self, row, &position))
    return;

  /* Even when the row was selected already, a click on its visible part
   * brings the rest of it into view. */
  gtk_single_selection_set_selected (self->model, position);
  diplo_timeline_list_focus_row (self, position);
}

GtkSingleSelection *
diplo_timeline_list_get_model (DiploTimelineList *self)
{
  g_return_val_if_fail (DIPLO_IS_TIMELINE_LIST (self), NULL);

  return self->model;
}

void
diplo_timeline_list_set_model (DiploTimelineList  *self,
                               GtkSingleSelection *model)
{
  g_return_if_fail (DIPLO_IS_TIMELINE_LIST (self));
  g_return_if_fail (model == NULL || GTK_IS_SINGLE_SELECTION (model));

  if (self->model == model)
    return;

  diplo_timeline_list_bind_rows (self, 0, 0);
  while (self->prepared_rows->len > 0)
    diplo_timeline_list_release_row (self, g_ptr_array_steal_index (self->prepared_rows, 0));
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_set_object (&self->model, model);

  if (model != NULL)
    {
      g_signal_connect_object (model, "items-changed",
                               G_CALLBACK (on_model_items_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (model, "selection-changed",
                               G_CALLBACK (on_model_selection_changed), self, G_CONNECT_SWAPPED);
    }

  self->anchor = 0;
  self->anchor_offset = 0;
  self->bottom_position = GTK_INVALID_LIST_POSITION;
  if (model != NULL)
    diplo_timeline_list_bind_rows_for_view (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

static void
diplo_timeline_list_set_adjustment (DiploTimelineList  *self,
                                    GtkAdjustment     **slot,
                                    GtkAdjustment      *adjustment)
{
  if (adjustment == NULL)
    adjustment = gtk_adjustment_new (0, 0, 0, 0, 0, 0);

  if (*slot == adjustment)
    return;

  if (*slot != NULL)
    g_signal_handlers_disconnect_by_data (*slot, self);
  g_clear_object (slot);
  *slot = g_object_ref_sink (adjustment);

  if (slot == &self->vadjustment)
    g_signal_connect_object (adjustment, "value-changed",
                             G_CALLBACK (on_vadjustment_value_changed), self, G_CONNECT_SWAPPED);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

GtkWidget *
diplo_timeline_list_new (void)
{
  return g_object_new (DIPLO_TYPE_TIMELINE_LIST, NULL);
}

static void
diplo_timeline_list_dispose (GObject *object)
{
  DiploTimelineList *self = DIPLO_TIMELINE_LIST (object);

  diplo_timeline_list_set_model (self, NULL);
  if (self->order_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->order_tick);
  self->order_tick = 0;
  if (self->hadjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->hadjustment, self);
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->vadjustment, self);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->vadjustment);
  diplo_widget_unparent_children (GTK_WIDGET (self));

  G_OBJECT_CLASS (diplo_timeline_list_parent_class)->dispose (object);
}

static void
diplo_timeline_list_finalize (GObject *object)
{
  DiploTimelineList *self = DIPLO_TIMELINE_LIST (object);

  g_ptr_array_unref (self->rows);
  g_array_unref (self->heights);
  g_ptr_array_unref (self->spare_rows);
  g_ptr_array_unref (self->prepared_rows);

  G_OBJECT_CLASS (diplo_timeline_list_parent_class)->finalize (object);
}

static void
diplo_timeline_list_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DiploTimelineList *self = DIPLO_TIMELINE_LIST (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;

    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;

    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->vadjustment);
      break;

    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->hscroll_policy);
      break;

    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->vscroll_policy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
diplo_timeline_list_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  DiploTimelineList *self = DIPLO_TIMELINE_LIST (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      diplo_timeline_list_set_model (self, g_value_get_object (value));
      break;

    case PROP_HADJUSTMENT:
      diplo_timeline_list_set_adjustment (self, &self->hadjustment, g_value_get_object (value));
      break;

    case PROP_VADJUSTMENT:
      diplo_timeline_list_set_adjustment (self, &self->vadjustment, g_value_get_object (value));
      break;

    case PROP_HSCROLL_POLICY:
      self->hscroll_policy = g_value_get_enum (value);
      break;

    case PROP_VSCROLL_POLICY:
      self->vscroll_policy = g_value_get_enum (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
add_move_binding (GtkWidgetClass *widget_class,
                  guint           keyval,
                  guint           keypad_keyval,
                  int             steps,
                  gboolean        by_pages)
{
  gtk_widget_class_add_binding_action (widget_class, keyval, 0,
                                       "list.move-cursor", "(ib)", steps, by_pages);
  gtk_widget_class_add_binding_action (widget_class, keypad_keyval, 0,
                                       "list.move-cursor", "(ib)", steps, by_pages);
}

static void
diplo_timeline_list_class_init (DiploTimelineListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = diplo_timeline_list_dispose;
  object_class->finalize = diplo_timeline_list_finalize;
  object_class->get_property = diplo_timeline_list_get_property;
  object_class->set_property = diplo_timeline_list_set_property;

  widget_class->measure = diplo_timeline_list_measure;
  widget_class->size_allocate = diplo_timeline_list_size_allocate;
  widget_class->focus = diplo_timeline_list_focus;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL,
                         GTK_TYPE_SINGLE_SELECTION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  /* Steps, or pages when the boolean is set. */
  gtk_widget_class_install_action (widget_class, "list.move-cursor", "(ib)", move_cursor_action);
  add_move_binding (widget_class, GDK_KEY_Up, GDK_KEY_KP_Up, -1, FALSE);
  add_move_binding (widget_class, GDK_KEY_Down, GDK_KEY_KP_Down, 1, FALSE);
  add_move_binding (widget_class, GDK_KEY_Page_Up, GDK_KEY_KP_Page_Up, -1, TRUE);
  add_move_binding (widget_class, GDK_KEY_Page_Down, GDK_KEY_KP_Page_Down, 1, TRUE);
  add_move_binding (widget_class, GDK_KEY_Home, GDK_KEY_KP_Home, G_MININT / 2, FALSE);
  add_move_binding (widget_class, GDK_KEY_End, GDK_KEY_KP_End, G_MAXINT / 2, FALSE);

  gtk_widget_class_set_css_name (widget_class, "listview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LIST);
}

static void
diplo_timeline_list_scrollable_init (GtkScrollableInterface *iface)
{
}

static void
diplo_timeline_list_init (DiploTimelineList *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  self->rows = g_ptr_array_new ();
  self->heights = g_array_new (FALSE, FALSE, sizeof (int));
  self->spare_rows = g_ptr_array_new ();
  self->prepared_rows = g_ptr_array_new ();
  self->bottom_position = GTK_INVALID_LIST_POSITION;
  self->sizing_row = diplo_timeline_list_new_hidden_row (self);

  g_signal_connect_object (click, "pressed", G_CALLBACK (on_click_pressed), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  diplo_timeline_list_set_adjustment (self, &self->hadjustment, NULL);
  diplo_timeline_list_set_adjustment (self, &self->vadjustment, NULL);
}
