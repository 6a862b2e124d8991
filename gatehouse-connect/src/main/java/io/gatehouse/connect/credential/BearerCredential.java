package io.gatehouse.connect.credential;

import io.gatehouse.connect.BearerHeader;
import io.gatehouse.connect.McpFailure;
import io.gatehouse.connect.oauth.AccessToken;
import io.gatehouse.gateway.AttributeKey;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.UpstreamCall;
import io.gatehouse.gateway.Verdict;

/**
 * Sets {@code Authorization: Bearer} on every upstream request of a route from its connection's
 * {@link TokenCache}. A request arriving when no fresh token is cached waits for one off the I/O
 * thread; when none can be had, it is refused with the token failure's key and reaches nothing. The
 * caller's own {@code Authorization} is replaced, never forwarded.
 */
public record BearerCredential(String connection, TokenCache tokens) implements McpPolicy {
  /** The token an exchange's last upstream request carried, to renew exactly that one on 401. */
  private static final AttributeKey<AccessToken> SENT =
      AttributeKey.of("bearer-sent", AccessToken.class);

  @Override
  public Verdict onRequest(McpExchange exchange) {
    return ready(exchange, tokens, connection);
  }

  /**
   * Proceeds when {@code tokens} holds a fresh token; else waits for one off the I/O thread, or
   * refuses with the token failure's key, naming the route and {@code connection}.
   */
  static Verdict ready(McpExchange exchange, TokenCache tokens, String connection) {
    if (tokens.fresh() != null) {
      return Verdict.PROCEED;
    }
    return Verdict.blocking(
        () -> {
          try {
            tokens.get();
            return Verdict.PROCEED;
          } catch (McpFailure f) {
            return Verdict.refuse(
                f.error(),
                "route '"
                    + exchange.route().name()
                    + "', connection '"
                    + connection
                    + "': "
                    + f.getMessage());
          }
        });
  }

  @Override
  public boolean readsResponses(McpExchange exchange) {
    return false;
  }

  @Override
  public void onUpstreamRequest(McpExchange exchange, UpstreamCall call) {
    AccessToken t = tokens.last();
    BearerHeader.set(call, t);
    exchange.attr(SENT, t);
  }

  /** The upstream refused the token (revoked before its expiry): fetch a new one, once. */
  @Override
  public boolean renewCredential(McpExchange exchange) {
    AccessToken refused = exchange.attr(SENT);
    if (refused != null) {
      tokens.invalidate(refused);
    }
    try {
      return tokens.get() != refused;
    } catch (McpFailure f) {
      return false;
    }
  }
}
