#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *diplo_country_get_name (const char *alpha2);

G_END_DECLS
