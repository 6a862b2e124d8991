package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.SessionSealer;
import io.gatehouse.gateway.SessionToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens the session id a caller presents, refusing what this gateway did not issue or has ended.
 * Opened ids are remembered (bounded), so the AES-GCM open and the hash the access log shows are
 * computed once per session rather than once per message.
 */
final class Sessions {
  private static final int REMEMBERED = 100_000;

  private record Opened(SessionToken token, String logHash) {}

  private final SessionSealer sealer;
  private final LocalSessions local;
  private final Map<String, Opened> opened = new ConcurrentHashMap<>();

  Sessions(SessionSealer sealer, LocalSessions local) {
    this.sealer = sealer;
    this.local = local;
  }

  /**
   * @throws GatewayException {@code SESSION_REQUIRED} (400) without an id, {@code
   *     SESSION_NOT_FOUND} (404) for an id that is forged, tampered with, for another route,
   *     expired or deleted, or opened by another principal than {@code principalId} (the same
   *     answer as for an unknown id, so a stolen id tells its holder nothing)
   */
  SessionToken open(String sessionId, RouteDefinition route, String principalId) {
    if (sessionId == null || sessionId.isBlank()) {
      throw new GatewayException(
          GatewayErrors.SESSION_REQUIRED, "the Mcp-Session-Id header is missing");
    }
    String id = sessionId.trim();
    Opened o = opened.get(id);
    if (o == null) {
      SessionToken token = sealer.open(id);
      o = token == null ? null : remember(id, new Opened(token, hash(id)));
    }
    SessionToken t = o == null ? null : o.token();
    if (t == null
        || !t.route().equals(route.name())
        || !t.principal().equals(principalId)
        || t.isExpired(System.currentTimeMillis() / 1000)
        || local.isTerminated(id)) {
      throw new GatewayException(
          GatewayErrors.SESSION_NOT_FOUND,
          "route '" + route.name() + "': unknown or ended session");
    }
    return t;
  }

  private Opened remember(String id, Opened o) {
    if (opened.size() >= REMEMBERED) {
      opened.clear();
    }
    opened.put(id, o);
    return o;
  }

  /** The hash the access log shows for a session id, without hashing it again for every message. */
  String logHash(String sessionId) {
    Opened o = opened.get(sessionId);
    return o != null ? o.logHash() : hash(sessionId);
  }

  /**
   * The first 12 hex digits of SHA-256: enough to correlate log lines, useless to take over the
   * session.
   */
  static String hash(String sessionId) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(sessionId.getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(d, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Ends a session on this replica: later messages in it get 404. */
  void terminate(String sessionId, long expiresAtEpochSecond) {
    local.terminate(sessionId, expiresAtEpochSecond);
    opened.remove(sessionId);
  }

  LocalSessions local() {
    return local;
  }
}
