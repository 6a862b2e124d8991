package io.gatehouse.catalog.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Times are stored as epoch microseconds (BIGINT), the precision the registry API shows, on both
 * databases.
 */
public final class Micros {
  private Micros() {}

  public static long of(Instant t) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }

  public static Instant instant(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }

  /** The value of a nullable BIGINT column. */
  public static Instant nullable(java.sql.ResultSet rs, String column)
      throws java.sql.SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : instant(v);
  }
}
