package io.gatehouse.observe.audit;

import static org.assertj.core.api.Assertions.assertThat;

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
    for (AuditRecord r : new AuditRecord[] {full, bare}) {
      String line = AuditJson.line(r);
      assertThat(line).doesNotContain("\n");
      assertThat(line).isEqualTo(AuditJson.of(r).toString());
    }
  }
}
