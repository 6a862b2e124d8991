package io.gatehouse.interop;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The interop scenarios every SDK client runs through the gateway, by the names both the Java tests
 * and {@code src/test/node/ts-sdk-interop.mjs} report them under.
 */
final class InteropScenarios {
  static final String INITIALIZE_AND_ECHO = "initialize-list-tools-unicode-echo";
  static final String LARGE_ECHO = "echo-256-kib-byte-exact";
  static final String PROGRESS = "progress-before-result";
  static final String SAMPLING = "sampling-relayed";
  static final String ELICITATION = "elicitation-relayed";
  static final String RESOURCES_AND_PROMPTS = "resources-and-prompts-paged";
  static final String PARALLEL_CALLS = "parallel-calls-one-session";
  static final String CANCEL = "cancel-then-reuse-session";
  static final String END_SESSION = "end-session-then-404";

  /**
   * In the order they run; {@link #END_SESSION} ends the session the others share, so it comes
   * last.
   */
  static final List<String> ALL =
      List.of(
          INITIALIZE_AND_ECHO,
          LARGE_ECHO,
          PROGRESS,
          SAMPLING,
          ELICITATION,
          RESOURCES_AND_PROMPTS,
          PARALLEL_CALLS,
          CANCEL,
          END_SESSION);

  /** {@code héllo ✓ 😀 中文}: 2-, 3- and 4-byte UTF-8. */
  static final String UNICODE = "héllo ✓ 😀 中文";

  /**
   * Every character JSON must escape, and U+2028, which JavaScript once could not hold in a string
   * literal.
   */
  static final String ESCAPES =
      "quote \" backslash \\ newline \n tab \t nul \u0000 line-separator \u2028 end";

  private InteropScenarios() {}

  /**
   * Exactly 256 KiB of UTF-8 mixing 1- to 4-byte characters, so chunk boundaries fall inside them.
   */
  static String largeMessage() {
    String[] pieces = {"abcdefghij", "é", "✓", "😀", "中文", "\"\\", "\n"};
    int limit = 256 * 1024;
    StringBuilder message = new StringBuilder();
    int bytes = 0;
    for (int i = 0; ; i++) {
      String piece = pieces[i % pieces.length];
      int size = piece.getBytes(StandardCharsets.UTF_8).length;
      if (bytes + size > limit) {
        return message.append("x".repeat(limit - bytes)).toString();
      }
      message.append(piece);
      bytes += size;
    }
  }
}
