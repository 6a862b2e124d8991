package io.gatehouse.gateway.internal;

import java.net.URI;
import java.util.UUID;

/**
 * What a pooled upstream session is shared by: one route and upstream, one principal (a session is
 * never shared across principals: the upstream may bind what it learns to it), and one set of
 * client capabilities (so the upstream only asks a caller what it declared it can answer).
 *
 * <p>An anonymous caller has no principal to share by: anyone could be behind it, and an address is
 * no better (a proxy or a NAT puts many callers behind one). Its session is its request's alone
 * ({@code alone} set), ended once that request (with its held call or listen) is over.
 *
 * @param capabilities the caller's {@code clientCapabilities}, canonical (keys sorted)
 * @param alone null for a pooled key; for one request's own session, an id no other key has
 */
record BridgeKey(String route, URI upstream, String principal, String capabilities, String alone) {

  /** The key of {@code principal}'s pooled session, or one request's own for an anonymous one. */
  static BridgeKey of(String route, URI upstream, String principal, String capabilities) {
    String alone = principal == null || principal.isEmpty() ? UUID.randomUUID().toString() : null;
    return new BridgeKey(route, upstream, principal, capabilities, alone);
  }

  /** Whether the session is one request's own, to be ended when that request no longer uses it. */
  boolean single() {
    return alone != null;
  }
}
