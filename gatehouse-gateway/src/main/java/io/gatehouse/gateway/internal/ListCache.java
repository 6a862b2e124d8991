package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.protocol.CacheHint;
import io.gatehouse.protocol.Json;
import io.gatehouse.protocol.JsonRpcId;
import io.gatehouse.protocol.JsonRpcMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The first page of each 2026-07-28 list result an upstream marked {@code cacheScope: public}, kept
 * per route on this replica for the {@code ttlMs} it gave (at most {@link #MAX_TTL_MS}), so callers
 * within that time are answered without an upstream request. The policies still run on each
 * request, and the response filters on each answer (a tool list filtered per consumer stays so).
 * {@code private} results, pages after the first, and anything else are never kept.
 */
final class ListCache {
  static final long MAX_TTL_MS = 300_000;
  static final int MAX_ENTRIES = 1024;
  private static final Set<String> LISTS =
      Set.of("tools/list", "prompts/list", "resources/list", "resources/templates/list");

  private record Entry(byte[] result, long expiresAtNanos) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  /** The key of a cacheable request, or null when {@code m} is not the first page of a list. */
  static String key(RouteDefinition route, JsonRpcMessage m, byte[] body) {
    if (!m.isRequest() || !LISTS.contains(m.method())) {
      return null;
    }
    if (Json.nestedString(body, "params", "cursor") != null) {
      return null;
    }
    return route.name() + '\n' + route.upstream().url() + '\n' + m.method();
  }

  /** A fresh answer to request {@code id} from the cache, or null. */
  byte[] answer(String key, JsonRpcId id) {
    Entry e = entries.get(key);
    if (e == null) {
      return null;
    }
    if (System.nanoTime() - e.expiresAtNanos > 0) {
      entries.remove(key, e);
      return null;
    }
    return response(id, e.result);
  }

  /** Keeps the result of {@code response} when its upstream marked it sharable. */
  void offer(String key, byte[] response) {
    CacheHint hint = CacheHint.of(response);
    if (hint == null || !hint.sharable()) {
      return;
    }
    if (entries.size() >= MAX_ENTRIES) {
      long now = System.nanoTime();
      entries.values().removeIf(e -> now - e.expiresAtNanos > 0);
      if (entries.size() >= MAX_ENTRIES) {
        return;
      }
    }
    long ttl = Math.min(hint.ttlMs(), MAX_TTL_MS);
    byte[] result = Arrays.copyOfRange(response, hint.resultStart(), hint.resultEnd());
    entries.put(key, new Entry(result, System.nanoTime() + ttl * 1_000_000));
  }

  /** Drops what is kept for {@code route}, as after its upstream failed. */
  void forget(String route) {
    entries.keySet().removeIf(k -> k.startsWith(route + '\n'));
  }

  private static byte[] response(JsonRpcId id, byte[] result) {
    String idJson = id.toJson();
    ByteArrayOutputStream out = new ByteArrayOutputStream(result.length + 48);
    out.writeBytes(
        ("{\"jsonrpc\":\"2.0\",\"id\":" + idJson + ",\"result\":")
            .getBytes(StandardCharsets.UTF_8));
    out.writeBytes(result);
    out.write('}');
    return out.toByteArray();
  }
}
