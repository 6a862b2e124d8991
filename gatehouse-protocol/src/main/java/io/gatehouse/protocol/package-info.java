/**
 * The wire: JSON-RPC 2.0 envelopes as MCP uses them, the protocol revisions Gatehouse speaks, and
 * the errors it writes. Envelopes are scanned, never bound into trees, so a gateway can route a
 * message while forwarding its original bytes untouched.
 */
package io.gatehouse.protocol;
