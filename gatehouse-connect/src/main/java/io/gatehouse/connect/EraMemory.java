package io.gatehouse.connect;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The endpoints found not to speak the modern era, so that the next {@link McpClient} to one goes
 * straight to {@code initialize} instead of probing again (transports, 2026-07-28: clients cache
 * the verdict). A verdict lasts {@link #LIFETIME}, so a server that is upgraded is probed again.
 *
 * <p>A verdict is kept per URL and per what may make the same URL answer differently: the headers
 * and query added to every request (a static credential, a tenant), the credential object, the TLS
 * client identity and the proxy. These are never kept themselves: the key is the URL and an HMAC of
 * them under a key made for this process, so no secret sits in the map. One connection's verdict
 * thus never makes another skip its probe; and {@link McpClient} forgets a verdict whose legacy
 * handshake then fails, and probes once.
 */
final class EraMemory {
  static final Duration LIFETIME = Duration.ofMinutes(10);
  private static final int MAX_ENTRIES = 4096;
  private static final Map<String, Long> LEGACY = new ConcurrentHashMap<>();
  private static final byte[] KEY = new byte[32];

  static {
    new SecureRandom().nextBytes(KEY);
  }

  private EraMemory() {}

  /** The key of the verdict for {@code endpoint} reached with {@code o}: no secret in it. */
  static String key(URI endpoint, McpClient.Options o) {
    StringBuilder s = new StringBuilder();
    new TreeMap<>(o.headers())
        .forEach(
            (k, v) ->
                s.append("h\0")
                    .append(k.toLowerCase(java.util.Locale.ROOT))
                    .append('\0')
                    .append(v)
                    .append('\0'));
    new TreeMap<>(o.query())
        .forEach((k, v) -> s.append("q\0").append(k).append('\0').append(v).append('\0'));
    if (o.authorization() != null) {
      // the credential's own identity: each connection's, never another's
      s.append("a\0")
          .append(o.authorization().getClass().getName())
          .append('@')
          .append(System.identityHashCode(o.authorization()))
          .append('\0');
    }
    if (o.tls() != null) {
      s.append("t\0")
          .append(o.tls().trustedCas())
          .append('\0')
          .append(o.tls().clientCertificate())
          .append('\0');
    }
    if (o.proxy() != null) {
      s.append("p\0").append(o.proxy().host()).append(':').append(o.proxy().port()).append('\0');
      if (o.proxy().credential() != null) {
        s.append(o.proxy().credential().reveal()).append('\0');
      }
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
      byte[] h = mac.doFinal(s.toString().getBytes(StandardCharsets.UTF_8));
      return endpoint + " " + HexFormat.of().formatHex(h, 0, 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean knownLegacy(String key) {
    Long until = LEGACY.get(key);
    if (until == null) {
      return false;
    }
    if (System.nanoTime() - until > 0) {
      LEGACY.remove(key, until);
      return false;
    }
    return true;
  }

  static void legacy(String key) {
    if (LEGACY.size() >= MAX_ENTRIES) {
      LEGACY.clear(); // rare: a probe more for each, never an unbounded map
    }
    LEGACY.put(key, System.nanoTime() + LIFETIME.toNanos());
  }

  /** Forgets the verdict: the endpoint speaks the modern era, or the verdict proved wrong. */
  static void forget(String key) {
    LEGACY.remove(key);
  }
}
