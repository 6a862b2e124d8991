package io.gatehouse.connect.consent;

import io.gatehouse.connect.BearerHeader;
import io.gatehouse.connect.Connection;
import io.gatehouse.connect.McpFailure;
import io.gatehouse.connect.oauth.AccessToken;
import io.gatehouse.gateway.AttributeKey;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.UpstreamCall;
import io.gatehouse.gateway.Verdict;
import io.gatehouse.gateway.mrtr.InputRequest;
import io.gatehouse.gateway.mrtr.InputRetry;
import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * Sends each caller's own token for a per-user connection upstream. A caller who has not consented
 * (or must consent again) gets, for every request, the MCP URL elicitation error {@code -32042}
 * whose {@code elicitations[0].url} is their consent link, so any MCP client can show it; a
 * 2026-07-28 client that takes URL elicitation is asked to open it with {@code input_required}
 * instead (purpose {@value #PURPOSE}), and its retry goes on once they have consented. Nothing
 * reaches the upstream for them before. The route must authenticate its callers: an anonymous
 * caller is refused with {@code USER_IDENTITY_REQUIRED}.
 */
public record UserCredential(Connection connection, UserTokens tokens, Consents consents)
    implements McpPolicy {
  /** The purpose of the consent link asked of a 2026-07-28 client, and of its sealed state. */
  public static final String PURPOSE = "consent";

  private static final AttributeKey<AccessToken> SENT =
      AttributeKey.of("user-token-sent", AccessToken.class);

  @Override
  public Verdict onRequest(McpExchange exchange) {
    if (exchange.entry() == McpExchange.Entry.MESSAGE) {
      return Verdict.PROCEED; // decided per message, so the refusal can carry the request's id
    }
    return decide(exchange);
  }

  @Override
  public Verdict onMessage(McpExchange exchange) {
    return decide(exchange);
  }

  private Verdict decide(McpExchange exchange) {
    if (exchange.principal() == null) {
      return Verdict.refuse(
          ConsentErrors.USER_IDENTITY_REQUIRED,
          "route '"
              + exchange.route().name()
              + "' uses per-user connection '"
              + connection.name()
              + "', which needs to know who is calling");
    }
    String user = exchange.principal().id();
    if (tokens.fresh(connection, user) != null || InputRetry.continuesHeldCall(exchange)) {
      // a round continuing a call the gateway holds goes on with what that call started with
      return Verdict.PROCEED;
    }
    return Verdict.blocking(
        () -> {
          try {
            if (tokens.get(connection, user) != null) {
              return Verdict.PROCEED;
            }
          } catch (McpFailure f) {
            return Verdict.refuse(f.error(), f.getMessage());
          }
          return consentRequired(exchange, consents.link(connection, user));
        });
  }

  private Verdict consentRequired(McpExchange exchange, Consents.Pending p) {
    String url = consents.url(p).toString();
    String message =
        "Gatehouse needs your consent to reach '"
            + connection.name()
            + "' on your behalf: open the link, sign in and allow access, then try again.";
    ArrayNode elicitations = JsonMapper.shared().createArrayNode();
    elicitations
        .addObject()
        .put("mode", "url")
        .put("elicitationId", p.id())
        .put("url", url)
        .put("message", message);
    return new Verdict.Refuse(
            ConsentErrors.CONSENT_REQUIRED,
            "consent required: route '"
                + exchange.route().name()
                + "' reaches '"
                + connection.name()
                + "' as you; open "
                + url,
            Map.of(),
            false,
            Map.of("elicitations", elicitations.toString()))
        .withInput(
            new InputRequest(
                PURPOSE, url, message, p.id(), p.id(), Instant.now().plus(Consents.LIFETIME)));
  }

  @Override
  public boolean readsResponses(McpExchange exchange) {
    return false;
  }

  @Override
  public void onUpstreamRequest(McpExchange exchange, UpstreamCall call) {
    AccessToken t =
        exchange.principal() == null ? null : tokens.last(connection, exchange.principal().id());
    BearerHeader.set(call, t);
    exchange.attr(SENT, t);
  }

  @Override
  public boolean renewCredential(McpExchange exchange) {
    AccessToken sent = exchange.attr(SENT);
    if (sent == null || exchange.principal() == null) {
      return false;
    }
    try {
      return tokens.renew(connection, exchange.principal().id(), sent);
    } catch (McpFailure f) {
      return false;
    }
  }
}
