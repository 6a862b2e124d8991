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
 * @param bridgedClient for a session the gateway serves itself over a 2026-07-28 upstream (the
 *     reverse bridge): the client's {@code capabilities} and {@code clientInfo} as one JSON object,
 *     which every request upstream carries in {@code _meta}; empty for a session the upstream holds
 */
public record SessionToken(
    String route,
    UpstreamTransport transport,
    String upstreamSessionId,
    String protocolVersion,
    long expiresAtEpochSecond,
    String principal,
    boolean clientUrlElicitation,
    String bridgedClient) {

  /** A session the upstream holds (not bridged). */
  public SessionToken(
      String route,
      UpstreamTransport transport,
      String upstreamSessionId,
      String protocolVersion,
      long expiresAtEpochSecond,
      String principal,
      boolean clientUrlElicitation) {
    this(
        route,
        transport,
        upstreamSessionId,
        protocolVersion,
        expiresAtEpochSecond,
        principal,
        clientUrlElicitation,
        "");
  }

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
    bridgedClient = bridgedClient == null ? "" : bridgedClient;
  }

  /** Whether the gateway serves this session itself over a 2026-07-28 upstream. */
  public boolean isBridged() {
    return !bridgedClient.isEmpty();
  }

  public boolean hasUpstreamSession() {
    return !upstreamSessionId.isEmpty();
  }

  public boolean isExpired(long nowEpochSecond) {
    return nowEpochSecond >= expiresAtEpochSecond;
  }
}
