package io.gatehouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.ErrorKey;
import io.gatehouse.protocol.sse.SseEvent;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MCP 2026-07-28 requests through the gateway to a stateless upstream on a route fixed to that
 * revision (no probe): relayed with no session on either side, with the message policies running as
 * for any message; a verdict still pending after {@code sse-after} opens the caller's event stream,
 * so keep-alives flow until the answer or the refusal ends it. An answer the upstream streams at
 * once goes back as one complete event; one that follows other events comes on a stream after them.
 */
class ModernPassThroughTest {
  static final ErrorKey HELD_NO = ErrorKey.of("HELD_NO", 403, -32003, "Ask for approval.");

  static ScriptedUpstream upstream;
  static GatewayUnderTest gatehouse;
  static URI route;
  static final BlockingQueue<CompletableFuture<Verdict>> held = new LinkedBlockingQueue<>();

  @BeforeAll
  static void start() {
    upstream =
        ScriptedUpstream.start(
            s ->
                s.stateless()
                    .tool("echo", (c, out) -> out.result(ScriptedUpstream.text("echoed")))
                    .tool("held", (c, out) -> out.result(ScriptedUpstream.text("held done")))
                    .tool(
                        "streamed",
                        (c, out) ->
                            out.openStream().result(ScriptedUpstream.text("streamed at once")))
                    .tool(
                        "progress",
                        (c, out) -> {
                          out.openStream();
                          for (int i = 1; i <= 3; i++) {
                            out.progress(i, 3);
                          }
                          out.result(ScriptedUpstream.text("progress done"));
                        }));
    McpPolicy hold =
        new McpPolicy() {
          @Override
          public Verdict onMessage(McpExchange ex) {
            if (!"held".equals(ex.message().toolName())) {
              return Verdict.PROCEED;
            }
            CompletableFuture<Verdict> f = new CompletableFuture<>();
            held.add(f);
            return Verdict.async(f);
          }
        };
    RouteDefinition r =
        RouteDefinition.of(
            "r",
            UpstreamDefinition.of(upstream.url(), UpstreamTransport.STREAMABLE_HTTP)
                .withProtocol(UpstreamProtocol.MODERN));
    gatehouse =
        GatewayUnderTest.withPolicy(
            s -> s.sseAfter(Duration.ofMillis(100)).keepAlive(Duration.ofMillis(100)),
            Phase.APPROVAL,
            hold,
            r);
    route = gatehouse.route("r");
  }

  @AfterAll
  static void stop() {
    gatehouse.close();
    upstream.close();
  }

  static HttpRequest call(int id, String tool) {
    return builder(id, tool).build();
  }

  static HttpRequest.Builder builder(int id, String tool) {
    return builder(id, tool, "");
  }

  /** A call to {@code tool} with {@code meta} (fields, each followed by a comma) in its _meta. */
  static HttpRequest.Builder builder(int id, String tool, String meta) {
    return HttpRequest.newBuilder(route)
        .header("Content-Type", "application/json")
        .header("Accept", McpWire.ACCEPT)
        .header("MCP-Protocol-Version", "2026-07-28")
        .header("Mcp-Method", "tools/call")
        .header("Mcp-Name", tool)
        .POST(
            HttpRequest.BodyPublishers.ofString(
                "{\"jsonrpc\":\"2.0\",\"id\":"
                    + id
                    + ",\"method\":\"tools/call\",\"params\":{\"name\":\""
                    + tool
                    + "\",\"arguments\":{},\"_meta\":{"
                    + meta
                    + "\"io.modelcontextprotocol/protocolVersion\":"
                    + "\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}}}"));
  }

  @Test
  void a_2026_call_goes_upstream_without_a_session_and_the_answer_carries_none() throws Exception {
    HttpResponse<String> answer =
        McpWire.HTTP.send(call(1, "echo"), HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).contains("echoed");
    assertThat(answer.headers().firstValue("Mcp-Session-Id")).isEmpty();
    assertThat(upstream.requests())
        .filteredOn(q -> q.body().contains("\"echo\""))
        .allSatisfy(
            q -> {
              assertThat(q.headers()).doesNotContainKey("mcp-session-id");
              assertThat(q.headers()).containsEntry("mcp-method", "tools/call");
              assertThat(q.headers()).containsEntry("mcp-protocol-version", "2026-07-28");
            });
  }

  @Test
  void a_2026_answer_streamed_at_once_goes_back_as_one_complete_event() {
    HttpResponse<String> r = McpWire.send(builder(4, "streamed"));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/event-stream");
    assertThat(r.headers().firstValue("Content-Length")).as("not chunked").isPresent();
    List<SseEvent> events = McpWire.events(r.body());
    assertThat(events).hasSize(1);
    assertThat(events.getFirst().dataAsString()).contains("streamed at once").contains("\"id\":4");
  }

  @Test
  void a_2026_call_with_progress_streams_the_progress_then_the_answer() {
    HttpResponse<String> r = McpWire.send(builder(5, "progress", "\"progressToken\":5,"));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/event-stream");
    assertThat(r.headers().firstValue("Content-Length")).as("streamed").isEmpty();
    List<SseEvent> events = McpWire.events(r.body());
    assertThat(events).hasSize(4);
    assertThat(events.subList(0, 3))
        .allSatisfy(e -> assertThat(e.dataAsString()).contains("notifications/progress"));
    assertThat(events.getLast().dataAsString()).contains("progress done").contains("\"id\":5");
  }

  @Test
  void a_held_2026_call_streams_keep_alives_then_the_answer() throws Exception {
    PendingVerdictStreamTest.Lines answer =
        PendingVerdictStreamTest.Lines.read(McpWire.stream(builder(2, "held")));
    CompletableFuture<Verdict> decision = held.poll(10, TimeUnit.SECONDS);
    assertThat(decision).as("the policy held the call").isNotNull();

    answer.await(": keep-alive");
    assertThat(answer.response().headers().firstValue("Content-Type"))
        .hasValue("text/event-stream");
    assertThat(answer.lines()).noneMatch(l -> l.contains("held done"));
    decision.complete(Verdict.PROCEED);
    answer.await("<end>");
    assertThat(answer.lines()).anyMatch(l -> l.contains("held done"));
  }

  @Test
  void a_held_2026_call_that_is_refused_ends_its_stream_with_the_error() throws Exception {
    PendingVerdictStreamTest.Lines answer =
        PendingVerdictStreamTest.Lines.read(McpWire.stream(builder(3, "held")));
    CompletableFuture<Verdict> decision = held.poll(10, TimeUnit.SECONDS);
    assertThat(decision).isNotNull();

    answer.await(": keep-alive");
    decision.complete(Verdict.refuse(HELD_NO, "not approved"));
    answer.await("<end>");
    assertThat(answer.lines())
        .anyMatch(l -> l.contains("HELD_NO") && l.contains("\"id\":3"))
        .noneMatch(l -> l.contains("held done"));
  }
}
