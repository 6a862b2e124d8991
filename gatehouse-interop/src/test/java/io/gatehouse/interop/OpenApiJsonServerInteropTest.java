package io.gatehouse.interop;

import static io.gatehouse.testkit.McpWire.post;
import static io.gatehouse.testkit.McpWire.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.McpWire;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stateful calls through an OpenAPI route to json-server (0.17), a real REST server that keeps what
 * it is sent: an item created through one tool is read, changed, found and deleted through the
 * others, and reading it once deleted is json-server's own 404, an {@code isError} result.
 */
class OpenApiJsonServerInteropTest {
  private static final JsonMapper JSON = JsonMapper.shared();
  private static final Pattern LISTENING = Pattern.compile("json-server listening on (\\{.*})");
  static ChildProcess jsonServer;
  static RunningGatehouse gatehouse;
  static URI api;

  @BeforeAll
  static void start() throws IOException {
    NodeTools tools = NodeTools.require();
    Path db = Files.createTempDirectory("json-server").resolve("db.json");
    Files.writeString(db, "{\"items\":[]}");
    jsonServer =
        ChildProcess.start(
            "json-server",
            List.of(
                tools.node().toString(),
                tools.nodeScript("json-server-port-0.cjs").toString(),
                db.toString()),
            Map.of());
    Matcher m = jsonServer.awaitLine(LISTENING, Duration.ofSeconds(30));
    api = URI.create("http://127.0.0.1:" + JSON.readTree(m.group(1)).path("port").asInt());
    Path document =
        tools
            .repoRoot()
            .resolve("gatehouse-interop/src/test/resources/openapi/json-server-items.yaml");
    gatehouse =
        RunningGatehouse.start(
            "routes:\n"
                + "  - name: items\n"
                + "    upstream: {transport: openapi, spec: '"
                + document
                + "', base-url: '"
                + api
                + "'}\n");
  }

  @AfterAll
  static void stop() {
    if (gatehouse != null) {
      gatehouse.close();
    }
    if (jsonServer != null) {
      jsonServer.close();
    }
  }

  private static JsonNode call(String session, String tool, String arguments) {
    HttpResponse<String> r =
        send(post(gatehouse.route("items"), session, McpWire.toolCall(2, tool, arguments)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode answer = JSON.readTree(McpWire.answer(r));
    assertThat(answer.has("result")).as(answer.toString()).isTrue();
    return answer.path("result");
  }

  @Test
  void an_item_is_created_read_changed_found_and_deleted_through_the_tools() {
    String session = McpWire.open(gatehouse.route("items"));
    JsonNode created = call(session, "createItem", "{\"name\":\"drill ✓\",\"quantity\":2}");
    assertThat(created.path("isError").asBoolean()).as(created.toString()).isFalse();
    int id = created.path("structuredContent").path("id").asInt();
    assertThat(id).isPositive();

    JsonNode read = call(session, "getItem", "{\"id\":" + id + "}");
    assertThat(read.path("structuredContent").path("name").asString()).isEqualTo("drill ✓");
    assertThat(read.path("structuredContent").path("quantity").asInt()).isEqualTo(2);

    JsonNode changed = call(session, "updateItem", "{\"id\":" + id + ",\"quantity\":5}");
    assertThat(changed.path("structuredContent").path("quantity").asInt())
        .as(changed.toString())
        .isEqualTo(5);

    JsonNode found = call(session, "listItems", "{\"name\":\"drill ✓\",\"_limit\":10}");
    assertThat(found.path("structuredContent").path("result")).hasSize(1);
    assertThat(found.path("structuredContent").path("result").path(0).path("quantity").asInt())
        .isEqualTo(5);

    JsonNode deleted = call(session, "deleteItem", "{\"id\":" + id + "}");
    assertThat(deleted.path("isError").asBoolean()).as(deleted.toString()).isFalse();

    JsonNode gone = call(session, "getItem", "{\"id\":" + id + "}");
    assertThat(gone.path("isError").asBoolean()).as(gone.toString()).isTrue();
    assertThat(gone.path("content").path(0).path("text").asString()).isEqualTo("HTTP 404: {}");
    assertThat(jsonServer.stdout())
        .as(jsonServer.diagnostics())
        .anyMatch(l -> l.contains("PATCH /items/" + id + " "))
        .anyMatch(l -> l.contains("DELETE /items/" + id + " "));
  }
}
