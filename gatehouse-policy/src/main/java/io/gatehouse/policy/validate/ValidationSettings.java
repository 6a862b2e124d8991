package io.gatehouse.policy.validate;

/**
 * What the {@code validation} section asks of a route, or of the calls of one tool.
 *
 * @param arguments whether {@code tools/call} arguments are checked against the tool's {@code
 *     inputSchema}
 * @param output what a {@code structuredContent} that does not fit the tool's {@code outputSchema}
 *     does
 * @param maxBody the largest message, in bytes (the gateway's own {@code gateway.max-request-size}
 *     applies first, so this can only lower it)
 * @param maxDepth how deeply {@code params} may nest objects and arrays ({@code params} itself is
 *     1)
 * @param maxStringLength the longest string in {@code params}, member names included, in chars
 * @param maxArrayLength the longest array in {@code params}
 * @param enabled false: nothing is checked (and, for a whole route, no validation policy is bound)
 */
public record ValidationSettings(
    boolean arguments,
    OutputCheck output,
    long maxBody,
    int maxDepth,
    int maxStringLength,
    int maxArrayLength,
    boolean enabled) {

  /** The settings of a route whose sets say nothing of validation. */
  public static final ValidationSettings DEFAULTS =
      new ValidationSettings(true, OutputCheck.OFF, 1L << 20, 64, 1_048_576, 100_000);

  /** Settings of validation that is on. */
  public ValidationSettings(
      boolean arguments,
      OutputCheck output,
      long maxBody,
      int maxDepth,
      int maxStringLength,
      int maxArrayLength) {
    this(arguments, output, maxBody, maxDepth, maxStringLength, maxArrayLength, true);
  }

  /**
   * What to do with a tool result whose {@code structuredContent} fails its {@code outputSchema}.
   */
  public enum OutputCheck {
    /** Not checked. */
    OFF,
    /** Logged at WARN with the tool and the failing paths (never the values), and passed on. */
    LOG,
    /** Replaced with a JSON-RPC error keyed {@code INVALID_OUTPUT}. */
    REFUSE
  }
}
