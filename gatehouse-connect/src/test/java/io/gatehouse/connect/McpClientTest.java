package io.gatehouse.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.core.net.Egress;
import io.gatehouse.gateway.UpstreamTransport;
import io.gatehouse.testkit.ScriptedUpstream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class McpClientTest {
  private static final JsonMapper JSON = JsonMapper.shared();
  private static final McpClient.Options PLAIN =
      new McpClient.Options(Duration.ofSeconds(5), Map.of(), Map.of());

  @Test
  void call_tool_returns_the_result_of_a_json_answer() throws Exception {
    try (ScriptedUpstream up =
            ScriptedUpstream.start(
                s ->
                    s.tool(
                        "echo", (call, out) -> out.result(ScriptedUpstream.text(call.arg("v")))));
        McpClient c = open(up.url(), PLAIN)) {
      assertThat(c.callTool("echo", JSON.readTree("{\"v\":\"hi\"}")).toString()).contains("hi");
    }
  }

  @Test
  void resumes_a_stream_that_ends_early_with_last_event_id_after_the_retry_delay()
      throws Exception {
    try (ScriptedUpstream up =
            ScriptedUpstream.start(
                s ->
                    s.noGetStream()
                        .tool(
                            "poll",
                            (call, out) ->
                                out.answerOnResume(ScriptedUpstream.text("late"), 300)));
        McpClient c = open(up.url(), PLAIN)) {
      long started = System.nanoTime();

      String result = c.callTool("poll", null).toString();

      assertThat(result).contains("late");
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .isGreaterThanOrEqualTo(Duration.ofMillis(300));
      assertThat(up.requests())
          .anySatisfy(
              r -> {
                assertThat(r.httpMethod()).isEqualTo("GET");
                assertThat(r.headers()).containsKey("last-event-id");
              });
    }
  }

  @Test
  void sends_the_authorization_header_and_repeats_after_a_renewal() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    UpstreamAuthorization auth =
        new UpstreamAuthorization() {
          private volatile String token;

          @Override
          public String header() {
            return token;
          }

          @Override
          public boolean renew(URI endpoint, int status, String challenge) {
            seen.add(status + " " + challenge);
            token = "Bearer t1";
            return true;
          }
        };
    try (ScriptedUpstream up =
        ScriptedUpstream.start(
            s ->
                s.tool(
                    "guarded",
                    (call, out) -> {
                      if (!"Bearer t1".equals(call.header("Authorization"))) {
                        out.json(401, "{}");
                      } else {
                        out.result(ScriptedUpstream.text("in"));
                      }
                    }))) {
      McpClient.Options o =
          new McpClient.Options(Duration.ofSeconds(5), Map.of(), Map.of(), auth, null);
      try (McpClient c = open(up.url(), o)) {
        assertThat(c.callTool("guarded", null).toString()).contains("in");
      }
      assertThat(seen).hasSize(1).first().asString().startsWith("401");
    }
  }

  @Test
  void a_refusal_the_authorization_cannot_renew_is_unauthorized() throws Exception {
    UpstreamAuthorization never =
        new UpstreamAuthorization() {
          @Override
          public String header() {
            return null;
          }

          @Override
          public boolean renew(URI endpoint, int status, String challenge) {
            return false;
          }
        };
    try (ScriptedUpstream up =
            ScriptedUpstream.start(s -> s.tool("guarded", (call, out) -> out.json(401, "{}")));
        McpClient c =
            open(
                up.url(),
                new McpClient.Options(Duration.ofSeconds(5), Map.of(), Map.of(), never, null))) {
      assertThatThrownBy(() -> c.callTool("guarded", null))
          .isInstanceOfSatisfying(
              McpFailure.class, f -> assertThat(f.error()).isEqualTo(Diagnosis.UNAUTHORIZED));
    }
  }

  @Test
  void accept_defaults_fills_the_schema_defaults_and_declines_a_required_field_without_one() {
    AcceptDefaults a = new AcceptDefaults();
    var withDefaults =
        JSON.readTree(
            "{\"requestedSchema\":{\"type\":\"object\",\"properties\":{"
                + "\"name\":{\"type\":\"string\",\"default\":\"Ann\"},"
                + "\"age\":{\"type\":\"integer\",\"default\":3}},\"required\":[\"name\"]}}");
    var missing =
        JSON.readTree(
            "{\"requestedSchema\":{\"type\":\"object\",\"properties\":{"
                + "\"name\":{\"type\":\"string\"}},\"required\":[\"name\"]}}");

    assertThat(a.answer("elicitation/create", withDefaults).orElseThrow().toString())
        .isEqualTo("{\"action\":\"accept\",\"content\":{\"name\":\"Ann\",\"age\":3}}");
    assertThat(a.answer("elicitation/create", missing).orElseThrow().path("action").asString())
        .isEqualTo("decline");
    assertThat(a.answer("sampling/createMessage", missing)).isEmpty();
  }

  private static McpClient open(URI url, McpClient.Options o) throws McpFailure {
    return McpClient.open(url, UpstreamTransport.STREAMABLE_HTTP, Egress.defaults(), o);
  }
}
