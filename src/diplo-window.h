#pragma once

#include <adwaita.h>

#include "diplo-application.h"

G_BEGIN_DECLS

#define DIPLO_TYPE_WINDOW (diplo_window_get_type ())

G_DECLARE_FINAL_TYPE (DiploWindow, diplo_window, DIPLO, WINDOW, AdwApplicationWindow)

DiploWindow *diplo_window_new (DiploApplication *application);

G_END_DECLS
