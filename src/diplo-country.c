#define G_LOG_DOMAIN "diplo-country"

#include "config.h"

#include "diplo-country.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

static void
add_country_name (GHashTable *names,
                  JsonNode   *node)
{
  JsonObject *country;
  const char *code;
  const char *name;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return;

  country = json_node_get_object (node);
  code = json_object_get_string_member_with_default (country, "alpha_2", NULL);
  name = json_object_get_string_member_with_default (country, "common_name", NULL);
  if (name == NULL)
    name = json_object_get_string_member_with_default (country, "name", NULL);

  if (code != NULL && name != NULL)
    g_hash_table_insert (names, g_strdup (code), g_strdup (dgettext ("iso_3166-1", name)));
}

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
  JsonNode *root;

  if (!json_parser_load_from_file (parser, path, &error))
    {
      g_debug ("No country names: %s", error->message);
      return g_steal_pointer (&names);
    }

  /* Labels want UTF-8 whatever the locale's own charset. */
  bindtextdomain ("iso_3166-1", ISO_CODES_PREFIX "/share/locale");
  bind_textdomain_codeset ("iso_3166-1", "UTF-8");

  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      !json_object_has_member (json_node_get_object (root), "3166-1"))
    return g_steal_pointer (&names);

  countries = json_object_get_array_member (json_node_get_object (root), "3166-1");
  for (guint i = 0; countries != NULL && i < json_array_get_length (countries); i++)
    add_country_name (names, json_array_get_element (countries, i));

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
