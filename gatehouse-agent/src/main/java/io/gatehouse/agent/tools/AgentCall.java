package io.gatehouse.agent.tools;

import static java.util.Objects.requireNonNull;

import io.gatehouse.core.Principal;
import io.gatehouse.core.Secret;
import java.time.Instant;
import java.util.Map;

/**
 * What the runtime asserts to its own gateway about one tool session: whom it runs for, on which
 * route, for which agent, until when, and (for a server reached by URL) the request's own headers.
 *
 * @param principal the user the agent acts for
 * @param credential the user's own credential (API key or token), which the route's authentication
 *     checks exactly as if the user called it: it goes no further than this process's gateway
 * @param callerAddress the address the user called {@code /v1/responses} from, which the gateway's
 *     address rules and limits see instead of the loopback's
 * @param route the route the session is for: the assertion opens no other
 * @param agentProject the stored agent's project, or null for an ad-hoc response
 * @param agentName the stored agent's name, or null
 * @param published whether that agent is published (has its own identity)
 * @param headers headers for the upstream of a route of the runtime's own (never for other routes),
 *     from the request's {@code headers} and {@code authorization}
 * @param expiresAt when the assertion stops working
 */
public record AgentCall(
    Principal principal,
    Secret credential,
    String callerAddress,
    String route,
    String agentProject,
    String agentName,
    boolean published,
    Map<String, Secret> headers,
    Instant expiresAt) {
  public AgentCall {
    requireNonNull(principal, "principal");
    requireNonNull(credential, "credential");
    requireNonNull(route, "route");
    requireNonNull(expiresAt, "expiresAt");
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  @Override
  public String toString() {
    return "AgentCall[" + principal.id() + " on " + route + ", agent " + agentName + "]";
  }
}
