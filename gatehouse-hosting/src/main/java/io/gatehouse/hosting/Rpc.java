package io.gatehouse.hosting;

import io.gatehouse.core.ErrorKey;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** JSON-RPC error answers in the gateway's shape: the key's code, the key and hint in data. */
final class Rpc {
  private Rpc() {}

  static byte[] error(JsonNode id, ErrorKey key, String message) {
    ObjectNode m = Link.JSON.createObjectNode();
    m.put("jsonrpc", "2.0");
    if (id == null) {
      m.putNull("id");
    } else {
      m.set("id", id);
    }
    ObjectNode e = m.putObject("error");
    e.put("code", key.rpcCode());
    e.put("message", message);
    ObjectNode data = e.putObject("data");
    data.put("key", key.key());
    data.put("hint", key.hint());
    return Link.JSON.writeValueAsBytes(m);
  }
}
