package io.gatehouse.observe.audit;

import java.time.Instant;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one JSON shape of an audit record, the same in the admin API, the export and the log line.
 */
public final class AuditJson {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private AuditJson() {}

  public static ObjectNode of(AuditRecord r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", r.id());
    n.put("time", time(r.at()));
    n.put("principal", r.principal());
    n.put("project", r.project());
    n.put("route", r.route());
    n.put("session", r.session());
    n.put("entry", r.entry());
    n.put("method", r.method());
    n.put("requestId", r.requestId());
    n.put("target", r.target());
    n.put("decision", r.decision().wireName());
    n.put("errorKey", r.errorKey());
    n.put("status", r.status());
    n.put("upstreamStatus", r.upstreamStatus());
    n.put("latencyMs", r.latencyMicros() / 1000.0);
    if (r.upstreamMicros() >= 0) {
      n.put("upstreamMs", r.upstreamMicros() / 1000.0);
    }
    n.put("bytesIn", r.bytesIn());
    if (r.bytesOut() >= 0) {
      n.put("bytesOut", r.bytesOut());
    }
    if (r.arguments() != null) {
      n.set("arguments", parse(r.arguments()));
    }
    if (r.result() != null) {
      n.set("result", parse(r.result()));
    }
    return n;
  }

  /**
   * The record as one line of JSON: the same members as {@link #of}, written straight to text with
   * the JSON escapes Jackson's own generator uses (one line per call through the gateway, written
   * by the audit writer's thread: no tree, no generator, the time's text kept per second).
   */
  public static String line(AuditRecord r) {
    StringBuilder b = new StringBuilder(384).append('{');
    string(b, "id", r.id());
    string(b, "time", time(r.at()));
    string(b, "principal", r.principal());
    string(b, "project", r.project());
    string(b, "route", r.route());
    string(b, "session", r.session());
    string(b, "entry", r.entry());
    string(b, "method", r.method());
    string(b, "requestId", r.requestId());
    string(b, "target", r.target());
    string(b, "decision", r.decision().wireName());
    string(b, "errorKey", r.errorKey());
    name(b, "status").append(r.status());
    name(b, "upstreamStatus").append(r.upstreamStatus());
    name(b, "latencyMs").append(r.latencyMicros() / 1000.0);
    if (r.upstreamMicros() >= 0) {
      name(b, "upstreamMs").append(r.upstreamMicros() / 1000.0);
    }
    name(b, "bytesIn").append(r.bytesIn());
    if (r.bytesOut() >= 0) {
      name(b, "bytesOut").append(r.bytesOut());
    }
    if (r.arguments() != null) {
      name(b, "arguments").append(parse(r.arguments()));
    }
    if (r.result() != null) {
      name(b, "result").append(parse(r.result()));
    }
    return b.append('}').toString();
  }

  /** Opens member {@code name} (a constant that needs no escape). */
  private static StringBuilder name(StringBuilder b, String name) {
    if (b.length() > 1) {
      b.append(',');
    }
    return b.append('"').append(name).append("\":");
  }

  private static void string(StringBuilder b, String name, String value) {
    name(b, name);
    if (value == null) {
      b.append("null");
    } else {
      b.append('"');
      ESCAPES.quoteAsString(value, b);
      b.append('"');
    }
  }

  private static final JsonStringEncoder ESCAPES = JsonStringEncoder.getInstance();

  /** The second {@link #time} last wrote, with its text up to the fraction. */
  private record Second(long epochSecond, String text) {}

  private static volatile Second lastSecond = new Second(0, "1970-01-01T00:00:00");

  /**
   * {@code millis} as {@link Instant#toString} writes it ({@code 2026-12-07T21:05:22.120Z}, no
   * fraction on a whole second); the calls of one second share the text up to the fraction.
   */
  static String time(long millis) {
    long epochSecond = Math.floorDiv(millis, 1000);
    int ms = (int) Math.floorMod(millis, 1000);
    Second s = lastSecond;
    if (s.epochSecond() != epochSecond) {
      String whole = Instant.ofEpochSecond(epochSecond).toString(); // ends in Z
      s = new Second(epochSecond, whole.substring(0, whole.length() - 1));
      lastSecond = s;
    }
    if (ms == 0) {
      return s.text() + "Z";
    }
    return s.text() + (ms < 10 ? ".00" : ms < 100 ? ".0" : ".") + ms + "Z";
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (RuntimeException e) {
      return JSON.getNodeFactory().stringNode(text);
    }
  }
}
