package io.gatehouse.gateway.internal;

import io.gatehouse.protocol.ModernProtocol;
import io.gatehouse.protocol.ProtocolVersions;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bodies the reverse bridge rewrites between a 2025-11-25 client and a 2026-07-28 upstream: the
 * client description it keeps in the session token, {@code _meta} added to each request, the {@code
 * initialize} result made from {@code server/discover}, and the answers it makes itself. Only
 * bridged sessions pay for a tree; the relays of the other paths stay streaming.
 */
final class ReverseJson {
  static final JsonMapper JSON = JsonMapper.shared();
  static final String LOG_LEVEL = "io.modelcontextprotocol/logLevel";
  private static final String CAPABILITIES = "capabilities";
  private static final String CLIENT_INFO = "clientInfo";

  private ReverseJson() {}

  /** {@code json} as an object, or null when it is no JSON object. */
  static ObjectNode object(byte[] json) {
    try {
      return JSON.readTree(json) instanceof ObjectNode o ? o : null;
    } catch (JacksonException e) {
      return null;
    }
  }

  static byte[] bytes(JsonNode node) {
    return JSON.writeValueAsBytes(node);
  }

  /**
   * What the session keeps of an {@code initialize} request: the known part of its {@code
   * capabilities} and {@code clientInfo} ({@link ClientDescription}), as one compact JSON object.
   */
  static String client(byte[] initialize) {
    ObjectNode body = object(initialize);
    JsonNode params = body == null ? null : body.path("params");
    ObjectNode kept = JSON.createObjectNode();
    JsonNode caps = params == null ? null : params.get(CAPABILITIES);
    kept.set(CAPABILITIES, ClientDescription.capabilities(caps));
    JsonNode info = params == null ? null : params.get(CLIENT_INFO);
    if (info != null && info.isObject()) {
      kept.set(CLIENT_INFO, ClientDescription.info(info));
    }
    return JSON.writeValueAsString(kept);
  }

  /** The client's capabilities from what {@link #client} kept. */
  static ObjectNode capabilities(String client) {
    ObjectNode kept = object(client.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    JsonNode caps = kept == null ? null : kept.get(CAPABILITIES);
    return caps instanceof ObjectNode o ? o : JSON.createObjectNode();
  }

  /**
   * {@code request} as a 2026-07-28 request: {@code params._meta} carries the protocol version, the
   * client's capabilities and info (and the log level it asked for, if any), besides what the
   * client put there itself; {@code extra} params (an MRTR retry's {@code inputResponses} and
   * {@code requestState}) are set too, and {@code id} (a retry's new one) when not null.
   */
  static byte[] upstream(
      ObjectNode request,
      JsonNode id,
      String client,
      String logLevel,
      Map<String, JsonNode> extra) {
    ObjectNode out = request.deepCopy();
    if (id != null) {
      out.set("id", id);
    }
    ObjectNode params = out.get("params") instanceof ObjectNode p ? p : out.putObject("params");
    extra.forEach(params::set);
    ObjectNode meta = params.get("_meta") instanceof ObjectNode m ? m : params.putObject("_meta");
    meta.put(ModernProtocol.META_PROTOCOL_VERSION, ProtocolVersions.MODERN);
    ObjectNode kept = object(client.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    meta.set(ModernProtocol.META_CLIENT_CAPABILITIES, kept.get(CAPABILITIES));
    if (kept.has(CLIENT_INFO)) {
      meta.set(ModernProtocol.META_CLIENT_INFO, kept.get(CLIENT_INFO));
    }
    if (logLevel != null) {
      meta.put(LOG_LEVEL, logLevel);
    }
    return bytes(out);
  }

  /**
   * The {@code initialize} result made from a {@code server/discover} result: the negotiated
   * version, the upstream's capabilities (with {@code resources.subscribe}, which the gateway
   * answers itself through {@code subscriptions/listen}), its server info and instructions.
   */
  static ObjectNode initializeResult(JsonNode discovered, String version) {
    ObjectNode result = JSON.createObjectNode();
    result.put("protocolVersion", version);
    ObjectNode caps =
        discovered.get(CAPABILITIES) instanceof ObjectNode c
            ? c.deepCopy()
            : JSON.createObjectNode();
    if (caps.get("resources") instanceof ObjectNode resources) {
      resources.put("subscribe", true);
    }
    result.set(CAPABILITIES, caps);
    JsonNode info = discovered.path("_meta").get(ModernProtocol.META_SERVER_INFO);
    if (info == null) {
      info = discovered.get("serverInfo");
    }
    result.set(
        "serverInfo",
        info != null && info.isObject()
            ? info
            : JSON.createObjectNode().put("name", "gatehouse").put("version", "1"));
    JsonNode instructions = discovered.get("instructions");
    if (instructions != null && instructions.isString()) {
      result.set("instructions", instructions);
    }
    return result;
  }

  /** A JSON-RPC result answer to {@code id} (a JSON value node). */
  static byte[] result(JsonNode id, JsonNode result) {
    ObjectNode out = JSON.createObjectNode().put("jsonrpc", "2.0");
    out.set("id", id);
    out.set("result", result);
    return bytes(out);
  }

  /** A JSON-RPC request the gateway sends the client. */
  static byte[] request(String id, String method, JsonNode params) {
    ObjectNode out = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id);
    out.put("method", method);
    if (params != null) {
      out.set("params", params);
    }
    return bytes(out);
  }

  /** {@code answer} with its {@code id} replaced by {@code id}. */
  static byte[] withId(ObjectNode answer, JsonNode id) {
    answer.set("id", id);
    return bytes(answer);
  }
}
