package io.gatehouse.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.core.net.Egress;
import io.gatehouse.gateway.UpstreamTransport;
import io.gatehouse.testkit.ScriptedUpstream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Results that ask for input (MCP 2026-07-28 MRTR, {@code resultType: "input_required"}): answered
 * by the client's {@link ServerRequests} and sent again with the state, refused with {@code
 * UPSTREAM_INPUT_REQUIRED} when nothing can answer, and never repeated past the round limit.
 */
class McpClientInputTest {
  private static final JsonMapper JSON = JsonMapper.shared();
  private static final McpClient.Options OPTIONS =
      new McpClient.Options(Duration.ofSeconds(5), Map.of(), Map.of(), null, new AcceptDefaults());
  private static final String ASK_CONFIRM =
      "{\"resultType\":\"input_required\",\"requestState\":\"opaque-1\",\"inputRequests\":"
          + "{\"confirm\":{\"method\":\"elicitation/create\",\"params\":{\"message\":\"ok?\","
          + "\"requestedSchema\":{\"type\":\"object\",\"properties\":{\"ok\":{\"type\":\"boolean\","
          + "\"default\":true}},\"required\":[\"ok\"]}}}}}";

  @Test
  void answers_the_input_asked_for_and_sends_the_request_again_with_its_state() throws Exception {
    AtomicInteger round = new AtomicInteger();
    try (ScriptedUpstream up =
            ScriptedUpstream.start(
                s ->
                    s.noGetStream()
                        .tool(
                            "deploy",
                            (call, out) ->
                                out.result(
                                    round.getAndIncrement() == 0
                                        ? ASK_CONFIRM
                                        : ScriptedUpstream.text("deployed"))));
        McpClient c = open(up)) {
      JsonNode result = c.callTool("deploy", JSON.readTree("{\"env\":\"prod\"}"));

      assertThat(result.toString()).contains("deployed");
      List<JsonNode> calls = toolCalls(up);
      assertThat(calls).hasSize(2);
      JsonNode retry = calls.get(1);
      assertThat(retry.path("id")).isNotEqualTo(calls.get(0).path("id"));
      assertThat(retry.path("params").path("requestState").asString()).isEqualTo("opaque-1");
      assertThat(retry.path("params").path("arguments").path("env").asString()).isEqualTo("prod");
      assertThat(retry.path("params").path("inputResponses").path("confirm").toString())
          .isEqualTo("{\"action\":\"accept\",\"content\":{\"ok\":true}}");
    }
  }

  @Test
  void input_nothing_here_can_give_is_refused_with_a_key() throws Exception {
    String askSampling =
        "{\"resultType\":\"input_required\",\"inputRequests\":{\"q\":"
            + "{\"method\":\"sampling/createMessage\",\"params\":{\"messages\":[]}}}}";
    try (ScriptedUpstream up =
            ScriptedUpstream.start(
                s -> s.noGetStream().tool("think", (call, out) -> out.result(askSampling)));
        McpClient c = open(up)) {
      assertThatThrownBy(() -> c.callTool("think", null))
          .isInstanceOfSatisfying(
              McpFailure.class,
              f -> {
                assertThat(f.error().key()).isEqualTo("UPSTREAM_INPUT_REQUIRED");
                assertThat(f.facts()).containsEntry("method", "sampling/createMessage");
              });
      assertThat(toolCalls(up)).hasSize(1);
    }
  }

  @Test
  void a_server_that_keeps_asking_is_refused_after_the_round_limit() throws Exception {
    try (ScriptedUpstream up =
            ScriptedUpstream.start(
                s -> s.noGetStream().tool("loop", (call, out) -> out.result(ASK_CONFIRM)));
        McpClient c = open(up)) {
      assertThatThrownBy(() -> c.callTool("loop", null))
          .isInstanceOfSatisfying(
              McpFailure.class,
              f -> assertThat(f.error().key()).isEqualTo("UPSTREAM_INPUT_REQUIRED"));
      assertThat(toolCalls(up)).hasSize(InputRequests.MAX_ROUNDS + 1);
    }
  }

  private static McpClient open(ScriptedUpstream up) throws McpFailure {
    return McpClient.open(up.url(), UpstreamTransport.STREAMABLE_HTTP, Egress.defaults(), OPTIONS);
  }

  private static List<JsonNode> toolCalls(ScriptedUpstream up) {
    return up.requests().stream()
        .filter(r -> r.httpMethod().equals("POST"))
        .map(r -> JSON.readTree(r.body()))
        .filter(m -> m.path("method").asString("").equals("tools/call"))
        .toList();
  }
}
