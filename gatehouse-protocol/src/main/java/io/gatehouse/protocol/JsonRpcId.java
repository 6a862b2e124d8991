package io.gatehouse.protocol;

import static java.util.Objects.requireNonNull;

/**
 * A JSON-RPC id, progress token or cancelled request id: a string or an integer, kept as written so
 * it can be echoed back exactly. Two ids are equal when both kind and text match ({@code 1} is not
 * {@code "1"}).
 *
 * @param text the number's digits or the string's (unescaped) characters
 * @param numeric whether the value was a JSON number
 */
public record JsonRpcId(String text, boolean numeric) {

  public JsonRpcId {
    requireNonNull(text, "text");
  }

  public static JsonRpcId of(String text) {
    return new JsonRpcId(text, false);
  }

  public static JsonRpcId of(long number) {
    return new JsonRpcId(Long.toString(number), true);
  }

  /** The value as JSON: digits for a number, a quoted and escaped string otherwise. */
  public String toJson() {
    return numeric ? text : Json.quote(text);
  }

  @Override
  public String toString() {
    return toJson();
  }
}
