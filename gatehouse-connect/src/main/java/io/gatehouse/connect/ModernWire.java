package io.gatehouse.connect;

import io.gatehouse.protocol.ModernProtocol;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What each request of the modern era carries (MCP 2026-07-28): the {@code _meta} naming the
 * version, the client's capabilities and the client; the {@code MCP-Protocol-Version}, {@code
 * Mcp-Method} and {@code Mcp-Name} headers; and for {@code tools/call} the {@code Mcp-Param-*}
 * headers mirroring the arguments the tool's schema marks {@code x-mcp-header} (SEP-2243).
 */
final class ModernWire {
  private static final Set<String> PRIMITIVES = Set.of("string", "integer", "boolean");

  private ModernWire() {}

  /** Whether {@code method} changes nothing upstream, so it may be sent twice. */
  static boolean safe(String method) {
    return method.endsWith("/list")
        || method.equals(ModernProtocol.DISCOVER)
        || method.equals("resources/read")
        || method.equals("prompts/get");
  }

  /** {@code params} with the request {@code _meta} added (keys of its own {@code _meta} kept). */
  static ObjectNode withMeta(ObjectNode params, String version, ObjectNode capabilities) {
    ObjectNode p = params == null ? UpstreamHttp.JSON.createObjectNode() : params.deepCopy();
    ObjectNode meta =
        p.path("_meta").isObject() ? (ObjectNode) p.get("_meta") : p.putObject("_meta");
    meta.put(ModernProtocol.META_PROTOCOL_VERSION, version);
    meta.set(ModernProtocol.META_CLIENT_CAPABILITIES, capabilities.deepCopy());
    meta.putObject(ModernProtocol.META_CLIENT_INFO)
        .put("name", McpClient.CLIENT_NAME)
        .put("version", McpClient.CLIENT_VERSION);
    return p;
  }

  /**
   * The standard headers of a request (transports, "Standard MCP request headers"), and for {@code
   * tools/call} the argument mirrors its tool's {@code inputSchema} asks for (null when unknown).
   */
  static Map<String, String> headers(String method, JsonNode params, JsonNode inputSchema) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put(ModernProtocol.HEADER_METHOD, method);
    JsonNode name =
        switch (method) {
          case "tools/call", "prompts/get" -> params.path("name");
          case "resources/read" -> params.path("uri");
          default -> null;
        };
    if (name != null && name.isString()) {
      h.put(ModernProtocol.HEADER_NAME, ModernProtocol.headerValue(name.stringValue()));
    }
    if ("tools/call".equals(method) && inputSchema != null) {
      mirror(inputSchema, params.path("arguments"), h);
    }
    return h;
  }

  /** Spec: a null or absent argument sends no header; numbers and booleans as JSON text. */
  private static void mirror(JsonNode schema, JsonNode arguments, Map<String, String> h) {
    for (var p : schema.path("properties").properties()) {
      JsonNode header = p.getValue().path(ModernProtocol.X_MCP_HEADER);
      JsonNode value = arguments.path(p.getKey());
      if (!header.isString() || value.isMissingNode() || value.isNull()) {
        continue;
      }
      String text =
          value.isString() ? value.stringValue() : value.isValueNode() ? value.toString() : null;
      if (text != null) {
        h.put(
            ModernProtocol.HEADER_PARAM_PREFIX + header.stringValue(),
            ModernProtocol.headerValue(text));
      }
    }
  }

  /**
   * Why a tool's {@code x-mcp-header} marks are invalid, or null when they are valid: each must be
   * a non-empty HTTP token, on a property of a primitive type, and unique ignoring case. Clients
   * MUST leave such a tool out (server/tools, "x-mcp-header").
   */
  static String invalidHeaders(JsonNode tool) {
    Set<String> seen = new HashSet<>();
    for (var p : tool.path("inputSchema").path("properties").properties()) {
      JsonNode header = p.getValue().get(ModernProtocol.X_MCP_HEADER);
      if (header == null) {
        continue;
      }
      if (!header.isString() || !ModernProtocol.isHeaderToken(header.stringValue())) {
        return p.getKey() + ": x-mcp-header " + header + " is not an HTTP header name";
      }
      if (!PRIMITIVES.contains(p.getValue().path("type").asString(""))) {
        return p.getKey() + ": x-mcp-header on a property that is not a string, integer or boolean";
      }
      if (!seen.add(header.stringValue().toLowerCase(Locale.ROOT))) {
        return p.getKey() + ": x-mcp-header " + header + " names a header twice";
      }
    }
    return null;
  }
}
