package io.gatehouse.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.FixtureJson;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.CompleteRequest;
import io.modelcontextprotocol.spec.McpSchema.GetPromptRequest;
import io.modelcontextprotocol.spec.McpSchema.Implementation;
import io.modelcontextprotocol.spec.McpSchema.ListToolsResult;
import io.modelcontextprotocol.spec.McpSchema.Prompt;
import io.modelcontextprotocol.spec.McpSchema.PromptReference;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * A virtual route over three routes of different kinds, driven by the MCP Java SDK client: an HTTP
 * route to server-everything in its Streamable HTTP mode, a stdio route running server-everything
 * (with an allow list of two tools), and an OpenAPI route to json-server. The merged list carries
 * each source's prefix, calls reach their source, and once the HTTP server stops its tools are gone
 * while the other two still answer; a source's {@code list_changed} reaches the client.
 */
class VirtualServerInteropTest {
  private static final Pattern LISTENING = Pattern.compile("json-server listening on (\\{.*})");
  private static final String DOCUMENT = "demo://resource/static/document/architecture.md";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private static McpSyncClient client(RunningGatehouse g, String route, Runnable resourcesChanged) {
    String base = g.url("/").toString().replaceAll("/+$", "");
    McpSyncClient c =
        McpClient.sync(
                HttpClientStreamableHttpTransport.builder(base)
                    .endpoint("/mcp/" + route)
                    .jsonMapper(FixtureJson.MAPPER)
                    .build())
            .clientInfo(Implementation.builder("gatehouse-interop-virtual", "1.0.0").build())
            .requestTimeout(TIMEOUT)
            .initializationTimeout(TIMEOUT)
            .resourcesChangeConsumer(r -> resourcesChanged.run())
            .build();
    c.initialize();
    return c;
  }

  private static ChildProcess jsonServer(NodeTools tools) throws IOException {
    Path db = Files.createTempDirectory("json-server").resolve("db.json");
    Files.writeString(db, "{\"items\":[]}");
    return ChildProcess.start(
        "json-server",
        List.of(
            tools.node().toString(),
            tools.nodeScript("json-server-port-0.cjs").toString(),
            db.toString()),
        Map.of());
  }

  private static String config(NodeTools tools, URI http, URI api) {
    Path document =
        tools
            .repoRoot()
            .resolve("gatehouse-interop/src/test/resources/openapi/json-server-items.yaml");
    return "routes:\n"
        + RunningGatehouse.route("web", http, "streamable-http")
        + StdioHostingInteropTest.stdioRoute(tools, "local", "session")
        + "  - name: items\n"
        + "    upstream: {transport: openapi, spec: '"
        + document
        + "', base-url: '"
        + api
        + "'}\n"
        + "  - name: all\n"
        + "    upstream:\n"
        + "      transport: virtual\n"
        + "      sources:\n"
        + "        - {route: web, prefix: web_}\n"
        + "        - {route: local, prefix: local_, tools: [echo, get-sum]}\n"
        + "        - {route: items, prefix: api_}\n";
  }

  private static List<String> toolNames(McpSyncClient c) {
    ListToolsResult r = c.listTools();
    assertThat(r.nextCursor()).as("one merged page").isNull();
    return r.tools().stream().map(Tool::name).toList();
  }

  private static String text(CallToolResult r) {
    assertThat(r.isError()).as(r.toString()).isNotEqualTo(Boolean.TRUE);
    return ((TextContent) r.content().getFirst()).text();
  }

  private static CallToolResult call(McpSyncClient c, String tool, Map<String, Object> args) {
    return c.callTool(CallToolRequest.builder(tool).arguments(args).build());
  }

  @Test
  void merges_three_kinds_of_route_routes_each_call_and_survives_one_source_stopping()
      throws IOException {
    NodeTools tools = NodeTools.require();
    ServerEverything web = ServerEverything.start(tools, UpstreamMode.STREAMABLE_HTTP);
    try (web;
        ChildProcess json = jsonServer(tools)) {
      Matcher m = json.awaitLine(LISTENING, Duration.ofSeconds(30));
      URI api =
          URI.create(
              "http://127.0.0.1:" + JsonMapper.shared().readTree(m.group(1)).path("port").asInt());
      try (RunningGatehouse g = RunningGatehouse.start(config(tools, web.url(), api));
          McpSyncClient c = client(g, "all", () -> {})) {
        List<String> names = toolNames(c);
        assertThat(names)
            .contains("web_echo", "web_get-sum", "web_get-env")
            .contains("local_echo", "local_get-sum")
            .contains("api_createItem", "api_getItem", "api_listItems")
            .doesNotContain("echo", "local_get-env");
        assertThat(names.stream().filter(n -> n.startsWith("local_"))).hasSize(2);

        assertThat(text(call(c, "web_echo", Map.of("message", "via http ✓"))))
            .isEqualTo("Echo: via http ✓");
        assertThat(text(call(c, "local_get-sum", Map.of("a", 2, "b", 3))))
            .isEqualTo("The sum of 2 and 3 is 5.");
        CallToolResult created = call(c, "api_createItem", Map.of("name", "lamp ✓", "quantity", 3));
        assertThat(created.isError()).as(created.toString()).isNotEqualTo(Boolean.TRUE);
        Object id = ((Map<?, ?>) created.structuredContent()).get("id");
        assertThat(id).isNotNull();
        CallToolResult read = call(c, "api_getItem", Map.of("id", id));
        assertThat(((Map<?, ?>) read.structuredContent()).get("name")).isEqualTo("lamp ✓");
        assertThatThrownBy(() -> call(c, "local_get-env", Map.of()))
            .isInstanceOf(McpError.class)
            .hasMessageContaining("unknown tool: 'local_get-env'");

        assertThat(c.listPrompts().prompts())
            .extracting(Prompt::name)
            .contains("web_args-prompt", "local_args-prompt");
        var prompt =
            c.getPrompt(
                GetPromptRequest.builder("local_args-prompt")
                    .arguments(Map.of("city", "Zürich"))
                    .build());
        assertThat(((TextContent) prompt.messages().getFirst().content()).text())
            .contains("Zürich");
        var completion =
            c.completeCompletion(
                new CompleteRequest(
                    new PromptReference("web_completable-prompt"),
                    new CompleteRequest.CompleteArgument("department", "Eng")));
        assertThat(completion.completion().values()).contains("Engineering");
        List<Resource> resources = c.listResources().resources();
        assertThat(resources.stream().filter(r -> r.uri().equals(DOCUMENT))).hasSize(1);
        TextResourceContents doc =
            (TextResourceContents)
                c.readResource(ReadResourceRequest.builder(DOCUMENT).build()).contents().getFirst();
        assertThat(doc.text()).isNotEmpty();

        web.close();
        List<String> after = toolNames(c);
        assertThat(after)
            .contains("local_echo", "api_getItem")
            .noneMatch(n -> n.startsWith("web_"));
        assertThat(text(call(c, "local_echo", Map.of("message", "still here"))))
            .isEqualTo("Echo: still here");
        Map<?, ?> again = (Map<?, ?>) call(c, "api_getItem", Map.of("id", id)).structuredContent();
        assertThat(again.get("name")).isEqualTo("lamp ✓");
        assertThatThrownBy(() -> call(c, "web_echo", Map.of("message", "gone")))
            .isInstanceOfSatisfying(
                McpError.class,
                e ->
                    assertThat(String.valueOf(e.getJsonRpcError().data()))
                        .contains("SOURCE_UNAVAILABLE")
                        .contains("web"));
      }
    }
  }

  /**
   * server-everything announces a resource it made for the session ({@code gzip-file-as-resource})
   * with {@code notifications/resources/list_changed} on its session's stream; through the virtual
   * route that reaches the client's stream, and the new resource is in the merged list.
   */
  @Test
  void a_sources_list_changed_reaches_the_client() {
    NodeTools tools = NodeTools.require();
    AtomicInteger changes = new AtomicInteger();
    try (ServerEverything web = ServerEverything.start(tools, UpstreamMode.STREAMABLE_HTTP);
        RunningGatehouse g =
            RunningGatehouse.start(
                "routes:\n"
                    + RunningGatehouse.route("web", web.url(), "streamable-http")
                    + "  - name: one\n"
                    + "    upstream: {transport: virtual, sources: [{route: web, prefix: w_}]}\n");
        McpSyncClient c = client(g, "one", changes::incrementAndGet)) {
      assertThat(toolNames(c)).contains("w_gzip-file-as-resource");
      AtomicInteger made = new AtomicInteger();
      // the client's stream and the source's open on their own: make resources until one is heard
      await()
          .atMost(TIMEOUT)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                call(
                    c,
                    "w_gzip-file-as-resource",
                    Map.of(
                        "name",
                        "made-" + made.incrementAndGet() + ".gz",
                        "data",
                        "data:text/plain;base64,aGVsbG8="));
                return changes.get() > 0;
              });
      assertThat(c.listResources().resources())
          .extracting(Resource::uri)
          .anyMatch(u -> u.contains("made-1.gz"));
    }
  }

  /**
   * A legacy HTTP+SSE client reaches the virtual route too (the gateway bridges to the composer).
   */
  @Test
  void a_legacy_sse_client_lists_and_calls_through_the_virtual_route() {
    NodeTools tools = NodeTools.require();
    try (ServerEverything web = ServerEverything.start(tools, UpstreamMode.STREAMABLE_HTTP);
        RunningGatehouse g =
            RunningGatehouse.start(
                "routes:\n"
                    + RunningGatehouse.route("web", web.url(), "streamable-http")
                    + "  - name: one\n"
                    + "    upstream: {transport: virtual, sources: [{route: web, prefix: w_}]}\n");
        JavaSdkSession s = new JavaSdkSession(JavaClientTransport.LEGACY_SSE, g, "one")) {
      assertThat(s.client().initialize().serverInfo().name()).isEqualTo("gatehouse-virtual-one");
      assertThat(s.client().listTools().tools()).extracting(Tool::name).contains("w_echo");
      assertThat(text(call(s.client(), "w_echo", Map.of("message", "legacy ✓"))))
          .isEqualTo("Echo: legacy ✓");
      // the source's progress for a long call reaches the client through the composer
      CallToolResult done =
          s.client()
              .callTool(
                  CallToolRequest.builder("w_trigger-long-running-operation")
                      .arguments(Map.of("duration", 1, "steps", 2))
                      .progressToken("virtual-progress")
                      .build());
      assertThat(done.isError()).as(done.toString()).isNotEqualTo(Boolean.TRUE);
      assertThat(s.progressFor("virtual-progress")).containsExactly(1.0, 2.0);
    }
  }
}
