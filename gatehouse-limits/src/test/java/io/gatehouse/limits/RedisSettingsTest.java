package io.gatehouse.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.policy.traffic.Problems;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The redis: settings: defaults, every problem named, and the password never shown. */
class RedisSettingsTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void reads_the_url_with_local_failure_and_a_250ms_timeout_by_default() {
    Problems problems = new Problems();
    RedisSettings s =
        RedisSettings.read(
            JSON.readTree("{\"url\": \"redis://:s3cret-pw@127.0.0.1:6379/0\"}"), "redis", problems);
    assertThat(problems.list()).isEmpty();
    assertThat(s.failClosed()).isFalse();
    assertThat(s.timeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(s.toString()).isEqualTo("redis://***@127.0.0.1:6379/0").doesNotContain("s3cret");
  }

  @Test
  void names_each_problem_without_showing_a_password() {
    Problems problems = new Problems();
    RedisSettings.read(
        JSON.readTree(
            "{\"url\": \"http://user:s3cret-pw@127.0.0.1/\", \"on-failure\": \"open\","
                + " \"timeout\": \"soon\", \"pool\": 3}"),
        "redis",
        problems);
    assertThat(problems.list())
        .extracting(Object::toString)
        .containsExactlyInAnyOrder(
            "redis.pool: unknown field (expected one of: on-failure, timeout, url)",
            "redis.on-failure: 'open' (expected one of: local, closed)",
            "redis.timeout: 'soon' (expected: a duration such as 500ms, 15s, 10m, 2h, 1d or PT10M)",
            "redis.url: 'http://***@127.0.0.1/' (expected: redis://HOST:PORT/DB or rediss://...)");
  }

  @Test
  void a_password_with_at_signs_and_slashes_is_masked_whole() {
    assertThat(RedisSettings.redact("redis://user:p@ss/w0rd@127.0.0.1:6379/0"))
        .isEqualTo("redis://***@127.0.0.1:6379/0");
    assertThat(RedisSettings.redact("redis://127.0.0.1:6379/0"))
        .isEqualTo("redis://127.0.0.1:6379/0");
  }
}
