package io.gatehouse.observe.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.policy.traffic.Problems;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What the redactor takes out of recorded values, what it leaves, and the audit settings. */
class RedactorTest {
  static JsonNode redact(String json) {
    return Redactor.redact(JsonMapper.shared().readTree(json));
  }

  @Test
  void values_under_credential_names_are_masked_whatever_they_hold() {
    JsonNode n =
        redact(
            "{\"Password\":\"a\",\"db_passwd\":\"b\",\"client_secret\":\"c\",\"refreshToken\":\"d\","
                + "\"x-api-key\":\"e\",\"Authorization\":\"f\",\"auth\":{\"user\":\"u\"},"
                + "\"credentials\":[1,2],\"Cookie\":\"g\",\"session_id\":\"h\",\"private_key\":\"i\","
                + "\"key\":\"j\",\"pin\":1234,\"otp\":\"k\"}");
    n.properties()
        .forEach(e -> assertThat(e.getValue().asString()).as(e.getKey()).isEqualTo(Redactor.MASK));
  }

  @Test
  void ordinary_names_and_values_stay() {
    JsonNode n =
        redact(
            "{\"author\":\"Jane\",\"keyword\":\"rain\",\"city\":\"Oslo\",\"count\":3,"
                + "\"tags\":[\"a\",\"b\"],\"nested\":{\"note\":\"see you\"},\"empty\":null}");
    assertThat(n.toString())
        .isEqualTo(
            "{\"author\":\"Jane\",\"keyword\":\"rain\",\"city\":\"Oslo\",\"count\":3,"
                + "\"tags\":[\"a\",\"b\"],\"nested\":{\"note\":\"see you\"},\"empty\":null}");
  }

  /**
   * Made-up credentials of each recognised shape, put together at run time so the source holds no
   * string a secret scanner would take for a real one.
   */
  private static String shaped(String... parts) {
    return String.join("", parts);
  }

  @Test
  void values_that_look_like_credentials_are_masked_anywhere() {
    for (String v :
        new String[] {
          "Bearer abc.def",
          "basic dXNlcjpwYXNz",
          "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln",
          "ghk_ABCDEFGH_0123456789",
          shaped("-----BEGIN RSA ", "PRIVATE KEY-----\nMII..."),
          shaped("sk", "-proj0123456789abcdef"),
          shaped("gh", "p_0123456789abcdefABCDEF"),
          shaped("xo", "xb-123-456"),
          shaped("AK", "IAABCDEFGHIJKLMNOP")
        }) {
      JsonNode n = redact("{\"list\":[\"" + v.replace("\n", "\\n") + "\"],\"text\":\"fine\"}");
      assertThat(n.path("list").get(0).asString()).as(v).isEqualTo(Redactor.MASK);
      assertThat(n.path("text").asString()).isEqualTo("fine");
    }
  }

  @Test
  void the_audit_settings_name_every_problem_with_its_path() {
    Problems problems = new Problems();
    AuditConfig c =
        AuditConfig.read(
            JsonMapper.shared()
                .readTree("{\"retention\":\"soon\",\"buffer\":0,\"log\":\"yes\",\"x\":1}"),
            problems);
    assertThat(problems.list())
        .extracting(Problems.Problem::path)
        .containsExactlyInAnyOrder("audit.retention", "audit.buffer", "audit.log", "audit.x");
    assertThat(c).isEqualTo(AuditConfig.DEFAULT);

    Problems none = new Problems();
    AuditConfig set =
        AuditConfig.read(
            JsonMapper.shared().readTree("{\"retention\":\"7d\",\"buffer\":50,\"log\":false}"),
            none);
    assertThat(none.isEmpty()).isTrue();
    assertThat(set).isEqualTo(new AuditConfig(Duration.ofDays(7), 50, false));

    Problems section = new Problems();
    new AuditSection()
        .read(
            JsonMapper.shared().readTree("{\"arguments\":\"yes\",\"values\":1}"),
            "policies.audit",
            section);
    assertThat(section.list())
        .extracting(Problems.Problem::path)
        .containsExactlyInAnyOrder("policies.audit.arguments", "policies.audit.values");
  }
}
