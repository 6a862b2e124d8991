package io.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.selfmcp.StdioRelay;
import io.gatehouse.server.testing.RunningGatehouse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The relay of {@code gatehouse mcp}, in process against a running Gatehouse: lines in, one message
 * per line out (answers by id, whatever the order they finish in), refusals as JSON-RPC errors with
 * the edge's key, a line that is not JSON answered as a parse error, the session ended at EOF, and
 * the token never on stderr.
 */
class StdioRelayTest {
  static RunningGatehouse gh;
  static String key;

  @BeforeAll
  static void start() {
    gh = RunningGatehouse.start("");
    HttpResponse<String> c =
        gh.send("POST", "/admin/v1/consumers", RunningGatehouse.ADMIN_TOKEN, "{\"name\":\"ida\"}");
    assertThat(c.statusCode()).as(c.body()).isEqualTo(201);
    key =
        JsonMapper.shared()
            .readTree(
                gh.send("POST", "/admin/v1/consumers/ida/keys", RunningGatehouse.ADMIN_TOKEN, "{}")
                    .body())
            .path("key")
            .asString();
  }

  @AfterAll
  static void stop() {
    if (gh != null) {
      gh.close();
    }
  }

  record Run(int exit, Map<Integer, JsonNode> byId, List<JsonNode> all, String stderr) {}

  static Run relay(String token, String... lines) throws Exception {
    ByteArrayInputStream in =
        new ByteArrayInputStream(
            (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        new StdioRelay(
                StdioRelay.endpointOf(gh.server().url()),
                token,
                in,
                out,
                new PrintStream(err, true, StandardCharsets.UTF_8))
            .run();
    List<JsonNode> all =
        out.toString(StandardCharsets.UTF_8)
            .lines()
            .map(l -> JsonMapper.shared().readTree(l))
            .toList();
    Map<Integer, JsonNode> byId =
        all.stream()
            .filter(m -> m.path("id").isInt())
            .collect(Collectors.toMap(m -> m.path("id").asInt(), Function.identity()));
    return new Run(exit, byId, all, err.toString(StandardCharsets.UTF_8));
  }

  static final String INIT =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

  @Test
  void relays_each_line_and_writes_each_answer_on_a_line_of_its_own() throws Exception {
    Run r =
        relay(
            key,
            INIT,
            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"prompts/list\"}",
            "",
            "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"ping\"}");
    assertThat(r.exit()).isZero();
    assertThat(r.all()).hasSize(4);
    assertThat(r.byId().get(1).path("result").path("serverInfo").path("name").asString())
        .isEqualTo("gatehouse");
    assertThat(r.byId().get(2).path("result").path("tools")).hasSize(8);
    assertThat(r.byId().get(3).path("result").path("prompts")).hasSize(3);
    assertThat(r.byId().get(4).has("result")).isTrue();
    assertThat(r.stderr()).contains("relaying stdio to").doesNotContain(key);
  }

  @Test
  void a_refused_token_is_the_json_rpc_error_of_the_request_with_the_key() throws Exception {
    Run r = relay("ghk_not_a_key", INIT);
    assertThat(r.byId().get(1).path("error").path("data").path("key").asString())
        .isEqualTo("UNAUTHENTICATED");
    assertThat(r.stderr()).contains("UNAUTHENTICATED").doesNotContain("ghk_not_a_key");
  }

  @Test
  void a_line_that_is_not_json_is_a_parse_error_and_the_rest_go_on() throws Exception {
    Run r = relay(key, INIT, "not json", "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ping\"}");
    assertThat(r.all())
        .anyMatch(m -> m.path("id").isNull() && m.path("error").path("code").asInt() == -32700);
    assertThat(r.byId().get(5).has("result")).isTrue();
  }
}
