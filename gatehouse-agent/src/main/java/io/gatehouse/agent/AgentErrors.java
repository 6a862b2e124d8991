package io.gatehouse.agent;

import io.gatehouse.core.ErrorKey;

/** The error keys of the agent runtime's API ({@code /v1/responses}). */
public final class AgentErrors {
  private AgentErrors() {}

  public static final ErrorKey INVALID_RESPONSE_REQUEST =
      ErrorKey.of(
          "INVALID_RESPONSE_REQUEST",
          400,
          -32602,
          "POST /v1/responses takes model (or agent), input (a string or items) and tools of type"
              + " mcp (server_label, and server_url, project_connection_id or route). See"
              + " docs/agent-runtime.md.");
  public static final ErrorKey RESPONSE_NOT_FOUND =
      ErrorKey.of(
          "RESPONSE_NOT_FOUND",
          404,
          -32602,
          "Responses are kept per user, for their time to live, when created with store: true;"
              + " another user's are not found.");
  public static final ErrorKey TOOL_SERVER_UNKNOWN =
      ErrorKey.of(
          "TOOL_SERVER_UNKNOWN",
          400,
          -32602,
          "An mcp tool names a route of this Gatehouse (route, or a server_url of its /mcp/NAME),"
              + " a connection of the project (project_connection_id), or another MCP server's URL.");
}
