package io.gatehouse.agent.model;

/**
 * One model turn: the conversation so far and the tools the model may call, in; the model's text
 * and tool calls, out. Implementations block (the loop runs on a virtual thread) and are safe to
 * call from many threads.
 */
public interface ModelClient {
  /**
   * @throws ModelFailure when the provider cannot be reached, refuses, or answers nonsense (after
   *     the retries the provider's settings allow)
   */
  ModelReply complete(ModelCall call) throws ModelFailure;
}
