package io.gatehouse.server;

import io.gatehouse.cluster.PeerKey;
import io.gatehouse.cluster.Peers;
import io.gatehouse.gateway.HeldCallForwarder;
import io.gatehouse.http.HttpRequest;
import io.gatehouse.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A bridged call's retry sent to the replica holding the call over the cluster's peer port
 * (decision 21). The caller's headers go along, all but those of this connection alone and any peer
 * key the caller sent: the hop sets the deployment's own.
 */
final class PeerForwarder implements HeldCallForwarder {
  private static final Set<String> NOT_SENT = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

  static {
    NOT_SENT.addAll(
        List.of(
            "Host",
            "Connection",
            "Content-Length",
            "Transfer-Encoding",
            "Expect",
            "Upgrade",
            "Keep-Alive",
            "TE",
            "Trailer",
            "Proxy-Connection",
            PeerKey.HEADER));
  }

  private final Peers peers;

  PeerForwarder(Peers peers) {
    this.peers = peers;
  }

  @Override
  public HttpResponse forward(String replica, HttpRequest retry, List<String> headers) {
    return peers.forward(
        replica, retry, headers.stream().filter(h -> !NOT_SENT.contains(h)).toList());
  }
}
