package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.protocol.JsonRpcErrors;
import io.gatehouse.protocol.ModernProtocol;
import io.gatehouse.protocol.ProtocolVersions;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The message rewriting of the era bridge (a 2026-07-28 caller, a session-era upstream), as trees:
 * what the upstream gets (its own request id, no per-request {@code _meta} envelope, no MRTR
 * fields) and what the caller gets back (its own id, {@code resultType}, the caching hints a
 * 2026-07-28 list or read result must carry, resource-not-found as {@code -32602}).
 */
final class BridgeJson {
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The legacy resource-not-found code; 2026-07-28 answers {@code -32602} instead. */
  static final int RESOURCE_NOT_FOUND = -32002;

  /** Results 2026-07-28 requires {@code ttlMs} and {@code cacheScope} on (caching, SEP-2549). */
  private static final Set<String> CACHED =
      Set.of(
          "tools/list",
          "prompts/list",
          "resources/list",
          "resources/templates/list",
          "resources/read");

  private static final String META_PREFIX = "io.modelcontextprotocol/";

  /** Session-era methods 2026-07-28 removed: the bridge answers them itself, 404 and -32601. */
  private static final Set<String> REMOVED =
      Set.of(
          "initialize", "ping", "logging/setLevel", "resources/subscribe", "resources/unsubscribe");

  private BridgeJson() {}

  static ObjectNode read(byte[] json) {
    JsonNode n = JSON.readTree(json);
    if (!(n instanceof ObjectNode o)) {
      throw new IllegalArgumentException("not a JSON object");
    }
    return o;
  }

  static byte[] write(JsonNode n) {
    return JSON.writeValueAsBytes(n);
  }

  static ObjectNode params(ObjectNode message) {
    return message.get("params") instanceof ObjectNode p ? p : NODES.objectNode();
  }

  /**
   * Why a 2026-07-28 request cannot be bridged as it is, or null: a method that revision removed
   * (the upstream would run it), or a {@code _meta} without the protocol version or client
   * capabilities every 2026-07-28 request carries.
   */
  static GatewayException refusal(String route, ObjectNode request) {
    String method = request.path("method").asString("");
    if (REMOVED.contains(method)) {
      return new GatewayException(
          GatewayErrors.METHOD_REMOVED,
          "route '" + route + "': " + method + " is not a method of MCP 2026-07-28");
    }
    JsonNode meta = params(request).path("_meta");
    if (!meta.path(ModernProtocol.META_PROTOCOL_VERSION).isString()
        || !(meta.get(ModernProtocol.META_CLIENT_CAPABILITIES) instanceof ObjectNode)) {
      return new GatewayException(
          GatewayErrors.REQUEST_META_INVALID,
          "route '"
              + route
              + "': params._meta lacks io.modelcontextprotocol/protocolVersion or"
              + " io.modelcontextprotocol/clientCapabilities");
    }
    return null;
  }

  /**
   * The HTTP status a 2026-07-28 server gives a JSON-RPC error answer: 404 for an unknown method,
   * 400 for invalid params or request, 200 otherwise.
   */
  static int status(byte[] answer) {
    Integer code = io.gatehouse.protocol.Json.errorCode(answer);
    if (code == null) {
      return 200;
    }
    return switch (code) {
      case JsonRpcErrors.METHOD_NOT_FOUND -> 404;
      case JsonRpcErrors.INVALID_PARAMS, JsonRpcErrors.INVALID_REQUEST -> 400;
      default -> 200;
    };
  }

  /**
   * The known part ({@link ClientDescription}) of the capabilities a 2026-07-28 request declares in
   * its {@code _meta}, or {}.
   */
  static ObjectNode clientCapabilities(ObjectNode request) {
    return ClientDescription.capabilities(
        params(request).path("_meta").path(ModernProtocol.META_CLIENT_CAPABILITIES));
  }

  /** {@code node} as canonical text: object keys sorted at every level, so equal sets compare. */
  static String canonical(JsonNode node) {
    return JSON.writeValueAsString(sorted(node));
  }

  private static JsonNode sorted(JsonNode node) {
    if (node instanceof ObjectNode o) {
      Map<String, JsonNode> keys = new TreeMap<>();
      o.properties().forEach(e -> keys.put(e.getKey(), sorted(e.getValue())));
      ObjectNode out = NODES.objectNode();
      keys.forEach(out::set);
      return out;
    }
    if (node instanceof ArrayNode a) {
      ArrayNode out = NODES.arrayNode();
      a.forEach(v -> out.add(sorted(v)));
      return out;
    }
    return node;
  }

  /**
   * The {@code initialize} the bridge sends for a pooled session: the capabilities the caller
   * declared (so the upstream only asks what the caller can answer) and the caller's {@code
   * clientInfo} when it sent one.
   */
  static byte[] initialize(ObjectNode request, ObjectNode capabilities) {
    ObjectNode params = NODES.objectNode();
    params.put("protocolVersion", ProtocolVersions.LATEST);
    params.set("capabilities", capabilities.deepCopy());
    JsonNode info = params(request).path("_meta").path(ModernProtocol.META_CLIENT_INFO);
    if (info instanceof ObjectNode o && o.has("name") && o.has("version")) {
      params.set("clientInfo", o.deepCopy());
    } else {
      params.set(
          "clientInfo", NODES.objectNode().put("name", "gatehouse-bridge").put("version", "1"));
    }
    return write(
        NODES
            .objectNode()
            .put("jsonrpc", "2.0")
            .put("id", "gatehouse-bridge-initialize")
            .put("method", "initialize")
            .set("params", params));
  }

  static byte[] notification(String method) {
    return write(NODES.objectNode().put("jsonrpc", "2.0").put("method", method));
  }

  /**
   * {@code request} as the upstream gets it: under {@code upstreamId}, without the 2026-07-28
   * {@code _meta} keys and the MRTR fields ({@code inputResponses}, {@code requestState}).
   */
  static byte[] upstreamRequest(ObjectNode request, String upstreamId) {
    ObjectNode copy = request.deepCopy();
    copy.put("id", upstreamId);
    if (copy.get("params") instanceof ObjectNode p) {
      p.remove("inputResponses");
      p.remove("requestState");
      if (p.get("_meta") instanceof ObjectNode meta) {
        meta.propertyNames().stream()
            .filter(k -> k.startsWith(META_PREFIX))
            .toList()
            .forEach(meta::remove);
        if (meta.isEmpty()) {
          p.remove("_meta");
        }
      }
    }
    return write(copy);
  }

  /**
   * The upstream's answer to {@code method} as the caller gets it: under the caller's {@code id},
   * with {@code resultType: "complete"}, private caching hints with {@code ttlMs: 0} where
   * 2026-07-28 requires them (the bridge cannot know how long a legacy result holds, nor whether it
   * differs per caller), and {@code -32002} as {@code -32602}.
   */
  static byte[] clientAnswer(byte[] upstream, JsonNode id, String method) {
    ObjectNode m = read(upstream);
    m.set("id", id);
    if (m.get("result") instanceof ObjectNode r) {
      if (!r.has("resultType")) {
        r.put("resultType", "complete");
      }
      if (CACHED.contains(method)) {
        if (!r.has("ttlMs")) {
          r.put("ttlMs", 0);
        }
        if (!r.has("cacheScope")) {
          r.put("cacheScope", "private");
        }
      }
    } else if (m.get("error") instanceof ObjectNode e
        && e.path("code").asInt(0) == RESOURCE_NOT_FOUND) {
      e.put("code", JsonRpcErrors.INVALID_PARAMS);
    }
    return write(m);
  }

  /** A result response to the caller under {@code id}. */
  static byte[] result(JsonNode id, ObjectNode result) {
    return write(NODES.objectNode().put("jsonrpc", "2.0").set("id", id).set("result", result));
  }

  /**
   * The 2026-07-28 {@code server/discover} result built from a legacy {@code initialize} result:
   * the versions this route speaks (2026-07-28 through the bridge, the session era's as always),
   * the upstream's capabilities, instructions and server info.
   */
  static ObjectNode discover(ObjectNode initializeResult) {
    ObjectNode r = NODES.objectNode();
    ArrayNode versions = NODES.arrayNode();
    ProtocolVersions.ALL.forEach(versions::add);
    r.set("supportedVersions", versions);
    JsonNode caps = initializeResult.path("capabilities");
    r.set("capabilities", caps instanceof ObjectNode o ? o.deepCopy() : NODES.objectNode());
    if (initializeResult.path("instructions").isString()) {
      r.set("instructions", initializeResult.get("instructions"));
    }
    if (initializeResult.get("serverInfo") instanceof ObjectNode info) {
      r.set("_meta", NODES.objectNode().set(ModernProtocol.META_SERVER_INFO, info.deepCopy()));
    }
    r.put("resultType", "complete");
    return r;
  }

  /** A JSON-RPC response to the upstream's own request {@code id}: the caller's answer. */
  static byte[] upstreamResponse(JsonNode id, JsonNode result) {
    return write(NODES.objectNode().put("jsonrpc", "2.0").set("id", id).set("result", result));
  }
}
