/**
 * Virtual servers: one route at {@code /mcp/{virtual}} whose tools, prompts and resources are those
 * of several other routes of the same Gatehouse, each source's names behind a prefix of its own.
 * {@link io.gatehouse.hosting.virtual.VirtualHosting} is the facade: an in-process MCP server (the
 * composer) on an internal path that the virtual route's upstream points at, which reaches each
 * source through the gateway's own {@code /mcp/{source}} as the virtual route's caller, so every
 * source's own policies apply to that caller.
 */
package io.gatehouse.hosting.virtual;
