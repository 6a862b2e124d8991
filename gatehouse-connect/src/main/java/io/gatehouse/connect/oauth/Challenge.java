package io.gatehouse.connect.oauth;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The parameters of a {@code WWW-Authenticate: Bearer ...} challenge (RFC 6750 §3, RFC 9728 §5.1):
 * {@code resource_metadata}, {@code scope}, {@code error}. Parameters of other schemes are ignored.
 */
public record Challenge(Map<String, String> params) {
  public static final Challenge NONE = new Challenge(Map.of());

  public Challenge {
    params = Map.copyOf(params);
  }

  /** The Bearer challenge in a header value; {@link #NONE} when there is none. */
  public static Challenge parse(String header) {
    if (header == null) {
      return NONE;
    }
    Map<String, String> params = new LinkedHashMap<>();
    Lexer in = new Lexer(header);
    boolean bearer = false;
    while (in.more()) {
      String name = in.token();
      if (name.isEmpty()) {
        in.skip();
        continue;
      }
      if (in.peek() == '=') {
        in.skip();
        String value = in.peek() == '"' ? in.quoted() : in.token();
        if (bearer) {
          params.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
        }
      } else {
        bearer = name.equalsIgnoreCase("Bearer"); // a scheme name starts its own challenge
      }
      in.comma();
    }
    return new Challenge(params);
  }

  /** The URL of the protected resource metadata, or null. */
  public URI resourceMetadata() {
    String v = params.get("resource_metadata");
    try {
      return v == null ? null : URI.create(v);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The scopes the challenge asks for; empty when it names none. */
  public Set<String> scopes() {
    return Scopes.split(params.get("scope"));
  }

  /** The {@code error} code, or null. */
  public String error() {
    return params.get("error");
  }

  private static final class Lexer {
    private final String s;
    private int i;

    Lexer(String s) {
      this.s = s;
    }

    boolean more() {
      while (i < s.length() && s.charAt(i) == ' ') {
        i++;
      }
      return i < s.length();
    }

    char peek() {
      more();
      return i < s.length() ? s.charAt(i) : 0;
    }

    void skip() {
      i++;
    }

    String token() {
      more();
      int start = i;
      while (i < s.length() && " ,=\"".indexOf(s.charAt(i)) < 0) {
        i++;
      }
      return s.substring(start, i);
    }

    String quoted() {
      StringBuilder b = new StringBuilder();
      for (i++; i < s.length() && s.charAt(i) != '"'; i++) {
        if (s.charAt(i) == '\\' && i + 1 < s.length()) {
          i++;
        }
        b.append(s.charAt(i));
      }
      i++;
      return b.toString();
    }

    void comma() {
      if (peek() == ',') {
        i++;
      }
    }
  }

  /** Space-separated scope lists (RFC 6749 §3.3). */
  static final class Scopes {
    private Scopes() {}

    static Set<String> split(String scope) {
      Set<String> out = new LinkedHashSet<>();
      if (scope != null) {
        for (String s : scope.trim().split("\\s+")) {
          if (!s.isEmpty()) {
            out.add(s);
          }
        }
      }
      return out;
    }
  }
}
