package io.gatehouse.agent.model;

import static java.util.Objects.requireNonNull;

import io.gatehouse.core.ErrorKey;
import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.net.Egress;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * One provider call, whatever its wire format: {@code POST {baseUrl}/{path}} on the JDK's HTTP
 * client (blocking, so it runs on the caller's virtual thread). The provider's host is resolved and
 * checked against the egress rules before each attempt. A 429 (after its {@code Retry-After},
 * capped), a 5xx or a failed connection is tried again, up to {@code retries} times, with
 * exponential backoff and jitter; any other 4xx, a timeout or a nonsense answer is not. The API key
 * goes in the {@code Authorization} header only; every message is scrubbed of it.
 */
final class ProviderCall {
  private static final Logger log = LoggerFactory.getLogger(ProviderCall.class);

  /** The first backoff; each retry doubles it, up to {@link #MAX_BACKOFF}. */
  static final Duration FIRST_BACKOFF = Duration.ofMillis(500);

  static final Duration MAX_BACKOFF = Duration.ofSeconds(8);

  /** The longest {@code Retry-After} honoured; a longer one is waited for this long. */
  static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);

  /** The largest answer read. */
  static final int MAX_ANSWER = 16 * 1024 * 1024;

  /** A wire format: where the call goes, its body, and how its answer reads. */
  interface Wire {
    /** The path below the base URL, such as {@code chat/completions}. */
    String path();

    /** The API's name, for messages. */
    String api();

    byte[] request(ModelCall call);

    /** The reply in {@code body}, or null when it is not an answer of this API. */
    ModelReply reply(JsonNode body);
  }

  /** Waits between attempts; a seam so tests see the waits without taking them. */
  @FunctionalInterface
  interface Pause {
    void pause(Duration d) throws InterruptedException;
  }

  private final ChatCompletions.Settings settings;
  private final Wire wire;
  private final Egress egress;
  private final HttpClient http;
  private final Pause pause;
  private final RandomGenerator random;
  private final URI endpoint;

  ProviderCall(
      ChatCompletions.Settings settings,
      Wire wire,
      Egress egress,
      HttpClient http,
      Pause pause,
      RandomGenerator random) {
    this.settings = requireNonNull(settings, "settings");
    this.wire = requireNonNull(wire, "wire");
    this.egress = requireNonNull(egress, "egress");
    this.http = requireNonNull(http, "http");
    this.pause = pause;
    this.random = random;
    String base = settings.baseUrl().toString();
    this.endpoint = URI.create(base.replaceAll("/+$", "") + "/" + wire.path());
  }

  ModelReply complete(ModelCall call) throws ModelFailure {
    byte[] body = wire.request(requireNonNull(call, "call"));
    HttpRequest.Builder b =
        HttpRequest.newBuilder(endpoint)
            .timeout(settings.timeout())
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (settings.apiKey() != null) {
      b.header("Authorization", "Bearer " + settings.apiKey().reveal());
    }
    HttpRequest request = b.build();
    for (int attempt = 0; ; attempt++) {
      boolean last = attempt >= settings.retries();
      Answer a = attempt(request, call.model());
      if (a.reply != null) {
        return a.reply;
      }
      if (last || a.retryIn == null) {
        throw a.failure;
      }
      Duration wait = a.retryIn.isZero() ? backoff(attempt) : a.retryIn;
      log.warn(
          "model provider '{}': {}; retry {} of {} in {} ms",
          settings.provider(),
          a.failure.getMessage(),
          attempt + 1,
          settings.retries(),
          wait.toMillis());
      try {
        pause.pause(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failure(ModelErrors.MODEL_UNAVAILABLE, "interrupted while waiting to retry");
      }
    }
  }

  /**
   * One attempt's outcome: a reply, or a failure with when to retry (zero: after the backoff; null:
   * never).
   */
  private record Answer(ModelReply reply, ModelFailure failure, Duration retryIn) {
    static Answer retry(ModelFailure f, Duration in) {
      return new Answer(null, f, in);
    }

    static Answer fail(ModelFailure f) {
      return new Answer(null, f, null);
    }
  }

  private Answer attempt(HttpRequest request, String model) {
    try {
      egress.resolve(endpoint.getHost());
    } catch (UnknownHostException e) {
      return Answer.retry(
          failure(ModelErrors.MODEL_UNAVAILABLE, endpoint.getHost() + " does not resolve"),
          Duration.ZERO);
    } catch (GatehouseException e) {
      return Answer.fail(new ModelFailure(e.error(), where() + ": " + e.getMessage()));
    }
    HttpResponse<InputStream> r;
    try {
      r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpConnectTimeoutException e) {
      return Answer.retry(
          failure(ModelErrors.MODEL_UNAVAILABLE, "the connection was not accepted in time"),
          Duration.ZERO);
    } catch (HttpTimeoutException e) {
      return Answer.fail(
          failure(
              ModelErrors.MODEL_TIMEOUT, "no answer within " + seconds(settings.timeout()) + "s"));
    } catch (IOException e) {
      return Answer.retry(
          failure(
              ModelErrors.MODEL_UNAVAILABLE,
              "could not be reached (" + e.getClass().getSimpleName() + ")"),
          Duration.ZERO);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Answer.fail(failure(ModelErrors.MODEL_UNAVAILABLE, "interrupted"));
    }
    JsonNode json = read(r.body());
    int status = r.statusCode();
    if (status == 200) {
      ModelReply reply = wire.reply(json);
      return reply != null
          ? new Answer(reply, null, null)
          : Answer.fail(
              failure(
                  ModelErrors.MODEL_BAD_ANSWER, "answered 200 with no " + wire.api() + " answer"));
    }
    String[] error = ChatWire.error(json);
    String said = error[0] == null ? "" : ": " + scrub(error[0]);
    if (status == 429) {
      return Answer.retry(
          failure(ModelErrors.MODEL_RATE_LIMITED, "answered 429 (rate limited)" + said),
          retryAfter(r.headers().firstValue("Retry-After").orElse(null)));
    }
    if (status >= 500) {
      return Answer.retry(
          failure(ModelErrors.MODEL_UNAVAILABLE, "answered " + status + said), Duration.ZERO);
    }
    if (status == 404 && mentionsModel(error)) {
      return Answer.fail(
          failure(ModelErrors.MODEL_NOT_FOUND, "does not serve model '" + model + "'" + said));
    }
    if (status == 404) {
      return Answer.fail(
          failure(
              ModelErrors.MODEL_BAD_ANSWER, "has no " + wire.api() + " API there (404)" + said));
    }
    if (status >= 400) {
      return Answer.fail(
          failure(ModelErrors.MODEL_REFUSED, "refused the call (" + status + ")" + said));
    }
    return Answer.fail(
        failure(ModelErrors.MODEL_BAD_ANSWER, "answered " + status + " to " + endpoint));
  }

  private static boolean mentionsModel(String[] error) {
    return (error[1] != null && error[1].contains("model"))
        || (error[0] != null && error[0].toLowerCase(java.util.Locale.ROOT).contains("model"));
  }

  /** Waits {@code Retry-After} (seconds or an HTTP date), capped; the backoff when absent. */
  static Duration retryAfter(String header) {
    if (header == null || header.isBlank()) {
      return Duration.ZERO;
    }
    Duration d;
    try {
      d = Duration.ofSeconds(Long.parseLong(header.trim()));
    } catch (NumberFormatException e) {
      try {
        java.time.Instant at =
            java.time.ZonedDateTime.parse(
                    header.trim(), java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
                .toInstant();
        d = Duration.between(java.time.Instant.now(), at);
      } catch (java.time.format.DateTimeParseException e2) {
        return Duration.ZERO;
      }
    }
    if (d.isNegative() || d.isZero()) {
      return Duration.ofMillis(1);
    }
    return d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d;
  }

  /** Exponential, with jitter: between half and all of {@code FIRST_BACKOFF * 2^attempt}. */
  Duration backoff(int attempt) {
    long full = FIRST_BACKOFF.toMillis() << Math.min(attempt, 16);
    full = Math.min(full, MAX_BACKOFF.toMillis());
    return Duration.ofMillis(full / 2 + random.nextLong(full / 2 + 1));
  }

  private static JsonNode read(InputStream in) {
    try (in) {
      byte[] bytes = in.readNBytes(MAX_ANSWER);
      return bytes.length == 0 ? null : ChatWire.JSON.readTree(bytes);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private ModelFailure failure(ErrorKey key, String what) {
    return new ModelFailure(key, where() + " " + what);
  }

  private String where() {
    return "model provider '" + settings.provider() + "' (" + endpoint + ")";
  }

  /** The provider's message, without the key, without control characters, and short. */
  private String scrub(String message) {
    String s = message;
    if (settings.apiKey() != null && !settings.apiKey().reveal().isEmpty()) {
      s = s.replace(settings.apiKey().reveal(), "***");
    }
    s = s.replaceAll("\\p{Cntrl}", " ");
    return s.length() <= 300 ? s : s.substring(0, 297) + "...";
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0
        ? Long.toString(d.toSeconds())
        : String.format(java.util.Locale.ROOT, "%.1f", d.toMillis() / 1000.0);
  }

  @Override
  public String toString() {
    return wire.api() + "[" + settings.provider() + " " + endpoint + "]";
  }
}
