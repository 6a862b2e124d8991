package io.gatehouse.agent.model;

/** Where the tokens each response took are recorded, for the usage API. */
public interface ModelUsage {
  ModelUsage NONE = (responseId, project, principal, agent, model, usage) -> {};

  /**
   * Records one response's tokens (called once per response, when it ends).
   *
   * @param principal the caller's principal id
   * @param agent the stored agent it ran, or null
   */
  void record(
      String responseId, String project, String principal, String agent, String model, Usage usage);
}
