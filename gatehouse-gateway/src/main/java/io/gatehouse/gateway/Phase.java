package io.gatehouse.gateway;

import java.util.List;

/**
 * The fixed phases every exchange passes through, each holding the policies bound to it. Transport
 * checks (Origin and Host, body size, protocol version, the session) come first, at the edge,
 * because they decide whether there is an MCP exchange at all. Request hooks then run in {@link
 * #ORDER}, response hooks in the reverse order, and {@link McpPolicy#onComplete} for every
 * exchange, refused or not.
 */
public enum Phase {
  /** Records the outcome of every exchange; first, so it sees refusals by any later phase. */
  AUDIT,
  /** Looks at or rewrites what comes back from the upstream. */
  RESPONSE,
  /** Establishes who is calling. */
  AUTHENTICATE,
  /** Decides whether the caller may use the tool, prompt or resource. */
  AUTHORIZE,
  /** Checks arguments against the declared schemas. */
  VALIDATE,
  /** Counts calls against rate limits and quotas. */
  RATE_LIMIT,
  /** Holds calls that need a person's approval. */
  APPROVAL,
  /** Adds upstream credentials from the connection. */
  INJECT_CREDENTIALS;

  /** Request order; the upstream relay follows the last one. */
  public static final List<Phase> ORDER =
      List.of(
          AUDIT,
          RESPONSE,
          AUTHENTICATE,
          AUTHORIZE,
          VALIDATE,
          RATE_LIMIT,
          APPROVAL,
          INJECT_CREDENTIALS);
}
