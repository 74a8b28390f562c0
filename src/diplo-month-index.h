#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Months are numbered year * 12 + (month - 1), so that stepping is
 * arithmetic and always follows calendar months. */
typedef struct _DiploMonthIndex DiploMonthIndex;

#define DIPLO_TYPE_MONTH_INDEX (diplo_month_index_get_type ())

GType            diplo_month_index_get_type   (void) G_GNUC_CONST;
DiploMonthIndex *diplo_month_index_new        (GListModel      *events);
DiploMonthIndex *diplo_month_index_ref        (DiploMonthIndex *self);
void             diplo_month_index_unref      (DiploMonthIndex *self);
gboolean         diplo_month_index_is_empty   (DiploMonthIndex *self);
int              diplo_month_index_get_first  (DiploMonthIndex *self);
int              diplo_month_index_get_last   (DiploMonthIndex *self);
guint            diplo_month_index_get_count  (DiploMonthIndex *self,
                                               int              month_number);
guint            diplo_month_index_get_n_starting (DiploMonthIndex *self,
                                                   int              month_number);
guint           *diplo_month_index_get_positions (DiploMonthIndex *self,
                                                  int              month_number,
                                                  guint           *n_positions);
gboolean         diplo_month_index_contains   (DiploMonthIndex *self,
                                               const char      *month);
char            *diplo_month_index_step       (DiploMonthIndex *self,
                                               const char      *month,
                                               int              delta);

int              diplo_month_number_of_julian_day (guint        julian_day);
int              diplo_month_number_parse     (const char      *month);
char            *diplo_month_number_to_string (int              month_number);
char            *diplo_month_number_format    (int              month_number);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiploMonthIndex, diplo_month_index_unref)

G_END_DECLS
