package io.gatehouse.gateway.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The upstream's own requests during one bridged call, as MRTR input requests (2026-07-28): each
 * gets a key ({@code input-1}, {@code input-2}...) under which the caller sees it in {@code
 * inputRequests} and answers it in {@code inputResponses}; the key leads back to the upstream's
 * request id. Requests that arrive while the caller is away wait for its next retry.
 */
final class BridgeInputs {
  private final Map<String, ObjectNode> unasked = new LinkedHashMap<>();
  private final Map<String, JsonNode> asked = new LinkedHashMap<>();
  private int count;

  void add(ObjectNode upstreamRequest) {
    unasked.put("input-" + ++count, upstreamRequest);
  }

  boolean hasUnasked() {
    return !unasked.isEmpty();
  }

  /** The {@code inputRequests} of the waiting requests, which are now asked. */
  ObjectNode ask() {
    ObjectNode inputRequests = BridgeJson.NODES.objectNode();
    unasked.forEach(
        (key, r) -> {
          ObjectNode item =
              BridgeJson.NODES.objectNode().put("method", r.path("method").asString());
          if (r.get("params") instanceof ObjectNode p) {
            item.set("params", p);
          }
          inputRequests.set(key, item);
          asked.put(key, r.get("id"));
        });
    unasked.clear();
    return inputRequests;
  }

  /** The first asked key {@code inputResponses} has no answer for, or null when all are there. */
  String missing(ObjectNode inputResponses) {
    return asked.keySet().stream().filter(k -> !inputResponses.has(k)).findFirst().orElse(null);
  }

  /** Hands each answer with the upstream request id it answers to {@code deliver}. */
  void answer(ObjectNode inputResponses, BiConsumer<JsonNode, JsonNode> deliver) {
    asked.forEach((key, id) -> deliver.accept(id, inputResponses.get(key)));
    asked.clear();
  }
}
