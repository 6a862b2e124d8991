/**
 * The gateway's policies, each an {@link io.gatehouse.gateway.McpPolicy} bound to a phase,
 * gateway-wide or per route. Today: which network addresses may call ({@link IpFilter}), behind the
 * proxies trusted to say who the caller is ({@link TrustedProxies}). They decide on the event loop
 * from what the routing snapshot carries and never block.
 */
package io.gatehouse.policy;
