package io.gatehouse.policy.validate;

import io.gatehouse.core.ErrorKey;
import io.gatehouse.protocol.JsonRpcErrors;

/** The error keys of request and answer validation. */
public final class ValidationErrors {
  private ValidationErrors() {}

  /**
   * A request whose params do not fit: the MCP shape of its method, the route's size limits, or the
   * tool's {@code inputSchema}. JSON-RPC {@code -32602} (invalid params); 400 where it ends an HTTP
   * exchange.
   */
  public static final ErrorKey INVALID_ARGUMENTS =
      ErrorKey.of(
          "INVALID_ARGUMENTS",
          400,
          JsonRpcErrors.INVALID_PARAMS,
          "Fix the params at the paths listed in error.data.errors (a tool's inputSchema is in"
              + " tools/list), then send the request again.");

  /**
   * A tool's answer whose {@code structuredContent} does not fit the tool's own {@code
   * outputSchema}, on a route with {@code validation.output: refuse}.
   */
  public static final ErrorKey INVALID_OUTPUT =
      ErrorKey.of(
          "INVALID_OUTPUT",
          502,
          JsonRpcErrors.INTERNAL_ERROR,
          "The tool answered with structuredContent that does not fit its own outputSchema: tell"
              + " the tool's owner; retrying will likely fail the same way.");
}
