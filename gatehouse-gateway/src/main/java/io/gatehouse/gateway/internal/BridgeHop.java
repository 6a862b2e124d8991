package io.gatehouse.gateway.internal;

import io.gatehouse.core.GatehouseException;
import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.HeldCallForwarder;
import io.gatehouse.http.HttpRequest;
import io.gatehouse.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A retry whose {@code requestState} names another replica, sent to that replica (which holds the
 * upstream call) with the caller's body and headers, and its answer relayed to the caller. The
 * {@link HeldCallForwarder} blocks, so each hop runs on a virtual thread of its own; a replica that
 * is gone or does not answer makes the call gone, as on a replica without peers.
 */
final class BridgeHop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BridgeHop.class);

  private final HeldCallForwarder forwarder;
  private final ExecutorService threads =
      Executors.newThreadPerTaskExecutor(
          Thread.ofVirtual().name("gatehouse-bridge-hop-", 0).factory());

  BridgeHop(HeldCallForwarder forwarder) {
    this.forwarder = forwarder;
  }

  /** Sends {@code caller}'s retry to {@code replica}; runs on the caller's event loop. */
  void forward(BridgeCaller caller, String replica) {
    HttpCall call = caller.call();
    // copied now: the request's buffers are the edge's only while the endpoint handles it
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    call.request.names().forEach(n -> headers.put(n, call.request.getAll(n)));
    headers.put(HeldCallForwarder.CLIENT_ADDRESS, List.of(unscoped(call.remote.getAddress())));
    HttpRequest retry =
        new HttpRequest(
            "POST",
            call.edge.path(),
            call.edge.query(),
            n -> headers.getOrDefault(n, List.of()),
            caller.ex().body(),
            call.remote);
    List<String> names = new ArrayList<>(headers.keySet());
    threads.execute(() -> hop(caller, replica, retry, names));
  }

  /**
   * The address as text without an IPv6 zone ({@code fe80::1%eth0} is {@code fe80::1}): the zone
   * names an interface of this host, meaningless to the holding replica, whose address rules read
   * plain literals only.
   */
  static String unscoped(java.net.InetAddress address) {
    String text = address.getHostAddress();
    int zone = text.indexOf('%');
    return zone < 0 ? text : text.substring(0, zone);
  }

  private void hop(BridgeCaller caller, String replica, HttpRequest retry, List<String> names) {
    HttpResponse answer;
    try {
      answer = forwarder.forward(replica, retry, names);
    } catch (GatehouseException e) {
      log.info("a retry for replica {} was not forwarded: {}", replica, e.getMessage());
      caller.fail(gone(caller, e.getMessage()));
      return;
    }
    caller.relayed(answer);
  }

  private static GatewayException gone(BridgeCaller caller, String why) {
    return new GatewayException(
        GatewayErrors.PENDING_CALL_GONE,
        "route '"
            + caller.ex().route().name()
            + "': the replica holding the call this requestState names is gone ("
            + why
            + ")");
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
