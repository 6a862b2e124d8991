package io.gatehouse.gateway;

import io.gatehouse.http.HttpRequest;
import io.gatehouse.http.HttpResponse;
import java.util.List;

/**
 * Sends an MRTR retry whose {@code requestState} names another replica to that replica, which holds
 * the bridged upstream call, and gives back its answer (a whole body or an event stream relayed as
 * it arrives). The gateway does not know how replicas reach each other; the assembly does (the
 * cluster's peer port, decision 21), so this is the seam between them.
 */
@FunctionalInterface
public interface HeldCallForwarder {
  /**
   * The header in which a forwarded retry names its caller's address (the connection's peer at the
   * replica it came in at, an IP literal), so the holding replica's address rules and per-address
   * limits judge the caller, not the forwarding replica. The gateway sets it, replacing any the
   * caller sent, and believes it only on the peer port, whose requests the peer key admitted.
   */
  String CLIENT_ADDRESS = "Gatehouse-Client-Address";

  /**
   * Sends {@code retry} (its method, path, body and the {@code headers} named) to {@code replica}
   * and answers what it answers. Blocks; the gateway calls it off its event loops.
   *
   * @throws io.gatehouse.core.GatehouseException when {@code replica} is not among those that serve
   *     or does not answer
   */
  HttpResponse forward(String replica, HttpRequest retry, List<String> headers);
}
