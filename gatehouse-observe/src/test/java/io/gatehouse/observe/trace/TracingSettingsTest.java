package io.gatehouse.observe.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.policy.traffic.Problems;
import java.net.URI;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The {@code tracing:} section: off unless an endpoint is named, and every problem named. */
class TracingSettingsTest {
  static TracingSettings read(String json, Problems problems) {
    return TracingSettings.read(
        json == null ? null : JsonMapper.shared().readTree(json), "tracing", problems);
  }

  @Test
  void absent_is_off_and_costs_nothing() {
    Problems problems = new Problems();
    assertThat(read(null, problems).enabled()).isFalse();
    assertThat(read("{\"sample\": 0.5}", problems).enabled()).isFalse();
    assertThat(problems.isEmpty()).isTrue();
  }

  @Test
  void an_endpoint_turns_it_on_and_gets_the_traces_path_once() {
    Problems problems = new Problems();
    TracingSettings s =
        read(
            "{\"otlp-endpoint\": \"http://127.0.0.1:4318/\", \"sample\": 0.25,"
                + " \"service-name\": \"gh-eu\"}",
            problems);
    assertThat(problems.isEmpty()).isTrue();
    assertThat(s.enabled()).isTrue();
    assertThat(s.tracesUrl()).isEqualTo(URI.create("http://127.0.0.1:4318/v1/traces"));
    assertThat(s.sample()).isEqualTo(0.25);
    assertThat(s.serviceName()).isEqualTo("gh-eu");
    assertThat(
            read("{\"otlp-endpoint\": \"http://127.0.0.1:4318/v1/traces\"}", problems).tracesUrl())
        .isEqualTo(URI.create("http://127.0.0.1:4318/v1/traces"));
  }

  @Test
  void names_each_problem_with_its_path_and_what_was_expected() {
    Problems problems = new Problems();
    read(
        "{\"otlp-endpoint\": \"localhost:4318\", \"sample\": \"all\", \"service-name\": \"\","
            + " \"exporter\": \"zipkin\"}",
        problems);
    assertThat(problems.list())
        .extracting(Problems.Problem::path)
        .containsExactlyInAnyOrder(
            "tracing.otlp-endpoint", "tracing.sample", "tracing.service-name", "tracing.exporter");
    assertThat(problems.list().toString()).contains("expected: an http(s) URL");
  }
}
