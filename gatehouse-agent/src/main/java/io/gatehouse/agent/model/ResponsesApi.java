package io.gatehouse.agent.model;

import io.gatehouse.core.net.Egress;
import java.net.http.HttpClient;
import java.util.random.RandomGenerator;

/**
 * A client of a provider's own Responses API ({@code POST {baseUrl}/responses}, {@code store:
 * false}) with function tools, for providers set to {@code api: responses}: the same egress check,
 * timeouts, retries and key handling as {@link ChatCompletions}; {@code function_call} output items
 * are the tool calls.
 */
public final class ResponsesApi implements ModelClient {
  private final ProviderCall call;

  /**
   * @param http a client from {@link ChatCompletions#httpClient()}, shared by every provider
   */
  public ResponsesApi(ChatCompletions.Settings settings, Egress egress, HttpClient http) {
    this(settings, egress, http, d -> Thread.sleep(d), RandomGenerator.getDefault());
  }

  ResponsesApi(
      ChatCompletions.Settings settings,
      Egress egress,
      HttpClient http,
      ProviderCall.Pause pause,
      RandomGenerator random) {
    this.call = new ProviderCall(settings, ResponsesWire.INSTANCE, egress, http, pause, random);
  }

  @Override
  public ModelReply complete(ModelCall c) throws ModelFailure {
    return call.complete(c);
  }

  @Override
  public String toString() {
    return call.toString();
  }
}
