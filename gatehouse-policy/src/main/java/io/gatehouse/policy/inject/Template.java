package io.gatehouse.policy.inject;

import io.gatehouse.core.Principal;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.policy.traffic.Problems;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A header or query value with placeholders, parsed once when the policy set is read: literal text
 * and {@code ${secret:NAME}}, {@code ${principal.id}}, {@code ${principal.groups}}, {@code
 * ${route.name}}, {@code ${request.header.X}}, {@code ${tool.name}}. Anything else inside {@code
 * ${...}}, or a {@code ${} left open, is a problem named with its path.
 */
public final class Template {
  private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z0-9_.-]+");
  private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");
  private static final String KNOWN =
      "${secret:NAME}, ${principal.id}, ${principal.groups}, ${route.name},"
          + " ${request.header.NAME}, ${tool.name}";

  /** One piece of a template. */
  sealed interface Part {}

  record Literal(String text) implements Part {}

  record SecretRef(String name) implements Part {}

  record HeaderRef(String name) implements Part {}

  enum Value implements Part {
    PRINCIPAL_ID,
    PRINCIPAL_GROUPS,
    ROUTE_NAME,
    TOOL_NAME
  }

  private final String source;
  private final List<Part> parts;
  private final List<String> secrets;

  private Template(String source, List<Part> parts) {
    this.source = source;
    this.parts = List.copyOf(parts);
    this.secrets =
        parts.stream()
            .filter(p -> p instanceof SecretRef)
            .map(p -> ((SecretRef) p).name())
            .toList();
  }

  /** Parses {@code text}, adding a problem under {@code path} for each placeholder at fault. */
  public static Template parse(String text, String path, Problems problems) {
    List<Part> parts = new ArrayList<>();
    int at = 0;
    while (at < text.length()) {
      int open = text.indexOf("${", at);
      if (open < 0) {
        parts.add(new Literal(text.substring(at)));
        break;
      }
      if (open > at) {
        parts.add(new Literal(text.substring(at, open)));
      }
      int close = text.indexOf('}', open);
      if (close < 0) {
        problems.add(
            path, "'" + text.substring(open) + "' is not closed (expected: " + KNOWN + ")");
        break;
      }
      Part p = placeholder(text.substring(open + 2, close));
      if (p == null) {
        problems.add(
            path,
            "unknown placeholder '"
                + text.substring(open, close + 1)
                + "' (expected one of: "
                + KNOWN
                + ")");
      } else {
        parts.add(p);
      }
      at = close + 1;
    }
    return new Template(text, parts);
  }

  private static Part placeholder(String inside) {
    if (inside.startsWith("secret:")) {
      String name = inside.substring("secret:".length());
      return SECRET_NAME.matcher(name).matches() ? new SecretRef(name) : null;
    }
    if (inside.startsWith("request.header.")) {
      String name = inside.substring("request.header.".length());
      return HEADER_NAME.matcher(name).matches()
          ? new HeaderRef(name.toLowerCase(Locale.ROOT))
          : null;
    }
    return switch (inside) {
      case "principal.id" -> Value.PRINCIPAL_ID;
      case "principal.groups" -> Value.PRINCIPAL_GROUPS;
      case "route.name" -> Value.ROUTE_NAME;
      case "tool.name" -> Value.TOOL_NAME;
      default -> null;
    };
  }

  /** The vault secrets this template reads. */
  public List<String> secrets() {
    return secrets;
  }

  /** Whether it copies one of the caller's {@code headers} (lower case names). */
  public boolean readsHeaderIn(Set<String> headers) {
    return parts.stream().anyMatch(p -> p instanceof HeaderRef h && headers.contains(h.name()));
  }

  /**
   * The value for {@code exchange}; null when a secret it names is not {@code secrets}' to give
   * (the caller checked them before the request went on, so that is a secret deleted since).
   */
  public String render(McpExchange exchange, Function<String, String> secrets) {
    if (parts.size() == 1 && parts.get(0) instanceof Literal l) {
      return l.text();
    }
    StringBuilder out = new StringBuilder(source.length() + 16);
    for (Part p : parts) {
      switch (p) {
        case Literal l -> out.append(l.text());
        case SecretRef s -> {
          String v = secrets.apply(s.name());
          if (v == null) {
            return null;
          }
          out.append(v);
        }
        case HeaderRef h -> {
          String v = exchange.header(h.name());
          out.append(v == null ? "" : v);
        }
        case Value v -> out.append(value(v, exchange));
      }
    }
    return out.toString();
  }

  private static String value(Value v, McpExchange exchange) {
    Principal p = exchange.principal();
    return switch (v) {
      case PRINCIPAL_ID -> p == null ? "" : p.id();
      case PRINCIPAL_GROUPS ->
          p == null ? "" : String.join(",", p.groups().stream().sorted().toList());
      case ROUTE_NAME -> exchange.route().name();
      case TOOL_NAME -> {
        String tool = exchange.message() == null ? null : exchange.message().toolName();
        yield tool == null ? "" : tool;
      }
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Template t && source.equals(t.source);
  }

  @Override
  public int hashCode() {
    return source.hashCode();
  }

  @Override
  public String toString() {
    return source;
  }
}
