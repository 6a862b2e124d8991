package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.protocol.JsonRpcMessage;
import io.gatehouse.protocol.sse.SseEvent;
import io.netty.channel.EventLoop;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The GET stream of one pooled upstream session, shared by the {@code subscriptions/listen} streams
 * of its callers: opened by the first listener, closed when the last leaves, each notification it
 * carries offered to every listener, which keeps what its filter asked for.
 */
final class BridgeFeed implements Answer {
  private final Relay relay;
  private final BridgeSession session;
  private final List<BridgeListen> listeners = new CopyOnWriteArrayList<>();
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
  synchronized Set<String> remove(BridgeListen l) {
    listeners.remove(l);
    if (listeners.isEmpty() && get != null) {
      get.abort();
      get = null;
    }
    Set<String> unwanted = new HashSet<>(l.uris());
    listeners.forEach(other -> unwanted.removeAll(other.uris()));
    return unwanted;
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
