#define G_LOG_DOMAIN "diplo-country"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "diplo-country.h"

/* Country names come from the iso-codes package, which also carries their
 * translations in its own gettext domain, as GNOME Settings uses them. */
static GHashTable *
load_country_names (void)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *path = g_build_filename (ISO_CODES_PREFIX, "share", "iso-codes", "json",
                                            "iso_3166-1.json", NULL);
  g_autoptr(GError) error = NULL;
  JsonArray *countries;

  if (!json_parser_load_from_file (parser, path, &error))
    {
      g_debug ("No country names: %s", error->message);
      return g_steal_pointer (&names);
    }

  countries = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                            "3166-1");
  for (guint i = 0; countries != NULL && i < json_array_get_length (countries); i++)
    {
      JsonObject *country = json_array_get_object_element (countries, i);
      const char *code = json_object_get_string_member_with_default (country, "alpha_2", NULL);
      const char *name = json_object_get_string_member_with_default (country, "common_name", NULL);

      if (name == NULL)
        name = json_object_get_string_member_with_default (country, "name", NULL);
      if (code != NULL && name != NULL)
        g_hash_table_insert (names, g_strdup (code), g_strdup (dgettext ("iso_3166-1", name)));
    }

  return g_steal_pointer (&names);
}

/**
 * diplo_country_get_name:
 * @alpha2: an ISO 3166-1 alpha-2 code
 *
 * Returns: the country's translated name, or %NULL when the code is unknown
 */
const char *
diplo_country_get_name (const char *alpha2)
{
  static GHashTable *names;

  if (alpha2 == NULL)
    return NULL;

  if (g_once_init_enter (&names))
    g_once_init_leave (&names, load_country_names ());

  return g_hash_table_lookup (names, alpha2);
}
