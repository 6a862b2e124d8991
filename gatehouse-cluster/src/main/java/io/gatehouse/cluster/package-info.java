/**
 * Replicas that find and call each other (DESIGN §5). State that lives in one process (a stdio
 * child, later a held call or an MRTR wait) is named by a token that starts with its replica's id;
 * {@link io.gatehouse.cluster.Peers} forwards a request for it to that replica's peer port, with a
 * key derived from the shared session key ({@link io.gatehouse.cluster.PeerKey}), and finds the
 * replica in the store's table of replicas ({@link io.gatehouse.cluster.Replicas}); a replica that
 * is not there, or does not answer, is gone ({@code REPLICA_GONE}).
 */
package io.gatehouse.cluster;
