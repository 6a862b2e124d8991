package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.PolicyPipeline;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.SessionToken;
import io.gatehouse.gateway.UpstreamTransport;
import io.gatehouse.gateway.internal.upstream.UpstreamClient;
import io.gatehouse.gateway.internal.upstream.UpstreamExchange;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upstream side of the gateway: builds each upstream request (the caller's forwarded headers,
 * the route's fixed headers, the policies' changes; never the caller's credentials), picks the
 * transport of each session (detecting it once per route for {@code transport: auto}) and sends
 * through it.
 */
final class Upstreams implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Upstreams.class);
  static final String ACCEPT_BOTH = "application/json, text/event-stream";

  private final UpstreamClient client;
  private final int maxResponseBytes;
  private final PolicyPipeline policies;
  private final LegacyUpstream legacy;
  private final Map<URI, UpstreamTransport> detected = new ConcurrentHashMap<>();

  Upstreams(UpstreamClient client, int maxResponseBytes, PolicyPipeline policies) {
    this.client = client;
    this.maxResponseBytes = maxResponseBytes;
    this.policies = policies;
    this.legacy = new LegacyUpstream(this);
  }

  /** An upstream exchange in flight. */
  interface Pending {
    Pending NONE = new Pending() {};

    default void abort() {}

    default void pause() {}

    default void resume() {}
  }

  /** Where {@code initialize} went: the transport, and the handle that goes into the session id. */
  interface Opening extends Answer {
    void opened(UpstreamTransport transport, String handle);
  }

  // ---- Streamable HTTP ----

  Pending post(
      EventLoop loop,
      McpExchange ex,
      URI url,
      String upstreamSessionId,
      byte[] body,
      Forwarded fwd,
      Answer answer) {
    if (policies.renewsCredentials(ex)) {
      return new Renewal(
              loop,
              ex,
              policies,
              answer,
              a -> postOnce(loop, ex, url, upstreamSessionId, body, fwd, a))
          .start();
    }
    return postOnce(loop, ex, url, upstreamSessionId, body, fwd, answer);
  }

  private Pending postOnce(
      EventLoop loop,
      McpExchange ex,
      URI url,
      String upstreamSessionId,
      byte[] body,
      Forwarded fwd,
      Answer answer) {
    OutgoingCall call = call(ex, HttpMethod.POST, url, upstreamSessionId, fwd, ACCEPT_BOTH);
    call.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    return exchange(loop, ex, call, body, answer);
  }

  Pending get(
      EventLoop loop,
      McpExchange ex,
      String upstreamSessionId,
      String lastEventId,
      Forwarded fwd,
      Answer answer) {
    OutgoingCall call =
        call(
            ex,
            HttpMethod.GET,
            ex.route().upstream().url(),
            upstreamSessionId,
            fwd,
            "text/event-stream");
    if (lastEventId != null) {
      call.headers().set("Last-Event-ID", lastEventId);
    }
    return exchange(loop, ex, call, null, answer);
  }

  private Pending exchange(
      EventLoop loop, McpExchange ex, OutgoingCall call, byte[] body, Answer answer) {
    RouteDefinition route = ex.route();
    HttpAnswer reader = new HttpAnswer(ex, maxResponseBytes, answer);
    ex.upstreamSent();
    UpstreamExchange ux =
        client.send(loop, call.toRequest(body, route.timeouts().connect()), reader);
    reader.reading(ux);
    return new Pending() {
      @Override
      public void abort() {
        ux.abort();
      }

      @Override
      public void pause() {
        ux.pause();
      }

      @Override
      public void resume() {
        ux.resume();
      }
    };
  }

  private OutgoingCall call(
      McpExchange ex,
      HttpMethod method,
      URI url,
      String upstreamSessionId,
      Forwarded fwd,
      String accept) {
    OutgoingCall call = new OutgoingCall(method, url, ex.route().upstream());
    var h = call.headers();
    h.set(HttpHeaderNames.ACCEPT, accept);
    if (upstreamSessionId != null && !upstreamSessionId.isEmpty()) {
      h.set("Mcp-Session-Id", upstreamSessionId);
    }
    if (fwd.protocolVersion() != null) {
      h.set("MCP-Protocol-Version", fwd.protocolVersion());
    }
    fwd.extra().forEach(e -> h.add(e.getKey(), e.getValue()));
    ex.route().upstream().headers().forEach(h::set);
    policies.upstream(ex, call);
    return call;
  }

  // ---- by session ----

  /**
   * Sends {@code initialize}, detecting the transport for {@code auto}: the transport spec's
   * backwards compatibility probe POSTs it; a 400, 404 or 405 means the server may be a legacy one,
   * so a GET must then open an event stream that names an {@code endpoint}.
   */
  void open(EventLoop loop, McpExchange ex, Forwarded fwd, Opening opening) {
    RouteDefinition route = ex.route();
    UpstreamTransport t = route.upstream().transport();
    if (t == UpstreamTransport.AUTO) {
      t = detected.get(route.upstream().url());
    }
    if (t == UpstreamTransport.SSE) {
      legacy.open(loop, ex, opening);
      return;
    }
    boolean probing = t == null || t == UpstreamTransport.AUTO;
    opening.opened(UpstreamTransport.STREAMABLE_HTTP, null);
    post(
        loop,
        ex,
        route.upstream().url(),
        null,
        ex.body(),
        fwd,
        probing ? new Probe(loop, ex, opening) : opening);
  }

  /**
   * Relays what the probing POST answers, unless it says "not here", in which case it tries legacy
   * SSE.
   */
  private final class Probe extends ForwardingAnswer {
    private final EventLoop loop;
    private final McpExchange ex;
    private final Opening opening;

    Probe(EventLoop loop, McpExchange ex, Opening opening) {
      super(opening);
      this.loop = loop;
      this.ex = ex;
      this.opening = opening;
    }

    @Override
    public void refused(int status, byte[] body, boolean json) {
      if (status != 400 && status != 404 && status != 405) {
        super.refused(status, body, json);
        return;
      }
      legacy.probe(
          loop,
          ex,
          opening,
          () -> {
            detected.put(ex.route().upstream().url(), UpstreamTransport.SSE);
            log.info("route {}: upstream speaks legacy HTTP+SSE", ex.route().name());
          },
          () -> opening.refused(status, body, json));
    }

    @Override
    public void message(String upstreamSessionId, byte[] json) {
      learned();
      super.message(upstreamSessionId, json);
    }

    @Override
    public void streamStarted(String upstreamSessionId) {
      learned();
      super.streamStarted(upstreamSessionId);
    }

    private void learned() {
      if (detected.putIfAbsent(ex.route().upstream().url(), UpstreamTransport.STREAMABLE_HTTP)
          == null) {
        log.info("route {}: upstream speaks Streamable HTTP", ex.route().name());
      }
    }
  }

  Pending send(EventLoop loop, McpExchange ex, SessionToken session, Forwarded fwd, Answer answer) {
    if (session.transport() == UpstreamTransport.SSE) {
      return legacy.send(loop, ex, session.upstreamSessionId(), answer);
    }
    return post(
        loop, ex, ex.route().upstream().url(), session.upstreamSessionId(), ex.body(), fwd, answer);
  }

  Pending listen(
      EventLoop loop,
      McpExchange ex,
      SessionToken session,
      String lastEventId,
      Forwarded fwd,
      Answer answer) {
    if (session.transport() == UpstreamTransport.SSE) {
      return legacy.listen(loop, ex, session.upstreamSessionId(), answer);
    }
    return get(loop, ex, session.upstreamSessionId(), lastEventId, fwd, answer);
  }

  /**
   * Ends the upstream session; its outcome is only logged, since the caller's session ends
   * regardless.
   */
  void terminate(
      EventLoop loop, McpExchange ex, SessionToken session, Forwarded fwd, Runnable done) {
    if (session.transport() == UpstreamTransport.SSE) {
      legacy.terminate(session.upstreamSessionId());
      done.run();
      return;
    }
    if (!session.hasUpstreamSession()) {
      done.run();
      return;
    }
    OutgoingCall call =
        call(
            ex,
            HttpMethod.DELETE,
            ex.route().upstream().url(),
            session.upstreamSessionId(),
            fwd,
            ACCEPT_BOTH);
    Answer quiet = new Finishing(ex.route(), done);
    Pending p = exchange(loop, ex, call, null, quiet);
    Timeouts.after(
        loop,
        ex.route().timeouts().connect().plusSeconds(10),
        () -> {
          p.abort();
          quiet.failed(UpstreamFailures.timeout(ex.route().name(), null));
        });
  }

  /** Logs how an upstream DELETE went, then runs {@code done} once. */
  private static final class Finishing implements Answer {
    private final RouteDefinition route;
    private Runnable done;

    Finishing(RouteDefinition route, Runnable done) {
      this.route = route;
      this.done = done;
    }

    private void finish() {
      Runnable d = done;
      done = null;
      if (d != null) {
        d.run();
      }
    }

    @Override
    public void accepted(String upstreamSessionId) {
      finish();
    }

    @Override
    public void message(String upstreamSessionId, byte[] json) {
      finish();
    }

    @Override
    public void streamStarted(String upstreamSessionId) {}

    @Override
    public void event(io.gatehouse.protocol.sse.SseEvent e) {}

    @Override
    public void streamEnded() {
      finish();
    }

    @Override
    public void refused(int status, byte[] body, boolean json) {
      log.debug("route {}: upstream DELETE answered {}", route.name(), status);
      finish();
    }

    @Override
    public void failed(GatewayException e) {
      log.debug("route {}: upstream DELETE failed: {}", route.name(), e.getMessage());
      finish();
    }
  }

  /** Closes a legacy upstream session whose initialize failed. */
  void abandonLegacy(String handle) {
    legacy.terminate(handle);
  }

  int maxResponseBytes() {
    return maxResponseBytes;
  }

  Duration postTimeout(RouteDefinition route) {
    return LegacyUpstream.POST_TIMEOUT.plus(route.timeouts().connect());
  }

  @Override
  public void close() {
    legacy.close();
  }
}
