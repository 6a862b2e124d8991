package io.gatehouse.protocol;

import java.io.ByteArrayOutputStream;
import java.util.Map;
import tools.jackson.core.JsonGenerator;

/**
 * JSON-RPC error codes and the writer for error responses. Gatehouse's own errors carry a stable
 * key and a hint in {@code error.data}, so clients and operators can act on them without parsing
 * prose.
 */
public final class JsonRpcErrors {
  public static final int PARSE_ERROR = -32700;
  public static final int INVALID_REQUEST = -32600;
  public static final int METHOD_NOT_FOUND = -32601;
  public static final int INVALID_PARAMS = -32602;
  public static final int INTERNAL_ERROR = -32603;

  /** 2026-07-28: an {@code Mcp-*} header disagrees with the body, or a required one is missing. */
  public static final int HEADER_MISMATCH = -32020;

  /** 2026-07-28: the request needs a client capability its {@code _meta} does not declare. */
  public static final int MISSING_REQUIRED_CLIENT_CAPABILITY = -32021;

  /** 2026-07-28: the server does not speak the requested protocol version. */
  public static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;

  private JsonRpcErrors() {}

  /**
   * An error response: {@code
   * {"jsonrpc":"2.0","id":…,"error":{"code":…,"message":…,"data":{"key":…,"hint":…}}}}.
   *
   * @param id the request's id, or null when it is unknown
   * @param key a stable, upper-case key such as {@code UPSTREAM_TIMEOUT}; may be null
   * @param hint what the caller can do about it; may be null
   */
  public static byte[] response(JsonRpcId id, int code, String message, String key, String hint) {
    return response(id, code, message, key, hint, Map.of());
  }

  /**
   * The same, with more members in {@code error.data} (such as {@code retryAfterSeconds}, or the
   * {@code elicitations} of a URL elicitation error), each value a piece of JSON text written as it
   * is.
   */
  public static byte[] response(
      JsonRpcId id, int code, String message, String key, String hint, Map<String, String> data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(160);
    try (JsonGenerator g = Json.generator(out)) {
      g.writeStartObject();
      g.writeStringProperty("jsonrpc", "2.0");
      g.writeName("id");
      writeId(g, id);
      g.writeObjectPropertyStart("error");
      g.writeNumberProperty("code", code);
      g.writeStringProperty("message", message);
      if (key != null || hint != null || !data.isEmpty()) {
        g.writeObjectPropertyStart("data");
        if (key != null) {
          g.writeStringProperty("key", key);
        }
        if (hint != null) {
          g.writeStringProperty("hint", hint);
        }
        for (Map.Entry<String, String> e : data.entrySet()) {
          g.writeName(e.getKey());
          g.writeRawValue(e.getValue());
        }
        g.writeEndObject();
      }
      g.writeEndObject();
      g.writeEndObject();
    }
    return out.toByteArray();
  }

  private static void writeId(JsonGenerator g, JsonRpcId id) {
    if (id == null) {
      g.writeNull();
    } else if (id.numeric()) {
      g.writeNumber(id.text());
    } else {
      g.writeString(id.text());
    }
  }
}
