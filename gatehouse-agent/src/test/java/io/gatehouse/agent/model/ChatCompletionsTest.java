package io.gatehouse.agent.model;

import static io.gatehouse.testkit.ScriptedModel.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/** The Chat Completions client against the scripted model, over real HTTP on 127.0.0.1. */
class ChatCompletionsTest {
  private final String key = "test-" + UUID.randomUUID();
  private final List<Duration> pauses = new CopyOnWriteArrayList<>();
  private final HttpClient http = ChatCompletions.httpClient();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private ScriptedModel model;

  @BeforeEach
  void start() {
    model = ScriptedModel.start(key);
    logs.start();
    root().addAppender(logs);
  }

  @AfterEach
  void stop() {
    root().detachAppender(logs);
    model.close();
    http.close();
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  private ChatCompletions client(String apiKey, Duration timeout, int retries, Egress egress) {
    return new ChatCompletions(
        new ChatCompletions.Settings(
            "scripted",
            model.baseUrl(),
            apiKey == null ? null : Secret.of(apiKey),
            timeout,
            retries),
        egress,
        http,
        pauses::add,
        RandomGenerator.getDefault());
  }

  private ChatCompletions client(int retries) {
    return client(key, Duration.ofSeconds(10), retries, Egress.defaults());
  }

  private static ModelCall ask(String text, List<FunctionTool> tools, String choice) {
    return new ModelCall(
        "gpt-test",
        List.of(new ChatMessage.System("Be brief."), new ChatMessage.User(text)),
        tools,
        choice,
        256);
  }

  private static FunctionTool forecast() {
    return new FunctionTool(
        "get-forecast",
        "The weather of a city",
        ChatWire.JSON.readTree(
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}"));
  }

  @Test
  void sends_the_conversation_and_tools_and_reads_text_finish_reason_and_usage() {
    model.reply(Reply.text("Sunny.").withUsage(42, 7));

    ModelReply r = client(0).complete(ask("Weather?", List.of(forecast()), "get-forecast"));

    assertThat(r.text()).isEqualTo("Sunny.");
    assertThat(r.toolCalls()).isEmpty();
    assertThat(r.finishReason()).isEqualTo("stop");
    assertThat(r.usage()).isEqualTo(new Usage(42, 7));
    JsonNode sent = model.requests().getFirst();
    assertThat(sent.path("model").asString()).isEqualTo("gpt-test");
    assertThat(sent.at("/messages/0/role").asString()).isEqualTo("system");
    assertThat(sent.at("/messages/1/content").asString()).isEqualTo("Weather?");
    assertThat(sent.at("/tools/0/type").asString()).isEqualTo("function");
    assertThat(sent.at("/tools/0/function/name").asString()).isEqualTo("get-forecast");
    assertThat(sent.at("/tools/0/function/parameters/properties/city/type").asString())
        .isEqualTo("string");
    assertThat(sent.at("/tool_choice/function/name").asString()).isEqualTo("get-forecast");
    assertThat(sent.path("max_completion_tokens").asInt()).isEqualTo(256);
  }

  @Test
  void reads_tool_calls_and_sends_their_results_back_with_their_ids() {
    model.reply(
        Reply.toolCalls(
            call("get-forecast", "{\"city\":\"Oslo\"}"),
            call("get-forecast", "{\"city\":\"Rome\"}")));
    ChatCompletions c = client(0);

    ModelReply first = c.complete(ask("Oslo and Rome?", List.of(forecast()), "required"));

    assertThat(first.finishReason()).isEqualTo("tool_calls");
    assertThat(first.toolCalls()).extracting(ToolCall::name).containsOnly("get-forecast");
    assertThat(first.toolCalls())
        .extracting(ToolCall::arguments)
        .containsExactly("{\"city\":\"Oslo\"}", "{\"city\":\"Rome\"}");
    ToolCall oslo = first.toolCalls().get(0);
    ModelCall next =
        new ModelCall(
            "gpt-test",
            List.of(
                new ChatMessage.User("Oslo and Rome?"),
                new ChatMessage.Assistant(null, first.toolCalls()),
                new ChatMessage.ToolResult(oslo.id(), "12 C, rain"),
                new ChatMessage.ToolResult(first.toolCalls().get(1).id(), "25 C, sun")),
            List.of(forecast()),
            "auto",
            null);
    ModelReply second = c.complete(next);

    assertThat(second.text()).isEqualTo("The tool said: 25 C, sun");
    JsonNode sent = model.requests().get(1);
    assertThat(sent.at("/messages/1/tool_calls/0/id").asString()).isEqualTo(oslo.id());
    assertThat(sent.at("/messages/1/tool_calls/0/function/arguments").asString())
        .isEqualTo("{\"city\":\"Oslo\"}");
    assertThat(sent.at("/messages/2/role").asString()).isEqualTo("tool");
    assertThat(sent.at("/messages/2/tool_call_id").asString()).isEqualTo(oslo.id());
    assertThat(sent.path("tool_choice").asString()).isEqualTo("auto");
    assertThat(sent.has("max_completion_tokens")).isFalse();
  }

  @Test
  void a_scripted_step_with_a_matcher_waits_for_the_request_it_matches() {
    model
        .reply(ScriptedModel.lastMessageIsToolResult(), Reply.text("after the tool"))
        .reply(Reply.toolCalls(call("get-forecast", "{}")));
    ChatCompletions c = client(0);

    ModelReply first = c.complete(ask("hi", List.of(forecast()), null));
    ModelReply second =
        c.complete(
            new ModelCall(
                "gpt-test",
                List.of(
                    new ChatMessage.User("hi"),
                    new ChatMessage.Assistant(null, first.toolCalls()),
                    new ChatMessage.ToolResult(first.toolCalls().getFirst().id(), "rain")),
                List.of(forecast()),
                null,
                null));

    assertThat(first.toolCalls()).hasSize(1);
    assertThat(second.text()).isEqualTo("after the tool");
    assertThat(model.pending()).isZero();
  }

  @Test
  void a_429_is_retried_after_its_retry_after_then_succeeds() {
    model.fail(429, 2).reply(Reply.text("ok"));

    ModelReply r = client(2).complete(ask("hi", List.of(), null));

    assertThat(r.text()).isEqualTo("ok");
    assertThat(model.requests()).hasSize(2);
    assertThat(pauses).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void a_retry_after_beyond_the_cap_is_waited_only_up_to_the_cap() {
    model.fail(429, 3600).reply(Reply.text("ok"));

    client(1).complete(ask("hi", List.of(), null));

    assertThat(pauses).containsExactly(ProviderCall.MAX_RETRY_AFTER);
  }

  @Test
  void a_500_is_retried_with_growing_jittered_backoff_then_succeeds() {
    model.fail(500).fail(503).reply(Reply.text("ok"));

    ModelReply r = client(2).complete(ask("hi", List.of(), null));

    assertThat(r.text()).isEqualTo("ok");
    assertThat(model.requests()).hasSize(3);
    assertThat(pauses).hasSize(2);
    assertThat(pauses.get(0)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
    assertThat(pauses.get(1)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
  }

  @Test
  void gives_up_after_its_retries_with_model_unavailable() {
    model.fail(502).fail(502).fail(502).reply(Reply.text("too late"));

    assertThatThrownBy(() -> client(2).complete(ask("hi", List.of(), null)))
        .isInstanceOfSatisfying(
            ModelFailure.class,
            f -> {
              assertThat(f.error()).isEqualTo(ModelErrors.MODEL_UNAVAILABLE);
              assertThat(f.getMessage()).contains("scripted").contains("answered 502");
            });
    assertThat(model.requests()).hasSize(3);
    assertThat(model.pending()).isEqualTo(1);
  }

  @Test
  void a_429_through_every_retry_is_model_rate_limited() {
    model.fail(429, 1).fail(429, 1);

    assertThatThrownBy(() -> client(1).complete(ask("hi", List.of(), null)))
        .isInstanceOfSatisfying(
            ModelFailure.class,
            f -> assertThat(f.error()).isEqualTo(ModelErrors.MODEL_RATE_LIMITED));
    assertThat(model.requests()).hasSize(2);
  }

  @Test
  void a_400_is_not_retried_and_quotes_the_provider() {
    model.reply(Reply.error(400, "max_completion_tokens is too large")).reply(Reply.text("never"));

    assertThatThrownBy(() -> client(3).complete(ask("hi", List.of(), null)))
        .isInstanceOfSatisfying(
            ModelFailure.class,
            f -> {
              assertThat(f.error()).isEqualTo(ModelErrors.MODEL_REFUSED);
              assertThat(f.error().httpStatus()).isEqualTo(502);
              assertThat(f.getMessage())
                  .contains("(400)")
                  .contains("max_completion_tokens is too large");
            });
    assertThat(model.requests()).hasSize(1);
    assertThat(pauses).isEmpty();
  }

  @Test
  void a_model_the_provider_does_not_serve_is_model_not_found() {
    model.serves("gpt-other");

    assertThatThrownBy(() -> client(2).complete(ask("hi", List.of(), null)))
        .isInstanceOfSatisfying(
            ModelFailure.class,
            f -> {
              assertThat(f.error()).isEqualTo(ModelErrors.MODEL_NOT_FOUND);
              assertThat(f.getMessage()).contains("gpt-test");
            });
    assertThat(model.requests()).hasSize(1);
  }

  @Test
  void no_answer_within_the_timeout_is_model_timeout_and_not_retried() {
    model.reply(Reply.hang());

    assertThatThrownBy(
            () ->
                client(key, Duration.ofMillis(300), 2, Egress.defaults())
                    .complete(ask("hi", List.of(), null)))
        .isInstanceOfSatisfying(
            ModelFailure.class,
            f -> {
              assertThat(f.error()).isEqualTo(ModelErrors.MODEL_TIMEOUT);
              assertThat(f.error().httpStatus()).isEqualTo(504);
            });
    assertThat(model.requests()).hasSize(1);
  }

  @Test
  void a_wrong_key_is_refused_and_no_key_appears_in_the_failure_or_the_log() {
    String wrong = "wrong-" + UUID.randomUUID();
    model.reply(Reply.text("unreached"));

    assertThatThrownBy(
            () ->
                client(wrong, Duration.ofSeconds(5), 2, Egress.defaults())
                    .complete(ask("hi", List.of(), null)))
        .isInstanceOfSatisfying(
            ModelFailure.class,
            f -> {
              assertThat(f.error()).isEqualTo(ModelErrors.MODEL_REFUSED);
              assertThat(f.getMessage())
                  .contains("(401)")
                  .doesNotContain(wrong)
                  .doesNotContain(key);
            });
    assertThat(model.requests()).isEmpty(); // refused before the body was recorded
    assertNoKeyLogged(wrong);
  }

  @Test
  void a_provider_message_quoting_the_key_is_scrubbed_in_the_failure_and_the_log() {
    model
        .reply(Reply.error(500, "upstream rejected key " + key))
        .reply(Reply.error(403, "key " + key + " lacks access"));

    assertThatThrownBy(() -> client(1).complete(ask("hi", List.of(), null)))
        .isInstanceOfSatisfying(
            ModelFailure.class,
            f -> {
              assertThat(f.error()).isEqualTo(ModelErrors.MODEL_REFUSED);
              assertThat(f.getMessage()).contains("key *** lacks access").doesNotContain(key);
            });
    assertThat(logs.list).isNotEmpty(); // the retry after the 500 was logged
    assertNoKeyLogged(key);
  }

  @Test
  void an_address_the_egress_rules_refuse_is_never_connected_to() {
    Egress noLoopback = new Egress(List.of(), List.of(), false, true, Egress.SYSTEM);

    assertThatThrownBy(
            () ->
                client(key, Duration.ofSeconds(5), 2, noLoopback)
                    .complete(ask("hi", List.of(), null)))
        .isInstanceOfSatisfying(
            ModelFailure.class,
            f -> {
              assertThat(f.error()).isEqualTo(Egress.FORBIDDEN);
              assertThat(f.getMessage()).contains("loopback");
            });
    assertThat(model.requests()).isEmpty();
    assertThat(pauses).isEmpty();
  }

  @Test
  void a_base_url_without_chat_completions_is_model_bad_answer() {
    ChatCompletions wrongPath =
        new ChatCompletions(
            new ChatCompletions.Settings(
                "scripted",
                java.net.URI.create(model.baseUrl() + "/nowhere"),
                Secret.of(key),
                Duration.ofSeconds(5),
                0),
            Egress.defaults(),
            http);

    assertThatThrownBy(() -> wrongPath.complete(ask("hi", List.of(), null)))
        .isInstanceOfSatisfying(
            ModelFailure.class,
            f -> {
              assertThat(f.error()).isEqualTo(ModelErrors.MODEL_BAD_ANSWER);
              assertThat(f.getMessage()).contains("/v1/nowhere/chat/completions").contains("404");
            });
  }

  private void assertNoKeyLogged(String secret) {
    for (ILoggingEvent e : logs.list) {
      assertThat(e.getFormattedMessage()).doesNotContain(secret);
      if (e.getThrowableProxy() != null) {
        assertThat(e.getThrowableProxy().getMessage()).doesNotContain(secret);
      }
    }
  }
}
