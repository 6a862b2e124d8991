package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.GatewaySettings;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.PolicyPipeline;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.SessionSealer;
import io.gatehouse.gateway.SessionToken;
import io.gatehouse.gateway.UpstreamTransport;
import io.gatehouse.gateway.mrtr.RequestStateSealer;
import io.gatehouse.protocol.EnvelopeScanner;
import io.gatehouse.protocol.JsonRpcMessage;
import io.gatehouse.protocol.McpMethods;
import io.gatehouse.protocol.Notifications;
import io.gatehouse.protocol.sse.SseEvent;
import io.netty.channel.EventLoop;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the relays of one gateway share (settings, upstreams, sessions, the sealers, the policies),
 * and how one message is relayed: {@code initialize} by {@link InitializeCall}, other requests by
 * {@link RequestCall}, notifications and responses by {@link DeliveryCall}.
 */
final class Relay {
  private static final Logger log = LoggerFactory.getLogger(Relay.class);

  final GatewaySettings settings;
  final Upstreams upstreams;
  final Sessions sessions;
  final SessionSealer sealer;
  final RequestStateSealer requestStates;
  final PolicyPipeline policies;
  final OpenStreams open = new OpenStreams();

  Relay(
      GatewaySettings settings,
      Upstreams upstreams,
      Sessions sessions,
      SessionSealer sealer,
      RequestStateSealer requestStates,
      PolicyPipeline policies) {
    this.settings = settings;
    this.upstreams = upstreams;
    this.sessions = sessions;
    this.sealer = sealer;
    this.requestStates = requestStates;
    this.policies = policies;
  }

  /**
   * Relays the message of {@code ex} (policies have let it through) and answers {@code downstream}.
   */
  void relay(EventLoop loop, McpExchange ex, Forwarded fwd, Downstream downstream) {
    if (ex.message().isInitialize()) {
      new InitializeCall(this, loop, ex, fwd, downstream).start();
    } else if (ex.message().isRequest()) {
      new RequestCall(this, loop, ex, fwd, downstream).start();
    } else {
      if (McpMethods.CANCELLED.equals(ex.message().method())
          && ex.message().cancelledRequestId() != null) {
        sessions.local().cancel(ex.sessionId(), ex.message().cancelledRequestId());
      }
      new DeliveryCall(this, loop, ex, fwd, downstream).start();
    }
  }

  /**
   * Seals a new session id for {@code ex}'s route and upstream session, bound to the caller who
   * initialized it.
   */
  String seal(
      McpExchange ex, UpstreamTransport transport, String upstreamSessionId, String version) {
    return sealer.seal(
        new SessionToken(
            ex.route().name(),
            transport,
            upstreamSessionId,
            version,
            Instant.now().plus(settings.sessionTtl()).getEpochSecond(),
            ex.principalId(),
            ClientCapabilities.urlElicitation(ex.body())));
  }

  /**
   * {@code e} after the response hooks, for a stream whose exchange has no request of its own (a
   * GET stream, a legacy caller's stream): they see every message it carries.
   */
  static SseEvent respond(Relay relay, McpExchange ex, SseEvent e) {
    if (!e.hasData() || !e.isMessage() || !relay.policies.hasResponseHooks(ex)) {
      return e;
    }
    JsonRpcMessage m = Messages.of(e);
    if (m == null) {
      return e;
    }
    byte[] data = relay.policies.response(ex, m, e.data());
    return data == e.data() ? e : new SseEvent(e.id(), e.event(), data, e.retryMillis());
  }

  /** What an upstream HTTP error means for the caller. */
  static GatewayException failure(
      RouteDefinition route, SessionToken session, int status, byte[] body, boolean json) {
    String detail = json ? UpstreamErrors.message(body) : null;
    boolean sessionGone =
        status == 404
            || (status == 400
                && detail != null
                && detail.toLowerCase(Locale.ROOT).contains("session"));
    if (sessionGone && session != null && session.hasUpstreamSession()) {
      return new GatewayException(
          GatewayErrors.SESSION_EXPIRED,
          "route '"
              + route.name()
              + "': the upstream no longer knows this session"
              // its own words, when it says why (a hosted session's replica is gone: REPLICA_GONE)
              + (detail == null ? "" : " (" + detail + ")"));
    }
    return new GatewayException(
        GatewayErrors.UPSTREAM_ERROR,
        "route '"
            + route.name()
            + "': the upstream answered HTTP "
            + status
            + (detail == null ? "" : ": " + detail));
  }

  /** Tells the upstream to stop working on a request the gateway gave up on; best effort. */
  void cancelUpstream(EventLoop loop, McpExchange ex, Forwarded fwd, String reason) {
    if (ex.session() == null || ex.message() == null || ex.message().id() == null) {
      return;
    }
    byte[] note = Notifications.cancelled(ex.message().id(), reason);
    McpExchange cancel =
        McpExchange.builder(ex.route(), McpExchange.Entry.MESSAGE)
            .message(EnvelopeScanner.scan(note), note)
            .session(ex.session(), ex.sessionId())
            .headers(ex::header)
            .remoteAddress(ex.remoteAddress())
            .build();
    upstreams.send(loop, cancel, ex.session(), fwd, new Quiet(ex.route()));
  }

  static boolean canResumeUpstream(McpExchange ex) {
    return ex.session() != null && ex.session().transport() == UpstreamTransport.STREAMABLE_HTTP;
  }

  static Map<String, String> sessionHeader(String sealed) {
    return sealed == null ? Map.of() : Map.of("Mcp-Session-Id", sealed);
  }

  /** Takes whatever an upstream answers to something nobody waits for, logging failures. */
  static class Quiet implements Answer {
    private final RouteDefinition route;

    Quiet(RouteDefinition route) {
      this.route = route;
    }

    @Override
    public void accepted(String upstreamSessionId) {}

    @Override
    public void message(String upstreamSessionId, byte[] json) {}

    @Override
    public void streamStarted(String upstreamSessionId) {}

    @Override
    public void event(SseEvent e) {}

    @Override
    public void streamEnded() {}

    @Override
    public void refused(int status, byte[] body, boolean json) {
      log.debug(
          "route {}: the upstream answered HTTP {} to a message the gateway sent on its own",
          route.name(),
          status);
    }

    @Override
    public void failed(GatewayException e) {
      log.debug(
          "route {}: could not deliver a message the gateway sent on its own: {}",
          route.name(),
          e.getMessage());
    }
  }
}
