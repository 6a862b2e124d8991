package io.gatehouse.policy.inject;

import io.gatehouse.policy.traffic.Fields;
import io.gatehouse.policy.traffic.Problems;
import io.gatehouse.policy.traffic.Section;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The {@code headers} section: headers to {@code set} (replacing), {@code append} (adding a value)
 * and {@code remove} on every upstream request, and whether the set may copy the caller's own
 * credential ({@code passthrough}).
 */
public record HeaderRules(
    Map<String, Template> set,
    Map<String, Template> append,
    List<String> remove,
    boolean passthrough) {
  public static final HeaderRules NONE = new HeaderRules(Map.of(), Map.of(), List.of(), false);

  /**
   * The caller's headers that carry its credential, lower case: a template may copy them only with
   * {@code passthrough: true}. They hold what the route's inbound authentication reads ({@code
   * Authorization}, {@code X-API-Key}) and the other credentials browsers and proxies send.
   */
  public static final Set<String> CREDENTIALS =
      Set.of("authorization", "x-api-key", "cookie", "proxy-authorization");

  /**
   * Headers no template may read, passthrough or not: the caller's Gatehouse session id is a bearer
   * of its session, and means nothing upstream, which has its own.
   */
  public static final Set<String> NEVER_COPIED = Set.of("mcp-session-id");

  /** Headers the gateway writes itself to speak MCP and HTTP upstream. */
  static final Set<String> OWNED =
      Set.of(
          "host",
          "content-length",
          "transfer-encoding",
          "connection",
          "upgrade",
          "te",
          "content-type",
          "accept",
          "mcp-session-id",
          "mcp-protocol-version",
          "last-event-id");

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");
  private static final Set<String> FIELDS = Set.of("set", "append", "remove", "passthrough");

  public HeaderRules {
    set = Map.copyOf(set);
    append = Map.copyOf(append);
    remove = List.copyOf(remove);
  }

  public boolean isEmpty() {
    return set.isEmpty() && append.isEmpty() && remove.isEmpty();
  }

  /** Reads the section, naming each problem. */
  public static final Section<HeaderRules> SECTION =
      new Section<>() {
        @Override
        public String name() {
          return "headers";
        }

        @Override
        public HeaderRules read(JsonNode node, String path, Problems problems) {
          if (!Fields.object(node, path, FIELDS, problems)) {
            return NONE;
          }
          boolean passthrough =
              Fields.bool(node.get("passthrough"), path + ".passthrough", false, problems);
          Map<String, Template> set =
              templates(node.get("set"), path + ".set", passthrough, problems);
          Map<String, Template> append =
              templates(node.get("append"), path + ".append", passthrough, problems);
          List<String> remove = new ArrayList<>();
          List<String> names =
              Fields.strings(node.get("remove"), path + ".remove", List.of(), problems);
          for (int i = 0; i < names.size(); i++) {
            if (checkName(names.get(i), path + ".remove[" + i + "]", problems)) {
              remove.add(names.get(i));
            }
          }
          return new HeaderRules(set, append, remove, passthrough);
        }
      };

  private static Map<String, Template> templates(
      JsonNode node, String path, boolean passthrough, Problems problems) {
    Map<String, Template> out = new LinkedHashMap<>();
    Fields.stringMap(node, path, problems)
        .forEach(
            (name, text) -> {
              String at = path + "." + name;
              if (!checkName(name, at, problems)) {
                return;
              }
              Template t = Template.parse(text, at, problems);
              if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
                problems.add(at, "holds a line break, which a header value cannot carry");
              }
              if (t.readsHeaderIn(NEVER_COPIED)) {
                problems.add(
                    at,
                    "copies the caller's Gatehouse session id, which is theirs alone and not"
                        + " the upstream's; the upstream gets its own session id");
              }
              if (!passthrough && t.readsHeaderIn(CREDENTIALS)) {
                problems.add(
                    at,
                    "copies the caller's own credential ("
                        + String.join(", ", CREDENTIALS.stream().sorted().toList())
                        + ") upstream; set headers.passthrough: true on this set if the upstream"
                        + " must see it");
              }
              out.put(name, t);
            });
    return out;
  }

  private static boolean checkName(String name, String path, Problems problems) {
    if (!NAME.matcher(name).matches()) {
      problems.add(path, "'" + name + "' is not a header name (expected: letters, digits, -)");
      return false;
    }
    if (OWNED.contains(name.toLowerCase(Locale.ROOT))) {
      problems.add(
          path,
          "'" + name + "' is written by the gateway itself to speak MCP; it cannot be changed");
      return false;
    }
    return true;
  }
}
