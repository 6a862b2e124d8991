package io.gatehouse.observe.audit;

import io.gatehouse.core.Principal;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.observe.Names;
import io.gatehouse.protocol.JsonRpcMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns captured {@link AuditEvent}s into {@link AuditRecord}s on the writer's thread: hashes the
 * session id, parses and redacts arguments and results, bounds the text a caller controls.
 */
final class AuditRecords {
  /** The most characters of a caller-chosen name or id kept. */
  static final int MAX_NAME = 256;

  /** The most characters of recorded arguments or a result kept; longer ones are replaced. */
  static final int MAX_VALUE = 64 * 1024;

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private AuditRecords() {}

  static AuditRecord of(AuditEvent e) {
    Principal p = e.principal();
    JsonRpcMessage m = e.message();
    return new AuditRecord(
        newId(),
        e.at(),
        p == null ? null : p.id(),
        p == null ? null : p.project(),
        e.route(),
        hash(e.sessionId()),
        entry(e.entry()),
        m == null ? null : bound(m.method()),
        m == null || m.id() == null ? null : bound(m.id().toJson()),
        m == null || m.name() == null ? null : bound(Names.withoutQuery(m.name())),
        Decision.of(e.status(), e.error()),
        e.error() == null ? null : e.error().key(),
        e.status(),
        e.upstreamStatus(),
        e.latencyNanos() / 1000,
        e.upstreamNanos() < 0 ? -1 : e.upstreamNanos() / 1000,
        e.bytesIn(),
        e.bytesOut(),
        e.request() == null ? null : member(e.request(), "params", "arguments"),
        e.response() == null ? null : result(e.response()));
  }

  /** The entry's name in records: a constant, not a string made per record. */
  static String entry(McpExchange.Entry entry) {
    return switch (entry) {
      case MESSAGE -> "message";
      case STREAM -> "stream";
      case DELETE -> "delete";
      case SSE_CONNECT -> "sse";
    };
  }

  /** 16 random hex digits: unique enough within one millisecond, which orders records first. */
  static String newId() {
    return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
  }

  // The writer's thread alone calls hash: a session's calls come in runs, so the last few ids
  // digested save most digests.
  private static final int KEPT_HASHES = 256;
  private static final Map<String, String> HASHES =
      new java.util.LinkedHashMap<>(KEPT_HASHES * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > KEPT_HASHES;
        }
      };

  /** The first 16 hex digits of the SHA-256 of {@code sessionId}; null for none. */
  static String hash(String sessionId) {
    if (sessionId == null || sessionId.isEmpty()) {
      return null;
    }
    synchronized (HASHES) {
      return HASHES.computeIfAbsent(sessionId, AuditRecords::digest);
    }
  }

  private static String digest(String sessionId) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String bound(String s) {
    return s == null || s.length() <= MAX_NAME ? s : s.substring(0, MAX_NAME);
  }

  /**
   * {@code body}'s member at {@code path}, redacted, as JSON text; null when absent or not JSON.
   */
  private static String member(byte[] body, String... path) {
    JsonNode n = parse(body);
    for (String name : path) {
      n = n == null ? null : n.get(name);
    }
    return n == null || n.isNull() ? null : text(Redactor.redact(n));
  }

  /** The {@code result} (or {@code error}) of an answer, redacted, as JSON text. */
  private static String result(byte[] body) {
    JsonNode n = parse(body);
    if (n == null) {
      return null;
    }
    JsonNode r = n.has("result") ? n.get("result") : n.get("error");
    return r == null ? null : text(Redactor.redact(r));
  }

  private static JsonNode parse(byte[] body) {
    try {
      return JSON.readTree(body);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String text(JsonNode n) {
    String s = n.toString();
    return s.length() <= MAX_VALUE
        ? s
        : JSON.getNodeFactory()
            .stringNode("[" + s.length() + " characters, over the " + MAX_VALUE + " kept]")
            .toString();
  }
}
