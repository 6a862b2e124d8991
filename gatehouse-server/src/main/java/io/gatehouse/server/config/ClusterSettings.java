package io.gatehouse.server.config;

import java.net.URI;
import java.time.Duration;

/**
 * Top-level {@code cluster:}: this replica's peer port, where the other replicas forward requests
 * for the state it holds (DESIGN §5; decision 21).
 *
 * @param peerHost the address the peer port listens on; null when there is none (one replica)
 * @param peerPort its port; 0 picks a free one
 * @param peerUrl how the other replicas reach it, or null for {@code http://<peerHost>:<port>}
 * @param peerExpiry how long after its last heartbeat a replica counts as gone
 */
public record ClusterSettings(String peerHost, int peerPort, URI peerUrl, Duration peerExpiry) {
  public static final Duration DEFAULT_EXPIRY = Duration.ofSeconds(15);
  public static final ClusterSettings NONE = new ClusterSettings(null, 0, null, DEFAULT_EXPIRY);

  /** Whether this replica serves a peer port (and so takes part in forwarding). */
  public boolean enabled() {
    return peerHost != null;
  }
}
