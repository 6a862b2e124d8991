package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.protocol.EnvelopeScanner;
import io.gatehouse.protocol.JsonRpcId;
import io.gatehouse.protocol.JsonRpcMessage;
import io.gatehouse.protocol.ProtocolException;
import io.gatehouse.protocol.sse.SseEvent;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session with a legacy HTTP+SSE upstream (MCP 2024-11-05): the long-lived GET event stream this
 * replica holds, and the endpoint it POSTs messages to. A reader thread takes every message off the
 * stream and hands it to whoever waits for it: a response to its request, progress to the request that
 * asked for it, anything else to the caller's GET stream, or, while there is none, to the newest request
 * in flight, so a sampling request during a tool call still reaches the client.
 */
final class LegacyConnection {
  private static final Logger log = LoggerFactory.getLogger(LegacyConnection.class);
  private static final int MAX_BUFFERED = 1000;

  final String handle;
  private final RouteDefinition route;
  private final EventSource stream;
  private final CompletableFuture<URI> endpoint = new CompletableFuture<>();
  private final Map<JsonRpcId, BlockingQueue<SseEvent>> awaiting = new ConcurrentHashMap<>();
  private final Map<JsonRpcId, BlockingQueue<SseEvent>> byProgressToken = new ConcurrentHashMap<>();
  private final ArrayDeque<BlockingQueue<SseEvent>> newest = new ArrayDeque<>();
  private final ArrayDeque<SseEvent> unclaimed = new ArrayDeque<>();
  /** Progress tokens of requests that ended (answered or cancelled): their late progress goes nowhere. */
  private final java.util.Set<JsonRpcId> retiredTokens = java.util.Collections.newSetFromMap(
      new java.util.LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<JsonRpcId, Boolean> eldest) {
          return size() > 1000;
        }
      });
  private volatile BlockingQueue<SseEvent> listener;
  private volatile boolean closed;

  private LegacyConnection(String handle, RouteDefinition route, EventSource stream) {
    this.handle = handle;
    this.route = route;
    this.stream = stream;
  }

  /** Opens the event stream and waits for its {@code endpoint} event. */
  static LegacyConnection connect(String handle, RouteDefinition route, EventSource stream) {
    LegacyConnection c = new LegacyConnection(handle, route, stream);
    Thread.ofVirtual().name("gatehouse-legacy-" + route.name()).start(c::read);
    c.awaitEndpoint(route.timeouts().connect().plusSeconds(5));
    return c;
  }

  URI endpoint() {
    return endpoint.getNow(null);
  }

  boolean isClosed() {
    return closed;
  }

  /** Registers a request before it is POSTed, so its answer cannot arrive unclaimed. */
  QueueEventSource expect(JsonRpcMessage request, Duration timeout) {
    BlockingQueue<SseEvent> q = new LinkedBlockingQueue<>();
    awaiting.put(request.id(), q);
    if (request.progressToken() != null) {
      byProgressToken.put(request.progressToken(), q);
    }
    synchronized (newest) {
      newest.addLast(q);
    }
    if (closed) {
      q.offer(QueueEventSource.BROKEN);
    }
    return new QueueEventSource(route.name(), q, System.nanoTime() + timeout.toNanos(), () -> forget(request, q));
  }

  /** Attaches the caller's GET stream; messages that arrived for it meanwhile come first. */
  QueueEventSource listen() {
    BlockingQueue<SseEvent> q = new LinkedBlockingQueue<>();
    synchronized (unclaimed) {
      q.addAll(unclaimed);
      unclaimed.clear();
      listener = q;
    }
    if (closed) {
      q.offer(QueueEventSource.END);
    }
    return new QueueEventSource(route.name(), q, Long.MAX_VALUE, () -> {
      if (listener == q) {
        listener = null;
      }
    });
  }

  void close() {
    closed = true;
    stream.close();
    awaiting.values().forEach(q -> q.offer(QueueEventSource.BROKEN));
    BlockingQueue<SseEvent> l = listener;
    if (l != null) {
      l.offer(QueueEventSource.END);
    }
  }

  private void awaitEndpoint(Duration wait) {
    try {
      endpoint.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      close();
      throw new GatewayException(GatewayErrors.UPSTREAM_PROTOCOL_ERROR,
          "route '" + route.name() + "': the upstream's event stream sent no endpoint event", e);
    } catch (ExecutionException e) {
      close();
      throw e.getCause() instanceof GatewayException g ? g
          : UpstreamFailures.classify(route.name(), e.getCause(), true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new GatewayException(GatewayErrors.INTERNAL_ERROR, "interrupted while connecting upstream", e);
    }
  }

  private void read() {
    try {
      for (SseEvent e = stream.next(); e != null; e = stream.next()) {
        if ("endpoint".equals(e.event())) {
          onEndpoint(e);
        } else if (e.isMessage() && e.hasData()) {
          dispatch(e);
        }
      }
      endpoint.completeExceptionally(new GatewayException(GatewayErrors.UPSTREAM_PROTOCOL_ERROR,
          "route '" + route.name() + "': the upstream's event stream ended before sending its endpoint"));
    } catch (RuntimeException e) {
      endpoint.completeExceptionally(e);
      log.debug("route {}: legacy upstream stream ended: {}", route.name(), e.toString());
    } finally {
      close();
    }
  }

  private void onEndpoint(SseEvent e) {
    URI base = route.upstream().url();
    URI target = base.resolve(e.dataAsString().trim());
    if (!Objects.equals(target.getScheme(), base.getScheme()) || !Objects.equals(target.getAuthority(), base.getAuthority())) {
      endpoint.completeExceptionally(new GatewayException(GatewayErrors.UPSTREAM_PROTOCOL_ERROR,
          "route '" + route.name() + "': the upstream's endpoint is on another origin; refusing to post there"));
      close();
      return;
    }
    endpoint.complete(target);
  }

  private void dispatch(SseEvent e) {
    JsonRpcMessage m;
    try {
      m = EnvelopeScanner.scan(e.data());
    } catch (ProtocolException pe) {
      log.debug("route {}: dropping an unreadable upstream message: {}", route.name(), pe.getMessage());
      return;
    }
    if (m.isResponse()) {
      BlockingQueue<SseEvent> target = m.id() == null ? null : awaiting.get(m.id());
      if (target != null) {
        target.offer(e);
        target.offer(QueueEventSource.END);
      }
      return;
    }
    boolean progress = m.isNotification() && m.progressToken() != null;
    BlockingQueue<SseEvent> target = progress ? byProgressToken.get(m.progressToken()) : null;
    if (target != null) {
      target.offer(e);
    } else if (!progress || !isRetired(m.progressToken())) {
      unrelated(e);
    }
  }

  private void unrelated(SseEvent e) {
    BlockingQueue<SseEvent> l = listener;
    if (l == null) {
      synchronized (newest) {
        l = newest.peekLast();
      }
    }
    if (l != null) {
      l.offer(e);
      return;
    }
    synchronized (unclaimed) {
      if (listener != null) {
        listener.offer(e);
      } else if (unclaimed.size() < MAX_BUFFERED) {
        unclaimed.addLast(e);
      }
    }
  }

  private boolean isRetired(JsonRpcId token) {
    synchronized (retiredTokens) {
      return retiredTokens.contains(token);
    }
  }

  /**
   * Forgets a request that ended. A response that arrives after (to a cancelled request) is dropped:
   * the caller no longer waits for it, and answers never travel on the caller's GET stream.
   */
  private void forget(JsonRpcMessage request, BlockingQueue<SseEvent> q) {
    awaiting.remove(request.id(), q);
    if (request.progressToken() != null) {
      byProgressToken.remove(request.progressToken(), q);
      synchronized (retiredTokens) {
        retiredTokens.add(request.progressToken());
      }
    }
    synchronized (newest) {
      newest.remove(q);
    }
  }
}
