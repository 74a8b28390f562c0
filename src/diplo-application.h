#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DIPLO_TYPE_APPLICATION (diplo_application_get_type ())

G_DECLARE_FINAL_TYPE (DiploApplication, diplo_application, DIPLO, APPLICATION, AdwApplication)

DiploApplication *diplo_application_new (void);

G_END_DECLS
