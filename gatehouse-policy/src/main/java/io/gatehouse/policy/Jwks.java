package io.gatehouse.policy;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.net.Egress;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An issuer's signing keys, fetched from its JWKS URL and kept: looked up in memory on the I/O
 * thread; fetched again (off it) when they are older than {@link #MAX_AGE}, or when a token names a
 * key id not among them (the issuer rotated its keys), at most once per {@link #MIN_REFETCH} so
 * tokens with made-up key ids cannot turn the gateway into a load generator against the issuer.
 */
final class Jwks {
  private static final Logger log = LoggerFactory.getLogger(Jwks.class);
  static final Duration MAX_AGE = Duration.ofMinutes(10);
  static final Duration MIN_REFETCH = Duration.ofSeconds(10);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private record Fetched(JWKSet keys, long atMillis) {}

  /** A key set is a few kilobytes; anything far larger is not one. */
  static final int MAX_BYTES = 1024 * 1024;

  private final URI url;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile Fetched fetched;
  private volatile long lastAttemptMillis = Long.MIN_VALUE / 2;

  private final Egress egress;

  Jwks(URI url, Clock clock, Egress egress) {
    this.url = url;
    this.clock = clock;
    this.egress = egress;
  }

  /** Whether the keys in memory are fresh enough to decide without fetching. */
  boolean isFresh() {
    Fetched f = fetched;
    return f != null && clock.millis() - f.atMillis() < MAX_AGE.toMillis();
  }

  /** The key with {@code kid} (or the only signing key when a token names none), or null. */
  JWK find(String kid) {
    Fetched f = fetched;
    if (f == null) {
      return null;
    }
    if (kid != null) {
      return f.keys().getKeyByKeyId(kid);
    }
    List<JWK> keys = f.keys().getKeys();
    return keys.size() == 1 ? keys.getFirst() : null;
  }

  /** Whether a fetch now would respect the rate limit. */
  boolean mayFetch() {
    return clock.millis() - lastAttemptMillis >= MIN_REFETCH.toMillis();
  }

  /** Fetches the keys (blocking); keeps the previous ones if the issuer cannot be reached. */
  void fetch() {
    // A lock, not synchronized: this runs on virtual threads and blocks on the network.
    lock.lock();
    try {
      if (!mayFetch()) {
        return;
      }
      lastAttemptMillis = clock.millis();
      egress.resolve(url.getHost());
      HttpResponse<InputStream> r =
          HTTP.send(
              HttpRequest.newBuilder(url)
                  .timeout(Duration.ofSeconds(5))
                  .header("Accept", "application/json")
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = r.body()) {
        if (r.statusCode() != 200) {
          log.warn("JWKS {} answered {}; keeping the keys known so far", url, r.statusCode());
          return;
        }
        byte[] body = in.readNBytes(MAX_BYTES + 1);
        if (body.length > MAX_BYTES) {
          log.warn(
              "JWKS {} is larger than {} bytes; keeping the keys known so far", url, MAX_BYTES);
          return;
        }
        fetched =
            new Fetched(JWKSet.parse(new String(body, StandardCharsets.UTF_8)), clock.millis());
      }
    } catch (IOException | ParseException e) {
      log.warn("JWKS {} could not be read ({}); keeping the keys known so far", url, e.toString());
    } catch (GatehouseException e) {
      log.warn("JWKS {} is not fetched: {} {}", url, e.error().key(), e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }
}
