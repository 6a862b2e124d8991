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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to Redis, used asynchronously: made when the engine starts, tried again at most
 * once a second while Redis cannot be reached, and reconnected by Lettuce (within two seconds of
 * Redis coming back) once it was made. While it is down, commands fail at once rather than queue.
 */
final class RedisLink implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RedisLink.class);
  private static final long CONNECT_EVERY_MILLIS = 1_000;

  private final RedisSettings settings;
  private final LimitClock clock;
  private final RedisURI uri;
  private final ClientResources resources;
  private final RedisClient client;
  private volatile CompletableFuture<StatefulRedisConnection<String, String>> connection;
  private long lastConnectAttempt;

  RedisLink(RedisSettings settings, LimitClock clock) {
    this.settings = settings;
    this.clock = clock;
    this.uri = RedisURI.create(settings.url());
    uri.setTimeout(settings.timeout());
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
    connection(); // connect now, so the first calls do not wait for it
  }

  /**
   * Runs {@code script} by its digest {@code sha} (sending it whole once if Redis does not know it
   * yet); the reply must come within {@code redis.timeout} of the connection being there.
   */
  CompletionStage<List<Object>> eval(String sha, String script, String[] keys, String[] args) {
    return connection()
        .thenCompose(
            c ->
                c.async()
                    .<List<Object>>evalsha(sha, ScriptOutputType.MULTI, keys, args)
                    .exceptionallyCompose(
                        e ->
                            unwrap(e) instanceof RedisNoScriptException
                                ? c.async()
                                    .<List<Object>>eval(script, ScriptOutputType.MULTI, keys, args)
                                : CompletableFuture.failedStage(e))
                    .toCompletableFuture()
                    .orTimeout(settings.timeout().toNanos(), TimeUnit.NANOSECONDS));
  }

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

  static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  static String sha1(String script) {
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
