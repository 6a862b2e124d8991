package io.gatehouse.limits;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** The fixed UTC windows a quota counts in; each starts at the top of the hour, day or month. */
public enum QuotaWindow {
  HOUR,
  DAY,
  MONTH;

  /** The start of the window holding {@code epochMillis}, in epoch milliseconds. */
  public long start(long epochMillis) {
    return switch (this) {
      case HOUR -> epochMillis - Math.floorMod(epochMillis, 3_600_000L);
      case DAY -> epochMillis - Math.floorMod(epochMillis, 86_400_000L);
      case MONTH -> {
        LocalDate d = Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC).toLocalDate();
        yield d.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      }
    };
  }

  /** The end (exclusive) of the window that starts at {@code start}. */
  public long end(long start) {
    return switch (this) {
      case HOUR -> start + 3_600_000L;
      case DAY -> start + 86_400_000L;
      case MONTH ->
          ZonedDateTime.ofInstant(Instant.ofEpochMilli(start), ZoneOffset.UTC)
              .plusMonths(1)
              .toInstant()
              .toEpochMilli();
    };
  }
}
