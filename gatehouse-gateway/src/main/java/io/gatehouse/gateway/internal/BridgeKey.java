package io.gatehouse.gateway.internal;

import java.net.URI;

/**
 * What a pooled upstream session is shared by: one route and upstream, one principal (a session is
 * never shared across principals: the upstream may bind what it learns to it), and one set of
 * client capabilities (so the upstream only asks a caller what it declared it can answer).
 *
 * @param capabilities the caller's {@code clientCapabilities}, canonical (keys sorted)
 */
record BridgeKey(String route, URI upstream, String principal, String capabilities) {}
