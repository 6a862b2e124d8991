package io.gatehouse.policy;

import static java.util.Objects.requireNonNull;

import io.gatehouse.core.Errors;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Verdict;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Authenticates every HTTP request to a route's MCP endpoint (POST, stream GET, DELETE, legacy
 * {@code /sse} and {@code /messages}) with the methods the route accepts, and records the {@link
 * io.gatehouse.core.Principal} on the exchange; the session the caller opens is then bound to it.
 * No credential, or one that does not check out, is 401 {@code UNAUTHENTICATED} with a {@code
 * WWW-Authenticate} challenge; a key scoped to other routes is 403 {@code FORBIDDEN}.
 *
 * <p>The credential itself goes no further: the gateway forwards only an allow-list of the caller's
 * headers upstream, which has neither {@code Authorization} nor {@code X-API-Key}.
 */
public record InboundAuth(Set<AuthMethod> methods, ApiKeys keys) implements McpPolicy {
  static final String API_KEY_HEADER = "X-API-Key";
  private static final Map<String, String> CHALLENGE =
      Map.of("WWW-Authenticate", "Bearer realm=\"gatehouse\"");

  public InboundAuth {
    methods = Set.copyOf(methods);
    if (methods.isEmpty()) {
      throw new IllegalArgumentException("auth: no methods (use auth: none for an open route)");
    }
    if (methods.contains(AuthMethod.API_KEY)) {
      requireNonNull(keys, "keys");
    }
  }

  @Override
  public Verdict onRequest(McpExchange exchange) {
    String credential = credential(exchange);
    if (credential == null) {
      return refuse(
          "route '"
              + exchange.route().name()
              + "' needs "
              + (methods.contains(AuthMethod.API_KEY)
                  ? "an API key (Authorization: Bearer ghk_… or X-API-Key)"
                  : "a bearer token"));
    }
    if (methods.contains(AuthMethod.API_KEY) && ApiKeys.looksLikeKey(credential)) {
      return switch (keys.check(credential, exchange.route().name())) {
        case ApiKeys.Valid v -> {
          exchange.authenticated(v.principal());
          yield Verdict.PROCEED;
        }
        case ApiKeys.Invalid i -> refuse(i.reason());
        case ApiKeys.OtherRoute o ->
            Verdict.refuse(
                Errors.FORBIDDEN,
                "consumer '"
                    + o.consumer()
                    + "': this API key is not scoped to route '"
                    + exchange.route().name()
                    + "'");
      };
    }
    return refuse(
        "route '"
            + exchange.route().name()
            + "' accepts "
            + String.join(" or ", methods.stream().map(AuthMethod::configName).sorted().toList())
            + " credentials, and this is none of them");
  }

  private static Verdict refuse(String message) {
    return Verdict.refuse(Errors.UNAUTHENTICATED, message, CHALLENGE);
  }

  /** The credential sent as {@code X-API-Key} or {@code Authorization: Bearer}, or null. */
  static String credential(McpExchange exchange) {
    String key = exchange.header(API_KEY_HEADER);
    if (key != null && !key.isBlank()) {
      return key.trim();
    }
    String auth = exchange.header("Authorization");
    if (auth == null || auth.length() < 7) {
      return null;
    }
    if (!auth.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
      return null;
    }
    String token = auth.substring(7).trim();
    return token.isEmpty() ? null : token;
  }
}
