#pragma once

#include <adwaita.h>

#include "diplo-application.h"
#include "diplo-dataset.h"

G_BEGIN_DECLS

#define DIPLO_TYPE_WINDOW (diplo_window_get_type ())

G_DECLARE_FINAL_TYPE (DiploWindow, diplo_window, DIPLO, WINDOW, AdwApplicationWindow)

DiploWindow        *diplo_window_new            (DiploApplication *application);
void                diplo_window_set_dataset    (DiploWindow      *self,
                                                 DiploDataset     *dataset);
DiploDataset       *diplo_window_get_dataset    (DiploWindow      *self);
void                diplo_window_open_file      (DiploWindow      *self,
                                                 GFile            *file);
GtkSingleSelection *diplo_window_get_selection  (DiploWindow      *self);
gboolean            diplo_window_get_loading    (DiploWindow      *self);

G_END_DECLS
