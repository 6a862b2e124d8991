package io.gatehouse.policy.validate;

import static io.gatehouse.testkit.McpWire.post;
import static io.gatehouse.testkit.McpWire.send;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.gatehouse.protocol.sse.SseEvent;
import io.gatehouse.protocol.sse.SseReader;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Validation on a real gateway in front of a scripted upstream: schemas learned from the upstream's
 * own {@code tools/list} pages, refusals that name each path and never reach the upstream, valid
 * calls relayed byte for byte, {@code list_changed}, and tool-scope settings.
 */
class ValidationGatewayTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String ADD_SCHEMA =
      "\"inputSchema\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"},"
          + "\"b\":{\"type\":\"integer\"}},\"required\":[\"a\",\"b\"],"
          + "\"additionalProperties\":false}";
  private static final String LIST_CHANGED =
      "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}";

  private static ScriptedUpstream.Tool sum() {
    return (call, out) -> out.result(ScriptedUpstream.text("sum"));
  }

  private static JsonNode call(URI route, String session, String body) {
    HttpResponse<String> r = send(post(route, session, body));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(McpWire.answer(r));
  }

  /** Lists every page, as a client does; returns the names listed. */
  private static List<String> listAll(URI route, String session) {
    List<String> names = new ArrayList<>();
    String cursor = null;
    int id = 100;
    do {
      String params = cursor == null ? "{}" : "{\"cursor\":\"" + cursor + "\"}";
      JsonNode page =
          call(
              route,
              session,
              "{\"jsonrpc\":\"2.0\",\"id\":"
                  + id++
                  + ",\"method\":\"tools/list\",\"params\":"
                  + params
                  + "}");
      page.path("result").path("tools").forEach(t -> names.add(t.get("name").stringValue()));
      JsonNode next = page.path("result").get("nextCursor");
      cursor = next == null ? null : next.stringValue();
    } while (cursor != null);
    return names;
  }

  private static List<String> errorPaths(JsonNode answer) {
    List<String> paths = new ArrayList<>();
    answer
        .path("error")
        .path("data")
        .path("errors")
        .forEach(e -> paths.add(e.get("path").stringValue()));
    return paths;
  }

  private static long toolCallsSeen(ScriptedUpstream up) {
    return up.requests().stream()
        .filter(r -> r.body() != null && r.body().contains("\"tools/call\""))
        .count();
  }

  private static JsonNode set(String json) {
    return json == null ? null : JSON.readTree(json);
  }

  @Test
  void a_call_that_fails_the_learned_schema_is_refused_with_every_path_and_never_sent_upstream() {
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> s.tool("add", ADD_SCHEMA, sum()));
        ValidatingGateway gh = new ValidatingGateway(up.url(), null)) {
      String session = McpWire.open(gh.route());
      assertThat(listAll(gh.route(), session)).contains("add", "echo");

      JsonNode answer =
          call(gh.route(), session, McpWire.toolCall(5, "add", "{\"a\":\"one\",\"c\":true}"));

      assertThat(answer.path("error").path("code").intValue()).isEqualTo(-32602);
      assertThat(answer.path("error").path("data").path("key").stringValue())
          .isEqualTo("INVALID_ARGUMENTS");
      assertThat(answer.path("error").path("message").stringValue())
          .startsWith("tool 'add': /arguments/");
      assertThat(errorPaths(answer))
          .containsExactlyInAnyOrder("/arguments/a", "/arguments/b", "/arguments/c");
      assertThat(answer.path("id").intValue()).isEqualTo(5);
      assertThat(toolCallsSeen(up)).isZero();
      assertThat(gh.part.isKnown("r", "add")).isTrue();
      assertThat(gh.part.isKnown("r", "nope")).isFalse();
    }
  }

  @Test
  void a_valid_call_reaches_the_upstream_byte_for_byte() {
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> s.tool("add", ADD_SCHEMA, sum()));
        ValidatingGateway gh = new ValidatingGateway(up.url(), null)) {
      String session = McpWire.open(gh.route());
      listAll(gh.route(), session);
      String body =
          "{ \"params\" : {\"arguments\":{\"b\":2 ,  \"a\":1},\"name\":\"add\"},"
              + "\"method\":\"tools/call\",\"id\":\"x-1\",\"jsonrpc\":\"2.0\" }";

      JsonNode answer = call(gh.route(), session, body);

      assertThat(answer.has("result")).as(answer.toString()).isTrue();
      assertThat(up.requests())
          .filteredOn(r -> r.body() != null && r.body().contains("tools/call"))
          .extracting(ScriptedUpstream.Recorded::body)
          .containsExactly(body);
    }
  }

  @Test
  void the_schema_of_a_tool_on_a_later_page_is_learned_too() {
    String strict =
        "\"inputSchema\":{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}}}";
    try (ScriptedUpstream up =
            ScriptedUpstream.start(
                s -> {
                  s.tool("alpha", sum()).tool("beta", sum()).tool("gamma", sum());
                  s.tool("zeta", strict, sum());
                });
        ValidatingGateway gh = new ValidatingGateway(up.url(), null)) {
      String session = McpWire.open(gh.route());
      // Two to a page: alpha beta | echo gamma | zeta.
      assertThat(listAll(gh.route(), session)).endsWith("zeta");

      JsonNode answer = call(gh.route(), session, McpWire.toolCall(2, "zeta", "{\"n\":\"x\"}"));

      assertThat(errorPaths(answer)).containsExactly("/arguments/n");
    }
  }

  @Test
  void a_call_before_any_list_passes_unvalidated_and_is_counted() {
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> s.tool("add", ADD_SCHEMA, sum()));
        ValidatingGateway gh = new ValidatingGateway(up.url(), null)) {
      String session = McpWire.open(gh.route());

      JsonNode answer = call(gh.route(), session, McpWire.toolCall(3, "add", "{\"a\":\"one\"}"));

      assertThat(answer.has("result")).as(answer.toString()).isTrue();
      assertThat(toolCallsSeen(up)).isEqualTo(1);
      assertThat(gh.part.unvalidatedCalls("r")).isEqualTo(1);
    }
  }

  @Test
  void what_was_learned_outlives_the_route_being_published_again() {
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> s.tool("add", ADD_SCHEMA, sum()));
        ValidatingGateway gh = new ValidatingGateway(up.url(), null)) {
      String session = McpWire.open(gh.route());
      listAll(gh.route(), session);

      gh.republish();
      JsonNode answer = call(gh.route(), session, McpWire.toolCall(4, "add", "{\"a\":1}"));

      assertThat(errorPaths(answer)).containsExactly("/arguments/b");
      assertThat(toolCallsSeen(up)).isZero();
    }
  }

  @Test
  void list_changed_forgets_the_schemas_until_the_next_list_learns_the_new_ones() throws Exception {
    AtomicReference<ScriptedUpstream.Script> script = new AtomicReference<>();
    try (ScriptedUpstream up =
            ScriptedUpstream.start(
                s -> {
                  script.set(s);
                  s.tool("add", ADD_SCHEMA, sum());
                });
        ValidatingGateway gh = new ValidatingGateway(up.url(), null)) {
      String session = McpWire.open(gh.route());
      listAll(gh.route(), session);
      String stringArgs = "{\"a\":\"1\",\"b\":\"2\"}";
      assertThat(errorPaths(call(gh.route(), session, McpWire.toolCall(6, "add", stringArgs))))
          .containsExactly("/arguments/a", "/arguments/b");

      // The upstream changes the tool to take strings, and says so on its stream.
      script.get().tool("add", ADD_SCHEMA.replace("\"integer\"", "\"string\""), sum());
      HttpResponse<InputStream> stream = McpWire.stream(McpWire.get(gh.route(), session));
      assertThat(stream.statusCode()).isEqualTo(200);
      up.notifySessions(LIST_CHANGED);
      try (InputStream in = stream.body()) {
        SseReader events = new SseReader(in);
        SseEvent e = events.next();
        while (e != null && !(e.hasData() && e.dataAsString().contains("list_changed"))) {
          e = events.next();
        }
        assertThat(e).as("the client saw list_changed").isNotNull();
      }

      // Between the notification and the next list, the tool's schema is not known: calls pass.
      assertThat(gh.part.isKnown("r", "add")).isFalse();
      JsonNode between = call(gh.route(), session, McpWire.toolCall(7, "add", "{\"a\":1,\"b\":2}"));
      assertThat(between.has("result")).as(between.toString()).isTrue();

      listAll(gh.route(), session);
      assertThat(call(gh.route(), session, McpWire.toolCall(8, "add", stringArgs)).has("result"))
          .isTrue();
      assertThat(
              errorPaths(
                  call(gh.route(), session, McpWire.toolCall(9, "add", "{\"a\":1,\"b\":2}"))))
          .containsExactly("/arguments/a", "/arguments/b");
      assertThat(toolCallsSeen(up)).isEqualTo(2);
    }
  }

  @Test
  void arguments_false_at_tool_scope_lets_that_tools_calls_through_unchecked() {
    try (ScriptedUpstream up =
            ScriptedUpstream.start(
                s -> s.tool("add", ADD_SCHEMA, sum()).tool("raw-add", ADD_SCHEMA, sum()));
        ValidatingGateway gh =
            new ValidatingGateway(
                up.url(), set("{\"tools\":{\"raw-*\":{\"validation\":{\"arguments\":false}}}}"))) {
      String session = McpWire.open(gh.route());
      listAll(gh.route(), session);

      JsonNode raw = call(gh.route(), session, McpWire.toolCall(10, "raw-add", "{\"a\":\"x\"}"));
      JsonNode add = call(gh.route(), session, McpWire.toolCall(11, "add", "{\"a\":\"x\"}"));

      assertThat(raw.has("result")).as(raw.toString()).isTrue();
      assertThat(errorPaths(add)).containsExactly("/arguments/a", "/arguments/b");
      assertThat(toolCallsSeen(up)).isEqualTo(1);
    }
  }

  @Test
  void limits_refuse_deep_params_with_the_path_and_big_bodies_with_413() {
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> {});
        ValidatingGateway gh =
            new ValidatingGateway(
                up.url(), set("{\"validation\":{\"max-depth\":4,\"max-body\":\"2KiB\"}}"))) {
      String session = McpWire.open(gh.route());

      JsonNode deep =
          call(gh.route(), session, McpWire.toolCall(12, "echo", "{\"a\":{\"b\":{\"c\":{}}}}"));
      HttpResponse<String> big =
          send(
              post(
                  gh.route(),
                  session,
                  McpWire.toolCall(13, "echo", "{\"message\":\"" + "x".repeat(3000) + "\"}")));

      assertThat(deep.path("error").path("data").path("key").stringValue())
          .isEqualTo("INVALID_ARGUMENTS");
      assertThat(errorPaths(deep)).containsExactly("/arguments/a/b/c");
      assertThat(big.statusCode()).isEqualTo(413);
      assertThat(big.body()).contains("BODY_TOO_LARGE").contains("validation.max-body");
      assertThat(toolCallsSeen(up)).isZero();
    }
  }

  @Test
  void bad_mcp_params_are_refused_before_the_upstream() {
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> {});
        ValidatingGateway gh = new ValidatingGateway(up.url(), null)) {
      String session = McpWire.open(gh.route());

      JsonNode level =
          call(
              gh.route(),
              session,
              "{\"jsonrpc\":\"2.0\",\"id\":14,\"method\":\"logging/setLevel\","
                  + "\"params\":{\"level\":\"loud\"}}");

      JsonNode unnamed =
          call(
              gh.route(),
              session,
              "{\"jsonrpc\":\"2.0\",\"id\":15,\"method\":\"tools/call\","
                  + "\"params\":{\"name\":7,\"arguments\":[]}}");

      assertThat(level.path("error").path("code").intValue()).isEqualTo(-32602);
      assertThat(errorPaths(level)).containsExactly("/level");
      assertThat(unnamed.path("error").path("message").stringValue())
          .startsWith("tools/call: /name: expected a string");
      assertThat(errorPaths(unnamed)).containsExactly("/name", "/arguments");
      assertThat(up.requests()).noneMatch(r -> r.body() != null && r.body().contains("setLevel"));
      assertThat(toolCallsSeen(up)).isZero();
    }
  }

  @Test
  void output_refuse_replaces_an_answer_outside_the_output_schema() {
    String typed =
        "\"inputSchema\":{\"type\":\"object\"},\"outputSchema\":{\"type\":\"object\","
            + "\"properties\":{\"total\":{\"type\":\"integer\"}},\"required\":[\"total\"]}";
    try (ScriptedUpstream up =
            ScriptedUpstream.start(
                s ->
                    s.tool(
                            "good",
                            typed,
                            (call, out) ->
                                out.result("{\"content\":[],\"structuredContent\":{\"total\":3}}"))
                        .tool(
                            "bad",
                            typed,
                            (call, out) ->
                                out.result(
                                    "{\"content\":[],\"structuredContent\":{\"total\":\"s3cr3t\"}}")));
        ValidatingGateway gh =
            new ValidatingGateway(up.url(), set("{\"validation\":{\"output\":\"refuse\"}}"))) {
      String session = McpWire.open(gh.route());
      listAll(gh.route(), session);

      JsonNode good = call(gh.route(), session, McpWire.toolCall(15, "good", "{}"));
      JsonNode bad = call(gh.route(), session, McpWire.toolCall(16, "bad", "{}"));

      assertThat(good.path("result").path("structuredContent").path("total").intValue())
          .isEqualTo(3);
      assertThat(bad.path("error").path("data").path("key").stringValue())
          .isEqualTo("INVALID_OUTPUT");
      assertThat(bad.path("id").intValue()).isEqualTo(16);
      assertThat(errorPaths(bad)).containsExactly("/structuredContent/total");
      assertThat(bad.toString()).doesNotContain("s3cr3t");
    }
  }

  @Test
  void output_log_passes_the_answer_on_and_logs_the_paths_without_the_values() {
    String typed =
        "\"inputSchema\":{\"type\":\"object\"},\"outputSchema\":{\"type\":\"object\","
            + "\"properties\":{\"total\":{\"type\":\"integer\"}}}";
    String answer = "{\"content\":[],\"structuredContent\":{\"total\":\"s3cr3t\"}}";
    Logger logger = (Logger) LoggerFactory.getLogger(ResponseValidation.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    try (ScriptedUpstream up =
            ScriptedUpstream.start(s -> s.tool("bad", typed, (call, out) -> out.result(answer)));
        ValidatingGateway gh =
            new ValidatingGateway(up.url(), set("{\"validation\":{\"output\":\"log\"}}"))) {
      String session = McpWire.open(gh.route());
      listAll(gh.route(), session);

      JsonNode bad = call(gh.route(), session, McpWire.toolCall(17, "bad", "{}"));

      assertThat(bad.path("result").path("structuredContent").path("total").stringValue())
          .isEqualTo("s3cr3t");
      assertThat(logged.list)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.getLevel().toString()).isEqualTo("WARN");
                assertThat(e.getFormattedMessage())
                    .contains("route 'r', tool 'bad'")
                    .contains("/structuredContent/total")
                    .doesNotContain("s3cr3t");
              });
    } finally {
      logger.detachAppender(logged);
    }
  }

  /** The next event carrying a message, skipping comments and priming events. */
  private static String nextMessage(SseReader events) throws Exception {
    for (SseEvent e = events.next(); e != null; e = events.next()) {
      if (e.hasData() && !"endpoint".equals(e.event())) {
        return e.dataAsString();
      }
    }
    throw new AssertionError("the stream ended");
  }

  private static void postTo(URI messages, String body) {
    HttpResponse<String> r =
        send(
            java.net.http.HttpRequest.newBuilder(messages)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
  }

  @Test
  void a_legacy_sse_caller_teaches_the_schemas_from_the_answers_on_its_stream() throws Exception {
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> s.tool("add", ADD_SCHEMA, sum()));
        ValidatingGateway gh = new ValidatingGateway(up.url(), null)) {
      HttpResponse<InputStream> sse =
          McpWire.stream(
              java.net.http.HttpRequest.newBuilder(URI.create(gh.route() + "/sse"))
                  .header("Accept", "text/event-stream"));
      try (InputStream in = sse.body()) {
        SseReader events = new SseReader(in);
        SseEvent endpoint = events.next();
        assertThat(endpoint.event()).isEqualTo("endpoint");
        URI messages = gh.route().resolve(endpoint.dataAsString());
        postTo(messages, McpWire.initializeBody(1));
        assertThat(nextMessage(events)).contains("\"id\":1");
        postTo(messages, McpWire.notification("notifications/initialized"));
        postTo(messages, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
        assertThat(nextMessage(events)).contains("\"add\"");

        postTo(messages, McpWire.toolCall(3, "add", "{\"a\":\"x\",\"b\":2}"));
        JsonNode refused = JSON.readTree(nextMessage(events));

        assertThat(refused.path("id").intValue()).isEqualTo(3);
        assertThat(errorPaths(refused)).containsExactly("/arguments/a");
        assertThat(toolCallsSeen(up)).isZero();
      }
    }
  }
}
