package io.gatehouse.selfmcp;

import io.gatehouse.core.ErrorKey;

/** The error keys of Gatehouse's own MCP server. */
public final class SelfErrors {
  private SelfErrors() {}

  /** The internal endpoint was called by something other than the gateway's own route. */
  public static final ErrorKey FORBIDDEN =
      ErrorKey.of(
          "SELF_FORBIDDEN",
          403,
          -31080,
          "Gatehouse's own MCP server is reached through its route, /mcp/gatehouse, not directly.");

  /** A tool's arguments are missing a field or have one of the wrong type. */
  public static final ErrorKey INVALID_ARGUMENTS =
      ErrorKey.of(
          "INVALID_ARGUMENTS",
          400,
          -32602,
          "Fix the named argument; tools/list shows each tool's inputSchema.");

  /** No such tool, resource or prompt. */
  public static final ErrorKey UNKNOWN =
      ErrorKey.of(
          "SELF_NOT_FOUND",
          404,
          -32602,
          "List what the server has with tools/list, resources/list, resources/templates/list or"
              + " prompts/list.");
}
