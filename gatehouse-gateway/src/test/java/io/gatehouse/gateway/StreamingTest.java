package io.gatehouse.gateway;

import static io.gatehouse.testkit.McpWire.post;
import static io.gatehouse.testkit.McpWire.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.protocol.sse.SseEvent;
import io.gatehouse.protocol.sse.SseReader;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Event streams through the gateway: long calls, progress, resumption, cancellation. */
class StreamingTest {
  static ScriptedUpstream upstream;
  static GatewayUnderTest gatehouse;
  static URI route;

  @BeforeAll
  static void start() {
    upstream =
        ScriptedUpstream.start(
            s ->
                s.tool(
                        "slow",
                        (call, out) -> {
                          Thread.sleep(1_500);
                          out.result(ScriptedUpstream.text("slow done"));
                        })
                    .tool(
                        "progress",
                        (call, out) -> {
                          out.openStream();
                          for (int i = 1; i <= 3; i++) {
                            out.progress(i, 3);
                            Thread.sleep(50);
                          }
                          out.result(ScriptedUpstream.text("progress done"));
                        })
                    .tool(
                        "two-phase",
                        (call, out) -> {
                          out.openStream().progress(1, 2);
                          Thread.sleep(1_000);
                          out.progress(2, 2).result(ScriptedUpstream.text("two-phase done"));
                        })
                    .tool(
                        "streamed",
                        (call, out) -> {
                          out.openStream().event("up-1", "");
                          out.result(ScriptedUpstream.text("streamed at once"));
                        })
                    .tool(
                        "polling",
                        (call, out) ->
                            out.answerOnResume(ScriptedUpstream.text("answered on resume"), 100))
                    .tool(
                        "forever",
                        (call, out) -> {
                          out.openStream().progress(0, 1);
                          Thread.sleep(30_000);
                        }));
    gatehouse =
        GatewayUnderTest.start(
            s -> s.sseAfter(Duration.ofMillis(200)).keepAlive(Duration.ofMillis(300)),
            GatewayUnderTest.route("r", upstream.url(), UpstreamTransport.STREAMABLE_HTTP));
    route = gatehouse.route("r");
  }

  @AfterAll
  static void stop() {
    gatehouse.close();
    upstream.close();
  }

  @Test
  void a_slow_json_answer_switches_to_an_event_stream_with_keep_alives() {
    String session = McpWire.open(route);
    HttpResponse<String> r = send(post(route, session, McpWire.toolCall(2, "slow", "{}")));

    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
    assertThat(r.headers().firstValue("X-Accel-Buffering")).hasValue("no");
    assertThat(r.body()).startsWith("id: g").contains("retry: 2000").contains(": keep-alive");
    assertThat(McpWire.answer(r)).contains("slow done").contains("\"id\":2");
  }

  @Test
  void a_quick_json_answer_stays_json() {
    String session = McpWire.open(route);
    HttpResponse<String> r =
        send(post(route, session, McpWire.toolCall(2, "echo", "{\"message\":\"quick\"}")));

    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(r.body())
        .isEqualTo(
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":"
                + ScriptedUpstream.text("Echo: quick")
                + "}");
  }

  @Test
  void a_streamed_answer_that_comes_whole_is_one_complete_event_with_nothing_to_resume() {
    String session = McpWire.open(route);
    HttpResponse<String> r = send(post(route, session, McpWire.toolCall(8, "streamed", "{}")));

    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
    assertThat(r.headers().firstValue("Content-Length")).isPresent();
    List<SseEvent> events = McpWire.events(r.body());
    assertThat(events).hasSize(1);
    assertThat(events.getFirst().id()).isNull();
    assertThat(events.getFirst().dataAsString()).contains("streamed at once").contains("\"id\":8");
  }

  @Test
  void a_streamed_answer_after_other_events_keeps_its_resumable_stream() {
    String session = McpWire.open(route);
    HttpResponse<String> r =
        send(
            post(
                route,
                session,
                "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"progress\",\"_meta\":{\"progressToken\":9}}}"));

    List<SseEvent> events = McpWire.events(r.body());
    assertThat(events.getFirst().hasData()).as("priming event").isFalse();
    assertThat(events.getFirst().id()).startsWith("g");
    assertThat(events.getLast().dataAsString()).contains("progress done");
  }

  @Test
  void progress_is_relayed_in_order_before_the_answer_with_unique_event_ids() {
    String session = McpWire.open(route);
    HttpResponse<String> r =
        send(
            post(
                route,
                session,
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"progress\",\"_meta\":{\"progressToken\":\"tok\"}}}"));

    List<String> messages = McpWire.messages(r);
    assertThat(messages).hasSize(4);
    assertThat(messages.subList(0, 3))
        .allSatisfy(m -> assertThat(m).contains("notifications/progress").contains("\"tok\""));
    assertThat(messages.get(0)).contains("\"progress\":1");
    assertThat(messages.get(2)).contains("\"progress\":3");
    assertThat(messages.get(3)).contains("progress done");
    List<String> ids = McpWire.events(r.body()).stream().map(SseEvent::id).toList();
    assertThat(ids).doesNotContainNull().doesNotHaveDuplicates();
  }

  @Test
  void an_upstream_stream_closed_before_its_answer_is_resumed_by_the_gateway() {
    String session = McpWire.open(route);
    HttpResponse<String> r = send(post(route, session, McpWire.toolCall(4, "polling", "{}")));

    assertThat(McpWire.answer(r)).contains("answered on resume").contains("\"id\":4");
    assertThat(upstream.requests())
        .anyMatch(q -> q.httpMethod().equals("GET") && q.headers().containsKey("last-event-id"));
  }

  @Test
  void a_caller_that_drops_its_connection_resumes_with_last_event_id_and_gets_the_rest()
      throws Exception {
    String session = McpWire.open(route);
    HttpResponse<InputStream> first =
        McpWire.stream(
            post(
                route,
                session,
                "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"two-phase\",\"_meta\":{\"progressToken\":5}}}"));
    SseReader reader = new SseReader(first.body());
    SseEvent priming = reader.next();
    SseEvent progress = reader.next();
    assertThat(progress.dataAsString()).contains("\"progress\":1");
    first.body().close();

    HttpResponse<String> resumed =
        send(
            HttpRequest.newBuilder(route)
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "text/event-stream")
                .header("Mcp-Session-Id", session)
                .header("MCP-Protocol-Version", "2025-11-25")
                .header("Last-Event-ID", progress.id()));

    assertThat(priming.hasData()).isFalse();
    assertThat(resumed.statusCode()).isEqualTo(200);
    List<String> rest = McpWire.messages(resumed);
    assertThat(rest).hasSize(2);
    assertThat(rest.get(0)).contains("\"progress\":2");
    assertThat(rest.get(1)).contains("two-phase done").contains("\"id\":5");
  }

  @Test
  void
      a_cancelled_call_gets_no_answer_its_stream_stays_open_until_the_session_ends_and_the_session_carries_on()
          throws Exception {
    String session = McpWire.open(route);
    HttpResponse<InputStream> call =
        McpWire.stream(
            post(
                route,
                session,
                "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/call\",\"params\":{\"name\":\"forever\",\"_meta\":{\"progressToken\":6}}}"));
    SseReader events = new SseReader(call.body());
    SseEvent priming = events.next();
    SseEvent progress = events.next();

    HttpResponse<String> cancel =
        send(
            post(
                route,
                session,
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":6,\"reason\":\"user\"}}"));
    HttpResponse<String> after =
        send(post(route, session, McpWire.toolCall(7, "echo", "{\"message\":\"still here\"}")));
    HttpResponse<String> deleted =
        send(HttpRequest.newBuilder(route).DELETE().header("Mcp-Session-Id", session));
    List<String> rest = new java.util.ArrayList<>();
    for (SseEvent e = events.next(); e != null; e = events.next()) {
      rest.add(e.dataAsString());
    }

    assertThat(priming.hasData()).isFalse();
    assertThat(progress.dataAsString()).contains("notifications/progress");
    assertThat(cancel.statusCode()).isEqualTo(202);
    assertThat(upstream.requests())
        .anyMatch(
            q ->
                q.body().contains("notifications/cancelled")
                    && q.body().contains("\"requestId\":6"));
    assertThat(McpWire.answer(after)).contains("Echo: still here");
    assertThat(deleted.statusCode()).isEqualTo(200);
    assertThat(rest).noneMatch(m -> m.contains("\"id\":6"));
  }

  @Test
  void a_caller_that_accepts_only_json_gets_the_answer_of_a_streamed_call_as_json() {
    String session = McpWire.open(route);
    HttpResponse<String> r =
        send(
            post(route, session, McpWire.toolCall(8, "progress", "{}"))
                .setHeader("Accept", "application/json"));

    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(r.body()).contains("progress done").contains("\"id\":8");
  }

  @Test
  void a_legacy_client_that_gets_the_mcp_endpoint_without_a_session_is_served_the_legacy_stream()
      throws Exception {
    HttpResponse<InputStream> sse =
        McpWire.stream(HttpRequest.newBuilder(route).header("Accept", "text/event-stream"));
    SseEvent endpoint = new SseReader(sse.body()).next();
    sse.body().close();

    assertThat(endpoint.event()).isEqualTo("endpoint");
    assertThat(endpoint.dataAsString()).startsWith("/mcp/r/messages?sessionId=");
  }

  @Test
  void a_legacy_sse_caller_gets_the_endpoint_and_its_answers_on_its_stream() throws Exception {
    HttpResponse<InputStream> sse =
        McpWire.stream(
            HttpRequest.newBuilder(gatehouse.base().resolve("/mcp/r/sse"))
                .header("Accept", "text/event-stream"));
    SseReader events = new SseReader(sse.body());
    SseEvent endpoint = events.next();
    assertThat(endpoint.event()).isEqualTo("endpoint");
    URI messages = gatehouse.base().resolve(endpoint.dataAsString());

    HttpResponse<String> init =
        send(
            HttpRequest.newBuilder(messages)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(McpWire.initializeBody(1))));
    SseEvent initAnswer = events.next();
    send(
        HttpRequest.newBuilder(messages)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")));
    send(
        HttpRequest.newBuilder(messages)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    McpWire.toolCall(2, "echo", "{\"message\":\"legacy\"}"))));
    SseEvent callAnswer = events.next();
    while (callAnswer != null && !callAnswer.hasData()) {
      callAnswer = events.next();
    }
    sse.body().close();

    assertThat(init.statusCode()).isEqualTo(202);
    assertThat(initAnswer.dataAsString()).contains("\"protocolVersion\"").contains("\"id\":1");
    assertThat(callAnswer.dataAsString()).contains("Echo: legacy").contains("\"id\":2");
  }
}
