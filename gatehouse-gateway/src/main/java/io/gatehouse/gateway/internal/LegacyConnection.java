package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.protocol.JsonRpcId;
import io.gatehouse.protocol.JsonRpcMessage;
import io.gatehouse.protocol.sse.SseEvent;
import io.netty.channel.EventLoop;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session with a legacy HTTP+SSE upstream (MCP 2024-11-05): the long-lived GET event stream
 * this replica holds, and the endpoint it POSTs messages to. Each message off the stream goes to
 * whoever waits for it: a response to its request, progress to the request that asked for it,
 * anything else to the caller's GET stream or, while there is none, to the newest request in
 * flight, so a sampling request during a tool call still reaches the client. The stream is read on
 * one event loop; a waiting request may be on another, and gets its events on its own.
 */
final class LegacyConnection {
  private static final Logger log = LoggerFactory.getLogger(LegacyConnection.class);
  private static final int MAX_BUFFERED = 1000;

  /** Someone waiting for events: a request's relay, or the caller's GET stream. */
  private record Waiter(EventLoop loop, Answer answer) {
    void deliver(Consumer<Answer> what) {
      if (loop.inEventLoop()) {
        safely(what);
      } else {
        loop.execute(() -> safely(what));
      }
    }

    /**
     * A relay that fails must not take the shared stream, and every other request on it, down with
     * it.
     */
    private void safely(Consumer<Answer> what) {
      try {
        what.accept(answer);
      } catch (RuntimeException e) {
        log.error("a relay failed handling an event of a legacy upstream stream", e);
      }
    }
  }

  final String handle;
  private final Upstreams upstreams;
  private final EventLoop loop;
  private final McpExchange opener;
  private final Map<JsonRpcId, Waiter> awaiting = new ConcurrentHashMap<>();
  private final Map<JsonRpcId, Waiter> byProgressToken = new ConcurrentHashMap<>();
  private final ArrayDeque<Waiter> newest = new ArrayDeque<>();
  private final ArrayDeque<SseEvent> unclaimed = new ArrayDeque<>();
  private final Map<JsonRpcId, Boolean> retiredTokens =
      new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<JsonRpcId, Boolean> eldest) {
          return size() > 1000;
        }
      };
  private Upstreams.Pending stream;
  private URI endpoint;
  private Waiter listener;
  private volatile boolean closed;

  private LegacyConnection(String handle, Upstreams upstreams, EventLoop loop, McpExchange opener) {
    this.handle = handle;
    this.upstreams = upstreams;
    this.loop = loop;
    this.opener = opener;
  }

  /**
   * Opens the event stream and calls {@code ready} once it named its endpoint, or {@code failed}.
   */
  static void connect(
      String handle,
      Upstreams upstreams,
      EventLoop loop,
      McpExchange ex,
      Consumer<LegacyConnection> ready,
      Consumer<GatewayException> failed) {
    LegacyConnection c = new LegacyConnection(handle, upstreams, loop, ex);
    String route = ex.route().name();
    Reader reader = c.new Reader(ready, failed);
    reader.timer =
        Timeouts.after(
            loop,
            ex.route().timeouts().connect().plusSeconds(5),
            () ->
                reader.fail(
                    new GatewayException(
                        GatewayErrors.UPSTREAM_PROTOCOL_ERROR,
                        "route '"
                            + route
                            + "': the upstream's event stream sent no endpoint event")));
    c.stream = upstreams.get(loop, ex, null, null, Forwarded.NONE, reader);
  }

  boolean isClosed() {
    return closed;
  }

  /**
   * POSTs one message to the endpoint; a request's answer then comes to {@code answer} off the
   * stream.
   */
  Upstreams.Pending send(EventLoop callerLoop, McpExchange ex, Answer answer) {
    JsonRpcMessage m = ex.message();
    Waiter w = new Waiter(callerLoop, answer);
    if (m.isRequest()) {
      expect(m, w);
    }
    if (closed) {
      forget(m, w);
      answer.failed(broken());
      return Upstreams.Pending.NONE;
    }
    Answer posted =
        new ForwardingAnswer(answer) {
          @Override
          public void accepted(String ignored) {
            if (m.isRequest()) {
              answer.streamStarted(handle);
            } else {
              answer.accepted(handle);
            }
          }

          @Override
          public void message(String ignored, byte[] json) {
            accepted(null);
          }

          @Override
          public void refused(int status, byte[] body, boolean json) {
            forget(m, w);
            answer.refused(status, body, json);
          }

          @Override
          public void failed(GatewayException e) {
            forget(m, w);
            answer.failed(e);
          }
        };
    Upstreams.Pending post =
        upstreams.post(callerLoop, ex, endpoint, null, ex.body(), Forwarded.NONE, posted);
    ScheduledFuture<?> timer =
        Timeouts.after(
            callerLoop,
            upstreams.postTimeout(ex.route()),
            () -> {
              post.abort();
              posted.failed(UpstreamFailures.timeout(ex.route().name(), null));
            });
    return new Upstreams.Pending() {
      @Override
      public void abort() {
        timer.cancel(false);
        post.abort();
        forget(m, w);
      }
    };
  }

  /** Attaches the caller's GET stream; messages that arrived for it meanwhile come first. */
  Upstreams.Pending listen(EventLoop callerLoop, Answer answer) {
    Waiter w = new Waiter(callerLoop, answer);
    w.deliver(a -> a.streamStarted(handle));
    synchronized (unclaimed) {
      for (SseEvent e = unclaimed.poll(); e != null; e = unclaimed.poll()) {
        SseEvent event = e;
        w.deliver(a -> a.event(event));
      }
      listener = w;
    }
    if (closed) {
      w.deliver(Answer::streamEnded);
    }
    return new Upstreams.Pending() {
      @Override
      public void abort() {
        synchronized (unclaimed) {
          if (listener == w) {
            listener = null;
          }
        }
      }
    };
  }

  void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (stream != null) {
      stream.abort();
    }
    awaiting.values().forEach(w -> w.deliver(a -> a.failed(broken())));
    awaiting.clear();
    Waiter l;
    synchronized (unclaimed) {
      l = listener;
    }
    if (l != null) {
      l.deliver(Answer::streamEnded);
    }
  }

  private GatewayException broken() {
    return new GatewayException(
        GatewayErrors.UPSTREAM_UNAVAILABLE,
        "route '" + opener.route().name() + "': the upstream closed its event stream");
  }

  private void expect(JsonRpcMessage request, Waiter w) {
    awaiting.put(request.id(), w);
    if (request.progressToken() != null) {
      byProgressToken.put(request.progressToken(), w);
    }
    synchronized (newest) {
      newest.addLast(w);
    }
  }

  /**
   * Forgets a request that ended. A response that arrives after (to a cancelled request) is
   * dropped: the caller no longer waits for it, and answers never travel on the caller's GET
   * stream.
   */
  private void forget(JsonRpcMessage request, Waiter w) {
    if (!request.isRequest()) {
      return;
    }
    awaiting.remove(request.id(), w);
    if (request.progressToken() != null) {
      byProgressToken.remove(request.progressToken(), w);
      synchronized (retiredTokens) {
        retiredTokens.put(request.progressToken(), Boolean.TRUE);
      }
    }
    synchronized (newest) {
      newest.remove(w);
    }
  }

  private void dispatch(SseEvent e) {
    JsonRpcMessage m = Messages.of(e);
    if (m == null) {
      log.debug("route {}: dropping an unreadable upstream message", opener.route().name());
      return;
    }
    if (m.isResponse()) {
      Waiter target = m.id() == null ? null : awaiting.remove(m.id());
      if (target != null) {
        synchronized (newest) {
          newest.remove(target);
        }
        target.deliver(
            a -> {
              a.event(e);
              a.streamEnded();
            });
      }
      return;
    }
    boolean progress = m.isNotification() && m.progressToken() != null;
    Waiter target = progress ? byProgressToken.get(m.progressToken()) : null;
    if (target != null) {
      target.deliver(a -> a.event(e));
    } else if (!progress || !isRetired(m.progressToken())) {
      unrelated(e);
    }
  }

  private void unrelated(SseEvent e) {
    synchronized (unclaimed) {
      Waiter l = listener;
      if (l == null) {
        synchronized (newest) {
          l = newest.peekLast();
        }
      }
      if (l != null) {
        l.deliver(a -> a.event(e));
      } else if (unclaimed.size() < MAX_BUFFERED) {
        unclaimed.addLast(e);
      }
    }
  }

  private boolean isRetired(JsonRpcId token) {
    synchronized (retiredTokens) {
      return retiredTokens.containsKey(token);
    }
  }

  /** Reads the upstream's event stream: first its endpoint, then messages to dispatch. */
  private final class Reader implements Answer {
    private Consumer<LegacyConnection> ready;
    private Consumer<GatewayException> failed;
    ScheduledFuture<?> timer;

    Reader(Consumer<LegacyConnection> ready, Consumer<GatewayException> failed) {
      this.ready = ready;
      this.failed = failed;
    }

    void fail(GatewayException e) {
      Consumer<GatewayException> f = failed;
      ready = null;
      failed = null;
      if (timer != null) {
        timer.cancel(false);
      }
      close();
      if (f != null) {
        f.accept(e);
      }
    }

    @Override
    public void accepted(String id) {
      notAStream();
    }

    @Override
    public void message(String id, byte[] json) {
      notAStream();
    }

    @Override
    public void refused(int status, byte[] body, boolean json) {
      notAStream();
    }

    private void notAStream() {
      fail(
          new GatewayException(
              GatewayErrors.UPSTREAM_PROTOCOL_ERROR,
              "route '"
                  + opener.route().name()
                  + "': the upstream did not open an event stream (legacy SSE); check upstream.url and transport"));
    }

    @Override
    public void streamStarted(String id) {}

    @Override
    public void event(SseEvent e) {
      if ("endpoint".equals(e.event())) {
        onEndpoint(e);
      } else if (e.isMessage() && e.hasData()) {
        dispatch(e);
      }
    }

    private void onEndpoint(SseEvent e) {
      URI base = opener.route().upstream().url();
      URI target = base.resolve(e.dataAsString().trim());
      if (!Objects.equals(target.getScheme(), base.getScheme())
          || !Objects.equals(target.getAuthority(), base.getAuthority())) {
        fail(
            new GatewayException(
                GatewayErrors.UPSTREAM_PROTOCOL_ERROR,
                "route '"
                    + opener.route().name()
                    + "': the upstream's endpoint is on another origin; refusing to post there"));
        return;
      }
      endpoint = target;
      Consumer<LegacyConnection> r = ready;
      ready = null;
      failed = null;
      timer.cancel(false);
      if (r != null) {
        r.accept(LegacyConnection.this);
      }
    }

    @Override
    public void streamEnded() {
      fail(
          new GatewayException(
              GatewayErrors.UPSTREAM_PROTOCOL_ERROR,
              "route '"
                  + opener.route().name()
                  + "': the upstream's event stream ended before sending its endpoint"));
    }

    @Override
    public void failed(GatewayException e) {
      log.debug(
          "route {}: legacy upstream stream ended: {}", opener.route().name(), e.getMessage());
      fail(e);
    }
  }

  EventLoop loop() {
    return loop;
  }
}
