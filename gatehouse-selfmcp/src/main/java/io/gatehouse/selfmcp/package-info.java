/**
 * Gatehouse's own MCP server ({@link io.gatehouse.selfmcp.SelfServer}): the platform's catalog,
 * deployments, connections, usage and audit as MCP tools, resources and prompts, served on an
 * internal path behind the built-in route {@code /mcp/gatehouse}. Each tool is an admin API request
 * made in process as the caller the gateway authenticated ({@link io.gatehouse.selfmcp.AdminGate}),
 * so a tool can do exactly what that caller may do through the admin API. {@link
 * io.gatehouse.selfmcp.StdioRelay} serves the same server over stdio ({@code gatehouse mcp}).
 */
package io.gatehouse.selfmcp;
