package io.gatehouse.policy.validate;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The common {@code tools/call}, checked in one strict streaming pass over its bytes instead of a
 * tree and the validator's walk: no member given twice, no nesting past {@code max-depth}, params
 * an object with a string {@code name}, an object {@code arguments} that fits the tool's {@link
 * PlainSchema}, and an object {@code _meta} if any. It only answers "passes every check": on
 * anything else the full path runs from the start and decides, naming every failing path.
 */
final class CallScan {
  private CallScan() {}

  /** Whether {@code body} surely passes; the caller checked that only the depth limit applies. */
  static boolean passes(byte[] body, int maxDepth, PlainSchema schema) {
    try (JsonParser p = Parsers.streaming(maxDepth, body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      boolean params = false;
      for (String member = p.nextName(); member != null; member = p.nextName()) {
        JsonToken t = p.nextToken();
        if ("params".equals(member)) {
          if (t != JsonToken.START_OBJECT || !params(p, schema)) {
            return false;
          }
          params = true;
        } else {
          p.skipChildren();
        }
      }
      return params && p.nextToken() == null;
    } catch (JacksonException e) {
      return false; // a member twice, too deep: the full path names it
    }
  }

  private static boolean params(JsonParser p, PlainSchema schema) {
    boolean name = false;
    boolean arguments = false;
    for (String member = p.nextName(); member != null; member = p.nextName()) {
      JsonToken t = p.nextToken();
      switch (member) {
        case "name" -> {
          if (t != JsonToken.VALUE_STRING) {
            return false;
          }
          name = true;
        }
        case "arguments" -> {
          if (t != JsonToken.START_OBJECT || !schema.accepts(p)) {
            return false;
          }
          arguments = true;
        }
        case "_meta" -> {
          if (t != JsonToken.START_OBJECT) {
            return false;
          }
          p.skipChildren();
        }
        default -> p.skipChildren();
      }
    }
    return name && arguments;
  }
}
