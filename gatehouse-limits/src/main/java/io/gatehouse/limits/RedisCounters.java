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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counters in Redis, exact across replicas: each count is one atomic script ({@link RedisScripts}).
 * When Redis cannot be reached (or does not answer within {@code redis.timeout}), the call is
 * counted in process instead ({@code on-failure: local}) or refused ({@code closed}); each such
 * failure counts in {@code gatehouse.limits.backend.failures} and is logged at most every ten
 * seconds. Lettuce reconnects on its own, and counting returns to Redis as soon as it answers.
 * Counts block on Redis, so the policy runs them off the event loop.
 */
public final class RedisCounters implements Counters {
  private static final Logger log = LoggerFactory.getLogger(RedisCounters.class);
  private static final String PREFIX = "gatehouse:limits:";
  private static final long WARN_EVERY_MILLIS = 10_000;
  private static final long CONNECT_EVERY_MILLIS = 1_000;

  private final RedisSettings settings;
  private final ClientResources resources;
  private final RedisClient client;
  private final LocalCounters fallback;
  private volatile QuotaStore store;
  private final LimitClock clock;
  private final Counter failures;
  private final ReentrantLock connecting = new ReentrantLock();
  private final String bucketSha = sha1(RedisScripts.TOKEN_BUCKET);
  private final String quotaSha = sha1(RedisScripts.QUOTA_WINDOW);
  private volatile StatefulRedisConnection<String, String> connection;
  private volatile long lastConnectAttempt = -CONNECT_EVERY_MILLIS;
  private volatile long lastWarn = -WARN_EVERY_MILLIS;
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
    RedisURI uri = RedisURI.create(settings.url());
    uri.setTimeout(settings.timeout());
    // Reconnect within two seconds of Redis coming back, not Lettuce's default of up to 30.
    this.resources =
        DefaultClientResources.builder()
            .reconnectDelay(
                Delay.exponential(
                    Duration.ofMillis(50), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
            .build();
    this.client = RedisClient.create(resources, uri);
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
  }

  /** Records quota windows in {@code store} too, for the usage API (Redis keeps the counts). */
  void record(QuotaStore store) {
    this.store = store;
  }

  @Override
  public boolean blocks(CounterKey key, Limit limit) {
    return true;
  }

  @Override
  public Decision take(CounterKey key, Limit limit) {
    try {
      StatefulRedisConnection<String, String> c = connection();
      Decision d = limit.isQuota() ? quota(c, key, limit) : rate(c, key, limit);
      if (failing) {
        failing = false;
        log.info("limits: Redis at {} answers again; counting there", settings);
      }
      return d;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failed(key, limit, e);
    } catch (Exception e) {
      return failed(key, limit, e);
    }
  }

  private Decision rate(StatefulRedisConnection<String, String> c, CounterKey key, Limit limit)
      throws Exception {
    long micros = Math.max(1, TokenBucket.interval(limit) / 1000);
    List<Object> r =
        eval(
            c,
            bucketSha,
            RedisScripts.TOKEN_BUCKET,
            PREFIX + "r:" + key.id(),
            Long.toString(micros),
            Long.toString(limit.burst()));
    long reset = Decision.seconds(number(r, 2) * 1000.0);
    return number(r, 0) == 1
        ? Decision.allow(number(r, 1), reset)
        : Decision.refuse(reset, Decision.seconds(number(r, 3) * 1000.0));
  }

  private Decision quota(StatefulRedisConnection<String, String> c, CounterKey key, Limit limit)
      throws Exception {
    long now = clock.epochMillis();
    long start = limit.window().start(now);
    long end = limit.window().end(start);
    List<Object> r =
        eval(
            c,
            quotaSha,
            RedisScripts.QUOTA_WINDOW,
            PREFIX + "q:" + key.id() + "@" + start,
            Long.toString(limit.amount()),
            Long.toString(end / 1000));
    long used = number(r, 1);
    long reset = Decision.seconds((end - now) * 1e6);
    QuotaStore s = store;
    if (s != null && number(r, 0) == 1) {
      s.dirty(new QuotaRow(key, start, end, used, limit.amount()));
    }
    return number(r, 0) == 1
        ? Decision.allow(limit.amount() - used, reset)
        : Decision.refuse(reset, reset);
  }

  private List<Object> eval(
      StatefulRedisConnection<String, String> c,
      String sha,
      String script,
      String key,
      String... args)
      throws Exception {
    long wait = settings.timeout().toNanos();
    try {
      return c.async()
          .<List<Object>>evalsha(sha, ScriptOutputType.MULTI, new String[] {key}, args)
          .get(wait, TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof RedisNoScriptException)) {
        throw e;
      }
      return c.async()
          .<List<Object>>eval(script, ScriptOutputType.MULTI, new String[] {key}, args)
          .get(wait, TimeUnit.NANOSECONDS);
    }
  }

  private StatefulRedisConnection<String, String> connection() {
    StatefulRedisConnection<String, String> c = connection;
    if (c != null) {
      return c;
    }
    connecting.lock();
    try {
      if (connection != null) {
        return connection;
      }
      long now = clock.epochMillis();
      if (now - lastConnectAttempt < CONNECT_EVERY_MILLIS) {
        throw new LimitsUnavailable("not connected to redis");
      }
      lastConnectAttempt = now;
      connection = client.connect(StringCodec.UTF8);
      log.info("limits: counting in Redis at {}", settings);
      return connection;
    } finally {
      connecting.unlock();
    }
  }

  private Decision failed(CounterKey key, Limit limit, Exception e) {
    failures.increment();
    failing = true;
    warn(e);
    if (settings.failClosed()) {
      throw new LimitsUnavailable("the shared counters (Redis) are unreachable");
    }
    return fallback.take(key, limit);
  }

  private void warn(Exception e) {
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
        e instanceof java.util.concurrent.TimeoutException
            ? "no answer within " + settings.timeout().toMillis() + "ms"
            : (e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e)
                .getClass()
                .getSimpleName(),
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
    StatefulRedisConnection<String, String> c = connection;
    if (c != null) {
      c.close();
    }
    client.shutdown(0, 2, TimeUnit.SECONDS);
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }
}
