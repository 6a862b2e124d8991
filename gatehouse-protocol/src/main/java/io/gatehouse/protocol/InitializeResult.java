package io.gatehouse.protocol;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/** Reads what the gateway needs from an {@code initialize} response: the negotiated protocol version. */
public final class InitializeResult {
  private InitializeResult() {}

  /** {@code result.protocolVersion}, or null when the message is no successful initialize response. */
  public static String protocolVersion(byte[] json) {
    try (JsonParser p = Json.parser(json, 0, json.length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      for (String f = p.nextName(); f != null; f = p.nextName()) {
        JsonToken t = p.nextToken();
        if ("result".equals(f) && t == JsonToken.START_OBJECT) {
          return versionIn(p);
        }
        p.skipChildren();
      }
      return null;
    } catch (JacksonException e) {
      return null;
    }
  }

  private static String versionIn(JsonParser p) {
    for (String f = p.nextName(); f != null; f = p.nextName()) {
      JsonToken t = p.nextToken();
      if ("protocolVersion".equals(f) && t == JsonToken.VALUE_STRING) {
        return p.getString();
      }
      p.skipChildren();
    }
    return null;
  }
}
