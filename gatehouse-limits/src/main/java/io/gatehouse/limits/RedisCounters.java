package io.gatehouse.limits;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counters in Redis, exact across replicas: each count is one atomic script ({@link RedisScripts}),
 * sent with Lettuce's asynchronous API, so no thread waits for the reply. When Redis cannot be
 * reached (or does not answer within {@code redis.timeout}), the call is counted in process instead
 * ({@code on-failure: local}) or refused ({@code closed}); each such failure counts in {@code
 * gatehouse.limits.backend.failures} and is logged at most every ten seconds. Lettuce reconnects on
 * its own, and counting returns to Redis as soon as it answers.
 */
public final class RedisCounters implements Counters {
  private static final Logger log = LoggerFactory.getLogger(RedisCounters.class);
  private static final String PREFIX = "gatehouse:limits:";
  private static final long WARN_EVERY_MILLIS = 10_000;
  private static final long CONNECT_EVERY_MILLIS = 1_000;

  private final RedisSettings settings;
  private final RedisURI uri;
  private final ClientResources resources;
  private final RedisClient client;
  private final LocalCounters fallback;
  private final LimitClock clock;
  private final Counter failures;
  private final String bucketSha = sha1(RedisScripts.TOKEN_BUCKET);
  private final String quotaSha = sha1(RedisScripts.QUOTA_WINDOW);
  private volatile QuotaStore store;
  private volatile CompletableFuture<StatefulRedisConnection<String, String>> connection;
  private long lastConnectAttempt;
  private long lastWarn = -WARN_EVERY_MILLIS;
  private long suppressed;
  private volatile boolean failing;

  /**
   * @param store where quota windows are recorded for the usage API (Redis holds the counts), or
   *     null
   */
  public RedisCounters(
      RedisSettings settings, LimitClock clock, QuotaStore store, MeterRegistry meters) {
    this.settings = settings;
    this.clock = clock;
    this.store = store;
    this.fallback = new LocalCounters(clock, null);
    this.uri = RedisURI.create(settings.url());
    uri.setTimeout(settings.timeout());
    // Reconnect within two seconds of Redis coming back, not Lettuce's default of up to 30.
    this.resources =
        DefaultClientResources.builder()
            .reconnectDelay(
                Delay.exponential(
                    Duration.ofMillis(50), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
            .build();
    this.client = RedisClient.create(resources);
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .socketOptions(SocketOptions.builder().connectTimeout(settings.timeout()).build())
            .build());
    this.failures =
        Counter.builder("gatehouse.limits.backend.failures")
            .description("Counts Redis could not take, answered in process or refused instead")
            .tag("backend", "redis")
            .tag("on_failure", settings.failClosed() ? "closed" : "local")
            .register(meters);
    connection(); // connect now, so the first calls do not wait for it
  }

  /** Records quota windows in {@code store} too, for the usage API (Redis keeps the counts). */
  void record(QuotaStore store) {
    this.store = store;
  }

  @Override
  public boolean blocks(CounterKey key, Limit limit) {
    return false;
  }

  @Override
  public boolean async() {
    return true;
  }

  /** Waits for {@link #takeAsync}; for callers on a thread that may block. */
  @Override
  public Decision take(CounterKey key, Limit limit) {
    try {
      return takeAsync(key, limit).toCompletableFuture().join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  @Override
  public CompletionStage<Decision> takeAsync(CounterKey key, Limit limit) {
    // The timeout bounds the count; making the connection is bounded by the connect timeout.
    return connection()
        .thenCompose(
            c ->
                (limit.isQuota() ? quota(c, key, limit) : rate(c, key, limit))
                    .toCompletableFuture()
                    .orTimeout(settings.timeout().toNanos(), TimeUnit.NANOSECONDS))
        .handle(
            (d, e) -> {
              if (e == null) {
                if (failing) {
                  failing = false;
                  log.info("limits: Redis at {} answers again; counting there", settings);
                }
                return d;
              }
              return failed(key, limit, e instanceof CompletionException ? e.getCause() : e);
            });
  }

  private CompletionStage<Decision> rate(
      StatefulRedisConnection<String, String> c, CounterKey key, Limit limit) {
    long micros = Math.max(1, TokenBucket.interval(limit) / 1000);
    return eval(
            c,
            bucketSha,
            RedisScripts.TOKEN_BUCKET,
            PREFIX + "r:" + key.id(),
            Long.toString(micros),
            Long.toString(limit.burst()))
        .thenApply(
            r -> {
              long reset = Decision.seconds(number(r, 2) * 1000.0);
              return number(r, 0) == 1
                  ? Decision.allow(number(r, 1), reset)
                  : Decision.refuse(reset, Decision.seconds(number(r, 3) * 1000.0));
            });
  }

  private CompletionStage<Decision> quota(
      StatefulRedisConnection<String, String> c, CounterKey key, Limit limit) {
    long now = clock.epochMillis();
    long start = limit.window().start(now);
    long end = limit.window().end(start);
    return eval(
            c,
            quotaSha,
            RedisScripts.QUOTA_WINDOW,
            PREFIX + "q:" + key.id() + "@" + start,
            Long.toString(limit.amount()),
            Long.toString(end / 1000))
        .thenApply(
            r -> {
              long used = number(r, 1);
              long reset = Decision.seconds((end - now) * 1e6);
              if (number(r, 0) != 1) {
                return Decision.refuse(reset, reset);
              }
              QuotaStore s = store;
              if (s != null) {
                s.dirty(new QuotaRow(key, start, end, used, limit.amount()));
              }
              return Decision.allow(limit.amount() - used, reset);
            });
  }

  /** Runs a script by its digest, sending it whole once if Redis does not know it yet. */
  private static CompletionStage<List<Object>> eval(
      StatefulRedisConnection<String, String> c,
      String sha,
      String script,
      String key,
      String... args) {
    String[] keys = {key};
    return c.async()
        .<List<Object>>evalsha(sha, ScriptOutputType.MULTI, keys, args)
        .exceptionallyCompose(
            e ->
                (e instanceof CompletionException ? e.getCause() : e)
                        instanceof RedisNoScriptException
                    ? c.async().<List<Object>>eval(script, ScriptOutputType.MULTI, keys, args)
                    : CompletableFuture.failedStage(e));
  }

  /**
   * The connection, or one being made; a failed attempt is tried again at most once a second.
   * Lettuce reconnects an established connection by itself.
   */
  private CompletableFuture<StatefulRedisConnection<String, String>> connection() {
    CompletableFuture<StatefulRedisConnection<String, String>> c = connection;
    if (c != null && !c.isCompletedExceptionally()) {
      return c;
    }
    synchronized (this) {
      c = connection;
      long now = clock.epochMillis();
      if (c != null
          && (!c.isCompletedExceptionally() || now - lastConnectAttempt < CONNECT_EVERY_MILLIS)) {
        return c;
      }
      lastConnectAttempt = now;
      c =
          client
              .connectAsync(StringCodec.UTF8, uri)
              .toCompletableFuture()
              .thenApply(
                  made -> {
                    log.info("limits: counting in Redis at {}", settings);
                    return made;
                  });
      connection = c;
      return c;
    }
  }

  private Decision failed(CounterKey key, Limit limit, Throwable e) {
    failures.increment();
    failing = true;
    warn(e);
    if (settings.failClosed()) {
      throw new LimitsUnavailable("the shared counters (Redis) are unreachable");
    }
    return fallback.take(key, limit);
  }

  private void warn(Throwable e) {
    long now = clock.epochMillis();
    long quiet;
    synchronized (this) {
      if (now - lastWarn < WARN_EVERY_MILLIS) {
        suppressed++;
        return;
      }
      lastWarn = now;
      quiet = suppressed;
      suppressed = 0;
    }
    log.warn(
        "limits: Redis at {} failed ({}); {} meanwhile ({} more failure(s) since the last warning)",
        settings,
        e instanceof TimeoutException
            ? "no answer within " + settings.timeout().toMillis() + "ms"
            : e.getClass().getSimpleName(),
        settings.failClosed() ? "refusing calls with LIMITS_UNAVAILABLE" : "counting in process",
        quiet);
  }

  private static long number(List<Object> r, int i) {
    return ((Number) r.get(i)).longValue();
  }

  private static String sha1(String script) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    CompletableFuture<StatefulRedisConnection<String, String>> c = connection;
    if (c != null && c.isDone() && !c.isCompletedExceptionally()) {
      c.join().close();
    }
    client.shutdown(0, 2, TimeUnit.SECONDS);
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }
}
