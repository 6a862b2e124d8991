package io.gatehouse.gateway.internal;

import io.gatehouse.protocol.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/** Reads the {@code error.message} of an upstream's JSON-RPC error body, to pass it on to the caller. */
final class UpstreamErrors {
  private static final int MAX = 300;

  private UpstreamErrors() {}

  /** The message, shortened to a few hundred characters; null when the body is no JSON-RPC error. */
  static String message(byte[] body) {
    try (JsonParser p = Json.parser(body, 0, body.length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      for (String f = p.nextName(); f != null; f = p.nextName()) {
        JsonToken t = p.nextToken();
        if ("error".equals(f) && t == JsonToken.START_OBJECT) {
          return errorMessage(p);
        }
        p.skipChildren();
      }
      return null;
    } catch (JacksonException e) {
      return null;
    }
  }

  private static String errorMessage(JsonParser p) {
    for (String f = p.nextName(); f != null; f = p.nextName()) {
      JsonToken t = p.nextToken();
      if ("message".equals(f) && t == JsonToken.VALUE_STRING) {
        String m = p.getString();
        return m.length() > MAX ? m.substring(0, MAX) + "…" : m;
      }
      p.skipChildren();
    }
    return null;
  }
}
