package io.gatehouse.server;

import io.gatehouse.cluster.PeerKey;
import io.gatehouse.cluster.Peers;
import io.gatehouse.cluster.Replicas;
import io.gatehouse.http.ErrorShape;
import io.gatehouse.http.HttpEdge;
import io.gatehouse.http.HttpService;
import io.gatehouse.http.IoLoops;
import io.gatehouse.http.spi.ChannelEndpoint;
import io.gatehouse.server.config.ClusterSettings;
import io.gatehouse.store.Database;
import java.net.URI;
import java.time.Clock;
import java.util.Map;

/**
 * This process among the replicas (decision 21): its id and peer key ({@link #peers}) from the
 * start, and, once the store is open, the peer port (a listener of its own, serving only what other
 * replicas forward, to callers with the peer key) and its row in the replicas' table.
 */
final class ClusterPart implements AutoCloseable {
  private final ClusterSettings settings;
  private final Peers peers;
  private volatile Replicas replicas;
  private HttpEdge edge;

  ClusterPart(ClusterSettings settings, byte[] sessionKey) {
    this.settings = settings;
    this.peers =
        settings.enabled()
            ? new Peers(Peers.newReplicaId(), PeerKey.derive(sessionKey), this::lookup)
            : Peers.alone();
  }

  Peers peers() {
    return peers;
  }

  private URI lookup(String replica) {
    Replicas r = replicas;
    return r == null ? null : r.lookup(replica);
  }

  /**
   * Opens the peer port with {@code services} (by path prefix) and {@code mcp} (the gateway's peer
   * endpoint, at {@code /mcp/}), and announces this replica.
   */
  void open(
      IoLoops loops,
      Database db,
      Map<String, HttpService> services,
      ChannelEndpoint mcp,
      int maxBodyBytes) {
    if (!settings.enabled()) {
      return;
    }
    HttpEdge.Builder b =
        HttpEdge.builder(loops)
            .listen(settings.peerHost(), settings.peerPort())
            .mount("/mcp/", peers.guard(mcp));
    services.forEach(
        (prefix, service) -> b.mount(prefix, peers.guard(service), ErrorShape.REST, maxBodyBytes));
    edge = b.start();
    URI url = settings.peerUrl();
    if (url == null) {
      String h = settings.peerHost();
      url = URI.create("http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + edge.port());
    }
    replicas = Replicas.open(db, peers.self(), url, settings.peerExpiry(), Clock.systemUTC());
  }

  /** The peer port actually bound, or -1 when there is none. */
  int peerPort() {
    return edge == null ? -1 : edge.port();
  }

  /** Leaves the replicas' table first, so the others see this replica gone at once. */
  @Override
  public void close() {
    Replicas r = replicas;
    replicas = null;
    if (r != null) {
      r.close();
    }
    if (edge != null) {
      edge.close();
    }
    peers.close();
  }
}
