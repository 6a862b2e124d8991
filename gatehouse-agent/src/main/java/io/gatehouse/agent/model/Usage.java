package io.gatehouse.agent.model;

/** Tokens in and out, summed over turns with {@link #plus}. */
public record Usage(long inputTokens, long outputTokens) {
  public static final Usage NONE = new Usage(0, 0);

  public Usage plus(Usage other) {
    return new Usage(inputTokens + other.inputTokens, outputTokens + other.outputTokens);
  }

  public long totalTokens() {
    return inputTokens + outputTokens;
  }
}
