package io.gatehouse.gateway;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How the data plane behaves, independent of routes. Build with {@link #builder()}; every value has
 * a default that suits a laptop and a production replica alike.
 *
 * @param maxRequestBytes the largest message a client may POST; larger ones get 413
 * @param maxResponseBytes the largest single message an upstream may answer with
 * @param allowedHosts host names accepted in the {@code Host} header; empty accepts any host
 * @param allowedOrigins origins ({@code scheme://host[:port]}) accepted in an {@code Origin}
 *     header, besides the origins of allowed hosts
 * @param sessionTtl how long a session id stays valid after {@code initialize}
 * @param keepAlive how often an idle event stream gets a comment, so proxies and clients keep it
 *     open
 * @param sseAfter how long to wait for an upstream's answer before switching the caller to an event
 *     stream (so keep-alives can flow during long tool calls); clients that accept only JSON keep
 *     waiting
 * @param sseRetry the reconnection delay the gateway's priming events announce
 * @param resumeWindow how long the events of a stream whose caller disconnected are kept for
 *     resumption
 * @param resumeBufferBytes how many bytes of events one stream keeps for resumption
 */
public record GatewaySettings(
    int maxRequestBytes,
    int maxResponseBytes,
    Set<String> allowedHosts,
    Set<String> allowedOrigins,
    Duration sessionTtl,
    Duration keepAlive,
    Duration sseAfter,
    Duration sseRetry,
    Duration resumeWindow,
    int resumeBufferBytes) {

  /** Loopback names accepted when the gateway listens on a loopback address. */
  public static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  public GatewaySettings {
    positive("max-request-size", maxRequestBytes);
    positive("max-response-size", maxResponseBytes);
    allowedHosts =
        allowedHosts.stream()
            .map(h -> h.toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
    allowedOrigins =
        allowedOrigins.stream()
            .map(o -> o.toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
    positive("session-ttl", sessionTtl);
    positive("keep-alive", keepAlive);
    positive("sse-after", sseAfter);
    positive("sse-retry", sseRetry);
    positive("resume-window", resumeWindow);
    positive("resume-buffer-size", resumeBufferBytes);
  }

  public static Builder builder() {
    return new Builder();
  }

  public static GatewaySettings defaults() {
    return builder().build();
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
    }
  }

  private static void positive(String name, Duration value) {
    requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
    }
  }

  /** Builds {@link GatewaySettings}; unset values keep their defaults. */
  public static final class Builder {
    private int maxRequestBytes = 4 * 1024 * 1024;
    private int maxResponseBytes = 64 * 1024 * 1024;
    private Set<String> allowedHosts = LOOPBACK_HOSTS;
    private Set<String> allowedOrigins = Set.of();
    private Duration sessionTtl = Duration.ofHours(24);
    private Duration keepAlive = Duration.ofSeconds(15);
    private Duration sseAfter = Duration.ofSeconds(2);
    private Duration sseRetry = Duration.ofSeconds(2);
    private Duration resumeWindow = Duration.ofMinutes(5);
    private int resumeBufferBytes = 8 * 1024 * 1024;

    private Builder() {}

    public Builder maxRequestBytes(int v) {
      maxRequestBytes = v;
      return this;
    }

    public Builder maxResponseBytes(int v) {
      maxResponseBytes = v;
      return this;
    }

    public Builder allowedHosts(Set<String> v) {
      allowedHosts = Set.copyOf(v);
      return this;
    }

    public Builder allowedOrigins(Set<String> v) {
      allowedOrigins = Set.copyOf(v);
      return this;
    }

    public Builder sessionTtl(Duration v) {
      sessionTtl = v;
      return this;
    }

    public Builder keepAlive(Duration v) {
      keepAlive = v;
      return this;
    }

    public Builder sseAfter(Duration v) {
      sseAfter = v;
      return this;
    }

    public Builder sseRetry(Duration v) {
      sseRetry = v;
      return this;
    }

    public Builder resumeWindow(Duration v) {
      resumeWindow = v;
      return this;
    }

    public Builder resumeBufferBytes(int v) {
      resumeBufferBytes = v;
      return this;
    }

    public GatewaySettings build() {
      return new GatewaySettings(
          maxRequestBytes,
          maxResponseBytes,
          allowedHosts,
          allowedOrigins,
          sessionTtl,
          keepAlive,
          sseAfter,
          sseRetry,
          resumeWindow,
          resumeBufferBytes);
    }
  }
}
