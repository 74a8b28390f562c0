/* diplo-online-source.c
 *
 * libshumate 1.0's map layer drops a tile's error on the floor: without a
 * network, an OpenStreetMap layer is silently empty and the offline basemap
 * beneath shows through. That is the right fallback, but the user should
 * know why the map they chose is not there. This source passes each tile to
 * the source it wraps and turns its first failure into one change of
 * DiploOnlineSource:failed, whatever the number of tiles that fail, so that
 * one notice can be shown. Cancelled tiles are not failures: the map cancels
 * the tiles it scrolls away from.
 */

#define G_LOG_DOMAIN "diplo-online-source"

#include "config.h"

#include "diplo-online-source.h"

struct _DiploOnlineSource
{
  ShumateMapSource  parent_instance;

  ShumateMapSource *source;
  guint             n_failed_tiles;
  gboolean          failed;
};

G_DEFINE_FINAL_TYPE (DiploOnlineSource, diplo_online_source, SHUMATE_TYPE_MAP_SOURCE)

enum {
  PROP_0,
  PROP_SOURCE,
  PROP_FAILED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
diplo_online_source_set_failed (DiploOnlineSource *self,
                                gboolean           failed)
{
  g_assert (DIPLO_IS_ONLINE_SOURCE (self));

  if (self->failed == failed)
    return;

  self->failed = failed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAILED]);
}

static void
on_tile_filled (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DiploOnlineSource *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (shumate_map_source_fill_tile_finish (SHUMATE_MAP_SOURCE (object), result, &error))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* A debug message, not a warning: a warning per tile is what this
       * source is here to avoid. */
      if (self->n_failed_tiles == 0)
        g_debug ("Tiles of %s can't be had: %s",
                 shumate_map_source_get_id (self->source), error->message);
      self->n_failed_tiles++;
      diplo_online_source_set_failed (self, TRUE);
    }

  g_task_return_error (task, g_steal_pointer (&error));
}

static void
diplo_online_source_fill_tile_async (ShumateMapSource    *map_source,
                                     ShumateTile         *tile,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  DiploOnlineSource *self = DIPLO_ONLINE_SOURCE (map_source);
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, diplo_online_source_fill_tile_async);

  shumate_map_source_fill_tile_async (self->source, tile, cancellable, on_tile_filled,
                                      g_steal_pointer (&task));
}

static gboolean
diplo_online_source_fill_tile_finish (ShumateMapSource  *map_source,
                                      GAsyncResult      *result,
                                      GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, map_source), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The map, its layer and its license ask the outer source. */
static void
diplo_online_source_constructed (GObject *object)
{
  DiploOnlineSource *self = DIPLO_ONLINE_SOURCE (object);
  ShumateMapSource *outer = SHUMATE_MAP_SOURCE (self);

  G_OBJECT_CLASS (diplo_online_source_parent_class)->constructed (object);

  shumate_map_source_set_id (outer, shumate_map_source_get_id (self->source));
  shumate_map_source_set_name (outer, shumate_map_source_get_name (self->source));
  shumate_map_source_set_license (outer, shumate_map_source_get_license (self->source));
  shumate_map_source_set_license_uri (outer, shumate_map_source_get_license_uri (self->source));
  shumate_map_source_set_min_zoom_level (outer,
                                         shumate_map_source_get_min_zoom_level (self->source));
  shumate_map_source_set_max_zoom_level (outer,
                                         shumate_map_source_get_max_zoom_level (self->source));
  shumate_map_source_set_tile_size (outer, shumate_map_source_get_tile_size (self->source));
  shumate_map_source_set_projection (outer, shumate_map_source_get_projection (self->source));
}

static void
diplo_online_source_dispose (GObject *object)
{
  DiploOnlineSource *self = DIPLO_ONLINE_SOURCE (object);

  g_clear_object (&self->source);

  G_OBJECT_CLASS (diplo_online_source_parent_class)->dispose (object);
}

static void
diplo_online_source_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DiploOnlineSource *self = DIPLO_ONLINE_SOURCE (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      g_value_set_object (value, self->source);
      break;

    case PROP_FAILED:
      g_value_set_boolean (value, self->failed);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
diplo_online_source_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  DiploOnlineSource *self = DIPLO_ONLINE_SOURCE (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      self->source = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
diplo_online_source_class_init (DiploOnlineSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ShumateMapSourceClass *map_source_class = SHUMATE_MAP_SOURCE_CLASS (klass);

  object_class->constructed = diplo_online_source_constructed;
  object_class->dispose = diplo_online_source_dispose;
  object_class->get_property = diplo_online_source_get_property;
  object_class->set_property = diplo_online_source_set_property;

  map_source_class->fill_tile_async = diplo_online_source_fill_tile_async;
  map_source_class->fill_tile_finish = diplo_online_source_fill_tile_finish;

  /**
   * DiploOnlineSource:source:
   *
   * The source that fetches the tiles.
   */
  properties[PROP_SOURCE] =
    g_param_spec_object ("source", NULL, NULL, SHUMATE_TYPE_MAP_SOURCE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DiploOnlineSource:failed:
   *
   * Whether a tile could not be had since the source was made or reset.
   */
  properties[PROP_FAILED] =
    g_param_spec_boolean ("failed", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
diplo_online_source_init (DiploOnlineSource *self)
{
}

/**
 * diplo_online_source_new:
 * @source: the source that fetches the tiles, such as OpenStreetMap's
 *
 * Returns: (transfer full): a source with the id, name, license, zoom
 *   levels and tile size of @source
 */
DiploOnlineSource *
diplo_online_source_new (ShumateMapSource *source)
{
  g_return_val_if_fail (SHUMATE_IS_MAP_SOURCE (source), NULL);

  return g_object_new (DIPLO_TYPE_ONLINE_SOURCE, "source", source, NULL);
}

gboolean
diplo_online_source_get_failed (DiploOnlineSource *self)
{
  g_return_val_if_fail (DIPLO_IS_ONLINE_SOURCE (self), FALSE);

  return self->failed;
}

/**
 * diplo_online_source_get_n_failed_tiles:
 *
 * Returns: how many tiles failed, cancelled ones not counted, since the
 *   source was made
 */
guint
diplo_online_source_get_n_failed_tiles (DiploOnlineSource *self)
{
  g_return_val_if_fail (DIPLO_IS_ONLINE_SOURCE (self), 0);

  return self->n_failed_tiles;
}

/**
 * diplo_online_source_reset:
 *
 * Clears #DiploOnlineSource:failed, so that the next failure notifies it
 * again: for when the user asks for the tiles anew.
 */
void
diplo_online_source_reset (DiploOnlineSource *self)
{
  g_return_if_fail (DIPLO_IS_ONLINE_SOURCE (self));

  diplo_online_source_set_failed (self, FALSE);
}
