/**
 * Connections: named, per-project descriptions of an upstream MCP server (URL, transport) and of
 * how Gatehouse authenticates to it. A route that names a connection takes its upstream from it and
 * runs its credential policy on every upstream request; validation runs the MCP handshake and
 * answers {@code Connected} or a diagnosis with a stable key and a hint.
 */
package io.gatehouse.connect;
