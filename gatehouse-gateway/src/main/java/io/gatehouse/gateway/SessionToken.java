package io.gatehouse.gateway;

import static java.util.Objects.requireNonNull;

/**
 * What a gateway session id carries, sealed: the route it belongs to, the upstream session behind
 * it and when it expires. Any replica holding the session key can open it, so no shared store is
 * needed.
 *
 * @param route the route the session was initialized on; the id is refused on any other route
 * @param transport the upstream transport in use ({@link UpstreamTransport#STREAMABLE_HTTP} or
 *     {@link UpstreamTransport#SSE}, never {@code AUTO})
 * @param upstreamSessionId the upstream's {@code Mcp-Session-Id}, or for a legacy SSE upstream the
 *     id of the connection this replica holds; empty when the upstream assigned none
 * @param protocolVersion the protocol version the upstream negotiated
 * @param expiresAtEpochSecond after this instant the id is refused
 * @param principal who initialized the session; empty until inbound authentication is configured
 * @param clientUrlElicitation whether the client declared {@code capabilities.elicitation.url} in
 *     its {@code initialize}, so the gateway itself may ask it to open a URL (an approval page)
 */
public record SessionToken(
    String route,
    UpstreamTransport transport,
    String upstreamSessionId,
    String protocolVersion,
    long expiresAtEpochSecond,
    String principal,
    boolean clientUrlElicitation) {

  /** A session whose client declared no capability the gateway acts on. */
  public SessionToken(
      String route,
      UpstreamTransport transport,
      String upstreamSessionId,
      String protocolVersion,
      long expiresAtEpochSecond,
      String principal) {
    this(
        route,
        transport,
        upstreamSessionId,
        protocolVersion,
        expiresAtEpochSecond,
        principal,
        false);
  }

  public SessionToken {
    requireNonNull(route, "route");
    requireNonNull(transport, "transport");
    upstreamSessionId = upstreamSessionId == null ? "" : upstreamSessionId;
    protocolVersion = protocolVersion == null ? "" : protocolVersion;
    principal = principal == null ? "" : principal;
  }

  public boolean hasUpstreamSession() {
    return !upstreamSessionId.isEmpty();
  }

  public boolean isExpired(long nowEpochSecond) {
    return nowEpochSecond >= expiresAtEpochSecond;
  }
}
