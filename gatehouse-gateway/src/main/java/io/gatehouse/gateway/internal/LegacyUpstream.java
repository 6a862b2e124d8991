package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.UpstreamTransport;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Talks the legacy HTTP+SSE transport to upstreams. Each session is a {@link LegacyConnection} held
 * by this replica; its handle goes into the sealed session id. Another replica cannot serve such a
 * session (the upstream binds it to the event stream this replica holds) and answers 404, so the
 * caller re-initializes. Streamable HTTP upstreams have no such limit.
 */
final class LegacyUpstream implements AutoCloseable {
  /**
   * A legacy endpoint answers a POST with 202 at once and the message on the stream; some never
   * answer a POST for a session they lost, so the POST itself gets a short timeout.
   */
  static final Duration POST_TIMEOUT = Duration.ofSeconds(30);

  private final Upstreams upstreams;
  private final Map<String, LegacyConnection> connections = new ConcurrentHashMap<>();

  LegacyUpstream(Upstreams upstreams) {
    this.upstreams = upstreams;
  }

  /** Opens the event stream and sends {@code initialize} over it. */
  void open(EventLoop loop, McpExchange ex, Upstreams.Opening opening) {
    connect(loop, ex, c -> initialize(loop, ex, c, opening), opening::failed);
  }

  /**
   * After a probing POST said "not here": connects, and either initializes over it or reports it is
   * no legacy server.
   */
  void probe(
      EventLoop loop,
      McpExchange ex,
      Upstreams.Opening opening,
      Runnable isLegacy,
      Runnable notLegacy) {
    connect(
        loop,
        ex,
        c -> {
          isLegacy.run();
          initialize(loop, ex, c, opening);
        },
        e -> notLegacy.run());
  }

  private void connect(
      EventLoop loop,
      McpExchange ex,
      java.util.function.Consumer<LegacyConnection> ready,
      java.util.function.Consumer<GatewayException> failed) {
    LegacyConnection.connect(
        UUID.randomUUID().toString(),
        upstreams,
        loop,
        ex,
        c -> {
          connections.put(c.handle, c);
          ready.accept(c);
        },
        failed);
  }

  private static void initialize(
      EventLoop loop, McpExchange ex, LegacyConnection c, Upstreams.Opening opening) {
    opening.opened(UpstreamTransport.SSE, c.handle);
    c.send(loop, ex, opening);
  }

  Upstreams.Pending send(EventLoop loop, McpExchange ex, String handle, Answer answer) {
    LegacyConnection c = connection(handle);
    if (c == null) {
      answer.failed(gone(ex));
      return Upstreams.Pending.NONE;
    }
    return c.send(loop, ex, answer);
  }

  Upstreams.Pending listen(EventLoop loop, McpExchange ex, String handle, Answer answer) {
    LegacyConnection c = connection(handle);
    if (c == null) {
      answer.failed(gone(ex));
      return Upstreams.Pending.NONE;
    }
    return c.listen(loop, answer);
  }

  void terminate(String handle) {
    LegacyConnection c = connections.remove(handle);
    if (c != null) {
      c.close();
    }
  }

  private LegacyConnection connection(String handle) {
    LegacyConnection c = connections.get(handle);
    if (c != null && c.isClosed()) {
      connections.remove(handle);
      return null;
    }
    return c;
  }

  private static GatewayException gone(McpExchange ex) {
    return new GatewayException(
        GatewayErrors.SESSION_EXPIRED,
        "route '"
            + ex.route().name()
            + "': the upstream's legacy SSE session is not held by this gateway replica any more");
  }

  @Override
  public void close() {
    connections.values().forEach(LegacyConnection::close);
    connections.clear();
  }
}
