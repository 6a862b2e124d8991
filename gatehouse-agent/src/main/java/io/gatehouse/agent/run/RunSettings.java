package io.gatehouse.agent.run;

import java.time.Duration;

/**
 * The limits of one response.
 *
 * @param maxIterations model turns per response (subagents' turns included)
 * @param maxToolCalls tool calls per response (a request's {@code max_tool_calls} may lower it)
 * @param maxTime how long one response may run
 * @param approvalExpiry how long an approval request waits for its answer
 * @param retention how long a stored response is kept
 */
public record RunSettings(
    int maxIterations,
    int maxToolCalls,
    Duration maxTime,
    Duration approvalExpiry,
    Duration retention) {
  public static final RunSettings DEFAULTS =
      new RunSettings(16, 64, Duration.ofMinutes(5), Duration.ofHours(24), Duration.ofDays(30));

  public RunSettings {
    if (maxIterations < 1 || maxToolCalls < 1) {
      throw new IllegalArgumentException("agents: max-iterations and max-tool-calls must be >= 1");
    }
  }
}
