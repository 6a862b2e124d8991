package io.gatehouse.observe.usage;

import io.gatehouse.observe.audit.AuditRecord;
import java.util.Locale;
import java.util.function.Function;

/** What usage can be grouped by, each read from an audit record. */
public enum Dimension {
  CONSUMER(AuditRecord::principal),
  PROJECT(AuditRecord::project),
  ROUTE(AuditRecord::route),
  TOOL(AuditRecord::target),
  METHOD(AuditRecord::method);

  private final Function<AuditRecord, String> read;

  Dimension(Function<AuditRecord, String> read) {
    this.read = read;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  String of(AuditRecord r) {
    return read.apply(r);
  }

  /** The dimension named {@code wire}, or null. */
  public static Dimension fromWire(String wire) {
    for (Dimension d : values()) {
      if (d.wireName().equals(wire)) {
        return d;
      }
    }
    return null;
  }
}
