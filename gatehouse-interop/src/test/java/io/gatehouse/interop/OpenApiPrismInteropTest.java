package io.gatehouse.interop;

import static io.gatehouse.testkit.McpWire.post;
import static io.gatehouse.testkit.McpWire.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.McpWire;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A REST API served as MCP tools, end to end: Gatehouse routes whose upstream is an OpenAPI
 * document (an inventory API written for the test), in front of Stoplight Prism mocking that
 * document with {@code --errors}, so every request Prism receives is checked against the document
 * and a wrong one answers 422 with its violations. MCP clients reach the tools through the gateway
 * at {@code /mcp/{route}} like any other route.
 */
class OpenApiPrismInteropTest {
  private static final JsonMapper JSON = JsonMapper.shared();
  static Prism prism;
  static RunningGatehouse gatehouse;

  @BeforeAll
  static void start() throws IOException {
    NodeTools tools = NodeTools.require();
    Path document =
        tools.repoRoot().resolve("gatehouse-hosting/src/test/resources/openapi/inventory.yaml");
    prism = Prism.start(tools, document);
    String base = prism.url().toString();
    // The same API as its clients describe it after the server's document moved on: looser, so
    // calls the gateway lets through reach Prism, which checks them against the real document.
    Path drifted = Files.createTempDirectory("openapi").resolve("inventory-drifted.yaml");
    Files.writeString(
        drifted,
        Files.readString(document)
            .replace("maximum: 100", "maximum: 1000")
            .replace("pattern: '^req-[0-9]+$'", "pattern: '^.+$'")
            .replace("required: [name, category]", "required: [name]"));
    gatehouse =
        RunningGatehouse.start(
            "connections:\n"
                + "  - name: inventory-key\n"
                + "    url: '"
                + base
                + "'\n"
                + "    transport: streamable-http\n"
                + "    auth: {type: key, headers: {X-API-Key: '${secret:inventory-key}'}}\n"
                + "routes:\n"
                + "  - name: inventory\n"
                + "    upstream: {transport: openapi, spec: '"
                + document
                + "', base-url: '"
                + base
                + "'}\n"
                + "  - name: stock\n"
                + "    upstream:\n"
                + "      transport: openapi\n"
                + "      spec: '"
                + document
                + "'\n"
                + "      base-url: '"
                + base
                + "'\n"
                + "      include: {tags: [admin]}\n"
                + "      exclude: {operations: [deleteItem]}\n"
                + "  - name: missing\n"
                + "    upstream:\n"
                + "      transport: openapi\n"
                + "      spec: '"
                + document
                + "'\n"
                + "      base-url: '"
                + base
                + "'\n"
                + "      headers: {Prefer: 'code=404'}\n"
                + "  - name: secured\n"
                + "    connection: inventory-key\n"
                + "    upstream: {transport: openapi, spec: '"
                + document
                + "', base-url: '"
                + base
                + "'}\n"
                + "  - name: drifted\n"
                + "    upstream: {transport: openapi, spec: '"
                + drifted
                + "', base-url: '"
                + base
                + "'}\n");
    HttpResponse<String> secret =
        gatehouse.send(
            "PUT",
            "/admin/v1/projects/default/secrets/inventory-key",
            RunningGatehouse.ADMIN_TOKEN,
            "{\"value\":\"" + API_KEY + "\"}");
    assertThat(secret.statusCode()).as(secret.body()).isEqualTo(201);
  }

  private static final String API_KEY = "k-" + java.util.UUID.randomUUID();

  @AfterAll
  static void stop() {
    if (gatehouse != null) {
      gatehouse.close();
    }
    if (prism != null) {
      prism.close();
    }
  }

  private static JsonNode rpc(URI route, String session, String body) {
    HttpResponse<String> r = send(post(route, session, body));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(McpWire.answer(r));
  }

  private static JsonNode call(String route, String tool, String arguments) {
    URI url = gatehouse.route(route);
    String session = McpWire.open(url);
    JsonNode answer = rpc(url, session, McpWire.toolCall(2, tool, arguments));
    assertThat(answer.has("result")).as(answer.toString()).isTrue();
    return answer.path("result");
  }

  private static JsonNode tools(String route) {
    URI url = gatehouse.route(route);
    return rpc(url, McpWire.open(url), "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}")
        .path("result")
        .path("tools");
  }

  private static String text(JsonNode result) {
    return result.path("content").path(0).path("text").asString();
  }

  @Test
  void every_operation_is_listed_with_a_schema_the_validator_accepts() {
    JsonNode listed = tools("inventory");
    List<String> names = new ArrayList<>();
    listed.forEach(t -> names.add(t.path("name").asString()));
    assertThat(names)
        .containsExactly("listItems", "createItem", "getItem", "deleteItem", "set_stock");
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    Schema meta =
        registry.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
    for (JsonNode t : listed) {
      assertThat(meta.validate(t.path("inputSchema"))).as(t.path("name").asString()).isEmpty();
      assertThat(registry.getSchema(t.path("inputSchema")).validate(JSON.readTree("{}")))
          .as("%s refuses an empty call only for its required arguments", t.path("name"))
          .hasSize(t.path("inputSchema").path("required").size());
    }
    assertThat(listed.get(0).path("annotations").path("readOnlyHint").asBoolean()).isTrue();
    assertThat(listed.get(3).path("annotations").path("destructiveHint").asBoolean()).isTrue();
    assertThat(listed.get(0).path("description").asString()).startsWith("List items");
  }

  @Test
  void a_get_with_query_parameters_reaches_the_api_and_its_json_is_structured_content() {
    JsonNode result = call("inventory", "listItems", "{\"limit\":2,\"category\":\"tools\"}");
    assertThat(result.path("isError").asBoolean()).as(result.toString()).isFalse();
    assertThat(result.path("structuredContent").path("result").path(0).path("name").asString())
        .isEqualTo("hammer");
    assertThat(JSON.readTree(text(result)).path(0).path("id").asInt()).isEqualTo(7);
  }

  @Test
  void arguments_that_break_the_document_are_refused_by_the_gateway_before_the_api() {
    URI url = gatehouse.route("inventory");
    String session = McpWire.open(url);
    // the gateway checks a call against the schemas the route's tools/list answered with
    rpc(url, session, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
    JsonNode refused = rpc(url, session, McpWire.toolCall(2, "listItems", "{\"limit\":500}"));
    assertThat(refused.path("error").path("data").path("key").asString())
        .as(refused.toString())
        .isEqualTo("INVALID_ARGUMENTS");
    assertThat(refused.path("error").path("message").asString()).contains("/arguments/limit");
    // a header parameter's pattern holds too
    JsonNode header =
        rpc(
            url,
            session,
            McpWire.toolCall(
                3,
                "createItem",
                "{\"X-Request-Id\":\"nope\",\"name\":\"saw\",\"category\":\"tools\"}"));
    assertThat(header.path("error").path("data").path("key").asString())
        .as(header.toString())
        .isEqualTo("INVALID_ARGUMENTS");
    assertThat(header.path("error").path("message").asString()).contains("X-Request-Id");
  }

  @Test
  void query_header_and_body_reach_the_api_which_refuses_what_breaks_its_document() {
    JsonNode query = call("drifted", "listItems", "{\"limit\":500}");
    assertThat(query.path("isError").asBoolean()).as(query.toString()).isTrue();
    assertThat(text(query))
        .startsWith("HTTP 422: ")
        .contains("Request query parameter limit must be <= 100");
    assertThat(
            query.path("structuredContent").path("validation").path(0).path("location").toString())
        .isEqualTo("[\"query\",\"limit\"]");
    JsonNode header =
        call(
            "drifted",
            "createItem",
            "{\"X-Request-Id\":\"nope\",\"name\":\"saw\",\"category\":\"tools\"}");
    assertThat(header.path("isError").asBoolean()).as(header.toString()).isTrue();
    assertThat(text(header)).startsWith("HTTP 422: ");
    JsonNode body = call("drifted", "createItem", "{\"X-Request-Id\":\"req-1\",\"name\":\"saw\"}");
    assertThat(body.path("isError").asBoolean()).as(body.toString()).isTrue();
    assertThat(text(body)).startsWith("HTTP 422: ");
    assertThat(prism.output())
        .as(prism.diagnostics())
        .anyMatch(l -> l.contains("Violation: request.header.x-request-id"))
        .anyMatch(l -> l.contains("Violation: request.body") && l.contains("'category'"));
  }

  @Test
  void a_post_sends_its_header_and_json_body_which_the_api_accepts() {
    JsonNode ok =
        call(
            "inventory",
            "createItem",
            "{\"X-Request-Id\":\"req-42\",\"name\":\"saw\",\"category\":\"tools\"}");
    assertThat(ok.path("isError").asBoolean()).as(ok.toString()).isFalse();
    assertThat(ok.path("structuredContent").has("quantity")).as(ok.toString()).isTrue();
  }

  @Test
  void path_parameters_are_substituted_and_a_body_that_is_not_an_object_is_sent_whole() {
    JsonNode stock =
        call(
            "inventory",
            "set_stock",
            "{\"itemId\":3,\"body\":[{\"warehouse\":\"north\",\"quantity\":2}]}");
    assertThat(stock.path("isError").asBoolean()).as(stock.toString()).isFalse();
    assertThat(stock.path("structuredContent").has("id")).isTrue();
    assertThat(prism.output())
        .as(prism.diagnostics())
        .anyMatch(l -> l.contains("put /items/3/stock"));
  }

  @Test
  void the_connection_credential_of_a_route_reaches_the_api() {
    JsonNode without = call("inventory", "deleteItem", "{\"itemId\":5}");
    assertThat(without.path("isError").asBoolean()).as(without.toString()).isTrue();
    assertThat(text(without)).startsWith("HTTP 401");
    JsonNode with = call("secured", "deleteItem", "{\"itemId\":6}");
    assertThat(with.path("isError").asBoolean()).as(with.toString()).isFalse();
    assertThat(text(with)).isEqualTo("HTTP 204");
    assertThat(with.toString()).doesNotContain(API_KEY);
    assertThat(prism.output()).as(prism.diagnostics()).anyMatch(l -> l.contains("delete /items/6"));
  }

  @Test
  void a_404_from_the_api_is_an_error_result_with_the_status_and_body() {
    JsonNode result = call("missing", "getItem", "{\"itemId\":3}");
    assertThat(result.path("isError").asBoolean()).isTrue();
    assertThat(text(result)).isEqualTo("HTTP 404: {\"title\":\"Not found\",\"status\":404}");
    assertThat(result.path("structuredContent").path("status").asInt()).isEqualTo(404);
  }

  @Test
  void include_and_exclude_pick_the_tools_of_a_route() {
    List<String> names = new ArrayList<>();
    tools("stock").forEach(t -> names.add(t.path("name").asString()));
    assertThat(names).containsExactly("set_stock");
    URI url = gatehouse.route("stock");
    JsonNode refused =
        rpc(url, McpWire.open(url), McpWire.toolCall(3, "getItem", "{\"itemId\":3}"));
    assertThat(refused.has("error")).as(refused.toString()).isTrue();
  }

  @Test
  void the_hosted_endpoint_refuses_callers_without_the_process_key() {
    HttpResponse<String> r =
        send(
            post(gatehouse.url("/_hosted-openapi/inventory/mcp"), null, McpWire.initializeBody(1)));
    assertThat(r.statusCode()).isEqualTo(403);
  }
}
