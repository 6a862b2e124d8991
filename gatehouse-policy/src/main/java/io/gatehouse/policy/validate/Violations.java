package io.gatehouse.policy.validate;

import io.gatehouse.core.ErrorKey;
import io.gatehouse.gateway.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * What is wrong with one message, each problem at a JSON Pointer into its {@code params} ({@code
 * /arguments/count}). Keeps the first {@value #KEPT} and counts the rest, so a huge bad request
 * cannot make a huge answer.
 */
final class Violations {
  /** How many violations an answer lists. */
  static final int KEPT = 32;

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  /** One failing path and what was expected there; the message never carries the value. */
  record Violation(String path, String message) {
    @Override
    public String toString() {
      return (path.isEmpty() ? "params" : path) + ": " + message;
    }
  }

  private final List<Violation> list = new ArrayList<>(4);
  private int dropped;

  void add(String path, String message) {
    if (list.size() < KEPT) {
      list.add(new Violation(path, message));
    } else {
      dropped++;
    }
  }

  boolean isEmpty() {
    return list.isEmpty();
  }

  /** How many were found, kept or not. */
  int count() {
    return list.size() + dropped;
  }

  List<Violation> list() {
    return List.copyOf(list);
  }

  /** The first violation, and how many more there are. */
  String summary() {
    String first = list.get(0).toString();
    return count() == 1 ? first : first + " (and " + (count() - 1) + " more)";
  }

  /** The JSON array of {@code {path, message}} objects. */
  String json() {
    ArrayNode a = JSON.createArrayNode();
    for (Violation v : list) {
      a.addObject().put("path", v.path()).put("message", v.message());
    }
    return a.toString();
  }

  /** A refusal keyed {@code key} naming the first violation, with every one in {@code data}. */
  Verdict refuse(ErrorKey key, String what) {
    return Verdict.refuseWithData(key, what + ": " + summary(), Map.of("errors", json()));
  }

  /** JSON Pointer escaping of one member name (RFC 6901: {@code ~} and {@code /}). */
  static String escape(String name) {
    if (name.indexOf('~') < 0 && name.indexOf('/') < 0) {
      return name;
    }
    return name.replace("~", "~0").replace("/", "~1");
  }

  /** A name or value for a message, cut short so a message never carries much of the input. */
  static String shorten(String text) {
    return text.length() <= 40 ? text : text.substring(0, 37) + "...";
  }
}
