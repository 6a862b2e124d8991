package io.gatehouse.gateway.internal;

import java.net.InetAddress;
import java.net.URI;

/**
 * What a pooled upstream session is shared by: one route and upstream, one principal (a session is
 * never shared across principals: the upstream may bind what it learns to it), and one set of
 * client capabilities (so the upstream only asks a caller what it declared it can answer).
 *
 * <p>An anonymous caller has no principal: its session is shared by its address instead (as the
 * gateway-wide address policy resolved it through trusted proxies), so one anonymous caller's
 * session state (subscriptions, a tool's per-session settings, roots the upstream kept) never
 * reaches a caller elsewhere, while its own requests, which 2026-07-28 sends one by one, still meet
 * in one session.
 *
 * @param caller for an anonymous caller its address; empty for an authenticated one
 * @param capabilities the caller's {@code clientCapabilities}, canonical (keys sorted)
 */
record BridgeKey(String route, URI upstream, String principal, String caller, String capabilities) {

  static BridgeKey of(
      String route, URI upstream, String principal, InetAddress address, String capabilities) {
    boolean anonymous = principal == null || principal.isEmpty();
    String caller = !anonymous ? "" : address == null ? "unknown" : address.getHostAddress();
    return new BridgeKey(route, upstream, anonymous ? "" : principal, caller, capabilities);
  }
}
