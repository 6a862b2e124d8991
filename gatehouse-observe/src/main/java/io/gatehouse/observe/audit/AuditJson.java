package io.gatehouse.observe.audit;

import java.time.Instant;
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
    n.put("time", Instant.ofEpochMilli(r.at()).toString());
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
   * The record as one line of JSON: the same members as {@link #of}, written straight to text (one
   * line per call through the gateway, so no tree is built for it).
   */
  public static String line(AuditRecord r) {
    java.io.StringWriter out = new java.io.StringWriter(384);
    try (tools.jackson.core.JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringProperty("id", r.id());
      g.writeStringProperty("time", Instant.ofEpochMilli(r.at()).toString());
      g.writeStringProperty("principal", r.principal());
      g.writeStringProperty("project", r.project());
      g.writeStringProperty("route", r.route());
      g.writeStringProperty("session", r.session());
      g.writeStringProperty("entry", r.entry());
      g.writeStringProperty("method", r.method());
      g.writeStringProperty("requestId", r.requestId());
      g.writeStringProperty("target", r.target());
      g.writeStringProperty("decision", r.decision().wireName());
      g.writeStringProperty("errorKey", r.errorKey());
      g.writeNumberProperty("status", r.status());
      g.writeNumberProperty("upstreamStatus", r.upstreamStatus());
      g.writeNumberProperty("latencyMs", r.latencyMicros() / 1000.0);
      if (r.upstreamMicros() >= 0) {
        g.writeNumberProperty("upstreamMs", r.upstreamMicros() / 1000.0);
      }
      g.writeNumberProperty("bytesIn", r.bytesIn());
      if (r.bytesOut() >= 0) {
        g.writeNumberProperty("bytesOut", r.bytesOut());
      }
      if (r.arguments() != null) {
        g.writeName("arguments");
        g.writeTree(parse(r.arguments()));
      }
      if (r.result() != null) {
        g.writeName("result");
        g.writeTree(parse(r.result()));
      }
      g.writeEndObject();
    }
    return out.toString();
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (RuntimeException e) {
      return JSON.getNodeFactory().stringNode(text);
    }
  }
}
