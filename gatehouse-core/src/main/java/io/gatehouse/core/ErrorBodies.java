package io.gatehouse.core;

import java.io.ByteArrayOutputStream;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The JSON bodies of errors on REST surfaces. Gatehouse's own APIs answer {@code {"error": {"code",
 * "message", "details": [...], "hint"}}}; the MCP Registry API, whose OpenAPI prescribes {@code
 * error} as a string, answers {@code {"error": "message", "code", "details", "hint"}}. MCP
 * endpoints answer JSON-RPC errors instead, with the key and hint in {@code error.data}.
 */
public final class ErrorBodies {
  private static final JsonFactory JSON = new JsonFactory();

  private ErrorBodies() {}

  public static byte[] rest(GatehouseException e) {
    return rest(e.error(), e.getMessage(), e);
  }

  public static byte[] rest(ErrorKey key, String message) {
    return rest(key, message, null);
  }

  public static byte[] registry(GatehouseException e) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = generator(out)) {
      g.writeStartObject();
      g.writeStringProperty("error", e.getMessage());
      fields(g, e.error(), e);
      g.writeEndObject();
    }
    return out.toByteArray();
  }

  /**
   * OpenAI's error shape, for the Responses API: {@code {"error": {"message", "type", "param",
   * "code"}}}. The message ends with the key's hint; {@code type} is OpenAI's class of error by
   * HTTP status; {@code code} is the stable key.
   *
   * @param param the request parameter at fault, or null
   */
  public static byte[] openAi(GatehouseException e, String param) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    String hint = e.error().hint();
    try (JsonGenerator g = generator(out)) {
      g.writeStartObject();
      g.writeObjectPropertyStart("error");
      g.writeStringProperty(
          "message",
          hint == null || hint.isEmpty() ? e.getMessage() : e.getMessage() + ". " + hint);
      g.writeStringProperty("type", openAiType(e.error().httpStatus()));
      if (param == null) {
        g.writeNullProperty("param");
      } else {
        g.writeStringProperty("param", param);
      }
      g.writeStringProperty("code", e.error().key());
      g.writeEndObject();
      g.writeEndObject();
    }
    return out.toByteArray();
  }

  private static String openAiType(int status) {
    return switch (status) {
      case 401 -> "authentication_error";
      case 403 -> "permission_error";
      case 429 -> "rate_limit_error";
      default -> status >= 500 ? "server_error" : "invalid_request_error";
    };
  }

  private static byte[] rest(ErrorKey key, String message, GatehouseException e) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = generator(out)) {
      g.writeStartObject();
      g.writeObjectPropertyStart("error");
      g.writeStringProperty("message", message);
      fields(g, key, e);
      g.writeEndObject();
      g.writeEndObject();
    }
    return out.toByteArray();
  }

  private static void fields(JsonGenerator g, ErrorKey key, GatehouseException e) {
    g.writeStringProperty("code", key.key());
    g.writeArrayPropertyStart("details");
    if (e != null) {
      for (Problem p : e.details()) {
        g.writeStartObject();
        g.writeStringProperty("field", p.field());
        g.writeStringProperty("rule", p.rule());
        g.writeStringProperty("message", p.message());
        g.writeEndObject();
      }
    }
    g.writeEndArray();
    g.writeStringProperty("hint", key.hint());
  }

  private static JsonGenerator generator(ByteArrayOutputStream out) {
    return JSON.createGenerator(ObjectWriteContext.empty(), out, JsonEncoding.UTF8);
  }
}
