package io.gatehouse.observe.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The log line and the API's JSON are one shape, whether a record has every member or few. */
class AuditJsonTest {
  @Test
  void the_line_is_the_same_json_as_the_api_shows() {
    AuditRecord full =
        new AuditRecord(
            "0123456789abcdef",
            1_765_000_000_123L,
            "api-key:alice",
            "default",
            "weather",
            "abcdef0123456789",
            "message",
            "tools/call",
            "7",
            "get-forecast",
            Decision.REFUSED,
            "RATE_LIMITED",
            200,
            0,
            1500,
            -1,
            312,
            -1,
            "{\"city\":\"Oslo\"}",
            "{\"content\":[]}");
    AuditRecord bare =
        new AuditRecord(
            "fedcba9876543210",
            1_765_000_000_456L,
            null,
            null,
            "weather",
            null,
            "stream",
            null,
            null,
            null,
            Decision.ALLOWED,
            null,
            200,
            200,
            2500,
            900,
            0,
            1024,
            null,
            null);
    AuditRecord odd =
        new AuditRecord(
            "q\"uote\\back/slash",
            -1_001L,
            "tab\there\u0001\u001f\n\r\b\f",
            "ünïcödé \u2028 😀",
            "weather",
            "",
            "message",
            "tools/call",
            "\"7\"",
            "a\u007fb",
            Decision.FAILED,
            "UPSTREAM_TIMEOUT",
            502,
            0,
            1,
            123_456_789,
            0,
            0,
            "not json {",
            "[1,2.50,{\"a\":null}]");
    for (AuditRecord r : new AuditRecord[] {full, bare, odd}) {
      String line = AuditJson.line(r);
      assertThat(line).doesNotContain("\n");
      assertThat(line).isEqualTo(AuditJson.of(r).toString());
    }
  }

  @Test
  void the_time_is_written_as_instant_writes_it() {
    long[] seconds = {0, 1_765_000_000L, -1, 253_402_300_799L, 253_402_300_800L, -62_167_219_201L};
    int[] millis = {0, 1, 9, 10, 99, 100, 120, 999};
    for (long s : seconds) {
      for (int ms : millis) {
        long at = s * 1000 + ms;
        assertThat(AuditJson.time(at)).isEqualTo(Instant.ofEpochMilli(at).toString());
        assertThat(AuditJson.time(at + 1000)).isEqualTo(Instant.ofEpochMilli(at + 1000).toString());
      }
    }
  }
}
