package io.gatehouse.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.ObjectMappers;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.responses.McpToolCallError;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseOutputMessage;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.Tool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAI Java SDK ({@code com.openai:openai-java}, its OkHttp client) as a client of
 * Gatehouse's {@code /v1/responses}: every item and streaming event is read through the SDK's typed
 * accessors, and the completed responses and their events must pass the SDK's own validation
 * ({@code responseValidation}), so a missing required field or a wrong type fails here.
 *
 * <p>Gatehouse's extensions have no place in the SDK's types: the {@code oauth_consent_request}
 * item, the incomplete reason {@code max_tool_calls}, and its stable error keys as {@code
 * error.code}. The SDK's default client (no validation) keeps them readable, as an unknown item
 * with its JSON or as raw enum strings; a validating client refuses them. The tests pin both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenAiJavaSdkResponsesTest {
  private static final String MODEL = "scripted-model";

  private ResponsesGatehouse g;
  private OpenAIClient client;
  private OpenAIClient lenient;

  @BeforeAll
  void start(@TempDir Path dir) {
    g = ResponsesGatehouse.start(dir);
    g.script("java-approve", "delete-file", "{\"path\":\"/tmp/a\"}", "Deleted /tmp/a.")
        .script("java-stream", "delete-file", "{\"path\":\"/tmp/b\"}", "Deleted /tmp/b.")
        .script("java-fail", "fail-tool", "{}", "It failed: disk full.")
        .script("java-stored", "echo", "{\"message\":\"kept\"}", "Echoed it.")
        .scriptEndlessCalls("java-limit", "echo", "{\"message\":\"again\"}", 3)
        .scriptModelError("java-broken", 400)
        .scriptModelError("java-broken-stream", 400);
    client = client(true);
    lenient = client(false);
  }

  /** With {@code validating}, the SDK checks every response against its types as it reads it. */
  private OpenAIClient client(boolean validating) {
    return OpenAIOkHttpClient.builder()
        .baseUrl(g.v1().toString())
        .apiKey(g.userKey)
        .project(ResponsesGatehouse.PROJECT)
        .maxRetries(0)
        .timeout(Duration.ofSeconds(60))
        .responseValidation(validating)
        .build();
  }

  @AfterAll
  void stop() {
    if (client != null) {
      client.close();
      lenient.close();
    }
    if (g != null) {
      g.close();
    }
  }

  /** The {@code mcp} tool for the route, with the default approval (none given: "always"). */
  private Tool.Mcp files() {
    return Tool.Mcp.builder()
        .serverLabel(ResponsesGatehouse.ROUTE)
        .serverUrl(g.route().toString())
        .build();
  }

  private static ResponseInputItem approve(String approvalRequestId) {
    return ResponseInputItem.ofMcpApprovalResponse(
        ResponseInputItem.McpApprovalResponse.builder()
            .approvalRequestId(approvalRequestId)
            .approve(true)
            .build());
  }

  @Test
  void reads_the_approval_loop_through_typed_accessors() {
    Response first =
        client
            .responses()
            .create(
                ResponseCreateParams.builder()
                    .model(MODEL)
                    .input("java-approve: delete /tmp/a")
                    .addTool(files())
                    .build());
    first.validate();
    assertThat(first.id()).startsWith("resp_");
    assertThat(first.status()).contains(ResponseStatus.COMPLETED);
    assertThat(first.output()).hasSize(2);
    assertThat(first.output().get(0).isMcpListTools()).isTrue();
    ResponseOutputItem.McpListTools listed = first.output().get(0).asMcpListTools();
    assertThat(listed.id()).startsWith("mcpl_");
    assertThat(listed.serverLabel()).isEqualTo(ResponsesGatehouse.ROUTE);
    assertThat(listed.error()).isEmpty();
    assertThat(listed.tools())
        .extracting(ResponseOutputItem.McpListTools.Tool::name)
        .containsExactlyInAnyOrder("delete-file", "echo", "fail-tool");
    ResponseOutputItem.McpListTools.Tool delete =
        listed.tools().stream().filter(t -> t.name().equals("delete-file")).findFirst().get();
    assertThat(delete._inputSchema().convert(Map.class)).containsEntry("type", "object");
    assertThat(delete._annotations().convert(Map.class)).containsEntry("destructiveHint", true);

    assertThat(first.output().get(1).isMcpApprovalRequest()).isTrue();
    ResponseOutputItem.McpApprovalRequest ask = first.output().get(1).asMcpApprovalRequest();
    assertThat(ask.id()).startsWith("mcpr_");
    assertThat(ask.serverLabel()).isEqualTo(ResponsesGatehouse.ROUTE);
    assertThat(ask.name()).isEqualTo("delete-file");
    assertThat(ask.arguments()).isEqualTo("{\"path\":\"/tmp/a\"}");

    Response second =
        client
            .responses()
            .create(
                ResponseCreateParams.builder()
                    .model(MODEL)
                    .previousResponseId(first.id())
                    .addTool(files())
                    .inputOfResponse(List.of(approve(ask.id())))
                    .build());
    second.validate();
    assertThat(second.previousResponseId()).contains(first.id());
    assertThat(second.output()).hasSize(2);
    assertThat(second.output().get(0).isMcpCall()).isTrue();
    ResponseOutputItem.McpCall call = second.output().get(0).asMcpCall();
    assertThat(call.id()).startsWith("mcp_");
    assertThat(call.name()).isEqualTo("delete-file");
    assertThat(call.arguments()).isEqualTo("{\"path\":\"/tmp/a\"}");
    assertThat(call.status()).contains(ResponseOutputItem.McpCall.Status.COMPLETED);
    assertThat(call.output()).contains("deleted /tmp/a");
    assertThat(call.error()).isEmpty();
    assertThat(call.approvalRequestId()).contains(ask.id());
    assertThat(second.output().get(1).isMessage()).isTrue();
    assertThat(text(second.output().get(1).asMessage())).isEqualTo("Deleted /tmp/a.");
    assertThat(second.usage()).hasValueSatisfying(u -> assertThat(u.totalTokens()).isPositive());

    // the approval answer is the continuation's input item, with the id Gatehouse gave it
    List<ResponseItem> input = client.responses().inputItems().list(second.id()).items();
    assertThat(input)
        .singleElement()
        .satisfies(i -> assertThat(i.isMcpApprovalResponse()).isTrue());
    ResponseItem.McpApprovalResponse answer = input.getFirst().asMcpApprovalResponse().validate();
    assertThat(answer.id()).isNotBlank();
    assertThat(answer.approvalRequestId()).isEqualTo(ask.id());
    assertThat(answer.approve()).isTrue();
  }

  @Test
  void reads_a_failed_call_and_its_error_as_the_structured_union() {
    Response r =
        client
            .responses()
            .create(
                ResponseCreateParams.builder()
                    .model(MODEL)
                    .input("java-fail: try it")
                    .addTool(
                        files().toBuilder()
                            .requireApproval(Tool.Mcp.RequireApproval.McpToolApprovalSetting.NEVER)
                            .build())
                    .build());
    r.validate();
    assertThat(r.output())
        .extracting(OpenAiJavaSdkResponsesTest::kind)
        .containsExactly("mcp_list_tools", "mcp_call", "message");
    ResponseOutputItem.McpCall call = r.output().get(1).asMcpCall();
    assertThat(call.status()).contains(ResponseOutputItem.McpCall.Status.FAILED);
    assertThat(call.output()).isEmpty();
    assertThat(call.approvalRequestId()).isEmpty();
    McpToolCallError error = call.error().orElseThrow();
    assertThat(error.isToolExecution()).isTrue();
    List<?> content = error.asToolExecution()._content().convert(List.class);
    assertThat(content).singleElement().isEqualTo(Map.of("type", "text", "text", "disk full"));
    assertThat(text(r.output().get(2).asMessage())).isEqualTo("It failed: disk full.");
  }

  @Test
  void streams_the_approval_loop_as_typed_events_numbered_from_zero() {
    List<ResponseStreamEvent> first =
        stream(
            ResponseCreateParams.builder()
                .model(MODEL)
                .input("java-stream: delete /tmp/b")
                .addTool(files())
                .build());
    assertThat(first)
        .extracting(OpenAiJavaSdkResponsesTest::eventType)
        .containsExactly(
            "response.created",
            "response.in_progress",
            "response.output_item.added",
            "response.mcp_list_tools.in_progress",
            "response.mcp_list_tools.completed",
            "response.output_item.done",
            "response.output_item.added",
            "response.output_item.done",
            "response.completed");
    assertNumberedFromZero(first);
    String responseId = first.getFirst().asCreated().response().id();
    ResponseOutputItem ask = first.get(7).asOutputItemDone().item();
    assertThat(ask.isMcpApprovalRequest()).isTrue();
    assertThat(ask.asMcpApprovalRequest().arguments()).isEqualTo("{\"path\":\"/tmp/b\"}");

    List<ResponseStreamEvent> second =
        stream(
            ResponseCreateParams.builder()
                .model(MODEL)
                .previousResponseId(responseId)
                .addTool(files())
                .inputOfResponse(List.of(approve(ask.asMcpApprovalRequest().id())))
                .build());
    assertThat(second)
        .extracting(OpenAiJavaSdkResponsesTest::eventType)
        .containsExactly(
            "response.created",
            "response.in_progress",
            "response.output_item.added",
            "response.mcp_call_arguments.delta",
            "response.mcp_call_arguments.done",
            "response.mcp_call.in_progress",
            "response.mcp_call.completed",
            "response.output_item.done",
            "response.output_item.added",
            "response.content_part.added",
            "response.output_text.delta",
            "response.output_text.done",
            "response.content_part.done",
            "response.output_item.done",
            "response.completed");
    assertNumberedFromZero(second);
    ResponseOutputItem.McpCall call = second.get(7).asOutputItemDone().item().asMcpCall();
    assertThat(call.status()).contains(ResponseOutputItem.McpCall.Status.COMPLETED);
    assertThat(call.output()).contains("deleted /tmp/b");
    assertThat(call.approvalRequestId()).contains(ask.asMcpApprovalRequest().id());
    assertThat(second.get(6).asMcpCallCompleted().itemId()).isEqualTo(call.id());
    assertThat(second.get(4).asMcpCallArgumentsDone().arguments()).isEqualTo(call.arguments());
    assertThat(second.get(11).asOutputTextDone().text()).isEqualTo("Deleted /tmp/b.");
    // the SDK's accumulator rebuilds the same response from the item events alone
    ResponseAccumulator accumulator = ResponseAccumulator.createWithSnapshots();
    second.forEach(accumulator::accumulate);
    Response rebuilt = accumulator.reconstructedResponse();
    assertThat(rebuilt.output())
        .extracting(OpenAiJavaSdkResponsesTest::kind)
        .containsExactly("mcp_call", "message");
    assertThat(rebuilt.output().get(0).asMcpCall()).isEqualTo(call);
    assertThat(text(rebuilt.output().get(1).asMessage())).isEqualTo("Deleted /tmp/b.");
    assertThat(accumulator.response().id()).isEqualTo(rebuilt.id());
    Response done = second.getLast().asCompleted().response();
    assertThat(done.output())
        .extracting(OpenAiJavaSdkResponsesTest::kind)
        .containsExactly("mcp_call", "message");
    assertThat(text(done.output().get(1).asMessage())).isEqualTo("Deleted /tmp/b.");
  }

  @Test
  void retrieves_lists_the_input_items_of_and_deletes_a_stored_response() {
    Response made =
        client
            .responses()
            .create(
                ResponseCreateParams.builder()
                    .model(MODEL)
                    .input("java-stored: echo it")
                    .addTool(
                        files().toBuilder()
                            .requireApproval(Tool.Mcp.RequireApproval.McpToolApprovalSetting.NEVER)
                            .build())
                    .build());
    Response read = client.responses().retrieve(made.id());
    read.validate();
    assertThat(read.id()).isEqualTo(made.id());
    assertThat(read.output())
        .extracting(OpenAiJavaSdkResponsesTest::kind)
        .containsExactly("mcp_list_tools", "mcp_call", "message");
    assertThat(read.output().get(1).asMcpCall().output()).contains("Echo: kept");

    List<ResponseItem> items = client.responses().inputItems().list(made.id()).items();
    assertThat(items).singleElement().satisfies(i -> assertThat(i.isValid()).isTrue());
    assertThat(items.getFirst().isResponseInputMessageItem()).isTrue();
    assertThat(items.getFirst().asResponseInputMessageItem().content().getFirst().asInputText())
        .satisfies(t -> assertThat(t.text()).isEqualTo("java-stored: echo it"));

    client.responses().delete(made.id());
    assertThatThrownBy(() -> client.responses().retrieve(made.id()))
        .isInstanceOfSatisfying(
            NotFoundException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
  }

  @Test
  void keeps_the_oauth_consent_request_as_an_unknown_item_whose_fields_can_be_read() {
    Tool.Mcp github =
        Tool.Mcp.builder()
            .serverLabel(ResponsesGatehouse.CONNECTION)
            .putAdditionalProperty(
                "project_connection_id", JsonValue.from(ResponsesGatehouse.CONNECTION))
            .requireApproval(Tool.Mcp.RequireApproval.McpToolApprovalSetting.NEVER)
            .build();
    ResponseCreateParams params =
        ResponseCreateParams.builder()
            .model(MODEL)
            .input("java-consent: my repos")
            .addTool(github)
            .build();

    Response r = lenient.responses().create(params);
    assertThat(r.status()).contains(ResponseStatus.COMPLETED);
    assertThat(r.output()).hasSize(1);
    assertConsent(r.output().getFirst());

    List<ResponseStreamEvent> events = new ArrayList<>();
    try (StreamResponse<ResponseStreamEvent> s = lenient.responses().createStreaming(params)) {
      s.stream().forEach(events::add);
    }
    assertThat(events)
        .extracting(OpenAiJavaSdkResponsesTest::eventType)
        .containsExactly(
            "response.created",
            "response.in_progress",
            "response.output_item.added",
            "response.output_item.done",
            "response.completed");
    assertNumberedFromZero(events);
    assertConsent(events.get(2).asOutputItemAdded().item());
    assertConsent(events.get(3).asOutputItemDone().item());
    assertConsent(events.get(4).asCompleted().response().output().getFirst());
    ResponseAccumulator accumulator = ResponseAccumulator.createWithSnapshots();
    events.forEach(accumulator::accumulate);
    assertConsent(accumulator.reconstructedResponse().output().getFirst());

    // The SDK's response validation knows no such item: a client that turns it on cannot read it.
    assertThatThrownBy(() -> client.responses().create(params))
        .isInstanceOf(OpenAIInvalidDataException.class)
        .hasMessageContaining("Unknown ResponseOutputItem");
  }

  @Test
  void reads_a_response_the_tool_call_limit_ended_incomplete() {
    Response r =
        lenient
            .responses()
            .create(
                ResponseCreateParams.builder()
                    .model(MODEL)
                    .input("java-limit: loop")
                    .maxToolCalls(1)
                    .addTool(
                        files().toBuilder()
                            .requireApproval(Tool.Mcp.RequireApproval.McpToolApprovalSetting.NEVER)
                            .build())
                    .build());
    assertThat(r.status()).contains(ResponseStatus.INCOMPLETE);
    assertThat(r.maxToolCalls()).contains(1L);
    assertThat(r.output())
        .extracting(OpenAiJavaSdkResponsesTest::kind)
        .containsExactly("mcp_list_tools", "mcp_call", "mcp_call");
    assertThat(r.output().get(1).asMcpCall().status())
        .contains(ResponseOutputItem.McpCall.Status.COMPLETED);
    ResponseOutputItem.McpCall cut = r.output().get(2).asMcpCall();
    assertThat(cut.status()).contains(ResponseOutputItem.McpCall.Status.INCOMPLETE);
    assertThat(cut.error().orElseThrow().isProtocol()).isTrue();
    assertThat(cut.error().orElseThrow().asProtocol().message()).contains("not run");
    // Gatehouse's own reason and error key are not among the SDK's enum values: kept as strings
    assertThat(r.incompleteDetails().orElseThrow().reason().orElseThrow().asString())
        .isEqualTo("max_tool_calls");
    assertThat(r.error().orElseThrow().code().asString()).isEqualTo("MAX_TOOL_CALLS");
    assertThat(r.error().orElseThrow().message()).contains("limit of 1 tool calls");
    assertThatThrownBy(r::validate)
        .isInstanceOf(OpenAIInvalidDataException.class)
        .hasMessageContaining("MAX_TOOL_CALLS");
  }

  @Test
  void reads_a_model_failure_as_an_api_error_or_a_failed_stream() {
    assertThatThrownBy(
            () ->
                client
                    .responses()
                    .create(
                        ResponseCreateParams.builder()
                            .model(MODEL)
                            .input("java-broken: x")
                            .build()))
        .isInstanceOfSatisfying(
            InternalServerException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(502);
              assertThat(e.code()).contains("MODEL_REFUSED");
              assertThat(e.type()).contains("server_error");
            });

    List<ResponseStreamEvent> events = new ArrayList<>();
    try (StreamResponse<ResponseStreamEvent> s =
        lenient
            .responses()
            .createStreaming(
                ResponseCreateParams.builder()
                    .model(MODEL)
                    .input("java-broken-stream: x")
                    .build())) {
      s.stream().forEach(events::add);
    }
    assertThat(events)
        .extracting(OpenAiJavaSdkResponsesTest::eventType)
        .containsExactly("response.created", "response.in_progress", "response.failed");
    assertNumberedFromZero(events);
    Response failed = events.getLast().asFailed().response();
    assertThat(failed.status()).contains(ResponseStatus.FAILED);
    assertThat(failed.error().orElseThrow().code().asString()).isEqualTo("MODEL_REFUSED");
    assertThat(failed.error().orElseThrow().message()).contains("refused the call");
  }

  /** Unknown to the SDK: no typed accessor takes it, but its JSON is all there. */
  private void assertConsent(ResponseOutputItem item) {
    assertThat(item.isValid()).isFalse();
    assertThat(item.isMcpCall() || item.isMcpListTools() || item.isMessage()).isFalse();
    Map<?, ?> json = item._json().orElseThrow().convert(Map.class);
    assertThat(json.get("type")).isEqualTo("oauth_consent_request");
    assertThat((String) json.get("id")).startsWith("oauthreq_");
    assertThat(json.get("server_label")).isEqualTo(ResponsesGatehouse.CONNECTION);
    assertThat((String) json.get("consent_link")).startsWith(g.consentPages().toString());
    assertThat(((Map<?, ?>) json.get("created_by")).get("user_id").toString())
        .contains(ResponsesGatehouse.USER);
  }

  /** Every event of a streamed response, each checked against the SDK's types. */
  private List<ResponseStreamEvent> stream(ResponseCreateParams params) {
    List<ResponseStreamEvent> events = new ArrayList<>();
    try (StreamResponse<ResponseStreamEvent> s = client.responses().createStreaming(params)) {
      s.stream().forEach(e -> events.add(e.validate()));
    }
    return events;
  }

  private static String text(ResponseOutputMessage message) {
    assertThat(message.content()).singleElement().satisfies(c -> c.isOutputText());
    return message.content().getFirst().asOutputText().text();
  }

  /** The item's kind, from the typed accessors the SDK matched it to. */
  private static String kind(ResponseOutputItem item) {
    if (item.isMcpListTools()) {
      return "mcp_list_tools";
    } else if (item.isMcpApprovalRequest()) {
      return "mcp_approval_request";
    } else if (item.isMcpCall()) {
      return "mcp_call";
    } else if (item.isMessage()) {
      return "message";
    }
    return "unknown";
  }

  /** The event's type, from the typed accessor the SDK matched it to ("unknown" when none did). */
  private static String eventType(ResponseStreamEvent e) {
    return EVENT_TYPES.stream()
        .filter(t -> t.matches().test(e))
        .map(EventType::name)
        .findFirst()
        .orElse("unknown");
  }

  private record EventType(
      String name, java.util.function.Predicate<ResponseStreamEvent> matches) {}

  private static final List<EventType> EVENT_TYPES =
      List.of(
          new EventType("response.created", ResponseStreamEvent::isCreated),
          new EventType("response.in_progress", ResponseStreamEvent::isInProgress),
          new EventType("response.completed", ResponseStreamEvent::isCompleted),
          new EventType("response.failed", ResponseStreamEvent::isFailed),
          new EventType("response.incomplete", ResponseStreamEvent::isIncomplete),
          new EventType("response.output_item.added", ResponseStreamEvent::isOutputItemAdded),
          new EventType("response.output_item.done", ResponseStreamEvent::isOutputItemDone),
          new EventType(
              "response.mcp_list_tools.in_progress", ResponseStreamEvent::isMcpListToolsInProgress),
          new EventType(
              "response.mcp_list_tools.completed", ResponseStreamEvent::isMcpListToolsCompleted),
          new EventType(
              "response.mcp_list_tools.failed", ResponseStreamEvent::isMcpListToolsFailed),
          new EventType(
              "response.mcp_call_arguments.delta", ResponseStreamEvent::isMcpCallArgumentsDelta),
          new EventType(
              "response.mcp_call_arguments.done", ResponseStreamEvent::isMcpCallArgumentsDone),
          new EventType("response.mcp_call.in_progress", ResponseStreamEvent::isMcpCallInProgress),
          new EventType("response.mcp_call.completed", ResponseStreamEvent::isMcpCallCompleted),
          new EventType("response.mcp_call.failed", ResponseStreamEvent::isMcpCallFailed),
          new EventType("response.content_part.added", ResponseStreamEvent::isContentPartAdded),
          new EventType("response.content_part.done", ResponseStreamEvent::isContentPartDone),
          new EventType("response.output_text.delta", ResponseStreamEvent::isOutputTextDelta),
          new EventType("response.output_text.done", ResponseStreamEvent::isOutputTextDone));

  /** Each event's {@code sequence_number}, as the SDK serialises it, counts up from 0. */
  private static void assertNumberedFromZero(List<ResponseStreamEvent> events) {
    for (int i = 0; i < events.size(); i++) {
      long n =
          ObjectMappers.jsonMapper().valueToTree(events.get(i)).path("sequence_number").asLong(-1);
      assertThat(n).as("sequence_number of event %d", i).isEqualTo(i);
    }
  }
}
