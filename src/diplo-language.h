#pragma once

#include <glib.h>

G_BEGIN_DECLS

int                 diplo_language_rank               (const char         *tag,
                                                       const char * const *language_names);
GStrv               diplo_language_dup_message_names  (void);

G_END_DECLS
