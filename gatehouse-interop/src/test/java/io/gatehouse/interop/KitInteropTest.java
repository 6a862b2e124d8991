package io.gatehouse.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.gatehouse.examples.inventory.InventoryServer;
import io.gatehouse.kit.BuildVersion;
import io.gatehouse.kit.Keys;
import io.gatehouse.kit.KitServer;
import io.gatehouse.kit.McpKit;
import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.FixtureJson;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The server kit end to end: the example inventory server, started from its runnable jar with one
 * command, refuses calls without its key, publishes itself into a running Gatehouse's catalog with
 * its own {@code publish} command, and a catalog deployment naming a {@code key} connection (the
 * key in the vault) serves its tools at {@code /mcp/inventory} to the MCP Java SDK client and the
 * TypeScript SDK client, neither of which holds the key.
 */
class KitInteropTest {
  private static final JsonMapper JSON = JsonMapper.shared();
  private static final String TOKEN = RunningGatehouse.ADMIN_TOKEN;
  private static final String NAME = "io.gatehouse.examples/inventory";
  private static final Pattern MCP_URL = Pattern.compile("MCP_URL=(http://\\S+)");
  private static final Duration STARTUP = Duration.ofSeconds(30);
  private static final String KEY = "inv-" + UUID.randomUUID();
  private static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

  static ChildProcess inventory;
  static URI inventoryUrl;
  static RunningGatehouse gatehouse;
  static String publishOutput;
  static JsonNode publishedBeforeDeployment;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    inventory =
        ChildProcess.start(
            "inventory-server",
            java("--port", "0"),
            Map.of("INVENTORY_KEYS", "an-old-key-0123456789," + KEY));
    inventoryUrl = URI.create(inventory.awaitLine(MCP_URL, STARTUP).group(1));
    gatehouse = RunningGatehouse.start("");
    try (ChildProcess publish =
        ChildProcess.start(
            "inventory-server publish",
            java(
                "publish",
                "--catalog",
                gatehouse.url("/").toString(),
                "--url",
                inventoryUrl.toString()),
            Map.of("GATEHOUSE_TOKEN", TOKEN))) {
      assertThat(publish.waitFor(STARTUP)).as(publish.diagnostics()).isTrue();
      assertThat(publish.exitCode()).as(publish.diagnostics()).isZero();
      publishOutput = String.join("\n", publish.stdout());
    }
    publishedBeforeDeployment = published().path("server");
    admin("POST", "/admin/v1/environments", "{\"name\":\"prod\",\"kind\":\"prod\"}", 201);
    admin(
        "POST",
        "/admin/v1/connections",
        "{\"name\":\"inventory\",\"url\":\""
            + inventoryUrl
            + "\",\"transport\":\"streamable-http\",\"auth\":{\"type\":\"key\",\"headers\":"
            + "{\"X-API-Key\":{\"value\":\""
            + KEY
            + "\"}}}}",
        201);
    String version = publishedBeforeDeployment.path("version").asString();
    JsonNode deployment =
        admin(
            "POST",
            "/admin/v1/deployments",
            "{\"server\":\""
                + NAME
                + "\",\"version\":\""
                + version
                + "\",\"environment\":\"prod\",\"route\":\"inventory\",\"connection\":\"inventory\"}",
            201);
    String id = deployment.path("id").asString();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                JSON.readTree(gatehouse.get("/admin/v1/deployments/" + id, TOKEN).body())
                    .path("status")
                    .asString()
                    .equals("ready"));
  }

  @AfterAll
  static void stop() {
    if (gatehouse != null) {
      gatehouse.close();
    }
    if (inventory != null) {
      inventory.close();
    }
  }

  /** {@code java -jar examples/inventory-server/target/inventory-server.jar ARGS}. */
  private static List<String> java(String... args) {
    Path jar =
        NodeTools.locateRepoRoot().resolve("examples/inventory-server/target/inventory-server.jar");
    assertThat(jar)
        .as("the example's jar, built by `./mvnw package -pl examples/inventory-server -am`")
        .exists();
    Path launcher = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(launcher.toString(), "-jar", jar.toString()));
    command.addAll(List.of(args));
    return command;
  }

  private static JsonNode admin(String method, String path, String body, int expected) {
    HttpResponse<String> r = gatehouse.send(method, path, TOKEN, body);
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expected);
    return JSON.readTree(r.body());
  }

  private static JsonNode published() {
    HttpResponse<String> r =
        gatehouse.get("/v0.1/servers/" + NAME.replace("/", "%2F") + "/versions/latest", null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static int initialize(URI url, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(url)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE));
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  @Test
  void the_example_refuses_calls_without_its_key_and_answers_with_it_in_either_header()
      throws Exception {
    assertThat(initialize(inventoryUrl, Map.of())).isEqualTo(401);
    assertThat(initialize(inventoryUrl, Map.of("X-API-Key", "wrong-key-0123456789")))
        .isEqualTo(401);
    assertThat(initialize(inventoryUrl, Map.of("x-functions-key", KEY.toUpperCase())))
        .isEqualTo(401);
    assertThat(initialize(inventoryUrl, Map.of("X-API-Key", KEY))).isEqualTo(200);
    assertThat(initialize(inventoryUrl, Map.of("x-functions-key", KEY))).isEqualTo(200);
    HttpResponse<String> health =
        http.send(
            HttpRequest.newBuilder(inventoryUrl.resolve("/healthz")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
  }

  @Test
  void publish_put_its_server_json_with_the_build_version_and_its_tools_into_the_catalog()
      throws Exception {
    JsonNode server = publishedBeforeDeployment;
    String buildVersion = BuildVersion.of(InventoryServer.class);

    assertThat(publishOutput).contains("published " + NAME + " " + buildVersion);
    assertThat(server.path("version").asString()).isEqualTo(buildVersion);
    assertThat(server.path("description").asString())
        .isEqualTo("Items and stock of a small warehouse");
    assertThat(server.path("remotes").path(0).path("url").asString())
        .isEqualTo(inventoryUrl.toString());
    assertThat(server.path("remotes").path(0).path("headers").path(0).path("name").asString())
        .isEqualTo("X-API-Key");
    assertThat(
            server
                .path("_meta")
                .path("io.modelcontextprotocol.registry/publisher-provided")
                .path("io.gatehouse/kit")
                .path("tools")
                .findValuesAsString("name"))
        .containsExactlyInAnyOrder("adjust_stock", "count_stock", "find_item", "search_items");
    assertThat(published().path("server").path("remotes").path(0).path("url").asString())
        .as("once deployed, the registry advertises the gateway route (decision 0008)")
        .isEqualTo(gatehouse.route("inventory").toString());
    assertThat(gatehouse.get("/admin/v1/tools?search=SKU", TOKEN).body())
        .as("the deployment's tools were discovered through the route, with the connection's key")
        .contains("find_item");
  }

  @Test
  void the_mcp_java_sdk_client_calls_its_tools_through_the_gateway_without_holding_the_key() {
    String base = gatehouse.url("/").toString();
    try (McpSyncClient client =
        McpClient.sync(
                HttpClientStreamableHttpTransport.builder(base.substring(0, base.length() - 1))
                    .endpoint("/mcp/inventory")
                    .jsonMapper(FixtureJson.MAPPER)
                    .build())
            .requestTimeout(Duration.ofSeconds(10))
            .build()) {
      client.initialize();
      List<String> tools = client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
      CallToolResult found =
          client.callTool(new CallToolRequest("find_item", Map.of("sku", "HAM-01")));
      CallToolResult searched =
          client.callTool(
              new CallToolRequest("search_items", Map.of("text", "s", "category", "TOOLS")));
      CallToolResult refused =
          client.callTool(new CallToolRequest("find_item", Map.of("sku", "NOPE-1")));
      McpError invalid =
          catchThrowableOfType(
              McpError.class,
              () ->
                  client.callTool(
                      new CallToolRequest("adjust_stock", Map.of("sku", "HAM-01", "delta", "x"))));

      assertThat(tools)
          .containsExactlyInAnyOrder("adjust_stock", "count_stock", "find_item", "search_items");
      assertThat(found.isError()).isFalse();
      assertThat(found.structuredContent())
          .isEqualTo(
              Map.of("sku", "HAM-01", "name", "Claw hammer", "category", "TOOLS", "stock", 12));
      assertThat(searched.structuredContent().toString())
          .contains("SCR-02")
          .doesNotContain("HAM-01");
      assertThat(refused.isError()).isTrue();
      assertThat(((TextContent) refused.content().get(0)).text())
          .isEqualTo("no item with SKU 'NOPE-1'");
      assertThat(invalid.getJsonRpcError().message())
          .as(
              "the gateway checks arguments against the schema the kit generated, before the server")
          .isEqualTo("tool 'adjust_stock': /arguments/delta: string found, integer expected");
    }
  }

  @Test
  void the_typescript_sdk_client_calls_its_tools_through_the_gateway() {
    NodeTools tools = NodeTools.require();
    try (ChildProcess client =
        ChildProcess.start(
            "ts-sdk kit client",
            List.of(
                tools.node().toString(),
                tools.nodeScript("kit-client.mjs").toString(),
                gatehouse.route("inventory").toString()),
            Map.of())) {
      assertThat(client.waitFor(Duration.ofSeconds(60))).as(client.diagnostics()).isTrue();
      assertThat(client.exitCode()).as(client.diagnostics()).isZero();
      JsonNode out = JSON.readTree(client.stdout().get(client.stdout().size() - 1));

      assertThat(out.path("tools").toString())
          .isEqualTo("[\"adjust_stock\",\"count_stock\",\"find_item\",\"search_items\"]");
      assertThat(out.path("found").path("structuredContent").path("name").asString())
          .isEqualTo("M10 hex nut");
      assertThat(out.path("missing").path("isError").asBoolean()).isTrue();
      assertThat(out.path("missing").path("content").path(0).path("text").asString())
          .isEqualTo("no item with SKU 'NOPE-1'");
      assertThat(out.path("counted").path("content").path(0).path("text").asString())
          .isEqualTo("16 units of TOOLS");
    }
  }

  @Test
  void publish_reports_what_the_catalog_refused_with_its_key() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
    String[] args = {
      "publish", "--catalog", gatehouse.url("/").toString(), "--url", inventoryUrl.toString()
    };
    KitServer.Builder example = InventoryServer.server(Keys.of(KEY));

    int wrongToken =
        McpKit.run(example, args, Map.of("GATEHOUSE_TOKEN", "not-the-token"), System.out, errors);
    int again = McpKit.run(example, args, Map.of("GATEHOUSE_TOKEN", TOKEN), System.out, errors);

    assertThat(wrongToken).isEqualTo(1);
    assertThat(again).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("error: PUBLISH_FAILED: POST " + gatehouse.url("/v0.1/publish") + ": 401 ")
        .contains(": 409 VERSION_EXISTS")
        .doesNotContain("not-the-token");
  }
}
