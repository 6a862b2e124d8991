package io.gatehouse.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The official OpenAI Node SDK ({@code openai} {@value NodeTools#OPENAI_VERSION}, driven by {@code
 * src/test/node/responses-client.mjs}) as a client of Gatehouse's {@code /v1/responses}: it reads
 * every item type the agent runtime sends, streamed and not. The script runs once; each test checks
 * one part of what it found.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenAiNodeSdkResponsesTest {
  private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(120);

  private ResponsesGatehouse g;
  private JsonNode findings;

  @BeforeAll
  void run(@TempDir Path dir) {
    NodeTools tools = NodeTools.require();
    g = ResponsesGatehouse.start(dir);
    g.script("node-approve", "delete-file", "{\"path\":\"/tmp/a\"}", "Deleted /tmp/a.")
        .script("node-stream", "delete-file", "{\"path\":\"/tmp/b\"}", "Deleted /tmp/b.")
        .script("node-fail", "fail-tool", "{}", "It failed: disk full.")
        .scriptEndlessCalls("node-limit", "echo", "{\"message\":\"again\"}", 3)
        .scriptModelError("node-broken", 400)
        .scriptModelError("node-broken-stream", 400);
    try (ChildProcess client =
        ChildProcess.start(
            "openai-node",
            List.of(
                tools.node().toString(),
                tools.nodeScript("responses-client.mjs").toString(),
                g.v1().toString(),
                g.route().toString(),
                ResponsesGatehouse.PROJECT,
                ResponsesGatehouse.CONNECTION),
            Map.of("GATEHOUSE_API_KEY", g.userKey))) {
      assertThat(client.waitFor(SCRIPT_TIMEOUT))
          .as("the script ended within %s%s", SCRIPT_TIMEOUT, client.diagnostics())
          .isTrue();
      JsonNode out =
          client.stdout().stream()
              .filter(l -> l.startsWith("{"))
              .map(JsonMapper.shared()::readTree)
              .reduce((a, b) -> b)
              .orElseThrow(() -> new AssertionError("no JSON line" + client.diagnostics()));
      assertThat(out.has("findings"))
          .as("the SDK threw: %s%s", out.path("failure").asString(), client.diagnostics())
          .isTrue();
      assertThat(client.exitCode()).as("exit code%s", client.diagnostics()).isZero();
      findings = out.path("findings");
      System.out.println("openai-node findings: " + findings);
    }
  }

  @AfterAll
  void stop() {
    if (g != null) {
      g.close();
    }
  }

  @Test
  void uses_the_pinned_sdk_with_the_project_header_on_every_request() {
    assertThat(findings.path("sdk_version").asString()).isEqualTo(NodeTools.OPENAI_VERSION);
    assertThat(findings.path("requests").size()).isEqualTo(15);
    findings
        .path("requests")
        .forEach(
            r -> {
              assertThat(r.path("path").asString()).startsWith("/v1/responses");
              assertThat(r.path("project").asString()).isEqualTo(ResponsesGatehouse.PROJECT);
            });
  }

  @Test
  void reads_mcp_list_tools_and_the_approval_request_of_the_default_approval() {
    JsonNode first = findings.at("/non_streaming/first");
    assertThat(first.path("id").asString()).startsWith("resp_");
    assertThat(first.path("object").asString()).isEqualTo("response");
    assertThat(first.path("status").asString()).isEqualTo("completed");
    assertThat(strings(first.path("types")))
        .containsExactly("mcp_list_tools", "mcp_approval_request");
    JsonNode listed = first.path("list_tools");
    assertThat(listed.path("id").asString()).startsWith("mcpl_");
    assertThat(listed.path("server_label").asString()).isEqualTo(ResponsesGatehouse.ROUTE);
    assertThat(listed.path("error").isNull()).isTrue();
    assertThat(listed.findValuesAsString("name"))
        .containsExactlyInAnyOrder("delete-file", "echo", "fail-tool");
    JsonNode delete = listed.path("tools").get(0);
    assertThat(delete.path("input_schema_type").asString()).isEqualTo("object");
    assertThat(delete.path("annotations").path("destructiveHint").asBoolean()).isTrue();
    JsonNode ask = first.path("approval_request");
    assertThat(ask.path("id").asString()).startsWith("mcpr_");
    assertThat(ask.path("server_label").asString()).isEqualTo(ResponsesGatehouse.ROUTE);
    assertThat(ask.path("name").asString()).isEqualTo("delete-file");
    assertThat(ask.path("arguments").path("path").asString()).isEqualTo("/tmp/a");
    assertThat(first.path("output_text").asString()).isEmpty();
  }

  @Test
  void continues_with_an_approval_response_to_the_mcp_call_and_the_message() {
    JsonNode first = findings.at("/non_streaming/first");
    JsonNode second = findings.at("/non_streaming/second");
    assertThat(strings(second.path("types"))).containsExactly("mcp_call", "message");
    assertThat(second.path("previous_response_id").asString())
        .isEqualTo(first.path("id").asString());
    JsonNode call = second.path("mcp_call");
    assertThat(call.path("id").asString()).startsWith("mcp_");
    assertThat(call.path("name").asString()).isEqualTo("delete-file");
    assertThat(call.path("status").asString()).isEqualTo("completed");
    assertThat(call.path("output").asString()).isEqualTo("deleted /tmp/a");
    assertThat(call.path("error").isNull()).isTrue();
    assertThat(call.path("approval_request_id").asString())
        .isEqualTo(first.at("/approval_request/id").asString());
    assertThat(second.at("/message/role").asString()).isEqualTo("assistant");
    assertThat(second.at("/message/parts/0/type").asString()).isEqualTo("output_text");
    assertThat(second.at("/message/parts/0/text").asString()).isEqualTo("Deleted /tmp/a.");
    assertThat(second.path("output_text").asString()).isEqualTo("Deleted /tmp/a.");
    assertThat(second.path("usage_total").asInt()).isPositive();
    assertThat(g.upstreamCalled("delete-file")).isTrue();
  }

  @Test
  void streams_the_approval_request_as_events_numbered_from_zero() {
    JsonNode create = findings.at("/streaming/create");
    assertThat(strings(create.path("types")))
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
    assertNumberedFromZero(create.path("sequence"));
    assertThat(strings(create.path("done_types")))
        .containsExactly("mcp_list_tools", "mcp_approval_request");
    assertThat(create.at("/approval_request/arguments/path").asString()).isEqualTo("/tmp/b");
  }

  @Test
  void the_stream_helper_continues_it_and_its_final_response_holds_the_call_and_the_message() {
    JsonNode helper = findings.at("/streaming/helper");
    assertThat(strings(helper.path("types")))
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
    assertNumberedFromZero(helper.path("sequence"));
    JsonNode last = helper.path("final");
    assertThat(last.path("status").asString()).isEqualTo("completed");
    assertThat(strings(last.path("types"))).containsExactly("mcp_call", "message");
    assertThat(strings(helper.path("mcp_call_completed_listener")))
        .containsExactly(last.at("/mcp_call/id").asString());
    assertThat(last.at("/mcp_call/output").asString()).isEqualTo("deleted /tmp/b");
    assertThat(last.at("/mcp_call/status").asString()).isEqualTo("completed");
    assertThat(last.at("/mcp_call/approval_request_id").asString())
        .isEqualTo(findings.at("/streaming/create/approval_request/id").asString());
    assertThat(last.path("output_text").asString()).isEqualTo("Deleted /tmp/b.");
  }

  @Test
  void retrieves_lists_the_input_items_of_and_deletes_a_stored_response() {
    JsonNode stored = findings.path("stored");
    assertThat(stored.at("/retrieved/id").asString())
        .isEqualTo(findings.at("/non_streaming/second/id").asString());
    assertThat(strings(stored.at("/retrieved/types"))).containsExactly("mcp_call", "message");
    assertThat(stored.at("/retrieved/output_text").asString()).isEqualTo("Deleted /tmp/a.");
    JsonNode item = stored.path("input_items").get(0);
    assertThat(stored.path("input_items").size()).isEqualTo(1);
    assertThat(item.path("type").asString()).isEqualTo("mcp_approval_response");
    assertThat(item.path("approval_request_id").asString())
        .isEqualTo(findings.at("/non_streaming/first/approval_request/id").asString());
    assertThat(item.path("approve").asBoolean()).isTrue();
    assertThat(stored.at("/after_delete/not_found").asBoolean()).isTrue();
    assertThat(stored.at("/after_delete/status").asInt()).isEqualTo(404);
  }

  @Test
  void reads_a_failed_mcp_call_with_its_structured_error() {
    JsonNode failed = findings.path("failed_call");
    assertThat(strings(failed.path("types")))
        .containsExactly("mcp_list_tools", "mcp_call", "message");
    JsonNode call = failed.path("mcp_call");
    assertThat(call.path("status").asString()).isEqualTo("failed");
    assertThat(call.path("output").isNull()).isTrue();
    assertThat(call.path("approval_request_id").isNull()).isTrue();
    assertThat(call.at("/error/type").asString()).isEqualTo("mcp_tool_execution_error");
    assertThat(call.at("/error/content/0/text").asString()).isEqualTo("disk full");
    assertThat(failed.path("output_text").asString()).isEqualTo("It failed: disk full.");
  }

  @Test
  void reads_a_response_the_tool_call_limit_ended_incomplete() {
    JsonNode r = findings.path("incomplete");
    assertThat(r.path("status").asString()).isEqualTo("incomplete");
    assertThat(strings(r.path("types"))).containsExactly("mcp_list_tools", "mcp_call", "mcp_call");
    assertThat(r.at("/incomplete_details/reason").asString()).isEqualTo("max_tool_calls");
    assertThat(r.at("/error/code").asString()).isEqualTo("MAX_TOOL_CALLS");
    assertThat(r.at("/cut/status").asString()).isEqualTo("incomplete");
    assertThat(r.at("/cut/error/type").asString()).isEqualTo("mcp_protocol_error");
  }

  @Test
  void reads_a_model_failure_as_an_api_error_or_a_failed_stream() {
    JsonNode failure = findings.path("model_failure");
    assertThat(failure.at("/thrown/internal_server_error").asBoolean()).isTrue();
    assertThat(failure.at("/thrown/status").asInt()).isEqualTo(502);
    assertThat(failure.at("/thrown/code").asString()).isEqualTo("MODEL_REFUSED");
    assertThat(failure.at("/thrown/type").asString()).isEqualTo("server_error");
    assertThat(strings(failure.at("/stream/types")))
        .containsExactly("response.created", "response.in_progress", "response.failed");
    assertNumberedFromZero(failure.at("/stream/sequence"));
    assertThat(failure.at("/stream/final/status").asString()).isEqualTo("failed");
    assertThat(failure.at("/stream/final/error/code").asString()).isEqualTo("MODEL_REFUSED");
  }

  @Test
  void passes_the_oauth_consent_request_through_untouched_streamed_or_not() {
    JsonNode consent = findings.path("consent");
    assertThat(strings(consent.path("types"))).containsExactly("oauth_consent_request");
    JsonNode item = consent.path("item");
    assertThat(item.path("id").asString()).startsWith("oauthreq_");
    assertThat(item.path("server_label").asString()).isEqualTo(ResponsesGatehouse.CONNECTION);
    assertThat(item.path("consent_link").asString()).startsWith(g.consentPages().toString());
    assertThat(item.at("/created_by/user_id").asString()).contains(ResponsesGatehouse.USER);
    // what the SDK handed the script is what Gatehouse stored, field for field
    assertThat(item).isEqualTo(storedOutput(consent.path("id").asString()).get(0));

    List<String> itemEvents =
        List.of(
            "response.created",
            "response.in_progress",
            "response.output_item.added",
            "response.output_item.done",
            "response.completed");
    assertThat(strings(consent.at("/stream/types"))).isEqualTo(itemEvents);
    assertThat(consent.at("/stream/done/0/type").asString()).isEqualTo("oauth_consent_request");
    assertThat(consent.at("/stream/done/0/consent_link").asString())
        .isEqualTo(item.path("consent_link").asString());
    assertThat(strings(consent.at("/helper/types"))).isEqualTo(itemEvents);
    assertThat(strings(consent.at("/helper/final_types"))).containsExactly("oauth_consent_request");
    assertThat(consent.at("/helper/item/consent_link").asString())
        .isEqualTo(item.path("consent_link").asString());
    // the helper's accumulated response keeps the item as its output_item.done event had it
    assertThat(consent.at("/helper/item")).isEqualTo(consent.at("/helper/done/0"));
  }

  /** The stored response's output, read over plain HTTP. */
  private JsonNode storedOutput(String id) {
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(g.gatehouse.url("/v1/responses/" + id))
                      .header("Authorization", "Bearer " + g.userKey)
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      return JsonMapper.shared().readTree(r.body()).path("output");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asString()));
    return out;
  }

  private static void assertNumberedFromZero(JsonNode sequence) {
    assertThat(sequence.size()).isPositive();
    for (int i = 0; i < sequence.size(); i++) {
      assertThat(sequence.get(i).asInt()).as("sequence_number of event %d", i).isEqualTo(i);
    }
  }
}
