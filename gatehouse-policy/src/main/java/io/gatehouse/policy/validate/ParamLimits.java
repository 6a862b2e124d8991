package io.gatehouse.policy.validate;

import io.gatehouse.protocol.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonPointer;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamContext;

/**
 * Checks the size limits of a message's {@code params} (nesting depth, string and member name
 * length, array length) in one streaming pass over its bytes: no tree is built, and a container
 * past the depth limit is skipped rather than read. Paths are only worked out for violations.
 */
final class ParamLimits {
  private static final int PARAMS = "/params".length();

  private ParamLimits() {}

  /**
   * Whether, of the limits, only the depth could fail for {@code body}: it is no longer than the
   * longest string allowed, and too short to hold an array of more than the longest allowed (each
   * element takes at least two bytes).
   */
  static boolean onlyDepthCanFail(byte[] body, ValidationSettings s) {
    return body.length <= s.maxStringLength() && body.length / 2 < s.maxArrayLength();
  }

  /** Adds each limit {@code body}'s params break to {@code out}. */
  static void check(byte[] body, ValidationSettings s, Violations out) {
    try (JsonParser p = Json.parser(body, 0, body.length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return;
      }
      for (String field = p.nextName(); field != null; field = p.nextName()) {
        JsonToken t = p.nextToken();
        if ("params".equals(field) && (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY)) {
          walk(p, s, out);
        } else {
          p.skipChildren();
        }
      }
    } catch (JacksonException e) {
      // The envelope scanner read these bytes already; this cannot happen short of a bug.
      out.add("", "cannot be read as JSON");
    }
  }

  /** Walks params from its opening token to its closing one. */
  private static void walk(JsonParser p, ValidationSettings s, Violations out) {
    int depth = 1;
    if (depth > s.maxDepth()) {
      out.add("", "nests deeper than " + s.maxDepth() + " levels (validation.max-depth)");
      p.skipChildren();
      return;
    }
    while (depth > 0) {
      JsonToken t = p.nextToken();
      switch (t) {
        case START_OBJECT, START_ARRAY -> {
          element(p.streamReadContext().getParent(), s, out);
          if (++depth > s.maxDepth()) {
            out.add(
                here(p.streamReadContext()),
                "nests deeper than " + s.maxDepth() + " levels (validation.max-depth)");
            p.skipChildren();
            depth--;
          }
        }
        case END_OBJECT, END_ARRAY -> depth--;
        case PROPERTY_NAME -> {
          int n = p.currentName().length();
          if (n > s.maxStringLength()) {
            out.add(
                container(p.streamReadContext()),
                "a member name of "
                    + n
                    + " characters (at most "
                    + s.maxStringLength()
                    + ": validation.max-string-length)");
          }
        }
        case VALUE_STRING -> {
          element(p.streamReadContext(), s, out);
          int n = p.getStringLength();
          if (n > s.maxStringLength()) {
            out.add(
                here(p.streamReadContext()),
                "a string of "
                    + n
                    + " characters (at most "
                    + s.maxStringLength()
                    + ": validation.max-string-length)");
          }
        }
        default -> element(p.streamReadContext(), s, out);
      }
    }
  }

  /** Counts an element of an array: the one past the limit names the array, once. */
  private static void element(TokenStreamContext enclosing, ValidationSettings s, Violations out) {
    if (enclosing.inArray() && enclosing.getCurrentIndex() == s.maxArrayLength()) {
      out.add(
          container(enclosing),
          "an array of more than " + s.maxArrayLength() + " items (validation.max-array-length)");
    }
  }

  /** The pointer, within params, of the value the context is at (or of a new container). */
  private static String here(TokenStreamContext ctx) {
    return ctx.pathAsPointer().toString().substring(PARAMS);
  }

  /** The pointer, within params, of the container the context is in. */
  private static String container(TokenStreamContext ctx) {
    JsonPointer at = ctx.pathAsPointer();
    String s = (ctx.hasPathSegment() ? at.head() : at).toString();
    return s.length() <= PARAMS ? "" : s.substring(PARAMS);
  }
}
