package io.gatehouse.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.kit.internal.KitJson;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A kit server on port 0, reached over real HTTP and with the MCP Java SDK client. */
class KitServerTest {
  static final String KEY = "kit-test-key-0123456789";
  static final String HEADER = "X-Inventory-Key";
  static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

  record Greet(@Description("Who to greet") String name, Optional<Integer> times) {}

  record Sum(List<Integer> numbers) {}

  record Total(long total, int count) {}

  record Nothing() {}

  /** Tools as annotated methods. */
  public static final class MathTools {
    @Tool(name = "sum", description = "Adds numbers")
    public Total sum(Sum args) {
      return new Total(
          args.numbers().stream().mapToLong(Integer::longValue).sum(), args.numbers().size());
    }

    @Tool(description = "Always refuses")
    public String refuse(Nothing args) {
      throw new ToolError("refused on purpose");
    }

    @Tool(description = "Fails with an internal error")
    public String crash(Nothing args) {
      throw new IllegalStateException("internal detail /etc/secret-path");
    }
  }

  static KitServer server;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    server =
        McpKit.server("greeter", "1.2.0")
            .tool(
                "greet",
                "Greets someone",
                Greet.class,
                g -> ("Hello, " + g.name() + "! ").repeat(g.times().orElse(1)).strip())
            .tools(new MathTools())
            .keyHeader(HEADER)
            .keys(Keys.of(KEY))
            .start(0);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<String> post(URI url, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(url)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE));
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthz_answers_without_a_key() throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(server.url().resolve("/healthz")).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"status\":\"ok\"}");
  }

  @Test
  void a_call_without_a_key_is_401_with_a_json_error_and_the_header_to_use() throws Exception {
    HttpResponse<String> r = post(server.url(), Map.of());

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate"))
        .hasValue("ApiKey header=\"" + HEADER + "\"");
    JsonNode error = KitJson.MAPPER.readTree(r.body()).path("error");
    assertThat(error.path("code").asString()).isEqualTo("KEY_REQUIRED");
    assertThat(error.path("message").asString())
        .isEqualTo("no valid key in " + HEADER + " or x-functions-key");
    assertThat(error.path("hint").asString()).isNotEmpty();
  }

  @Test
  void a_wrong_key_is_401_in_either_header() throws Exception {
    assertThat(post(server.url(), Map.of(HEADER, KEY + "0")).statusCode()).isEqualTo(401);
    assertThat(post(server.url(), Map.of("x-functions-key", "wrong")).statusCode()).isEqualTo(401);
    assertThat(post(server.url(), Map.of("X-API-Key", KEY)).statusCode())
        .as("X-API-Key is not this server's header")
        .isEqualTo(401);
  }

  @Test
  void the_key_opens_the_endpoint_in_the_configured_header_and_in_x_functions_key()
      throws Exception {
    HttpResponse<String> configured = post(server.url(), Map.of(HEADER, KEY));
    HttpResponse<String> functions = post(server.url(), Map.of("x-functions-key", KEY));

    assertThat(configured.statusCode()).as(configured.body()).isEqualTo(200);
    assertThat(configured.body())
        .contains("\"serverInfo\":{\"name\":\"greeter\",\"version\":\"1.2.0\"}");
    assertThat(functions.statusCode()).as(functions.body()).isEqualTo(200);
  }

  @Test
  void another_path_is_a_json_404_once_the_key_is_right() throws Exception {
    HttpResponse<String> r = post(server.url().resolve("/other"), Map.of(HEADER, KEY));

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(KitJson.MAPPER.readTree(r.body()).path("error").path("code").asString())
        .isEqualTo("NOT_FOUND");
  }

  @Test
  void the_sdks_refusals_are_json_rpc_errors_without_internals() throws Exception {
    HttpResponse<String> get =
        http.send(
            HttpRequest.newBuilder(server.url()).header(HEADER, KEY).build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> garbage =
        http.send(
            HttpRequest.newBuilder(server.url())
                .header(HEADER, KEY)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("not json"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(get.statusCode()).isEqualTo(400);
    assertThat(get.body()).startsWith("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":");
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(garbage.body())
        .isEqualTo(
            "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,"
                + "\"message\":\"Invalid message format: Failed to read value\"}}");
    assertThat(get.body() + garbage.body()).doesNotContain("stackTrace", "io.modelcontextprotocol");
  }

  @Test
  void jettys_own_refusals_are_json_and_name_no_server_version() throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      socket
          .getOutputStream()
          .write(
              "GET /x%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      String raw = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

      assertThat(raw)
          .startsWith("HTTP/1.1 400 ")
          .doesNotContain("<html")
          .doesNotContainIgnoringCase("Server:")
          .endsWith("{\"error\":{\"code\":\"INVALID_REQUEST\",\"message\":\"Bad Request\"}}");
    }
  }

  static McpSyncClient client(String key) {
    String base = server.url().resolve("/").toString();
    return McpClient.sync(
            HttpClientStreamableHttpTransport.builder(base.substring(0, base.length() - 1))
                .endpoint("/mcp")
                .jsonMapper(KitJson.MCP)
                .httpRequestCustomizer(
                    (request, method, uri, body, context) -> request.header(HEADER, key))
                .build())
        .requestTimeout(Duration.ofSeconds(10))
        .build();
  }

  static String text(CallToolResult r) {
    return ((TextContent) r.content().get(0)).text();
  }

  @Test
  void the_mcp_java_sdk_client_lists_the_tools_with_their_generated_schemas() {
    try (McpSyncClient client = client(KEY)) {
      client.initialize();
      List<McpSchema.Tool> tools = client.listTools().tools();

      assertThat(tools)
          .extracting(McpSchema.Tool::name)
          .containsExactlyInAnyOrder("greet", "sum", "refuse", "crash");
      McpSchema.Tool greet =
          tools.stream().filter(t -> t.name().equals("greet")).findFirst().orElseThrow();
      assertThat(greet.description()).isEqualTo("Greets someone");
      assertThat(greet.inputSchema()).containsEntry("required", List.of("name"));
      assertThat(greet.inputSchema().get("properties").toString())
          .isEqualTo("{name={type=string, description=Who to greet}, times={type=integer}}");
      assertThat(greet.outputSchema()).isNull();
      McpSchema.Tool sum =
          tools.stream().filter(t -> t.name().equals("sum")).findFirst().orElseThrow();
      assertThat(sum.outputSchema()).containsEntry("required", List.of("total", "count"));
    }
  }

  @Test
  void a_string_answer_is_text_and_a_record_answer_is_structured_content_and_its_json() {
    try (McpSyncClient client = client(KEY)) {
      client.initialize();
      CallToolResult greeted =
          client.callTool(new CallToolRequest("greet", Map.of("name", "Ada", "times", 2)));
      CallToolResult summed =
          client.callTool(new CallToolRequest("sum", Map.of("numbers", List.of(1, 2, 39))));

      assertThat(greeted.isError()).isFalse();
      assertThat(text(greeted)).isEqualTo("Hello, Ada! Hello, Ada!");
      assertThat(summed.isError()).isFalse();
      assertThat(summed.structuredContent()).isEqualTo(Map.of("total", 42, "count", 3));
      assertThat(text(summed)).isEqualTo("{\"total\":42,\"count\":3}");
    }
  }

  @Test
  void arguments_that_break_the_schema_are_an_error_result_listing_each_problem() {
    try (McpSyncClient client = client(KEY)) {
      client.initialize();
      CallToolResult r =
          client.callTool(new CallToolRequest("greet", Map.of("times", "two", "nmae", "Ada")));

      assertThat(r.isError()).isTrue();
      assertThat(text(r))
          .startsWith("INVALID_ARGUMENTS: tool greet: ")
          .contains("'name'")
          .contains("/times")
          .contains("'nmae'");
    }
  }

  @Test
  void a_tool_error_is_shown_and_any_other_failure_is_tool_failed_without_its_detail() {
    try (McpSyncClient client = client(KEY)) {
      client.initialize();
      CallToolResult refused = client.callTool(new CallToolRequest("refuse", Map.of()));
      CallToolResult crashed = client.callTool(new CallToolRequest("crash", Map.of()));

      assertThat(refused.isError()).isTrue();
      assertThat(text(refused)).isEqualTo("refused on purpose");
      assertThat(crashed.isError()).isTrue();
      assertThat(text(crashed)).startsWith("TOOL_FAILED: ").doesNotContain("secret-path");
    }
  }

  @Test
  void the_client_with_a_wrong_key_cannot_initialize() {
    try (McpSyncClient client = client("wrong-key-0123456789")) {
      assertThatThrownBy(client::initialize).isInstanceOf(RuntimeException.class);
    }
  }

  @Test
  void a_server_cannot_start_without_keys_or_with_a_tool_that_takes_no_record() {
    assertThatThrownBy(
            () -> McpKit.server("x", "1.0.0").tool("t", "d", Nothing.class, n -> "").start(0))
        .isInstanceOf(KitException.class)
        .extracting(e -> ((KitException) e).error())
        .isEqualTo(KitErrors.KEYS_MISSING);
    assertThatThrownBy(() -> McpKit.server("x", "1.0.0").tools(new Object()))
        .hasMessageContaining("no public method annotated @Tool");
    assertThatThrownBy(
            () -> McpKit.server("x", "1.0.0").tool("bad name", "d", Nothing.class, n -> ""))
        .hasMessage("tool name: 'bad name' (expected: 1 to 128 of A-Z a-z 0-9 _ - .)");
    assertThatThrownBy(
            () ->
                McpKit.server("x", "1.0.0")
                    .tool("t", "d", Nothing.class, n -> "")
                    .tool("t", "d", Nothing.class, n -> ""))
        .hasMessage("tool t: declared twice (expected: once)");
    assertThatThrownBy(() -> McpKit.server("X Y", "1.0.0"))
        .extracting(e -> ((KitException) e).error())
        .isEqualTo(KitErrors.INVALID_SERVER);
  }
}
