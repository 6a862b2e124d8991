package io.gatehouse.protocol;

import java.io.OutputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.core.json.JsonFactory;

/** The one streaming JSON factory of the protocol module, and small helpers around it. */
public final class Json {
  private static final JsonFactory FACTORY = new JsonFactory();

  private Json() {}

  public static JsonParser parser(byte[] bytes, int offset, int length) {
    return FACTORY.createParser(ObjectReadContext.empty(), bytes, offset, length);
  }

  public static JsonGenerator generator(OutputStream out) {
    return FACTORY.createGenerator(ObjectWriteContext.empty(), out);
  }

  /**
   * The string at {@code outer.inner} of a JSON object (e.g. {@code result.protocolVersion}), read
   * in one streaming pass; null when the path is missing, not a string, or the bytes are not a JSON
   * object.
   */
  public static String nestedString(byte[] json, String outer, String inner) {
    try (JsonParser p = parser(json, 0, json.length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      for (String f = p.nextName(); f != null; f = p.nextName()) {
        JsonToken t = p.nextToken();
        if (outer.equals(f) && t == JsonToken.START_OBJECT) {
          return stringMember(p, inner);
        }
        p.skipChildren();
      }
      return null;
    } catch (JacksonException e) {
      return null;
    }
  }

  /**
   * The {@code error.code} of a JSON-RPC error response, read in one streaming pass; null when the
   * bytes are no error response.
   */
  public static Integer errorCode(byte[] json) {
    try (JsonParser p = parser(json, 0, json.length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      for (String f = p.nextName(); f != null; f = p.nextName()) {
        JsonToken t = p.nextToken();
        if ("error".equals(f) && t == JsonToken.START_OBJECT) {
          for (String g = p.nextName(); g != null; g = p.nextName()) {
            JsonToken v = p.nextToken();
            if ("code".equals(g) && v == JsonToken.VALUE_NUMBER_INT) {
              return p.getIntValue();
            }
            p.skipChildren();
          }
          return null;
        }
        p.skipChildren();
      }
      return null;
    } catch (JacksonException e) {
      return null;
    }
  }

  private static String stringMember(JsonParser p, String name) {
    for (String f = p.nextName(); f != null; f = p.nextName()) {
      JsonToken t = p.nextToken();
      if (name.equals(f) && t == JsonToken.VALUE_STRING) {
        return p.getString();
      }
      p.skipChildren();
    }
    return null;
  }

  /** {@code text} as a JSON string literal, quotes included. */
  public static String quote(String text) {
    StringBuilder sb = new StringBuilder(text.length() + 2).append('"');
    JsonStringEncoder.getInstance().quoteAsString(text, sb);
    return sb.append('"').toString();
  }
}
