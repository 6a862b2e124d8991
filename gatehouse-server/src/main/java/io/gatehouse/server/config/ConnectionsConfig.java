package io.gatehouse.server.config;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * The connections the file defines ({@code connections:} as a list, or {@code connections.define}
 * beside the settings). Secrets may only be references: {@code ${secret:NAME}} or {@code {secret:
 * NAME}} (the project's vault) or {@code ${env:NAME}} (read at start and kept in the vault); a
 * literal where a secret goes is refused, naming its key. Run before references are resolved, it
 * turns each secret into the admin API's form.
 */
final class ConnectionsConfig {
  static final String DEFINE = "define";
  private static final Set<String> FIELDS =
      Set.of(
          "project",
          "name",
          "url",
          "transport",
          "auth",
          "from",
          "tls",
          "allowInsecure",
          "proxy",
          "proxyAuth",
          "toolSchema",
          "metadataUrl",
          "protocol");
  private static final Pattern SECRET = Pattern.compile("\\$\\{secret:([A-Za-z0-9_.-]+)}");
  private static final Pattern ENV = Pattern.compile("\\$\\{env:[A-Za-z0-9_.-]+}");
  private static final Pattern WHOLE_SECRET = Pattern.compile("^\\$\\{secret:([A-Za-z0-9_.-]+)}$");

  /** Where {@code ${secret:NAME}} may stand: left as written, the connection renders it. */
  static final Pattern SECRET_KEYS =
      Pattern.compile("connections(\\.define)?\\[\\d+]\\.auth\\.(headers|query)\\.[^.]+");

  private ConnectionsConfig() {}

  /** Moves a top-level list under {@code define}; returns the key the list is at, for messages. */
  static String normalize(ObjectNode file) {
    JsonNode c = file.get("connections");
    if (c != null && c.isArray()) {
      ObjectNode wrapped = file.objectNode();
      wrapped.set(DEFINE, c);
      file.set("connections", wrapped);
      return "connections";
    }
    return "connections." + DEFINE;
  }

  /** Checks and rewrites each definition's secrets in {@code tree}; adds what is wrong. */
  static void prepare(ObjectNode tree, String at, List<String> problems) {
    JsonNode list = tree.path("connections").path(DEFINE);
    if (list.isMissingNode() || list.isNull()) {
      return;
    }
    if (!list.isArray()) {
      problems.add(at + ": expected a list of connections");
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      String key = at + "[" + i + "]";
      if (!(list.get(i) instanceof ObjectNode item)) {
        problems.add(key + ": expected a mapping with name, url, transport and auth");
        continue;
      }
      camelize(item);
      for (String f : item.propertyNames()) {
        if (!FIELDS.contains(f)) {
          problems.add(
              key + "." + f + ": unknown (expected: " + FIELDS.stream().sorted().toList() + ")");
        }
      }
      camelize(item.get("from"));
      if (item.get("tls") instanceof ObjectNode tls) {
        camelize(tls);
        if (tls.has("clientKey")) {
          tls.set(
              "clientKey", secret(tls.get("clientKey"), key + ".tls.clientKey", true, problems));
        }
      }
      if (item.has("proxyAuth")) {
        item.set("proxyAuth", secret(item.get("proxyAuth"), key + ".proxyAuth", true, problems));
      }
      if (item.get("auth") instanceof ObjectNode auth) {
        camelize(auth);
        secrets(auth, key + ".auth", problems);
      }
    }
  }

  private static void secrets(ObjectNode auth, String key, List<String> problems) {
    for (String slot : List.of("headers", "query")) {
      if (auth.get(slot) instanceof ObjectNode values) {
        for (Map.Entry<String, JsonNode> e : List.copyOf(values.properties())) {
          JsonNode v = secret(e.getValue(), key + "." + slot + "." + e.getKey(), false, problems);
          values.set(e.getKey(), v);
        }
      }
    }
    JsonNode value = auth.get("value"); // a key's value for a connection from the catalog
    if (value != null) {
      String text = value.isString() ? value.stringValue() : "";
      if (!ENV.matcher(text).find() || SECRET.matcher(text).find()) {
        problems.add(
            key
                + ".value: a literal value in the configuration file (expected: ${env:NAME}, or"
                + " secret: NAME instead of value)");
      }
    }
    if (auth.has("clientSecret")) {
      auth.set(
          "clientSecret", secret(auth.get("clientSecret"), key + ".clientSecret", true, problems));
    }
  }

  /** One secret's value in the admin API's form, or the value as it was with a problem added. */
  private static JsonNode secret(JsonNode v, String key, boolean whole, List<String> problems) {
    if (v.isObject() && v.size() == 1 && v.path("secret").isString()) {
      return v;
    }
    String text = v.isString() ? v.stringValue() : null;
    boolean env = text != null && ENV.matcher(text).find();
    boolean secret = text != null && SECRET.matcher(text).find();
    var whole1 = text == null ? null : WHOLE_SECRET.matcher(text.trim());
    if (whole && whole1 != null && whole1.matches()) {
      return objectOf("secret", whole1.group(1));
    }
    if (env && !secret) {
      return objectOf("value", text); // resolved next, then kept in the vault, never in the store
    }
    if (secret && !env && !whole) {
      return v;
    }
    problems.add(
        key
            + (env && secret
                ? ": mixes ${secret:...} and ${env:...} (expected: one kind of reference)"
                : ": a literal value in the configuration file (expected: ${secret:NAME},"
                    + " {secret: NAME} or ${env:NAME}, so no secret is written in the file)"));
    return v;
  }

  private static ObjectNode objectOf(String field, String value) {
    ObjectNode n = new ObjectNode(tools.jackson.databind.node.JsonNodeFactory.instance);
    n.set(field, StringNode.valueOf(value));
    return n;
  }

  /**
   * The definitions, each checked as the admin API would check it; every problem is added to {@code
   * problems}, naming its key.
   */
  static List<ConnectionSettings.Defined> defined(
      JsonNode list, String at, io.gatehouse.core.net.Egress egress, List<String> problems) {
    List<ConnectionSettings.Defined> out = new java.util.ArrayList<>();
    Set<String> seen = new java.util.HashSet<>();
    if (list == null || !list.isArray()) {
      return out;
    }
    for (int i = 0; i < list.size(); i++) {
      String key = at + "[" + i + "]";
      if (!(list.get(i) instanceof ObjectNode item)) {
        continue; // already said by prepare
      }
      ObjectNode body = item.deepCopy();
      JsonNode p = body.remove("project");
      String project =
          p == null || p.isNull() ? "default" : p.isString() ? p.stringValue().trim() : "";
      if (project.isEmpty()) {
        problems.add(key + ".project: expected the name of a project");
      }
      for (String problem : io.gatehouse.connect.ConnectionCheck.problems(project, body, egress)) {
        problems.add(key + "." + problem);
      }
      String name = body.path("name").asString("");
      if (!seen.add(project + "/" + name)) {
        problems.add(key + ".name: '" + name + "' is defined twice in project '" + project + "'");
      }
      out.add(new ConnectionSettings.Defined(key, project, name, body));
    }
    return out;
  }

  /** {@code token-url} → {@code tokenUrl}, so the file may use its own kebab-case too. */
  private static void camelize(JsonNode node) {
    if (!(node instanceof ObjectNode o)) {
      return;
    }
    for (String k : List.copyOf(o.propertyNames())) {
      if (k.indexOf('-') > 0 && !k.equals("headers") && !k.equals("query")) {
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
