package io.gatehouse.bench.jmh;

import java.nio.charset.StandardCharsets;

/**
 * JSON-RPC messages shaped like real MCP traffic and sized exactly, so a score per size means what
 * its name says. Arguments are many small nested values (what a tool call carries); a result is one
 * long text block full of escapes (what a tool usually answers), which exercises the parser
 * differently.
 */
final class Payloads {
  static final long REQUEST_ID = 4711;
  static final String TOOL = "search_issues";
  static final String PROGRESS_TOKEN = "p-4711";

  private static final String FILLER = "lorem ipsum dolor sit amet ";
  private static final int ITEM_ROOM = 160;

  private Payloads() {}

  /**
   * A {@code tools/call} request whose {@code params.arguments} object is exactly {@code
   * argumentBytes} long.
   */
  static byte[] toolsCall(int argumentBytes) {
    return utf8(
        "{\"jsonrpc\":\"2.0\",\"id\":"
            + REQUEST_ID
            + ",\"method\":\"tools/call\",\"params\":{\"name\":\""
            + TOOL
            + "\",\"arguments\":"
            + arguments(argumentBytes)
            + ",\"_meta\":{\"progressToken\":\""
            + PROGRESS_TOKEN
            + "\"}}}");
  }

  /**
   * The answer to {@link #toolsCall}: one text block whose JSON string literal is exactly {@code
   * textBytes} long.
   */
  static byte[] toolResult(int textBytes) {
    return utf8(
        "{\"jsonrpc\":\"2.0\",\"id\":"
            + REQUEST_ID
            + ",\"result\":{\"content\":[{\"type\":\"text\",\"text\":"
            + text(textBytes)
            + "}],\"isError\":false}}");
  }

  /** A {@link #toolResult} that is exactly {@code totalBytes} long as a whole message. */
  static byte[] toolResultOfLength(int totalBytes) {
    int envelope = toolResult(2).length - 2;
    return toolResult(totalBytes - envelope);
  }

  /** A JSON object of exactly {@code bytes} characters: a query, a list of issues, and padding. */
  static String arguments(int bytes) {
    StringBuilder sb =
        new StringBuilder(bytes).append("{\"query\":\"is:open label:bug\",\"items\":[");
    for (int i = 0; sb.length() + ITEM_ROOM < bytes; i++) {
      sb.append(i == 0 ? "" : ",")
          .append("{\"id\":")
          .append(i)
          .append(",\"title\":\"Flaky test in module ")
          .append(i)
          .append("\",\"labels\":[\"bug\",\"ci\"],\"score\":0.")
          .append(i % 97 + 1)
          .append(",\"open\":true}");
    }
    sb.append("],\"note\":\"");
    pad(sb, bytes - 2);
    return sb.append("\"}").toString();
  }

  /**
   * A JSON string literal, quotes included, of exactly {@code bytes} characters: lines of text with
   * escapes.
   */
  static String text(int bytes) {
    StringBuilder sb = new StringBuilder(bytes).append('"');
    for (int i = 0; sb.length() + 64 < bytes; i++) {
      sb.append("#").append(i).append(" \\\"Flaky test\\\" (open, bug)\\n");
    }
    pad(sb, bytes - 1);
    return sb.append('"').toString();
  }

  private static void pad(StringBuilder sb, int length) {
    while (sb.length() < length) {
      sb.append(FILLER, 0, Math.min(FILLER.length(), length - sb.length()));
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
