package io.gatehouse.catalog.internal.validation;

import java.net.URI;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Transports of packages ({@code stdio}, {@code streamable-http}, {@code sse}) and of remotes (the
 * two HTTP ones, whose URL template variables must be declared in {@code variables}).
 */
final class TransportRules {
  private static final Set<String> LOCAL = Set.of("stdio", "streamable-http", "sse");
  private static final Set<String> REMOTE = Set.of("streamable-http", "sse");
  static final Pattern URL_TEMPLATE =
      Pattern.compile("^(https?://[^\\s]+|\\{[a-zA-Z_][a-zA-Z0-9_]*}[^\\s]*)$");
  private static final Pattern VARIABLE = Pattern.compile("\\{([^}]*)}");

  private TransportRules() {}

  static void local(JsonNode transport, String at, Problems p) {
    if (transport == null) {
      return;
    }
    String type = p.string(transport, "type", at + ".type", true);
    p.oneOf(type, at + ".type", LOCAL);
    if ("stdio".equals(type)) {
      if (transport.hasNonNull("url")) {
        p.error(at + ".url", "stdio-transport-url-not-empty", "a stdio transport has no url");
      }
    } else if (type != null && LOCAL.contains(type)) {
      url(transport, at, p);
      InputRules.keyValues(p.array(transport, "headers", at + ".headers"), at + ".headers", p);
    }
  }

  static void remotes(JsonNode remotes, Problems p) {
    for (int i = 0; remotes != null && i < remotes.size(); i++) {
      String at = "remotes[" + i + "]";
      JsonNode remote = remotes.get(i);
      if (!InputRules.object(remote, at, p)) {
        continue;
      }
      String type = p.string(remote, "type", at + ".type", true);
      if (type != null && !REMOTE.contains(type)) {
        p.error(
            at + ".type",
            "unsupported-remote-transport-type",
            "'" + type + "' (expected: streamable-http or sse)");
      }
      InputRules.keyValues(p.array(remote, "headers", at + ".headers"), at + ".headers", p);
      InputRules.withVariables(remote, at, p);
      String url = url(remote, at, p);
      if (url != null) {
        declaredVariables(url, remote.get("variables"), at + ".url", p);
        publicHost(url, at + ".url", p);
      }
    }
  }

  private static String url(JsonNode transport, String at, Problems p) {
    String url = p.string(transport, "url", at + ".url", true);
    if (url != null && !URL_TEMPLATE.matcher(url).matches()) {
      p.error(
          at + ".url",
          "invalid-remote-url",
          "'"
              + url
              + "' (expected: an http(s) URL or one starting with a {variable}, without spaces)");
      return null;
    }
    return url;
  }

  /** The public registry's remote-URL rule (https, public host), relaxed to warnings. */
  private static void publicHost(String url, String field, Problems p) {
    URI uri = url.startsWith("{") ? null : UrlRules.parse(url.replaceAll("\\{[^}]*}", "x"));
    if (uri == null) {
      return;
    }
    if ("http".equalsIgnoreCase(uri.getScheme())) {
      p.warn(
          field,
          "url-not-https",
          "'" + url + "' uses plain http; the public registry requires https");
    }
    UrlRules.privateHost(uri.getHost(), field, p);
  }

  private static void declaredVariables(String url, JsonNode variables, String field, Problems p) {
    Matcher m = VARIABLE.matcher(url);
    while (m.find()) {
      if (variables == null || !variables.has(m.group(1))) {
        p.error(
            field, "invalid-templated-url", "'{" + m.group(1) + "}' is not declared in variables");
      }
    }
  }
}
