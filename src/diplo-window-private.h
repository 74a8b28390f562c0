#pragma once

#include "diplo-dataset.h"
#include "diplo-event-details.h"
#include "diplo-event-filter.h"
#include "diplo-export.h"
#include "diplo-map-view.h"
#include "diplo-month-index.h"
#include "diplo-month-model.h"
#include "diplo-timeline.h"
#include "diplo-window.h"

G_BEGIN_DECLS

struct _DiploWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;

  /* The one shared state: both views read and write the selection. */
  DiploDataset         *dataset;
  DiploEventFilter     *filter;
  GtkFilterListModel   *filter_model;
  /* The dataset's events of the month shown, beneath filter_model while a
   * month is chosen; the dataset's own list is there for all months. */
  DiploMonthModel      *month_model;
  GtkSingleSelection   *selection;
  DiploMonthIndex      *month_index;

  GCancellable         *load_cancellable;
  GtkFileChooserNative *file_chooser;
  GtkFileChooserNative *export_chooser;
  GCancellable         *export_cancellable;
  guint                 playback_source;
  guint                 draw_ahead_source;
  char                 *pointed_month;  /* in the month menu */
  guint                 point_source;
  GHashTable           *month_checks;   /* month → its row's check mark */
  GtkWidget            *shown_check;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwFlap              *flap;
  GtkMenuButton        *month_button;
  GtkWidget            *previous_month_button;
  GtkWidget            *next_month_button;
  GtkPopover           *month_popover;
  GtkLabel             *month_label;
  GtkListBox           *month_list;
  GtkBox               *kinds_box;
  GtkLabel             *dataset_title_label;
  GtkLabel             *dataset_attribution_label;
  GtkButton            *play_button;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  DiploTimeline        *timeline;
  GtkScrolledWindow    *details_scroller;
  DiploEventDetails    *details;
  DiploMapView         *map_view;
  GtkProgressBar       *load_progress;
  GtkMenuButton        *primary_menu_button;
  GMenuModel           *primary_menu;
};

void diplo_window_class_add_actions (DiploWindowClass *klass);
void diplo_window_init_actions (DiploWindow *self);
void diplo_window_class_add_export_actions (DiploWindowClass *klass);
void diplo_window_export_events     (DiploWindow       *self,
                                     DiploExportFormat  format,
                                     GFile             *file);
void diplo_window_export_image      (DiploWindow       *self,
                                     GFile             *file,
                                     int                width,
                                     int                height);
void diplo_window_stop_playback     (DiploWindow      *self);
void diplo_window_update_month_list (DiploWindow      *self);
void diplo_window_draw_month_ahead  (DiploWindow      *self,
                                     const char       *month);
void diplo_window_point_at_month_row (DiploWindow   *self,
                                      GtkListBoxRow *row);
gboolean diplo_window_open_builtin (DiploWindow  *self,
                                    GError      **error);
void diplo_window_show_error        (DiploWindow      *self,
                                     const char       *title,
                                     const GError     *error);

G_END_DECLS
