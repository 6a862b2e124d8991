package io.gatehouse.gateway;

import java.util.Map;

/**
 * How an MCP message was answered. Filters return one, usually the one {@code next} returned; a filter
 * that refuses a message returns its own {@link Reply} without calling {@code next}.
 */
public sealed interface McpOutcome {

  /** The HTTP status the caller saw. */
  int status();

  /** The stable key of the error answered, or null when the answer was not an error. */
  String errorKey();

  /** {@code 202 Accepted} with no body: a notification or a response was delivered. */
  record Accepted() implements McpOutcome {
    @Override
    public int status() {
      return 202;
    }

    @Override
    public String errorKey() {
      return null;
    }
  }

  /**
   * One JSON body, written by the gateway's edge.
   *
   * @param headers extra response headers, such as {@code Mcp-Session-Id} on an initialize answer
   */
  record Reply(int status, byte[] json, String errorKey, Map<String, String> headers) implements McpOutcome {
    public Reply {
      headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public static Reply ok(byte[] json) {
      return new Reply(200, json, null, Map.of());
    }
  }

  /**
   * The answer was streamed to the caller as Server-Sent Events while it was produced.
   *
   * @param events how many events carried messages
   */
  record Streamed(int status, String errorKey, int events) implements McpOutcome {}
}
