package io.gatehouse.hosting.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.net.Egress;
import io.gatehouse.http.HttpRequest;
import io.gatehouse.http.HttpResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The hosted MCP endpoint without sockets: its key, its methods, its answers. */
class McpEndpointTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final OpenApiHosting hosting = new OpenApiHosting(Egress.defaults());
  private final String key = hosting.upstreamHeaders().get(OpenApiHosting.KEY_HEADER);

  McpEndpointTest() {
    hosting.load(OpenApiRoute.of("inv", OpenApiToolsTest.resource("inventory.yaml")));
  }

  private HttpResponse post(String path, String keyValue, String body) throws Exception {
    Map<String, String> headers =
        keyValue == null ? Map.of() : Map.of(OpenApiHosting.KEY_HEADER.toLowerCase(), keyValue);
    return hosting
        .service()
        .serve(
            new HttpRequest(
                "POST",
                path,
                null,
                n ->
                    headers.containsKey(n.toLowerCase())
                        ? List.of(headers.get(n.toLowerCase()))
                        : List.of(),
                body.getBytes(StandardCharsets.UTF_8),
                null));
  }

  private JsonNode rpc(String method, String params) throws Exception {
    HttpResponse r =
        post(
            "/_hosted-openapi/inv/mcp",
            key,
            "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\""
                + method
                + "\",\"params\":"
                + params
                + "}");
    assertThat(r.status()).isEqualTo(200);
    JsonNode answer = JSON.readTree(r.body());
    assertThat(answer.path("id").asInt()).isEqualTo(7);
    return answer;
  }

  @Test
  void refuses_requests_without_the_process_key_with_403() throws Exception {
    String init = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
    assertThat(post("/_hosted-openapi/inv/mcp", null, init).status()).isEqualTo(403);
    assertThat(post("/_hosted-openapi/inv/mcp", key + "x", init).status()).isEqualTo(403);
    assertThat(post("/_hosted-openapi/inv/mcp", key.substring(1), init).status()).isEqualTo(403);
    assertThat(
            new String(post("/_hosted-openapi/inv/mcp", null, init).body(), StandardCharsets.UTF_8))
        .doesNotContain(key);
    assertThat(post("/_hosted-openapi/inv/mcp", key, init).status()).isEqualTo(200);
    assertThat(new OpenApiHosting(Egress.defaults()).upstreamHeaders())
        .isNotEqualTo(hosting.upstreamHeaders());
  }

  @Test
  void answers_initialize_ping_and_notifications_statelessly() throws Exception {
    JsonNode init = rpc("initialize", "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{}}");
    assertThat(init.path("result").path("protocolVersion").asString()).isEqualTo("2025-06-18");
    assertThat(init.path("result").path("capabilities").has("tools")).isTrue();
    assertThat(init.path("result").path("serverInfo").path("name").asString())
        .isEqualTo("gatehouse-openapi-inv");
    assertThat(
            rpc("initialize", "{\"protocolVersion\":\"1999-01-01\"}")
                .path("result")
                .path("protocolVersion")
                .asString())
        .isEqualTo("2025-11-25");
    assertThat(rpc("ping", "{}").path("result").isObject()).isTrue();
    assertThat(
            post(
                    "/_hosted-openapi/inv/mcp",
                    key,
                    "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
                .status())
        .isEqualTo(202);
    assertThat(rpc("resources/list", "{}").path("error").path("code").asInt()).isEqualTo(-32601);
  }

  @Test
  void lists_tools_with_annotations_from_the_http_method() throws Exception {
    JsonNode tools = rpc("tools/list", "{}").path("result").path("tools");
    assertThat(tools).hasSize(5);
    JsonNode list = tools.get(0);
    assertThat(list.path("name").asString()).isEqualTo("listItems");
    assertThat(list.path("annotations").path("readOnlyHint").asBoolean()).isTrue();
    assertThat(list.path("annotations").path("destructiveHint").asBoolean()).isFalse();
    JsonNode delete = tools.get(3);
    assertThat(delete.path("name").asString()).isEqualTo("deleteItem");
    assertThat(delete.path("annotations").path("destructiveHint").asBoolean()).isTrue();
    assertThat(delete.path("annotations").path("readOnlyHint").asBoolean()).isFalse();
    assertThat(tools.get(1).path("inputSchema").path("type").asString()).isEqualTo("object");
  }

  @Test
  void refuses_unknown_tools_missing_path_parameters_and_unknown_routes() throws Exception {
    assertThat(rpc("tools/call", "{\"name\":\"nope\"}").path("error").path("message").asString())
        .isEqualTo("unknown tool: 'nope'");
    assertThat(
            rpc("tools/call", "{\"name\":\"getItem\",\"arguments\":{}}")
                .path("error")
                .path("message")
                .asString())
        .isEqualTo("arguments.itemId: missing (required)");
    assertThat(post("/_hosted-openapi/other/mcp", key, "{}").status()).isEqualTo(404);
    hosting.remove("inv");
    assertThat(post("/_hosted-openapi/inv/mcp", key, "{}").status()).isEqualTo(404);
  }

  @Test
  void the_upstream_url_is_below_the_edge() {
    assertThat(OpenApiHosting.upstreamUrl(URI.create("http://127.0.0.1:8080/"), "inv"))
        .isEqualTo(URI.create("http://127.0.0.1:8080/_hosted-openapi/inv/mcp"));
  }
}
