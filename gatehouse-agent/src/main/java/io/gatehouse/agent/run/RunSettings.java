package io.gatehouse.agent.run;

import java.time.Duration;

/**
 * The limits of one response.
 *
 * @param maxIterations model turns per response (subagents' turns included)
 * @param maxToolCalls tool calls per response (a request's {@code max_tool_calls} may lower it)
 * @param maxTime how long one response may run
 * @param toolCallTimeout how long one tool call may take (never past the response's time)
 * @param approvalExpiry how long an approval request waits for its answer
 * @param retention how long a stored response is kept
 * @param privateUrls whether an {@code mcp} tool's {@code server_url} may name a loopback or
 *     private address (off by default: any user of a project may send one)
 */
public record RunSettings(
    int maxIterations,
    int maxToolCalls,
    Duration maxTime,
    Duration toolCallTimeout,
    Duration approvalExpiry,
    Duration retention,
    boolean privateUrls) {
  public static final RunSettings DEFAULTS =
      new RunSettings(
          16,
          64,
          Duration.ofMinutes(5),
          Duration.ofSeconds(100),
          Duration.ofHours(24),
          Duration.ofDays(30),
          false);

  public RunSettings {
    if (maxIterations < 1 || maxToolCalls < 1) {
      throw new IllegalArgumentException(
          "responses: max-iterations and max-tool-calls must be at least 1");
    }
    if (maxTime.isZero()
        || maxTime.isNegative()
        || toolCallTimeout.isZero()
        || toolCallTimeout.isNegative()) {
      throw new IllegalArgumentException("responses: times must be positive");
    }
  }
}
