package io.gatehouse.server.config;

import io.gatehouse.agent.model.ModelProviders;
import io.gatehouse.core.net.Egress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The file's {@code models:} section: {@code models.providers: [{name, base-url, api-key, models,
 * timeout, retries}]}. A key may only be a reference: {@code ${secret:NAME}} or {@code {secret:
 * NAME}} (a vault secret of project {@code default}), or {@code ${env:NAME}} (read at start and
 * kept in the vault); a literal is refused, naming its key. Run before references are resolved, it
 * turns each provider into the admin API's form; then each is checked as the admin API would check
 * it.
 */
final class ModelsConfig {
  static final String AT = "models.providers";
  private static final Set<String> SECTION = Set.of("providers");
  private static final Pattern WHOLE_SECRET = Pattern.compile("^\\$\\{secret:([A-Za-z0-9_.-]+)}$");
  private static final Pattern WHOLE_ENV = Pattern.compile("^\\$\\{env:[A-Za-z0-9_.-]+}$");

  private ModelsConfig() {}

  /** Rewrites each provider's keys and secret in {@code tree}; adds what is wrong. */
  static void prepare(ObjectNode tree, List<String> problems) {
    JsonNode models = tree.get("models");
    if (models == null || models.isNull()) {
      return;
    }
    if (!(models instanceof ObjectNode section)) {
      problems.add("models: expected a mapping with providers");
      return;
    }
    for (String f : section.propertyNames()) {
      if (!SECTION.contains(f)) {
        problems.add("models." + f + ": unknown (expected: " + SECTION + ")");
      }
    }
    JsonNode list = section.get("providers");
    if (list == null || list.isNull()) {
      return;
    }
    if (!list.isArray()) {
      problems.add(AT + ": expected a list of providers");
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      String key = AT + "[" + i + "]";
      if (!(list.get(i) instanceof ObjectNode item)) {
        problems.add(key + ": expected a mapping with name, base-url, api-key and models");
        continue;
      }
      camelize(item);
      JsonNode apiKey = item.get("apiKey");
      if (apiKey != null && !apiKey.isNull()) {
        item.set("apiKey", secret(apiKey, key + ".api-key", problems));
      }
    }
  }

  private static JsonNode secret(JsonNode v, String key, List<String> problems) {
    if (v.isObject() && v.size() == 1 && v.path("secret").isString()) {
      return v;
    }
    String text = v.isString() ? v.stringValue().trim() : "";
    Matcher secret = WHOLE_SECRET.matcher(text);
    if (secret.matches()) {
      return object("secret", secret.group(1));
    }
    if (WHOLE_ENV.matcher(text).matches()) {
      return object("value", text); // resolved next, then kept in the vault, never in the store
    }
    problems.add(
        key
            + ": a literal value in the configuration file (expected: ${secret:NAME}, {secret:"
            + " NAME} or ${env:NAME}, so no key is written in the file)");
    return object("secret", "invalid");
  }

  /** The providers, each checked as the admin API would check it; problems name their keys. */
  static ModelsSettings settings(JsonNode models, Egress egress, List<String> problems) {
    JsonNode list = models == null ? null : models.get("providers");
    List<ModelsSettings.Defined> out = new ArrayList<>();
    if (list == null || !list.isArray()) {
      return ModelsSettings.NONE;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String key = AT + "[" + i + "]";
      if (!(list.get(i) instanceof ObjectNode item)) {
        continue; // already said by prepare
      }
      for (String problem : ModelProviders.problems(item, egress)) {
        problems.add(key + "." + kebab(problem));
      }
      String name = item.path("name").asString("");
      if (!name.isEmpty() && !seen.add(name)) {
        problems.add(key + ".name: '" + name + "' is defined twice");
      }
      out.add(new ModelsSettings.Defined(key, name, item));
    }
    return new ModelsSettings(out);
  }

  /** A problem's field as the file spells it: {@code baseUrl: ...} → {@code base-url: ...}. */
  private static String kebab(String problem) {
    int colon = problem.indexOf(':');
    if (colon <= 0 || problem.substring(0, colon).contains(" ")) {
      return problem;
    }
    String field =
        problem
            .substring(0, colon)
            .replaceAll("([a-z])([A-Z])", "$1-$2")
            .toLowerCase(java.util.Locale.ROOT);
    return field + problem.substring(colon);
  }

  private static ObjectNode object(String field, String value) {
    ObjectNode n = new ObjectNode(tools.jackson.databind.node.JsonNodeFactory.instance);
    n.put(field, value);
    return n;
  }

  /** {@code base-url} → {@code baseUrl}. */
  private static void camelize(ObjectNode o) {
    for (Map.Entry<String, JsonNode> e : List.copyOf(o.properties())) {
      String k = e.getKey();
      if (k.indexOf('-') > 0) {
        StringBuilder b = new StringBuilder();
        boolean up = false;
        for (char ch : k.toCharArray()) {
          if (ch == '-') {
            up = true;
          } else {
            b.append(up ? Character.toUpperCase(ch) : ch);
            up = false;
          }
        }
        o.set(b.toString(), o.remove(k));
      }
    }
  }
}
