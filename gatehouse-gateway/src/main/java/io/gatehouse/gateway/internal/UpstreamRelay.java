package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.AttributeKey;
import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.GatewaySettings;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpHandler;
import io.gatehouse.gateway.McpOutcome;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.SessionSealer;
import io.gatehouse.gateway.SessionToken;
import io.gatehouse.gateway.UpstreamTransport;
import io.gatehouse.protocol.JsonRpcMessage;
import io.gatehouse.protocol.McpMethods;
import io.gatehouse.protocol.Notifications;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The innermost handler: relays a message to the route's upstream and the answer back. Requests get
 * their answer as JSON when the upstream answers JSON quickly, and as an event stream otherwise;
 * notifications and responses get 202 once the upstream took them.
 */
final class UpstreamRelay implements McpHandler {
  static final AttributeKey<Downstream> DOWNSTREAM = AttributeKey.of("gatehouse.downstream", Downstream.class);
  static final AttributeKey<Forwarded> FORWARDED = AttributeKey.of("gatehouse.forwarded", Forwarded.class);
  private static final Logger log = LoggerFactory.getLogger(UpstreamRelay.class);

  private final Upstreams upstreams;
  private final SessionSealer sealer;
  private final LocalSessions sessions;
  private final GatewaySettings settings;

  UpstreamRelay(Upstreams upstreams, SessionSealer sealer, LocalSessions sessions, GatewaySettings settings) {
    this.upstreams = upstreams;
    this.sealer = sealer;
    this.sessions = sessions;
    this.settings = settings;
  }

  @Override
  public McpOutcome handle(McpExchange ex, JsonRpcMessage m) {
    Forwarded fwd = ex.attr(FORWARDED) == null ? Forwarded.NONE : ex.attr(FORWARDED);
    try {
      if (m.isInitialize()) {
        return initialize(ex, m, fwd);
      }
      if (m.isRequest()) {
        return request(ex, m, fwd);
      }
      return deliver(ex, m, fwd);
    } catch (GatewayException e) {
      return m.isRequest() ? ErrorReplies.forRequest(m.id(), e) : ErrorReplies.forDelivery(e);
    }
  }

  private McpOutcome initialize(McpExchange ex, JsonRpcMessage m, Forwarded fwd) {
    Upstreams.Opened opened = upstreams.open(ex.route(), m, ex.body(), fwd);
    return new InitializeRelay(ex, m, opened.pending(), version -> sealer.seal(new SessionToken(ex.route().name(),
        opened.transport(), opened.pending().sessionId(), version,
        Instant.now().plus(settings.sessionTtl()).getEpochSecond(), ""))).run();
  }

  private McpOutcome request(McpExchange ex, JsonRpcMessage m, Forwarded fwd) {
    PendingReply pending = upstreams.send(ex.route(), ex.session(), m, ex.body(), fwd);
    RelayedRequest relay = new RelayedRequest(this, ex, m, fwd, pending);
    sessions.started(ex.sessionId(), m.id(), relay::cancel);
    try {
      return relay.run();
    } finally {
      sessions.finished(ex.sessionId(), m.id());
    }
  }

  private McpOutcome deliver(McpExchange ex, JsonRpcMessage m, Forwarded fwd) {
    UpstreamReply reply = upstreams.send(ex.route(), ex.session(), m, ex.body(), fwd).await();
    if (McpMethods.CANCELLED.equals(m.method()) && m.cancelledRequestId() != null) {
      sessions.cancel(ex.sessionId(), m.cancelledRequestId());
    }
    return switch (reply) {
      case UpstreamReply.Accepted a -> new McpOutcome.Accepted();
      case UpstreamReply.Message msg -> new McpOutcome.Accepted();
      case UpstreamReply.Events ev -> {
        ev.source().close();
        yield new McpOutcome.Accepted();
      }
      case UpstreamReply.Failure f -> ErrorReplies.forDelivery(failure(ex.route(), ex.session(), f));
    };
  }

  /** What an upstream HTTP error means for the caller. */
  static GatewayException failure(RouteDefinition route, SessionToken session, UpstreamReply.Failure f) {
    String detail = f.json() ? UpstreamErrors.message(f.body()) : null;
    boolean sessionGone = f.status() == 404
        || (f.status() == 400 && detail != null && detail.toLowerCase(java.util.Locale.ROOT).contains("session"));
    if (sessionGone && session != null && session.hasUpstreamSession()) {
      return new GatewayException(GatewayErrors.SESSION_EXPIRED,
          "route '" + route.name() + "': the upstream no longer knows this session");
    }
    return new GatewayException(GatewayErrors.UPSTREAM_ERROR, "route '" + route.name() + "': the upstream answered HTTP "
        + f.status() + (detail == null ? "" : ": " + detail));
  }

  /** Tells the upstream to stop working on a request the gateway gave up on; best effort. */
  void cancelUpstream(McpExchange ex, JsonRpcMessage m, Forwarded fwd, String reason) {
    if (ex.session() == null || m.id() == null) {
      return;
    }
    byte[] note = Notifications.cancelled(m.id(), reason);
    Thread.startVirtualThread(() -> {
      try {
        JsonRpcMessage cancel = io.gatehouse.protocol.EnvelopeScanner.scan(note);
        upstreams.send(ex.route(), ex.session(), cancel, note, fwd).await();
      } catch (RuntimeException e) {
        log.debug("route {}: could not tell the upstream to cancel: {}", ex.route().name(), e.toString());
      }
    });
  }

  /** Resumes an upstream event stream that ended before its answer, from the last event id it sent. */
  PendingReply resume(McpExchange ex, String lastEventId, Forwarded fwd) {
    return upstreams.listen(ex.route(), ex.session(), lastEventId, fwd);
  }

  GatewaySettings settings() {
    return settings;
  }

  LocalSessions sessions() {
    return sessions;
  }

  static boolean canResumeUpstream(McpExchange ex) {
    return ex.session() != null && ex.session().transport() == UpstreamTransport.STREAMABLE_HTTP;
  }

  static Map<String, String> sessionHeader(String sealed) {
    return sealed == null ? Map.of() : Map.of("Mcp-Session-Id", sealed);
  }
}
