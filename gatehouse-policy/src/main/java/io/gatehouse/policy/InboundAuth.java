package io.gatehouse.policy;

import io.gatehouse.core.Errors;
import io.gatehouse.core.Principal;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Verdict;
import java.util.Map;
import java.util.Set;

/**
 * Authenticates every HTTP request to a route's MCP endpoint (POST, stream GET, DELETE, legacy
 * {@code /sse} and {@code /messages}) with the methods the route accepts, and records the {@link
 * io.gatehouse.core.Principal} on the exchange; the session the caller opens is then bound to it.
 *
 * <p>No credential, or one that does not check out, is 401 {@code UNAUTHENTICATED} with a {@code
 * WWW-Authenticate: Bearer} challenge naming the route's Protected Resource Metadata (RFC 9728), so
 * an MCP client finds the authorization server by itself; a token lacking a required scope is 403
 * {@code FORBIDDEN} with {@code error="insufficient_scope"} (step-up); a key scoped to other routes
 * is 403 {@code FORBIDDEN}, and so is the key of a consumer of another project than the route's.
 *
 * <p>A caller a gateway-wide policy has already authenticated (the agent runtime's sealed call, for
 * the user it runs for) is taken as it is, under the same project rule as an API key.
 *
 * <p>The credential itself goes no further: the gateway forwards only an allow-list of the caller's
 * headers upstream, which has neither {@code Authorization} nor {@code X-API-Key}.
 *
 * @param keys the API keys to check against; needed with {@link AuthMethod#API_KEY}
 * @param jwt the token verifier; needed with {@link AuthMethod#JWT}
 * @param resources the route's resource and metadata URLs
 * @param project the project the route belongs to: only its consumers' keys are accepted ({@code
 *     default} when null). Tokens are scoped by their audience instead.
 */
public record InboundAuth(
    Set<AuthMethod> methods, ApiKeys keys, JwtVerifier jwt, ResourceUrls resources, String project)
    implements McpPolicy {
  static final String API_KEY_HEADER = "X-API-Key";

  /**
   * A caller's credential handed over by a gateway-wide policy that opened it from something sealed
   * (the agent runtime's call for its user), checked instead of the request's headers.
   */
  public static final io.gatehouse.gateway.AttributeKey<io.gatehouse.core.Secret>
      FORWARDED_CREDENTIAL =
          io.gatehouse.gateway.AttributeKey.of(
              "forwarded-credential", io.gatehouse.core.Secret.class);

  public InboundAuth {
    methods = Set.copyOf(methods);
    project = project == null ? Principal.DEFAULT_PROJECT : project;
    if (methods.isEmpty()) {
      throw new IllegalArgumentException("auth: no methods (use auth: none for an open route)");
    }
    if (methods.contains(AuthMethod.API_KEY) && keys == null) {
      throw new IllegalArgumentException("auth: api-key needs the key store");
    }
    if (methods.contains(AuthMethod.JWT) && jwt == null) {
      throw new IllegalArgumentException("auth: jwt needs auth.jwt (issuer, jwks-url)");
    }
  }

  @Override
  public Verdict onRequest(McpExchange exchange) {
    String route = exchange.route().name();
    String credential = credential(exchange);
    if (credential == null) {
      return unauthenticated(route, "route '" + route + "' needs " + wanted(), false);
    }
    if (methods.contains(AuthMethod.API_KEY) && ApiKeys.looksLikeKey(credential)) {
      return switch (keys.check(credential, route)) {
        case ApiKeys.Valid v when !v.principal().project().equals(project) ->
            Verdict.refuse(
                Errors.FORBIDDEN,
                "consumer '"
                    + v.principal().subject()
                    + "' belongs to project '"
                    + v.principal().project()
                    + "'; route '"
                    + route
                    + "' belongs to '"
                    + project
                    + "'");
        case ApiKeys.Valid v -> {
          exchange.authenticated(v.principal());
          yield Verdict.PROCEED;
        }
        case ApiKeys.Invalid i -> unauthenticated(route, i.reason(), true);
        case ApiKeys.Unavailable u ->
            Verdict.refuse(Errors.STARTING, u.reason(), Map.of("Retry-After", "1"));
        case ApiKeys.OtherRoute o ->
            Verdict.refuse(
                Errors.FORBIDDEN,
                "consumer '"
                    + o.consumer()
                    + "': this API key is not scoped to route '"
                    + route
                    + "'");
      };
    }
    if (methods.contains(AuthMethod.JWT)) {
      String audience = audience(route);
      JwtVerifier.Result r = jwt.verify(credential, audience);
      if (r instanceof JwtVerifier.NeedsKeys) {
        return Verdict.blocking(
            () -> {
              jwt.fetchKeys();
              return decide(exchange, jwt.verify(credential, audience));
            });
      }
      return decide(exchange, r);
    }
    return unauthenticated(route, "route '" + route + "' accepts " + wanted(), true);
  }

  private Verdict decide(McpExchange exchange, JwtVerifier.Result r) {
    String route = exchange.route().name();
    return switch (r) {
      case JwtVerifier.Valid v -> {
        exchange.authenticated(v.principal());
        yield Verdict.PROCEED;
      }
      case JwtVerifier.Invalid i -> unauthenticated(route, i.reason(), true);
      case JwtVerifier.MissingScope m ->
          Verdict.refuse(
              Errors.FORBIDDEN,
              "route '" + route + "' needs the scopes " + String.join(" ", m.needed()),
              Map.of(
                  "WWW-Authenticate",
                  "Bearer error=\"insufficient_scope\", scope=\""
                      + String.join(" ", m.needed())
                      + "\", resource_metadata=\""
                      + resources.metadata(route)
                      + "\""));
      case JwtVerifier.NeedsKeys n ->
          unauthenticated(route, "the issuer's signing keys could not be fetched", true);
    };
  }

  /** The audience tokens must carry: configured, or the route's own resource URL. */
  String audience(String route) {
    String configured = jwt.settings().audience();
    return configured != null ? configured : resources.resource(route);
  }

  private String wanted() {
    if (methods.size() == 2) {
      return "an API key or a bearer token";
    }
    return methods.contains(AuthMethod.API_KEY)
        ? "an API key (Authorization: Bearer ghk_… or X-API-Key)"
        : "a bearer token from " + jwt.settings().issuer();
  }

  private Verdict unauthenticated(String route, String message, boolean invalidToken) {
    StringBuilder challenge = new StringBuilder("Bearer realm=\"gatehouse\"");
    if (invalidToken) {
      challenge.append(", error=\"invalid_token\"");
    }
    challenge.append(", resource_metadata=\"").append(resources.metadata(route)).append('"');
    if (jwt != null && !jwt.settings().scopes().isEmpty()) {
      challenge.append(", scope=\"").append(String.join(" ", jwt.settings().scopes())).append('"');
    }
    return Verdict.refuse(
        Errors.UNAUTHENTICATED, message, Map.of("WWW-Authenticate", challenge.toString()));
  }

  /** The credential sent as {@code X-API-Key} or {@code Authorization: Bearer}, or null. */
  static String credential(McpExchange exchange) {
    io.gatehouse.core.Secret forwarded = exchange.attr(FORWARDED_CREDENTIAL);
    if (forwarded != null) {
      return forwarded.reveal();
    }
    String key = exchange.header(API_KEY_HEADER);
    if (key != null && !key.isBlank()) {
      return key.trim();
    }
    String auth = exchange.header("Authorization");
    if (auth == null || auth.length() < 7) {
      return null;
    }
    if (!auth.regionMatches(true, 0, "bearer ", 0, 7)) {
      return null;
    }
    String token = auth.substring(7).trim();
    return token.isEmpty() ? null : token;
  }
}
