package io.gatehouse.agent.model;

import static java.util.Objects.requireNonNull;

import io.gatehouse.core.Secret;
import io.gatehouse.core.net.Egress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.random.RandomGenerator;
import tools.jackson.databind.JsonNode;

/**
 * An OpenAI-compatible Chat Completions client: {@code POST {baseUrl}/chat/completions}, blocking
 * on the caller's virtual thread. The provider's host is checked against the egress rules before
 * each attempt; a 429 (after its {@code Retry-After}, capped), a 5xx or a failed connection is
 * tried again up to {@code retries} times with exponential backoff and jitter; any other 4xx, a
 * timeout or a nonsense answer is not. The key is sent only in {@code Authorization} and scrubbed
 * from every message.
 */
public final class ChatCompletions implements ModelClient {
  /**
   * One provider's endpoint and limits.
   *
   * @param provider the provider's name, for messages
   * @param baseUrl such as {@code https://api.openai.com/v1}; the API's path is added
   * @param apiKey sent as {@code Authorization: Bearer}, or null for none (a local server)
   * @param timeout how long one attempt may wait for the answer
   * @param retries how many times a retryable failure is tried again (0: once in all)
   */
  public record Settings(
      String provider, URI baseUrl, Secret apiKey, Duration timeout, int retries) {
    public Settings {
      requireNonNull(provider, "provider");
      requireNonNull(baseUrl, "baseUrl");
      requireNonNull(timeout, "timeout");
      if (retries < 0) {
        throw new IllegalArgumentException("retries: " + retries + " (expected: >= 0)");
      }
    }
  }

  static final ProviderCall.Wire WIRE =
      new ProviderCall.Wire() {
        @Override
        public String path() {
          return "chat/completions";
        }

        @Override
        public String api() {
          return "Chat Completions";
        }

        @Override
        public byte[] request(ModelCall call) {
          return ChatWire.request(call);
        }

        @Override
        public ModelReply reply(JsonNode body) {
          return ChatWire.reply(body);
        }
      };

  private final ProviderCall call;

  /**
   * @param http a client from {@link #httpClient()}, shared by every provider
   */
  public ChatCompletions(Settings settings, Egress egress, HttpClient http) {
    this(settings, egress, http, d -> Thread.sleep(d), RandomGenerator.getDefault());
  }

  ChatCompletions(
      Settings settings,
      Egress egress,
      HttpClient http,
      ProviderCall.Pause pause,
      RandomGenerator random) {
    this.call = new ProviderCall(settings, WIRE, egress, http, pause, random);
  }

  /** A client for providers: redirects never followed, connections given up after 10 s. */
  public static HttpClient httpClient() {
    return HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
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
