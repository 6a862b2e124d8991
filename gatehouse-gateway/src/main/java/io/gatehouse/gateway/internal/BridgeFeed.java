package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.protocol.JsonRpcMessage;
import io.gatehouse.protocol.McpMethods;
import io.gatehouse.protocol.sse.SseEvent;
import io.netty.channel.EventLoop;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The GET stream of one pooled upstream session, shared by the {@code subscriptions/listen} streams
 * of its callers: opened by the first listener, closed when the last leaves, each notification it
 * carries offered to every listener, which keeps what its filter asked for. It orders the session's
 * {@code resources/subscribe} and {@code resources/unsubscribe} per URI: each is sent once the one
 * decided before it for the same URI is answered, so a listen that ends and one that starts on the
 * same resource leave the upstream subscribed, however the two requests would have raced.
 */
final class BridgeFeed implements Answer {
  private static final CompletableFuture<Void> NONE = CompletableFuture.completedFuture(null);

  private final Relay relay;
  private final BridgeSession session;
  private final List<BridgeListen> listeners = new CopyOnWriteArrayList<>();
  private final Map<String, CompletableFuture<Void>> lastChange = new HashMap<>();
  private Upstreams.Pending get;

  BridgeFeed(Relay relay, BridgeSession session) {
    this.relay = relay;
    this.session = session;
  }

  /**
   * Adds {@code l}, opening the upstream stream if it is the first, and tells it {@link
   * BridgeListen#ready} at once: some servers send their stream's headers only with its first
   * event, which may be the very update the listener is about to subscribe to.
   */
  void add(BridgeListen l, EventLoop loop, McpExchange ex) {
    synchronized (this) {
      listeners.add(l);
      if (get == null) {
        get =
            relay.upstreams.listen(
                loop,
                ex,
                session.token,
                null,
                BridgeCall.forwarded(session.token, List.of()),
                this);
      }
    }
    l.ready();
  }

  /**
   * Takes {@code l} off the stream, closing the upstream stream if it was the last; answers the
   * resources {@code l} subscribed to that no listener left wants.
   */
  synchronized void remove(BridgeListen l) {
    listeners.remove(l);
    if (listeners.isEmpty() && get != null) {
      get.abort();
      get = null;
    }
    Set<String> unwanted = new HashSet<>(l.uris());
    listeners.forEach(other -> unwanted.removeAll(other.uris()));
    unwanted.forEach(u -> change(u, () -> l.send(McpMethods.RESOURCES_UNSUBSCRIBE, u)));
  }

  /** Subscribes upstream to what {@code l} asked for, each after the URI's last change. */
  synchronized void subscribe(BridgeListen l) {
    l.uris().forEach(u -> change(u, () -> l.send(McpMethods.RESOURCES_SUBSCRIBE, u)));
  }

  /**
   * Sends what {@code send} sends once the last change of {@code uri} decided before it is answered
   * (or failed); called under this feed's lock, so the order is the order of the decisions.
   */
  private void change(String uri, Supplier<CompletableFuture<Void>> send) {
    CompletableFuture<Void> next =
        lastChange.getOrDefault(uri, NONE).handle((v, e) -> null).thenCompose(v -> send.get());
    lastChange.put(uri, next);
    next.whenComplete(
        (v, e) -> {
          synchronized (this) {
            lastChange.remove(uri, next);
          }
        });
  }

  @Override
  public void streamStarted(String upstreamSessionId) {}

  @Override
  public void event(SseEvent e) {
    JsonRpcMessage m = Messages.of(e);
    if (m != null && m.isNotification()) {
      listeners.forEach(l -> l.offer(m.method(), e.data()));
    }
  }

  @Override
  public void accepted(String upstreamSessionId) {
    ended(null);
  }

  @Override
  public void message(String upstreamSessionId, byte[] json) {
    ended(null);
  }

  @Override
  public void streamEnded() {
    ended(null);
  }

  @Override
  public void refused(int status, byte[] body, boolean json) {
    ended(Relay.failure(session.opener.route(), session.token, status, body, json));
  }

  @Override
  public void failed(GatewayException e) {
    ended(e);
  }

  /**
   * The upstream stream ended: every listener's stream ends too, with the error if there is one.
   */
  private void ended(GatewayException e) {
    List<BridgeListen> now;
    synchronized (this) {
      get = null;
      now = List.copyOf(listeners);
      listeners.clear();
    }
    now.forEach(l -> l.end(e));
  }
}
