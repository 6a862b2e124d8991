package io.gatehouse.interop;

import static io.gatehouse.interop.McpCalls.allPages;
import static io.gatehouse.interop.McpCalls.call;
import static io.gatehouse.interop.McpCalls.digest;
import static io.gatehouse.interop.McpCalls.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;
import static org.awaitility.Awaitility.await;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.GetPromptRequest;
import io.modelcontextprotocol.spec.McpSchema.ListPromptsResult;
import io.modelcontextprotocol.spec.McpSchema.ListResourceTemplatesResult;
import io.modelcontextprotocol.spec.McpSchema.ListResourcesResult;
import io.modelcontextprotocol.spec.McpSchema.ListToolsResult;
import io.modelcontextprotocol.spec.McpSchema.Prompt;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.ResourceTemplate;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The interop scenarios ({@link InteropScenarios}) for an MCP Java SDK client, run in order on one
 * session; each one's failure is kept, so the others still run.
 */
final class JavaSdkScenarios {
  private static final String DOCUMENT = "demo://resource/static/document/architecture.md";
  private static final JsonMapper JSON = JsonMapper.shared();

  @FunctionalInterface
  interface Scenario {
    void run(JavaSdkSession session) throws Exception;
  }

  private static final Map<String, Scenario> SCENARIOS = new LinkedHashMap<>();

  static {
    SCENARIOS.put(
        InteropScenarios.INITIALIZE_AND_ECHO, JavaSdkScenarios::initializeListToolsAndEchoUnicode);
    SCENARIOS.put(InteropScenarios.LARGE_ECHO, JavaSdkScenarios::echoLargeMessageByteExact);
    SCENARIOS.put(InteropScenarios.PROGRESS, JavaSdkScenarios::progressArrivesBeforeTheResult);
    SCENARIOS.put(InteropScenarios.SAMPLING, JavaSdkScenarios::samplingIsRelayed);
    SCENARIOS.put(InteropScenarios.ELICITATION, JavaSdkScenarios::elicitationIsRelayed);
    SCENARIOS.put(
        InteropScenarios.RESOURCES_AND_PROMPTS, JavaSdkScenarios::resourcesAndPromptsArePaged);
    SCENARIOS.put(InteropScenarios.PARALLEL_CALLS, JavaSdkScenarios::parallelCallsOnOneSession);
    SCENARIOS.put(InteropScenarios.CANCEL, JavaSdkScenarios::cancelThenReuseTheSession);
    SCENARIOS.put(InteropScenarios.END_SESSION, JavaSdkScenarios::endedSessionIsRefusedWith404);
  }

  private JavaSdkScenarios() {}

  static List<ScenarioOutcome> runAll(JavaSdkSession session) {
    return SCENARIOS.entrySet().stream().map(e -> run(e.getKey(), e.getValue(), session)).toList();
  }

  private static ScenarioOutcome run(String name, Scenario scenario, JavaSdkSession session) {
    long started = System.nanoTime();
    try {
      scenario.run(session);
      return ScenarioOutcome.passed(
          name, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    } catch (Throwable e) {
      return ScenarioOutcome.failed(
          name, e, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }
  }

  static void initializeListToolsAndEchoUnicode(JavaSdkSession s) {
    McpSyncClient client = s.client();
    assertThat(client.initialize().serverInfo().name()).isEqualTo("mcp-servers/everything");
    List<Tool> tools =
        allPages(client::listTools, ListToolsResult::tools, ListToolsResult::nextCursor);
    assertThat(tools)
        .extracting(Tool::name)
        .contains(
            "echo",
            "trigger-long-running-operation",
            "trigger-sampling-request",
            "trigger-elicitation-request");
    for (String message : List.of(InteropScenarios.UNICODE, InteropScenarios.ESCAPES)) {
      assertThat(text(call(client, "echo", Map.of("message", message))))
          .isEqualTo("Echo: " + message);
    }
  }

  static void echoLargeMessageByteExact(JavaSdkSession s) {
    String message = InteropScenarios.largeMessage();
    String echoed = text(call(s.client(), "echo", Map.of("message", message)));
    assertThat(digest(echoed)).isEqualTo(digest("Echo: " + message));
  }

  /**
   * Progress 1..4 of 4 for the call's token, in order. The SDK hands notifications to its consumer
   * on another thread, so the last one may trail the result by a moment; the first three were sent
   * at least half a second before it and must be in by then.
   */
  static void progressArrivesBeforeTheResult(JavaSdkSession s) {
    String token = "progress-" + UUID.randomUUID();
    CallToolResult result = s.client().callTool(longRunning(2, 4, token));
    List<Double> beforeResult = s.progressFor(token);
    assertThat(text(result)).contains("Long running operation completed");
    assertThat(beforeResult).as("progress seen when the result arrived").startsWith(1.0, 2.0, 3.0);
    await()
        .atMost(Duration.ofSeconds(2))
        .untilAsserted(() -> assertThat(s.progressFor(token)).containsExactly(1.0, 2.0, 3.0, 4.0));
  }

  static void samplingIsRelayed(JavaSdkSession s) {
    int before = s.samplingRequests().size();
    CallToolResult result =
        call(
            s.client(),
            "trigger-sampling-request",
            Map.of("prompt", "interop prompt ✓", "maxTokens", 50));
    assertThat(s.samplingRequests())
        .as("sampling requests the client answered")
        .hasSize(before + 1);
    assertThat(
            ((TextContent) s.samplingRequests().getLast().messages().getFirst().content()).text())
        .contains("interop prompt ✓");
    assertThat(text(result)).contains(JavaSdkSession.SAMPLED_TEXT);
  }

  static void elicitationIsRelayed(JavaSdkSession s) {
    int before = s.elicitationRequests().size();
    CallToolResult result = call(s.client(), "trigger-elicitation-request", Map.of());
    assertThat(s.elicitationRequests())
        .as("elicitation requests the client answered")
        .hasSize(before + 1);
    assertThat(s.elicitationRequests().getLast().requestedSchema())
        .extractingByKey("properties")
        .asInstanceOf(MAP)
        .containsKey("name");
    assertThat(text(result)).contains("- Name: " + JavaSdkSession.ELICITED_NAME);
  }

  static void resourcesAndPromptsArePaged(JavaSdkSession s) {
    McpSyncClient c = s.client();
    List<Resource> resources =
        allPages(c::listResources, ListResourcesResult::resources, ListResourcesResult::nextCursor);
    List<ResourceTemplate> templates =
        allPages(
            c::listResourceTemplates,
            ListResourceTemplatesResult::resourceTemplates,
            ListResourceTemplatesResult::nextCursor);
    List<Prompt> prompts =
        allPages(c::listPrompts, ListPromptsResult::prompts, ListPromptsResult::nextCursor);
    assertThat(resources).extracting(Resource::uri).contains(DOCUMENT);
    assertThat(templates)
        .extracting(ResourceTemplate::uriTemplate)
        .containsExactlyInAnyOrder(
            "demo://resource/dynamic/text/{resourceId}",
            "demo://resource/dynamic/blob/{resourceId}");
    assertThat(prompts)
        .extracting(Prompt::name)
        .containsExactlyInAnyOrder(
            "simple-prompt", "args-prompt", "completable-prompt", "resource-prompt");
    TextResourceContents document =
        (TextResourceContents)
            c.readResource(ReadResourceRequest.builder(DOCUMENT).build()).contents().getFirst();
    assertThat(document.uri()).isEqualTo(DOCUMENT);
    assertThat(document.text()).hasSizeGreaterThan(100);
    var prompt =
        c.getPrompt(
            GetPromptRequest.builder("args-prompt").arguments(Map.of("city", "Zürich")).build());
    assertThat(((TextContent) prompt.messages().getFirst().content()).text())
        .isEqualTo("What's weather in Zürich?");
  }

  static void parallelCallsOnOneSession(JavaSdkSession s) throws Exception {
    WireTap.Sent before = s.tap().lastPost();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<String>> calls =
          IntStream.range(0, 20)
              .mapToObj(
                  i ->
                      pool.submit(
                          () ->
                              text(
                                  i % 2 == 0
                                      ? call(
                                          s.client(),
                                          "echo",
                                          Map.of("message", "parallel " + i + " ✓"))
                                      : call(s.client(), "get-sum", Map.of("a", i, "b", 1000)))))
              .toList();
      for (int i = 0; i < calls.size(); i++) {
        assertThat(calls.get(i).get(JavaSdkSession.REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
            .isEqualTo(
                i % 2 == 0
                    ? "Echo: parallel " + i + " ✓"
                    : "The sum of " + i + " and 1000 is " + (i + 1000) + ".");
      }
    }
    WireTap.Sent after = s.tap().lastPost();
    assertThat(after.uri()).as("same message endpoint").isEqualTo(before.uri());
    assertThat(after.sessionId()).as("same session").isEqualTo(before.sessionId());
  }

  /**
   * The SDK has no API to cancel a request, so the test sends {@code notifications/cancelled} for
   * the SDK's own request id on the SDK's session, as the client would. The session must keep
   * working, and the cancelled call must get no result (spec: the receiver of a cancellation SHOULD
   * NOT answer it).
   */
  static void cancelThenReuseTheSession(JavaSdkSession s) throws Exception {
    String token = "cancel-" + UUID.randomUUID();
    CompletableFuture<CallToolResult> call =
        CompletableFuture.supplyAsync(
            () -> s.client().callTool(longRunning(1.5, 3, token)),
            task -> Thread.ofVirtual().start(task));
    await().atMost(Duration.ofSeconds(5)).until(() -> !s.progressFor(token).isEmpty());
    WireTap.Sent request =
        s.tap().last(sent -> sent.body() != null && sent.body().contains(token)).orElseThrow();
    ObjectNode cancel =
        JSON.createObjectNode().put("jsonrpc", "2.0").put("method", "notifications/cancelled");
    cancel
        .putObject("params")
        .put("reason", "interop cancel")
        .set("requestId", JSON.readTree(request.body()).get("id"));
    JavaSdkSession.RawReply reply = s.postAs(request, cancel.toString());
    assertThat(reply.status())
        .as("notifications/cancelled answered %s", reply.body())
        .isEqualTo(202);

    assertThat(text(call(s.client(), "echo", Map.of("message", "after cancel"))))
        .isEqualTo("Echo: after cancel");
    Thread.sleep(2_500); // past the cancelled operation's end and the gateway's retry interval
    assertThat(text(call(s.client(), "get-sum", Map.of("a", 2, "b", 3))))
        .isEqualTo("The sum of 2 and 3 is 5.");
    CallToolResult late = call.isDone() && !call.isCompletedExceptionally() ? call.join() : null;
    assertThat(late).as("a result for the cancelled call").isNull();
  }

  /**
   * Streamable HTTP: closing the client sends DELETE, after which the gateway answers the session
   * id with 404. Legacy SSE has no DELETE: closing the client closes its event stream, which ends
   * the session, so the gateway answers the session's message endpoint with 404.
   */
  static void endedSessionIsRefusedWith404(JavaSdkSession s) {
    WireTap.Sent last = s.tap().lastPost();
    assertThat(s.client().closeGracefully()).as("closeGracefully").isTrue();
    String ping = "{\"jsonrpc\":\"2.0\",\"id\":\"after-end\",\"method\":\"ping\"}";
    if (s.transport() == JavaClientTransport.STREAMABLE_HTTP) {
      assertThat(s.tap().last(sent -> sent.method().equals("DELETE")))
          .as("the SDK's DELETE")
          .hasValueSatisfying(delete -> assertThat(delete.sessionId()).isEqualTo(last.sessionId()));
    }
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              JavaSdkSession.RawReply reply = s.postAs(last, ping);
              assertThat(reply.status())
                  .as("POST for the ended session answered %s", reply.body())
                  .isEqualTo(404);
            });
  }

  private static CallToolRequest longRunning(double seconds, int steps, String progressToken) {
    return CallToolRequest.builder("trigger-long-running-operation")
        .arguments(Map.of("duration", seconds, "steps", steps))
        .progressToken(progressToken)
        .build();
  }
}
