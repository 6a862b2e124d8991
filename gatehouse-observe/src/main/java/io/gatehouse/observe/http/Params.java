package io.gatehouse.observe.http;

import io.gatehouse.core.Errors;
import io.gatehouse.core.GatehouseException;
import io.gatehouse.http.HttpRequest;
import io.gatehouse.observe.audit.AuditQuery;
import io.gatehouse.observe.audit.Decision;
import io.gatehouse.policy.traffic.Fields;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Set;

/** Reads the query parameters of the audit and usage APIs, refusing bad ones with what would do. */
final class Params {
  private Params() {}

  static GatehouseException invalid(String name, String value, String expected) {
    return new GatehouseException(
        Errors.INVALID_REQUEST, name + ": '" + value + "' (expected: " + expected + ")");
  }

  /** An instant written as ISO-8601 ({@code 2026-12-07T09:00:00Z}) or a date; null when absent. */
  static Instant instant(HttpRequest r, String name) {
    String v = r.query(name);
    if (v == null || v.isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      try {
        return java.time.LocalDate.parse(v).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException e2) {
        throw invalid(name, v, "a UTC time such as 2026-12-07T09:00:00Z, or a date 2026-12-07");
      }
    }
  }

  static int integer(HttpRequest r, String name, int fallback, int min, int max) {
    String v = r.query(name);
    if (v == null || v.isEmpty()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw invalid(name, v, "a whole number from " + min + " to " + max);
  }

  static Duration duration(HttpRequest r, String name, Duration fallback) {
    String v = r.query(name);
    if (v == null || v.isEmpty()) {
      return fallback;
    }
    Duration d = Fields.parseDuration(v);
    if (d == null || d.isNegative() || d.isZero()) {
      throw invalid(name, v, "a duration such as 5m, 1h or 1d");
    }
    return d;
  }

  /** The filters every audit read takes; {@code limit} and {@code cursor} by the caller. */
  static AuditQuery auditQuery(
      HttpRequest r, Set<String> projects, int limit, AuditQuery.Position after) {
    String d = r.query("decision");
    Decision decision = d == null || d.isEmpty() ? null : Decision.fromWire(d);
    if (d != null && !d.isEmpty() && decision == null) {
      throw invalid("decision", d, "allowed, refused or failed");
    }
    Instant since = instant(r, "since");
    Instant until = instant(r, "until");
    return new AuditQuery(
        text(r, "route"),
        text(r, "principal"),
        text(r, "tool"),
        decision,
        text(r, "key"),
        since == null ? null : since.toEpochMilli(),
        until == null ? null : until.toEpochMilli(),
        projects,
        limit,
        after);
  }

  private static String text(HttpRequest r, String name) {
    String v = r.query(name);
    return v == null || v.isEmpty() ? null : v;
  }

  /** The opaque cursor of a page's end: where the next page starts. */
  static String cursor(AuditQuery.Position p) {
    return p == null
        ? null
        : Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString((p.at() + ":" + p.id()).getBytes(StandardCharsets.UTF_8));
  }

  static AuditQuery.Position position(HttpRequest r) {
    String v = r.query("cursor");
    if (v == null || v.isEmpty()) {
      return null;
    }
    try {
      String s = new String(Base64.getUrlDecoder().decode(v), StandardCharsets.UTF_8);
      int colon = s.indexOf(':');
      String id = s.substring(colon + 1);
      if (colon < 1 || !id.matches("[0-9a-f]{1,32}")) {
        throw new IllegalArgumentException(s);
      }
      return new AuditQuery.Position(Long.parseLong(s.substring(0, colon)), id);
    } catch (IllegalArgumentException e) {
      throw invalid("cursor", v, "the next cursor of a previous page, as given");
    }
  }
}
