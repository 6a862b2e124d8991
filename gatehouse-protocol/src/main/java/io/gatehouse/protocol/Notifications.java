package io.gatehouse.protocol;

import java.nio.charset.StandardCharsets;

/** Notifications the gateway writes on its own behalf. */
public final class Notifications {
  private Notifications() {}

  /**
   * {@code notifications/cancelled} for {@code requestId} (basic/utilities/cancellation): sent
   * upstream when the gateway gives up on a request, so the server can stop working on it.
   */
  public static byte[] cancelled(JsonRpcId requestId, String reason) {
    return ("{\"jsonrpc\":\"2.0\",\"method\":\""
            + McpMethods.CANCELLED
            + "\",\"params\":{\"requestId\":"
            + requestId.toJson()
            + ",\"reason\":"
            + Json.quote(reason)
            + "}}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
