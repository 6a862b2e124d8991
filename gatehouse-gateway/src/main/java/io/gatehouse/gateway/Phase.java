package io.gatehouse.gateway;

import java.util.List;

/**
 * The fixed phases every MCP message passes through. Transport checks (Origin and Host, body size,
 * protocol version, the session) happen at the edge before any filter runs, because they decide
 * whether there is an MCP message at all. The order filters wrap each other in is {@link #ORDER}.
 */
public enum Phase {
  /** Records the outcome of every message; outermost, so it sees refusals by any later phase. */
  AUDIT,
  /** Looks at or rewrites what came back from the upstream. */
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

  /** Outermost first; the upstream relay sits inside the last one. */
  public static final List<Phase> ORDER =
      List.of(AUDIT, RESPONSE, AUTHENTICATE, AUTHORIZE, VALIDATE, RATE_LIMIT, APPROVAL, INJECT_CREDENTIALS);
}
