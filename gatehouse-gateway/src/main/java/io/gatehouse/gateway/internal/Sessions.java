package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.GatewayError;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.SessionSealer;
import io.gatehouse.gateway.SessionToken;
import java.time.Instant;

/** Opens the session id a caller presents, refusing what this gateway did not issue or has ended. */
final class Sessions {
  private final SessionSealer sealer;
  private final LocalSessions local;

  Sessions(SessionSealer sealer, LocalSessions local) {
    this.sealer = sealer;
    this.local = local;
  }

  /**
   * @throws GatewayException {@code SESSION_REQUIRED} (400) without an id, {@code SESSION_NOT_FOUND} (404)
   *     for an id that is forged, tampered with, for another route, expired or deleted
   */
  SessionToken open(String sessionId, RouteDefinition route) {
    if (sessionId == null || sessionId.isBlank()) {
      throw new GatewayException(GatewayError.SESSION_REQUIRED, "the Mcp-Session-Id header is missing");
    }
    SessionToken t = sealer.open(sessionId.trim());
    if (t == null || !t.route().equals(route.name()) || t.isExpired(Instant.now().getEpochSecond())
        || local.isTerminated(sessionId.trim())) {
      throw new GatewayException(GatewayError.SESSION_NOT_FOUND, "route '" + route.name() + "': unknown or ended session");
    }
    return t;
  }

  LocalSessions local() {
    return local;
  }
}
