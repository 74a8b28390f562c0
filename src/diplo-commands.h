#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses of the command-line modes, as documented in --help. */
typedef enum
{
  DIPLO_EXIT_OK = 0,
  DIPLO_EXIT_INVALID_DATA = 1,
  DIPLO_EXIT_USAGE = 2,
} DiploExitStatus;

int diplo_command_validate (const char * const  *paths);
int diplo_command_list     (const char          *month,
                            const char          *path,
                            GError             **error);

G_END_DECLS
