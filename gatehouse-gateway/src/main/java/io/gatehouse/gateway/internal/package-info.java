/**
 * How the gateway works inside, all on the caller's event loop: the entry ({@code McpEndpoint}) and
 * the two transports toward callers ({@code StreamableHttp}, {@code LegacySse}), the relays of one
 * message ({@code InitializeCall}, {@code RequestCall}, {@code DeliveryCall}, {@code
 * ServerStreamCall}), resumable streams and the session state local to a replica, and the upstream
 * side ({@code Upstreams}, the legacy HTTP+SSE connections, and the pooled HTTP client in {@code
 * upstream}).
 */
package io.gatehouse.gateway.internal;
