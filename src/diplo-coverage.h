/* diplo-coverage.h
 *
 * Strokes thin lines, such as routes and country outlines, and fills large
 * outlines, such as countries, faster than cairo's image backend.
 */

#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

void diplo_coverage_stroke       (cairo_t *cr);
void diplo_coverage_fill_preserve (cairo_t *cr);

G_END_DECLS
