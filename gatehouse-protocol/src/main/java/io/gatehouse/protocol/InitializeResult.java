package io.gatehouse.protocol;

/**
 * Reads what the gateway needs from an {@code initialize} response: the negotiated protocol
 * version.
 */
public final class InitializeResult {
  private InitializeResult() {}

  /**
   * {@code result.protocolVersion}, or null when the message is no successful initialize response.
   */
  public static String protocolVersion(byte[] json) {
    return Json.nestedString(json, "result", "protocolVersion");
  }
}
