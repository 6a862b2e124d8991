package io.gatehouse.cluster;

import io.gatehouse.core.ErrorKey;

/** The error keys of replica-to-replica forwarding. */
public final class ClusterErrors {
  private ClusterErrors() {}

  /**
   * 404, like an ended session: the transport spec has the client start a new session then, which
   * starts on a replica that is alive.
   */
  public static final ErrorKey REPLICA_GONE =
      ErrorKey.of(
          "REPLICA_GONE",
          404,
          -31078,
          "The replica that held this session's state has stopped (or no longer answers on its peer"
              + " port): initialize a new session. With several replicas, set cluster.peer-listen"
              + " on each and give them one store and one sessions.key.");

  public static final ErrorKey PEER_FORBIDDEN =
      ErrorKey.of(
          "PEER_FORBIDDEN",
          403,
          -31079,
          "The peer port serves only replicas of the same deployment (the same sessions.key).");
}
