package io.gatehouse.gateway.internal;

import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the bridges keep of a client's own description: the capabilities MCP defines for a client
 * (elicitation and its modes, sampling and its options, roots) and the name, title and version of
 * its {@code clientInfo}, each bounded. Whatever else a client declares is dropped, so a caller
 * cannot open a new pooled upstream session per invented capability (the forward bridge keys its
 * pool on this) or grow a sealed session id past what opens again (the reverse bridge seals it).
 */
final class ClientDescription {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Each capability the bridges pass on, with the members of it they pass on. */
  private static final Map<String, Set<String>> KNOWN =
      Map.of(
          "elicitation", Set.of("form", "url"),
          "sampling", Set.of("context", "tools"),
          "roots", Set.of("listChanged"));

  private static final Set<String> INFO = Set.of("name", "title", "version");
  private static final int MAX_INFO_CHARS = 256;

  private ClientDescription() {}

  /** The known part of {@code capabilities}: members are empty objects, or booleans as sent. */
  static ObjectNode capabilities(JsonNode capabilities) {
    ObjectNode kept = NODES.objectNode();
    if (capabilities == null || !capabilities.isObject()) {
      return kept;
    }
    KNOWN.forEach(
        (name, members) -> {
          JsonNode c = capabilities.get(name);
          if (c != null && c.isObject()) {
            ObjectNode k = kept.putObject(name);
            for (String member : members) {
              JsonNode m = c.get(member);
              if (m != null && m.isBoolean()) {
                k.put(member, m.booleanValue());
              } else if (m != null && m.isObject()) {
                k.putObject(member);
              }
            }
          }
        });
    return kept;
  }

  /** The name, title and version of {@code clientInfo}, each at most 256 characters. */
  static ObjectNode info(JsonNode clientInfo) {
    ObjectNode kept = NODES.objectNode();
    if (clientInfo != null && clientInfo.isObject()) {
      for (String field : INFO) {
        JsonNode v = clientInfo.get(field);
        if (v != null && v.isString()) {
          String s = v.asString();
          kept.put(field, s.length() > MAX_INFO_CHARS ? s.substring(0, MAX_INFO_CHARS) : s);
        }
      }
    }
    return kept;
  }
}
