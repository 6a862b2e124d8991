/**
 * Server-Sent Events as MCP's Streamable HTTP and legacy HTTP+SSE transports use them: an encoder
 * that writes one event per call, and a reader that yields events from a byte stream as they
 * arrive.
 */
package io.gatehouse.protocol.sse;
