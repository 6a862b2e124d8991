package io.gatehouse.connect.credential;

import static java.util.Objects.requireNonNull;

import io.gatehouse.connect.BearerHeader;
import io.gatehouse.connect.McpFailure;
import io.gatehouse.connect.oauth.AccessToken;
import io.gatehouse.gateway.AttributeKey;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.UpstreamCall;
import io.gatehouse.gateway.Verdict;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sets {@code Authorization: Bearer} with a workload token for the agent making the call ({@link
 * CallingAgent} on the exchange): {@code sub} is {@code agent:<project>/<name>} for a published
 * agent, {@code project:<project>} otherwise. An exchange with no calling agent, or one of another
 * project, is refused with {@link CallingAgent#AGENT_IDENTITY_REQUIRED} and reaches nothing. Tokens
 * are cached per identity until shortly before they expire.
 */
final class AgentCredential implements McpPolicy {
  private static final AttributeKey<TokenCache> USED =
      AttributeKey.of("agent-credential-tokens", TokenCache.class);
  private static final AttributeKey<AccessToken> SENT =
      AttributeKey.of("agent-credential-sent", AccessToken.class);

  private final String project;
  private final String connection;
  private final String audience;
  private final WorkloadTokens workload;
  private final Clock clock;
  private final Map<String, TokenCache> byIdentity = new ConcurrentHashMap<>();

  AgentCredential(
      String project, String connection, String audience, WorkloadTokens workload, Clock clock) {
    this.project = requireNonNull(project, "project");
    this.connection = requireNonNull(connection, "connection");
    this.audience = requireNonNull(audience, "audience");
    this.workload = requireNonNull(workload, "workload");
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public Verdict onRequest(McpExchange exchange) {
    CallingAgent agent = exchange.attr(CallingAgent.KEY);
    if (agent == null || !agent.project().equals(project)) {
      return Verdict.refuse(
          CallingAgent.AGENT_IDENTITY_REQUIRED,
          "route '"
              + exchange.route().name()
              + "', connection '"
              + connection
              + "' of project '"
              + project
              + "' speaks as the calling agent, and "
              + (agent == null
                  ? "this call comes from no agent"
                  : "this call comes from agent '"
                      + agent.name()
                      + "' of project '"
                      + agent.project()
                      + "'"));
    }
    TokenCache tokens = tokens(agent.identity());
    exchange.attr(USED, tokens);
    return BearerCredential.ready(exchange, tokens, connection);
  }

  @Override
  public boolean readsResponses(McpExchange exchange) {
    return false;
  }

  @Override
  public void onUpstreamRequest(McpExchange exchange, UpstreamCall call) {
    TokenCache tokens = exchange.attr(USED);
    AccessToken t = tokens == null ? null : tokens.last();
    BearerHeader.set(call, t);
    exchange.attr(SENT, t);
  }

  @Override
  public boolean renewCredential(McpExchange exchange) {
    TokenCache tokens = exchange.attr(USED);
    if (tokens == null) {
      return false;
    }
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

  /** The token cache of {@code identity}, made on first use. */
  TokenCache tokens(String identity) {
    return byIdentity.computeIfAbsent(
        identity, id -> new TokenCache(() -> workload.mint(id, audience), clock));
  }
}
