#pragma once

#include <gio/gio.h>

#include "diplo-month-index.h"

G_BEGIN_DECLS

#define DIPLO_TYPE_MONTH_MODEL (diplo_month_model_get_type ())

G_DECLARE_FINAL_TYPE (DiploMonthModel, diplo_month_model, DIPLO, MONTH_MODEL, GObject)

DiploMonthModel *diplo_month_model_new       (GListModel      *events,
                                              DiploMonthIndex *index);
GListModel      *diplo_month_model_get_model (DiploMonthModel *self);
int              diplo_month_model_get_month (DiploMonthModel *self);
void             diplo_month_model_set_month (DiploMonthModel *self,
                                              int              month_number);

G_END_DECLS
