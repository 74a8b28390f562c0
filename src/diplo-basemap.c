/* diplo-basemap.c
 *
 * The world basemap: Natural Earth 4.1.0 admin-0 countries (public domain),
 * converted once by build-aux/make-basemap.mjs into a small binary file in
 * the GResource. Everything is already projected to Web Mercator, so drawing
 * only scales integers.
 *
 * Format, all integers little-endian (the converter documents the same):
 *
 *   char[8]  magic "DIPLOBM1"
 *   u32      world_size W: Web Mercator units across the world; x = 0 is
 *            180°W, x = W is 180°E, y = 0 and y = W are ±85.0511° (clamped)
 *   u32      n_levels, then the levels, ascending min_zoom, the first 0:
 *
 *   level:
 *     u32    min_zoom
 *     u32    n_arcs, then the arcs:
 *       u32  n_points (>= 1)
 *       u32  kind: 0 coastline, 1 land border, 2 map edge (filled, never
 *            stroked: a cut along the antimeridian or the pole line)
 *       i32  x, i32 y, n_points times; x is unwrapped along the arc, so it
 *            may leave [0, W] by up to a world
 *     u32    n_countries, then the countries:
 *       u8   alpha2[2]: ISO 3166-1 alpha-2, or two zero bytes for none
 *       u16  ISO 3166-1 numeric code, 0 for none (read past, unused)
 *       u32  n_rings, then the rings:
 *         u32 n_refs, then n_refs times:
 *           i32 arc index, or ~index (-1 - index) for the arc reversed
 *           i32 shift: add shift × W to the arc's x within this ring
 *
 * A ring is its arcs joined end to start (each next arc begins with the
 * point the previous one ended on). A country's rings are filled with the
 * even-odd rule, which is what makes holes (Lesotho in South Africa) holes.
 *
 * The data is immutable once read, so one DiploBasemap is shared by all the
 * threads that render tiles.
 */

#define G_LOG_DOMAIN "diplo-basemap"

#include "config.h"

#include "diplo-basemap.h"

#include <gio/gio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define BASEMAP_MAGIC "DIPLOBM1"
#define BASEMAP_RESOURCE "/org/example/Diplo/basemap.bin"
#define MAX_SHIFT 2

typedef enum
{
  ARC_COAST,
  ARC_BORDER,
  ARC_EDGE,
  N_ARC_KINDS
} ArcKind;

/* In world units */
typedef struct
{
  double x0;
  double y0;
  double x1;
  double y1;
} Box;

typedef struct
{
  gint32 *points;
  guint n_points;
  ArcKind kind;
  Box box;
} Arc;

typedef struct
{
  guint arc;
  gboolean reversed;
  double x_shift;
} ArcRef;

typedef struct
{
  ArcRef *refs;
  guint n_refs;
  Box box;
} Ring;

typedef struct
{
  char alpha2[3];
  Ring *rings;
  guint n_rings;
  Box box;
} Country;

typedef struct
{
  guint min_zoom;
  Arc *arcs;
  guint n_arcs;
  Country *countries;
  guint n_countries;
} Level;

struct _DiploBasemap
{
  gatomicrefcount ref_count;
  double world_size;
  Level *levels;
  guint n_levels;
};

typedef struct
{
  double red;
  double green;
  double blue;
} Colour;

/* Mid tones, so that the map neither glares in a dark window nor washes out
 * in a light one. The sea is DIPLO_BASEMAP_SEA_COLOR, read by
 * sea_colour(), so that the map's CSS background and the tiles share one
 * definition. */
static const Colour land_colour = { 0xf2 / 255., 0xef / 255., 0xe9 / 255. };
static const Colour border_colour = { 0x9d / 255., 0x96 / 255., 0x8f / 255. };
static const Colour coast_colour = { 0x6f / 255., 0x93 / 255., 0xb0 / 255. };

G_DEFINE_QUARK (diplo-basemap-error-quark, diplo_basemap_error)
G_DEFINE_BOXED_TYPE (DiploBasemap, diplo_basemap, diplo_basemap_ref, diplo_basemap_unref)

/* Reading */

typedef struct
{
  const guint8 *data;
  gsize length;
  gsize offset;
} Reader;

static gboolean G_GNUC_PRINTF (3, 4)
set_invalid (GError     **error,
             const Reader *reader,
             const char  *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, DIPLO_BASEMAP_ERROR, DIPLO_BASEMAP_ERROR_INVALID_DATA,
               "Basemap data is invalid at byte %" G_GSIZE_FORMAT ": %s",
               reader->offset, message);
  return FALSE;
}

static gboolean
reader_take (Reader        *reader,
             gsize          size,
             const guint8 **out,
             GError       **error)
{
  if (size > reader->length - reader->offset)
    return set_invalid (error, reader, "the data ends early");

  *out = reader->data + reader->offset;
  reader->offset += size;
  return TRUE;
}

static gboolean
reader_read_u32 (Reader   *reader,
                 guint32  *value,
                 GError  **error)
{
  const guint8 *bytes = NULL;

  if (!reader_take (reader, 4, &bytes, error))
    return FALSE;

  *value = bytes[0] | bytes[1] << 8 | bytes[2] << 16 | (guint32) bytes[3] << 24;
  return TRUE;
}

static gboolean
reader_read_i32 (Reader  *reader,
                 gint32  *value,
                 GError **error)
{
  guint32 bits;

  if (!reader_read_u32 (reader, &bits, error))
    return FALSE;

  *value = (gint32) bits;
  return TRUE;
}

/* Refuses counts the rest of the data could not hold, so that a damaged file
 * cannot make us allocate gigabytes. */
static gboolean
reader_read_count (Reader      *reader,
                   gsize        item_size,
                   guint       *count,
                   const char  *what,
                   GError     **error)
{
  guint32 value;

  if (!reader_read_u32 (reader, &value, error))
    return FALSE;

  if (value > (reader->length - reader->offset) / item_size)
    return set_invalid (error, reader, "%u %s do not fit in the data", value, what);

  *count = value;
  return TRUE;
}

static void
box_set_empty (Box *box)
{
  box->x0 = box->y0 = G_MAXDOUBLE;
  box->x1 = box->y1 = -G_MAXDOUBLE;
}

static void
box_add_point (Box    *box,
               double  x,
               double  y)
{
  box->x0 = MIN (box->x0, x);
  box->y0 = MIN (box->y0, y);
  box->x1 = MAX (box->x1, x);
  box->y1 = MAX (box->y1, y);
}

static void
box_add_box (Box       *box,
             const Box *other,
             double     x_shift)
{
  box_add_point (box, other->x0 + x_shift, other->y0);
  box_add_point (box, other->x1 + x_shift, other->y1);
}

static gboolean
box_intersects (const Box *box,
                double     x_shift,
                const Box *visible)
{
  return box->x0 + x_shift <= visible->x1
         && box->x1 + x_shift >= visible->x0
         && box->y0 <= visible->y1
         && box->y1 >= visible->y0;
}

static gboolean
read_arc (Reader  *reader,
          double   world_size,
          Arc     *arc,
          GError **error)
{
  guint32 kind;

  if (!reader_read_count (reader, 8, &arc->n_points, "points", error)
      || !reader_read_u32 (reader, &kind, error))
    return FALSE;

  if (arc->n_points == 0)
    return set_invalid (error, reader, "an arc has no points");
  if (kind >= N_ARC_KINDS)
    return set_invalid (error, reader, "unknown arc kind %u", kind);
  arc->kind = kind;

  arc->points = g_new (gint32, 2 * arc->n_points);
  box_set_empty (&arc->box);
  for (guint i = 0; i < 2 * arc->n_points; i += 2)
    {
      gint32 *point = &arc->points[i];

      if (!reader_read_i32 (reader, &point[0], error)
          || !reader_read_i32 (reader, &point[1], error))
        return FALSE;

      if (point[0] < -world_size || point[0] > 2 * world_size
          || point[1] < 0 || point[1] > world_size)
        return set_invalid (error, reader, "a point lies off the map");

      box_add_point (&arc->box, point[0], point[1]);
    }

  return TRUE;
}

static gboolean
read_ring (Reader       *reader,
           const Level  *level,
           double        world_size,
           Ring         *ring,
           GError      **error)
{
  if (!reader_read_count (reader, 8, &ring->n_refs, "arc references", error))
    return FALSE;

  ring->refs = g_new0 (ArcRef, ring->n_refs);
  box_set_empty (&ring->box);
  for (guint i = 0; i < ring->n_refs; i++)
    {
      ArcRef *ref = &ring->refs[i];
      gint32 index;
      gint32 shift;

      if (!reader_read_i32 (reader, &index, error)
          || !reader_read_i32 (reader, &shift, error))
        return FALSE;

      ref->reversed = index < 0;
      ref->arc = ref->reversed ? ~index : index;
      if (ref->arc >= level->n_arcs)
        return set_invalid (error, reader, "a ring refers to arc %u of %u",
                            ref->arc, level->n_arcs);
      /* Not ABS (shift): the absolute value of G_MININT32 does not fit in a
       * gint32 and would come out negative, passing the check. */
      if (shift < -MAX_SHIFT || shift > MAX_SHIFT)
        return set_invalid (error, reader, "a ring shifts an arc by %d worlds", shift);

      ref->x_shift = shift * world_size;
      box_add_box (&ring->box, &level->arcs[ref->arc].box, ref->x_shift);
    }

  return TRUE;
}

static gboolean
read_country (Reader       *reader,
              const Level  *level,
              double        world_size,
              Country      *country,
              GError      **error)
{
  const guint8 *header = NULL;

  if (!reader_take (reader, 4, &header, error)
      || !reader_read_count (reader, 4, &country->n_rings, "rings", error))
    return FALSE;

  if ((header[0] != 0 || header[1] != 0)
      && !(g_ascii_isupper (header[0]) && g_ascii_isupper (header[1])))
    return set_invalid (error, reader, "a country code is not two capital letters");

  /* header[2] and header[3] hold the numeric code, which nothing draws
   * or looks up. */
  memcpy (country->alpha2, header, 2);

  country->rings = g_new0 (Ring, country->n_rings);
  box_set_empty (&country->box);
  for (guint i = 0; i < country->n_rings; i++)
    {
      if (!read_ring (reader, level, world_size, &country->rings[i], error))
        return FALSE;
      box_add_box (&country->box, &country->rings[i].box, 0);
    }

  return TRUE;
}

static gboolean
read_level (Reader  *reader,
            double   world_size,
            Level   *level,
            GError **error)
{
  if (!reader_read_u32 (reader, &level->min_zoom, error)
      || !reader_read_count (reader, 16, &level->n_arcs, "arcs", error))
    return FALSE;

  level->arcs = g_new0 (Arc, level->n_arcs);
  for (guint i = 0; i < level->n_arcs; i++)
    if (!read_arc (reader, world_size, &level->arcs[i], error))
      return FALSE;

  if (!reader_read_count (reader, 8, &level->n_countries, "countries", error))
    return FALSE;

  level->countries = g_new0 (Country, level->n_countries);
  for (guint i = 0; i < level->n_countries; i++)
    if (!read_country (reader, level, world_size, &level->countries[i], error))
      return FALSE;

  return TRUE;
}

static gboolean
read_header (Reader   *reader,
             double   *world_size,
             guint    *n_levels,
             GError  **error)
{
  const guint8 *magic = NULL;
  guint32 size;

  if (!reader_take (reader, strlen (BASEMAP_MAGIC), &magic, error))
    return FALSE;
  if (memcmp (magic, BASEMAP_MAGIC, strlen (BASEMAP_MAGIC)) != 0)
    return set_invalid (error, reader, "this is not a Diplo basemap");

  if (!reader_read_u32 (reader, &size, error)
      || !reader_read_count (reader, 12, n_levels, "levels", error))
    return FALSE;

  /* Points are gint32 and may lie up to a world beyond either side. */
  if (size == 0 || size > G_MAXINT32 / 3)
    return set_invalid (error, reader, "world size %u is out of range", size);
  if (*n_levels == 0)
    return set_invalid (error, reader, "there are no levels");

  *world_size = size;
  return TRUE;
}

static gboolean
read_levels (Reader        *reader,
             DiploBasemap  *self,
             GError       **error)
{
  self->levels = g_new0 (Level, self->n_levels);
  for (guint i = 0; i < self->n_levels; i++)
    {
      if (!read_level (reader, self->world_size, &self->levels[i], error))
        return FALSE;

      if (i == 0 && self->levels[i].min_zoom != 0)
        return set_invalid (error, reader, "the first level does not start at zoom 0");
      if (i > 0 && self->levels[i].min_zoom <= self->levels[i - 1].min_zoom)
        return set_invalid (error, reader, "levels are not in ascending zoom order");
    }

  return TRUE;
}

static void
level_clear (Level *level)
{
  for (guint i = 0; level->arcs != NULL && i < level->n_arcs; i++)
    g_free (level->arcs[i].points);

  for (guint i = 0; level->countries != NULL && i < level->n_countries; i++)
    {
      Country *country = &level->countries[i];

      for (guint j = 0; country->rings != NULL && j < country->n_rings; j++)
        g_free (country->rings[j].refs);
      g_free (country->rings);
    }

  g_free (level->arcs);
  g_free (level->countries);
}

static void
diplo_basemap_free (DiploBasemap *self)
{
  for (guint i = 0; self->levels != NULL && i < self->n_levels; i++)
    level_clear (&self->levels[i]);

  g_free (self->levels);
  g_free (self);
}

/**
 * diplo_basemap_new_from_bytes:
 * @bytes: basemap data, as written by build-aux/make-basemap.mjs
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the decoded basemap, or %NULL if @bytes is not
 *   valid basemap data
 */
DiploBasemap *
diplo_basemap_new_from_bytes (GBytes  *bytes,
                              GError **error)
{
  g_autoptr(DiploBasemap) self = NULL;
  Reader reader = { 0 };

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader.data = g_bytes_get_data (bytes, &reader.length);

  self = g_new0 (DiploBasemap, 1);
  g_atomic_ref_count_init (&self->ref_count);

  if (!read_header (&reader, &self->world_size, &self->n_levels, error))
    return NULL;

  if (!read_levels (&reader, self, error))
    return NULL;

  if (reader.offset != reader.length)
    {
      set_invalid (error, &reader, "unexpected data after the last level");
      return NULL;
    }

  return g_steal_pointer (&self);
}

typedef struct
{
  DiploBasemap *basemap;
  GError *error;
} DefaultBasemap;

static gpointer
load_default_basemap (gpointer data)
{
  DefaultBasemap *loaded = g_new0 (DefaultBasemap, 1);
  g_autoptr(GBytes) bytes = NULL;

  bytes = g_resources_lookup_data (BASEMAP_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE,
                                   &loaded->error);
  if (bytes != NULL)
    loaded->basemap = diplo_basemap_new_from_bytes (bytes, &loaded->error);

  return loaded;
}

/**
 * diplo_basemap_get_default:
 * @error: return location for a #GError
 *
 * Gets the basemap shipped in the application's resources. It is read the
 * first time it is asked for, from any thread, and then kept.
 *
 * Returns: (transfer none): the basemap, or %NULL if it could not be read
 */
DiploBasemap *
diplo_basemap_get_default (GError **error)
{
  static GOnce once = G_ONCE_INIT;
  const DefaultBasemap *loaded;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  loaded = g_once (&once, load_default_basemap, NULL);
  if (loaded->basemap == NULL)
    {
      g_propagate_error (error, g_error_copy (loaded->error));
      return NULL;
    }

  return loaded->basemap;
}

DiploBasemap *
diplo_basemap_ref (DiploBasemap *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
diplo_basemap_unref (DiploBasemap *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    diplo_basemap_free (self);
}

/* Looking up */

static gboolean
is_alpha2 (const char *code)
{
  return code != NULL && g_ascii_isalpha (code[0]) && g_ascii_isalpha (code[1]) && code[2] == '\0';
}

static gboolean
country_has_code (const Country *country,
                  const char    *alpha2)
{
  return country->alpha2[0] == g_ascii_toupper (alpha2[0])
         && country->alpha2[1] == g_ascii_toupper (alpha2[1]);
}

static gboolean
level_has_country (const Level *level,
                   const char  *alpha2)
{
  for (guint i = 0; i < level->n_countries; i++)
    if (country_has_code (&level->countries[i], alpha2))
      return TRUE;

  return FALSE;
}

/**
 * diplo_basemap_has_country:
 * @self: a #DiploBasemap
 * @alpha2: an ISO 3166-1 alpha-2 code, such as "FR" (any case)
 *
 * Returns: whether the basemap has a shape for the country at some zoom
 */
gboolean
diplo_basemap_has_country (DiploBasemap *self,
                           const char   *alpha2)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!is_alpha2 (alpha2))
    return FALSE;

  for (guint i = 0; i < self->n_levels; i++)
    if (level_has_country (&self->levels[i], alpha2))
      return TRUE;

  return FALSE;
}

static const Level *
level_for_zoom (const DiploBasemap *self,
                double              zoom_level)
{
  const Level *level = &self->levels[0];

  for (guint i = 1; i < self->n_levels; i++)
    if (self->levels[i].min_zoom <= zoom_level)
      level = &self->levels[i];

  return level;
}

/* Small countries are only in the finer levels; at a coarse zoom they are
 * still worth a dot. */
static const Level *
level_for_country (const DiploBasemap *self,
                   const char         *alpha2,
                   double              zoom_level)
{
  const Level *level = level_for_zoom (self, zoom_level);
  const Level *last = &self->levels[self->n_levels - 1];

  for (; level <= last; level++)
    if (level_has_country (level, alpha2))
      return level;

  return NULL;
}

/* Drawing */

typedef struct
{
  double world_size;
  double scale;    /* pixels per world unit */
  double x_origin; /* in pixels at this zoom, drawn at user-space 0 */
  double y_origin;
  Box visible;     /* in world units, to skip what is out of sight */
  Box clamp;       /* in pixels: the same, to flatten what is out of sight */
} Frame;

static void
frame_init (Frame              *frame,
            const DiploBasemap *self,
            cairo_t            *cr,
            double              zoom_level,
            double              x_origin,
            double              y_origin,
            guint               tile_size,
            double              margin)
{
  double x0, y0, x1, y1;

  frame->world_size = self->world_size;
  frame->scale = tile_size * exp2 (zoom_level) / self->world_size;
  frame->x_origin = x_origin;
  frame->y_origin = y_origin;

  cairo_clip_extents (cr, &x0, &y0, &x1, &y1);
  frame->clamp.x0 = x0 - margin;
  frame->clamp.y0 = y0 - margin;
  frame->clamp.x1 = x1 + margin;
  frame->clamp.y1 = y1 + margin;
  frame->visible.x0 = (x0 - margin + x_origin) / frame->scale;
  frame->visible.y0 = (y0 - margin + y_origin) / frame->scale;
  frame->visible.x1 = (x1 + margin + x_origin) / frame->scale;
  frame->visible.y1 = (y1 + margin + y_origin) / frame->scale;
}

/* Shapes that cross the antimeridian reach past the world's edge and are
 * drawn again one world over. */
#define FOR_EACH_WORLD_COPY(shift, frame) \
  for (double shift = -(frame)->world_size; \
       shift <= (frame)->world_size; \
       shift += (frame)->world_size)

/* Points closer than this to the last one drawn add time, not detail: at
 * zoom 3 most of the 1:50m coastline is that dense. */
#define MIN_SEGMENT_PIXELS 0.3

/* Draws lines in a frame, flattening what lies outside the frame's clamp
 * box onto its edges: a ring such as Russia's, mostly out of sight, then
 * costs a few points along the edge instead of thousands. Clamping changes
 * nothing inside the box as long as every piece of a line is clamped
 * whole, which is why lines are split where they cross the box's edge
 * lines: clamping a line that turns a corner of the box only at its ends
 * would cut the corner off. */
typedef struct
{
  cairo_t *cr;
  const Frame *frame;
  double x;       /* the pen's position, before clamping */
  double y;
  double drawn_x; /* the last point given to cairo */
  double drawn_y;
} Pen;

static void
pen_init (Pen         *pen,
          cairo_t     *cr,
          const Frame *frame)
{
  pen->cr = cr;
  pen->frame = frame;
}

static void
clamp_to_box (const Box *box,
              double    *x,
              double    *y)
{
  *x = CLAMP (*x, box->x0, box->x1);
  *y = CLAMP (*y, box->y0, box->y1);
}

static void
pen_move_to (Pen    *pen,
             double  x,
             double  y)
{
  pen->x = x;
  pen->y = y;
  clamp_to_box (&pen->frame->clamp, &x, &y);
  cairo_move_to (pen->cr, x, y);
  pen->drawn_x = x;
  pen->drawn_y = y;
}

static void
pen_draw_clamped (Pen      *pen,
                  double    x,
                  double    y,
                  gboolean  keep)
{
  clamp_to_box (&pen->frame->clamp, &x, &y);
  if (!keep && fabs (x - pen->drawn_x) + fabs (y - pen->drawn_y) < MIN_SEGMENT_PIXELS)
    return;

  cairo_line_to (pen->cr, x, y);
  pen->drawn_x = x;
  pen->drawn_y = y;
}

static void
add_crossing (double  from,
              double  to,
              double  edge,
              double *crossings,
              guint  *n_crossings)
{
  if ((from < edge && to > edge) || (from > edge && to < edge))
    crossings[(*n_crossings)++] = (edge - from) / (to - from);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* @keep: draw the end even if it is very near the last point drawn */
static void
pen_line_to (Pen      *pen,
             double    x,
             double    y,
             gboolean  keep)
{
  const Box *box = &pen->frame->clamp;
  double crossings[4];
  guint n_crossings = 0;

  add_crossing (pen->x, x, box->x0, crossings, &n_crossings);
  add_crossing (pen->x, x, box->x1, crossings, &n_crossings);
  add_crossing (pen->y, y, box->y0, crossings, &n_crossings);
  add_crossing (pen->y, y, box->y1, crossings, &n_crossings);
  if (n_crossings > 1)
    qsort (crossings, n_crossings, sizeof (double), compare_doubles);

  for (guint i = 0; i < n_crossings; i++)
    pen_draw_clamped (pen, pen->x + crossings[i] * (x - pen->x),
                      pen->y + crossings[i] * (y - pen->y), FALSE);

  pen_draw_clamped (pen, x, y, keep);
  pen->x = x;
  pen->y = y;
}

static void
append_arc (Pen       *pen,
            const Arc *arc,
            gboolean   reversed,
            double     x_shift,
            gboolean   starts_path)
{
  const Frame *frame = pen->frame;

  /* A following arc starts where the previous one ended. */
  for (guint i = starts_path ? 0 : 1; i < arc->n_points; i++)
    {
      guint index = reversed ? arc->n_points - 1 - i : i;
      double x = (arc->points[2 * index] + x_shift) * frame->scale - frame->x_origin;
      double y = arc->points[2 * index + 1] * frame->scale - frame->y_origin;

      if (i == 0)
        pen_move_to (pen, x, y);
      else
        pen_line_to (pen, x, y, i == arc->n_points - 1);
    }
}

static void
append_ring (Pen         *pen,
             const Level *level,
             const Ring  *ring,
             double       x_shift)
{
  for (guint i = 0; i < ring->n_refs; i++)
    {
      const ArcRef *ref = &ring->refs[i];

      append_arc (pen, &level->arcs[ref->arc], ref->reversed, ref->x_shift + x_shift, i == 0);
    }

  cairo_close_path (pen->cr);
}

static gboolean
append_country (cairo_t       *cr,
                const Frame   *frame,
                const Level   *level,
                const Country *country)
{
  gboolean appended = FALSE;

  Pen pen;

  pen_init (&pen, cr, frame);
  FOR_EACH_WORLD_COPY (shift, frame)
    {
      if (!box_intersects (&country->box, shift, &frame->visible))
        continue;

      for (guint i = 0; i < country->n_rings; i++)
        if (box_intersects (&country->rings[i].box, shift, &frame->visible))
          {
            append_ring (&pen, level, &country->rings[i], shift);
            appended = TRUE;
          }
    }

  return appended;
}

static void
append_arcs_of_kind (cairo_t     *cr,
                     const Frame *frame,
                     const Level *level,
                     ArcKind      kind)
{
  Pen pen;

  pen_init (&pen, cr, frame);
  for (guint i = 0; i < level->n_arcs; i++)
    {
      const Arc *arc = &level->arcs[i];

      if (arc->kind != kind)
        continue;

      FOR_EACH_WORLD_COPY (shift, frame)
        if (box_intersects (&arc->box, shift, &frame->visible))
          append_arc (&pen, arc, FALSE, shift, TRUE);
    }
}

static void
set_source_colour (cairo_t      *cr,
                   const Colour *colour)
{
  cairo_set_source_rgb (cr, colour->red, colour->green, colour->blue);
}

static double
hex_channel (const char *hex)
{
  return (g_ascii_xdigit_value (hex[0]) * 16 + g_ascii_xdigit_value (hex[1])) / 255.;
}

/* DIPLO_BASEMAP_SEA_COLOR is "#rrggbb". */
static Colour
sea_colour (void)
{
  const char *hex = DIPLO_BASEMAP_SEA_COLOR;
  Colour colour = { hex_channel (hex + 1), hex_channel (hex + 3), hex_channel (hex + 5) };

  G_STATIC_ASSERT (sizeof DIPLO_BASEMAP_SEA_COLOR == sizeof "#rrggbb");

  return colour;
}

static void
fill_land (cairo_t     *cr,
           const Frame *frame,
           const Level *level)
{
  /* One path for all countries: filling them one by one would leave faint
   * seams along every border where antialiased edges meet. */
  for (guint i = 0; i < level->n_countries; i++)
    append_country (cr, frame, level, &level->countries[i]);

  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  set_source_colour (cr, &land_colour);
  cairo_fill (cr);
}

static void
stroke_lines (cairo_t      *cr,
              const Frame  *frame,
              const Level  *level,
              ArcKind       kind,
              const Colour *colour,
              double        line_width)
{
  append_arcs_of_kind (cr, frame, level, kind);

  cairo_set_line_width (cr, line_width);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  set_source_colour (cr, colour);
  cairo_stroke (cr);
}

/* Thin lines for the whole world, a little bolder as the map gets closer. */
static double
coast_width (guint zoom_level)
{
  return MIN (0.6 + 0.1 * zoom_level, 1.6);
}

static double
border_width (guint zoom_level)
{
  return MIN (0.5 + 0.08 * zoom_level, 1.3);
}

/**
 * diplo_basemap_draw_tile:
 * @self: a #DiploBasemap
 * @cr: where to draw, with the tile's top left corner at user-space (0, 0)
 * @x: the tile's column
 * @y: the tile's row
 * @zoom_level: the zoom level, 0 showing the whole world in one tile
 * @tile_size: the tile's width and height in pixels
 *
 * Draws one Web Mercator tile: sea, land, land borders and coastlines.
 * Safe to call from any thread, with a @cr of that thread's own.
 */
void
diplo_basemap_draw_tile (DiploBasemap *self,
                         cairo_t      *cr,
                         guint         x,
                         guint         y,
                         guint         zoom_level,
                         guint         tile_size)
{
  const Level *level;
  Frame frame;
  Colour sea;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (tile_size > 0);

  level = level_for_zoom (self, zoom_level);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, tile_size, tile_size);
  cairo_clip (cr);

  sea = sea_colour ();
  set_source_colour (cr, &sea);
  cairo_paint (cr);

  frame_init (&frame, self, cr, zoom_level, (double) x * tile_size, (double) y * tile_size,
              tile_size, coast_width (zoom_level));
  fill_land (cr, &frame, level);
  stroke_lines (cr, &frame, level, ARC_BORDER, &border_colour, border_width (zoom_level));
  stroke_lines (cr, &frame, level, ARC_COAST, &coast_colour, coast_width (zoom_level));

  cairo_restore (cr);
}

/* Room for the outline's stroke, if the caller draws one, beyond the clip:
 * what lies farther out is flattened onto that margin. */
#define OUTLINE_MARGIN 16

static gboolean
code_seen_before (const char * const *codes,
                  guint               index)
{
  for (guint i = 0; i < index; i++)
    if (g_ascii_strcasecmp (codes[i], codes[index]) == 0)
      return TRUE;

  return FALSE;
}

/**
 * diplo_basemap_append_countries_path:
 * @self: a #DiploBasemap
 * @cr: a cairo context
 * @alpha2_codes: (array zero-terminated=1): ISO 3166-1 alpha-2 codes
 * @zoom_level: the map's zoom level, which may be fractional
 * @x_origin: the Web Mercator pixel column, at @zoom_level and @tile_size,
 *   that is drawn at user-space x = 0
 * @y_origin: the same for the pixel row and y = 0
 * @tile_size: the map source's tile size in pixels
 *
 * Appends the outlines of the given countries to the current path of @cr,
 * for instance to tint the countries visited. Fill the path with
 * %CAIRO_FILL_RULE_EVEN_ODD, so that enclaves stay holes. Only what falls
 * inside the clip of @cr is appended. Unknown and repeated codes are
 * skipped. Safe to call from any thread, with a @cr of that thread's own.
 *
 * With a #ShumateViewport, @x_origin is the x of the viewport's centre from
 * shumate_map_source_get_x() minus half the width (likewise for y).
 *
 * Returns: whether anything was appended
 */
gboolean
diplo_basemap_append_countries_path (DiploBasemap       *self,
                                     cairo_t            *cr,
                                     const char * const *alpha2_codes,
                                     double              zoom_level,
                                     double              x_origin,
                                     double              y_origin,
                                     guint               tile_size)
{
  gboolean appended = FALSE;
  Frame frame;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (cr != NULL, FALSE);
  g_return_val_if_fail (tile_size > 0, FALSE);

  if (alpha2_codes == NULL)
    return FALSE;

  frame_init (&frame, self, cr, zoom_level, x_origin, y_origin, tile_size, OUTLINE_MARGIN);

  for (guint i = 0; alpha2_codes[i] != NULL; i++)
    {
      const char *code = alpha2_codes[i];
      const Level *level;

      if (!is_alpha2 (code) || code_seen_before (alpha2_codes, i))
        continue;

      level = level_for_country (self, code, zoom_level);
      for (guint j = 0; level != NULL && j < level->n_countries; j++)
        if (country_has_code (&level->countries[j], code))
          appended |= append_country (cr, &frame, level, &level->countries[j]);
    }

  return appended;
}
