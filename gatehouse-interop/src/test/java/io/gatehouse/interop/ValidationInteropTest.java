package io.gatehouse.interop;

import static io.gatehouse.testkit.McpWire.post;
import static io.gatehouse.testkit.McpWire.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.McpWire;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Validation in front of server-everything, with the schemas it really lists (draft-07, declared
 * with {@code $schema}): a wrong type, a missing required argument, a value outside an enum and too
 * deep a nesting are refused with {@code INVALID_ARGUMENTS} naming each path, while valid calls,
 * and a structured answer checked against the tool's real {@code outputSchema}, go through. None of
 * its input schemas says {@code additionalProperties: false}; that case is proved against a
 * scripted upstream in the policy module ({@code ValidationGatewayTest}).
 */
class ValidationInteropTest {
  private static final JsonMapper JSON = JsonMapper.shared();
  static ServerEverything upstream;
  static RunningGatehouse gatehouse;
  static URI route;
  static String session;
  static int ids = 100;

  @BeforeAll
  static void start() {
    upstream = ServerEverything.start(NodeTools.require(), UpstreamMode.STREAMABLE_HTTP);
    gatehouse =
        RunningGatehouse.start(
            "routes:\n"
                + RunningGatehouse.route("everything", upstream.url(), "auto")
                + "    policies:\n"
                + "      validation: {max-depth: 6, output: refuse}\n");
    route = gatehouse.route("everything");
    session = McpWire.open(route);
    List<String> tools = listAll();
    assertThat(tools).contains("get-sum", "echo", "get-structured-content");
  }

  @AfterAll
  static void stop() {
    if (gatehouse != null) {
      gatehouse.close();
    }
    if (upstream != null) {
      upstream.close();
    }
  }

  private static JsonNode rpc(String body) {
    HttpResponse<String> r = send(post(route, session, body));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(McpWire.answer(r));
  }

  private static JsonNode call(String tool, String args) {
    return rpc(McpWire.toolCall(ids++, tool, args));
  }

  private static List<String> listAll() {
    List<String> names = new ArrayList<>();
    String cursor = null;
    do {
      String params =
          cursor == null ? "{}" : "{\"cursor\":" + JSON.writeValueAsString(cursor) + "}";
      JsonNode page =
          rpc(
              "{\"jsonrpc\":\"2.0\",\"id\":"
                  + ids++
                  + ",\"method\":\"tools/list\",\"params\":"
                  + params
                  + "}");
      page.path("result").path("tools").forEach(t -> names.add(t.path("name").asString()));
      JsonNode next = page.path("result").get("nextCursor");
      cursor = next == null || next.isNull() ? null : next.asString();
    } while (cursor != null);
    return names;
  }

  private static List<String> refusedPaths(JsonNode answer) {
    assertThat(answer.path("error").path("code").asInt()).as(answer.toString()).isEqualTo(-32602);
    assertThat(answer.path("error").path("data").path("key").asString())
        .isEqualTo("INVALID_ARGUMENTS");
    List<String> paths = new ArrayList<>();
    answer
        .path("error")
        .path("data")
        .path("errors")
        .forEach(e -> paths.add(e.path("path").asString()));
    return paths;
  }

  @Test
  void a_wrong_type_is_refused_with_its_path() {
    JsonNode answer = call("get-sum", "{\"a\":\"one\",\"b\":2}");
    assertThat(refusedPaths(answer)).containsExactly("/arguments/a");
    assertThat(answer.path("error").path("message").asString())
        .isEqualTo("tool 'get-sum': /arguments/a: string found, number expected");
  }

  @Test
  void a_missing_required_argument_is_refused_with_its_path() {
    assertThat(refusedPaths(call("get-sum", "{\"a\":1}"))).containsExactly("/arguments/b");
  }

  @Test
  void every_failing_path_is_listed() {
    assertThat(refusedPaths(call("get-sum", "{\"a\":true}")))
        .containsExactlyInAnyOrder("/arguments/a", "/arguments/b");
  }

  @Test
  void a_value_outside_the_enum_is_refused() {
    assertThat(refusedPaths(call("get-structured-content", "{\"location\":\"Atlantis\"}")))
        .containsExactly("/arguments/location");
  }

  @Test
  void too_deep_a_nesting_is_refused_at_the_first_level_too_deep() {
    // params 1, arguments 2, extra 3, l1 4, l2 5, l3 6, l4 7 > max-depth 6.
    JsonNode answer =
        call("echo", "{\"message\":\"hi\",\"extra\":{\"l1\":{\"l2\":{\"l3\":{\"l4\":{}}}}}}");
    assertThat(refusedPaths(answer)).containsExactly("/arguments/extra/l1/l2/l3/l4");
  }

  @Test
  void valid_calls_still_work() {
    JsonNode sum = call("get-sum", "{\"a\":1,\"b\":2}");
    assertThat(sum.path("result").path("content").get(0).path("text").asString()).contains("3");
    JsonNode echo = call("echo", "{\"message\":\"hello\"}");
    assertThat(echo.path("result").path("content").get(0).path("text").asString())
        .contains("hello");
  }

  @Test
  void a_structured_answer_that_fits_the_real_output_schema_goes_through() {
    JsonNode weather = call("get-structured-content", "{\"location\":\"Chicago\"}");
    assertThat(weather.has("error")).as(weather.toString()).isFalse();
    assertThat(weather.path("result").path("structuredContent").has("temperature")).isTrue();
  }
}
