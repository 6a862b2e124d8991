package io.gatehouse.agent.tools;

import io.gatehouse.connect.credential.CallingAgent;
import io.gatehouse.core.Errors;
import io.gatehouse.gateway.AttributeKey;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Verdict;
import io.gatehouse.policy.InboundAuth;
import io.gatehouse.policy.IpFilter;
import java.net.InetAddress;
import java.time.Clock;

/**
 * Authenticates the runtime's own tool sessions, on every route, before the route's own
 * authentication: a request carrying a sealed {@link AgentCall} for this route is the user the call
 * names (the route's authentication then takes that principal, with the same project rule as an API
 * key), so the route's tool rules, limits, per-user credentials and audit apply to the agent's
 * calls exactly as to the user's own. A sealed call that does not open (forged, tampered, expired,
 * or sealed for another route) is refused 401. Requests without one are not touched.
 *
 * <p>A call made for a stored agent also names that agent ({@link CallingAgent}), so a workload
 * connection with {@code identity: agent} speaks as it.
 *
 * <p>Only the runtime's own routes (those {@link AgentRoutes} publishes) set the request's
 * per-response headers on the upstream request; no other route does, so an agent request cannot put
 * headers in front of a route's upstream, and ordinary routes run no upstream hook for it.
 */
public final class AgentCallPolicy implements McpPolicy {
  /** The opened call, for the policies after this one. */
  public static final AttributeKey<AgentCall> CALL = AttributeKey.of("agent-call", AgentCall.class);

  private final AgentCallSeal seal;
  private final Clock clock;

  public AgentCallPolicy(AgentCallSeal seal, Clock clock) {
    this.seal = seal;
    this.clock = clock;
  }

  @Override
  public Verdict onRequest(McpExchange exchange) {
    String sealed = exchange.header(AgentCallSeal.HEADER);
    if (sealed == null) {
      return Verdict.PROCEED;
    }
    AgentCall call = seal.open(sealed.trim(), exchange.route().name(), clock.instant());
    if (call == null) {
      return Verdict.refuse(
          Errors.UNAUTHENTICATED,
          "the agent call is not valid for route '" + exchange.route().name() + "'");
    }
    exchange.authenticated(call.principal()); // open routes name the user in their audit too
    exchange.attr(CALL, call);
    // the route's own authentication checks the user's credential as if the user called it
    exchange.attr(InboundAuth.FORWARDED_CREDENTIAL, call.credential());
    if (call.callerAddress() != null) {
      try {
        // an address literal, sealed by this process: no name is looked up
        exchange.attr(IpFilter.CALLER_ADDRESS, InetAddress.getByName(call.callerAddress()));
        exchange.attr(IpFilter.RESOLVED, true);
      } catch (java.net.UnknownHostException e) {
        // not an address literal: the loopback's stays
      }
    }
    if (call.agentName() != null) {
      exchange.attr(
          CallingAgent.KEY,
          new CallingAgent(call.agentProject(), call.agentName(), call.published()));
    }
    return Verdict.PROCEED;
  }

  @Override
  public boolean readsResponses(McpExchange exchange) {
    return false;
  }
}
