/**
 * The gateway's HTTP/1.1 client toward upstreams, on Netty: connections pooled per event loop, so
 * the upstream side of a call runs on the same thread as its caller's connection.
 */
package io.gatehouse.gateway.internal.upstream;
