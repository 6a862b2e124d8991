package io.gatehouse.gateway.internal;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The requests the reverse bridge sent clients (an upstream's MRTR {@code inputRequests} made real
 * server-to-client requests) that wait for their answers on this replica. The client POSTs each
 * answer as a JSON-RPC response in its session; it reaches the waiting call only on the replica
 * that sent the request, the one holding the call's event stream.
 */
final class ReverseInputs {
  /** The id prefix of the requests the bridge sends. */
  static final String PREFIX = "gatehouse-input-";

  private final Map<String, Consumer<byte[]>> waiting = new ConcurrentHashMap<>();

  /** A fresh request id whose answer goes to {@code onAnswer}, on the thread that delivers it. */
  String await(Consumer<byte[]> onAnswer) {
    String id = PREFIX + UUID.randomUUID();
    waiting.put(id, onAnswer);
    return id;
  }

  /** Delivers the client's answer; false when no request with that id waits here. */
  boolean answer(String id, byte[] response) {
    Consumer<byte[]> c = id == null ? null : waiting.remove(id);
    if (c == null) {
      return false;
    }
    c.accept(response);
    return true;
  }

  void forget(String id) {
    waiting.remove(id);
  }
}
