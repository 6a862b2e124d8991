package io.gatehouse.observe.trace;

import io.gatehouse.protocol.Json;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Reads the W3C trace context a client put in its message's {@code params._meta} ({@code
 * traceparent}, {@code tracestate}), as the MCP semantic conventions and SEP-414 have clients
 * propagate it per message. Read only while tracing is on.
 */
final class MetaContext {
  private MetaContext() {}

  /** The {@code traceparent} and {@code tracestate} of {@code params._meta}; empty if none. */
  static Map<String, String> read(byte[] body) {
    Map<String, String> out = new HashMap<>(4);
    try (JsonParser p = Json.parser(body, 0, body.length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return out;
      }
      for (String field = p.nextName(); field != null; field = p.nextName()) {
        JsonToken v = p.nextToken();
        if ("params".equals(field) && v == JsonToken.START_OBJECT) {
          for (String f = p.nextName(); f != null; f = p.nextName()) {
            JsonToken pv = p.nextToken();
            if ("_meta".equals(f) && pv == JsonToken.START_OBJECT) {
              readMeta(p, out);
            } else {
              p.skipChildren();
            }
          }
        } else {
          p.skipChildren();
        }
      }
    } catch (JacksonException e) {
      // The gateway has already checked the envelope; a body it let through is read as far as
      // it goes.
    }
    return out;
  }

  private static void readMeta(JsonParser p, Map<String, String> out) {
    for (String f = p.nextName(); f != null; f = p.nextName()) {
      JsonToken v = p.nextToken();
      if (("traceparent".equals(f) || "tracestate".equals(f)) && v == JsonToken.VALUE_STRING) {
        out.put(f, p.getString());
      } else {
        p.skipChildren();
      }
    }
  }
}
