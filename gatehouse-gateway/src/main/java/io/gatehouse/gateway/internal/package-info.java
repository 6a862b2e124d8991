/**
 * How the gateway works inside: the HTTP edge ({@code McpEndpoint} and the two downstream transports),
 * session state local to this replica, the relay to upstreams, and the upstream transports.
 */
package io.gatehouse.gateway.internal;
