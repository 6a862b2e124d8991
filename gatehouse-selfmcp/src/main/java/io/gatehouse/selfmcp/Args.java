package io.gatehouse.selfmcp;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** A tool's or prompt's arguments, read with the name of what is wrong when something is. */
final class Args {
  /** An argument is missing or of the wrong type; the message names it and the expectation. */
  static final class Invalid extends RuntimeException {
    Invalid(String message) {
      super(message, null, false, false);
    }
  }

  private final JsonNode args;

  Args(JsonNode args) {
    this.args = args == null || args.isNull() || args.isMissingNode() ? Json.object() : args;
    if (!this.args.isObject()) {
      throw new Invalid("arguments: expected an object");
    }
  }

  /** A string argument, or null when absent and not required. */
  String text(String name, boolean required) {
    JsonNode v = args.get(name);
    if (v == null || v.isNull()) {
      if (required) {
        throw new Invalid(name + ": missing (required)");
      }
      return null;
    }
    if (!v.isString() || (required && v.asString().isBlank())) {
      throw new Invalid(name + ": " + v + " (expected: a non-empty string)");
    }
    return v.asString();
  }

  /** An integer argument within bounds, or {@code fallback} when absent. */
  int integer(String name, int min, int max, int fallback) {
    JsonNode v = args.get(name);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
      throw new Invalid(
          name + ": " + v + " (expected: an integer from " + min + " to " + max + ")");
    }
    return v.asInt();
  }

  /** An object argument, or null when absent. */
  JsonNode object(String name) {
    JsonNode v = args.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isObject()) {
      throw new Invalid(name + ": " + v + " (expected: an object)");
    }
    return v;
  }

  /** A query string of the non-null values, or null when all are null. */
  static String query(Object... namesAndValues) {
    Map<String, String> q = new LinkedHashMap<>();
    for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
      if (namesAndValues[i + 1] != null) {
        q.put((String) namesAndValues[i], namesAndValues[i + 1].toString());
      }
    }
    StringBuilder s = new StringBuilder();
    q.forEach(
        (k, v) ->
            s.append(s.isEmpty() ? "" : "&")
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return s.isEmpty() ? null : s.toString();
  }

  /** One path segment, percent-encoded ({@code /} included, so a server name stays one segment). */
  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
