package io.gatehouse.agent.model;

import static io.gatehouse.testkit.ScriptedModel.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.core.Secret;
import io.gatehouse.core.net.Egress;
import io.gatehouse.testkit.ScriptedModel;
import io.gatehouse.testkit.ScriptedModel.Reply;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The provider's own Responses API with function tools, against the scripted model. */
class ResponsesApiTest {
  private final String key = "test-" + UUID.randomUUID();
  private final ScriptedModel model = ScriptedModel.start(key);
  private final HttpClient http = ChatCompletions.httpClient();
  private final List<Duration> pauses = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    model.close();
    http.close();
  }

  private ResponsesApi client(int retries) {
    return new ResponsesApi(
        new ChatCompletions.Settings(
            "scripted", model.baseUrl(), Secret.of(key), Duration.ofSeconds(10), retries),
        Egress.defaults(),
        http,
        pauses::add,
        RandomGenerator.getDefault());
  }

  private static FunctionTool lookup() {
    return new FunctionTool(
        "lookup", null, ChatWire.JSON.readTree("{\"type\":\"object\",\"properties\":{}}"));
  }

  @Test
  void sends_input_items_and_flat_function_tools_and_reads_function_calls_and_usage() {
    model.reply(Reply.toolCalls(call("lookup", "{\"q\":\"x\"}")).withUsage(30, 4));
    ResponsesApi c = client(0);

    ModelReply first =
        c.complete(
            new ModelCall(
                "o3",
                List.of(new ChatMessage.System("Be brief."), new ChatMessage.User("find x")),
                List.of(lookup()),
                "lookup",
                100));

    assertThat(first.finishReason()).isEqualTo("tool_calls");
    assertThat(first.usage()).isEqualTo(new Usage(30, 4));
    ToolCall call = first.toolCalls().getFirst();
    assertThat(call.name()).isEqualTo("lookup");
    assertThat(call.arguments()).isEqualTo("{\"q\":\"x\"}");
    assertThat(call.id()).startsWith("call_");
    JsonNode sent = model.requests().getFirst();
    assertThat(sent.path("store").asBoolean()).isFalse();
    assertThat(sent.at("/input/0/role").asString()).isEqualTo("system");
    assertThat(sent.at("/input/1/content").asString()).isEqualTo("find x");
    assertThat(sent.at("/tools/0/name").asString()).isEqualTo("lookup");
    assertThat(sent.at("/tool_choice/name").asString()).isEqualTo("lookup");
    assertThat(sent.path("max_output_tokens").asInt()).isEqualTo(100);

    ModelReply second =
        c.complete(
            new ModelCall(
                "o3",
                List.of(
                    new ChatMessage.User("find x"),
                    new ChatMessage.Assistant(null, first.toolCalls()),
                    new ChatMessage.ToolResult(call.id(), "x is 42")),
                List.of(lookup()),
                null,
                null));

    assertThat(second.text()).isEqualTo("The tool said: x is 42");
    assertThat(second.finishReason()).isEqualTo("stop");
    JsonNode next = model.requests().get(1);
    assertThat(next.at("/input/1/type").asString()).isEqualTo("function_call");
    assertThat(next.at("/input/1/call_id").asString()).isEqualTo(call.id());
    assertThat(next.at("/input/2/type").asString()).isEqualTo("function_call_output");
    assertThat(next.at("/input/2/output").asString()).isEqualTo("x is 42");
  }

  @Test
  void failures_are_retried_and_keyed_as_for_chat_completions() {
    model.fail(503).reply(Reply.error(401, "no"));

    assertThatThrownBy(
            () -> client(2).complete(new ModelCall("o3", List.of(), List.of(), null, null)))
        .isInstanceOfSatisfying(
            ModelFailure.class,
            f -> {
              assertThat(f.error()).isEqualTo(ModelErrors.MODEL_REFUSED);
              assertThat(f.getMessage()).contains("(401)").doesNotContain(key);
            });
    assertThat(model.requests()).hasSize(2);
    assertThat(pauses).hasSize(1);
  }
}
