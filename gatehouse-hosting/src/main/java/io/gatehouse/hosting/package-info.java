/**
 * Hosting of stdio MCP servers: {@link io.gatehouse.hosting.StdioHosting} runs each route's server
 * as child processes and serves them over Streamable HTTP on an internal path that only the
 * gateway's own upstream requests (which carry a key held in memory) may use. The gateway then
 * treats the route like any remote upstream, so sessions, policies, resumable streams and audit
 * apply unchanged.
 */
package io.gatehouse.hosting;
