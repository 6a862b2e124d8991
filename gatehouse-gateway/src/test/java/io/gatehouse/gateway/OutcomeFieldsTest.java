package io.gatehouse.gateway;

import static io.gatehouse.testkit.McpWire.post;
import static io.gatehouse.testkit.McpWire.send;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What {@link McpOutcome} says of the upstream and of the bytes sent, on every way an answer goes
 * out: JSON, an event stream, a refusal, an upstream error, an unreachable upstream, a legacy SSE
 * caller.
 */
class OutcomeFieldsTest {
  static ScriptedUpstream upstream;
  static GatewayUnderTest gatehouse;
  static final Map<String, McpOutcome> byRequestId = new ConcurrentHashMap<>();

  /** Keeps each tools/call's outcome by its request id. */
  static final class Recording implements McpPolicy {
    @Override
    public void onComplete(McpExchange ex, McpOutcome outcome) {
      if (ex.message() != null && "tools/call".equals(ex.message().method())) {
        byRequestId.put(ex.message().id().text(), outcome);
      }
    }
  }

  /** Refuses calls of the tool {@code blocked} before they go upstream. */
  static final class Refusing implements McpPolicy {
    @Override
    public Verdict onMessage(McpExchange ex) {
      return "blocked".equals(ex.message().toolName())
          ? Verdict.refuse(GatewayErrors.INTERNAL_ERROR, "blocked by the test")
          : Verdict.PROCEED;
    }
  }

  @BeforeAll
  static void start() {
    upstream =
        ScriptedUpstream.start(
            s ->
                s.tool(
                        "progress",
                        (call, out) -> {
                          out.openStream().progress(1, 2);
                          out.progress(2, 2).result(ScriptedUpstream.text("progress done"));
                        })
                    .tool("broken", (call, out) -> out.status(502, "upstream broke")));
    gatehouse =
        GatewayUnderTest.withAudit(
            List.of(new Recording(), new Refusing()),
            GatewayUnderTest.route("r", upstream.url(), UpstreamTransport.STREAMABLE_HTTP));
  }

  @AfterAll
  static void stop() {
    gatehouse.close();
    upstream.close();
  }

  private static McpOutcome outcomeOf(String requestId) {
    await().atMost(Duration.ofSeconds(5)).until(() -> byRequestId.containsKey(requestId));
    return byRequestId.get(requestId);
  }

  @Test
  void a_json_answer_reports_the_upstream_status_its_latency_and_the_body_bytes() {
    URI route = gatehouse.route("r");
    String session = McpWire.open(route);
    long before = System.nanoTime();
    HttpResponse<String> r =
        send(post(route, session, McpWire.toolCall(101, "echo", "{\"message\":\"hi\"}")));
    long elapsed = System.nanoTime() - before;

    McpOutcome o = outcomeOf("101");
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(o.streamed()).isFalse();
    assertThat(o.upstreamStatus()).isEqualTo(200);
    assertThat(o.upstreamNanos()).isPositive().isLessThan(elapsed);
    assertThat(o.bytesOut()).isEqualTo(r.body().getBytes(UTF_8).length);
  }

  @Test
  void an_event_stream_answer_counts_every_byte_of_the_stream() {
    URI route = gatehouse.route("r");
    String session = McpWire.open(route);
    HttpResponse<String> r = send(post(route, session, McpWire.toolCall(102, "progress", "{}")));

    McpOutcome o = outcomeOf("102");
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
    assertThat(o.streamed()).isTrue();
    assertThat(o.upstreamStatus()).isEqualTo(200);
    assertThat(o.upstreamNanos()).isPositive();
    assertThat(o.bytesOut()).isEqualTo(r.body().getBytes(UTF_8).length);
  }

  @Test
  void a_refused_call_never_reached_the_upstream_but_its_error_body_counts() {
    URI route = gatehouse.route("r");
    String session = McpWire.open(route);
    int before = upstream.requests().size();
    HttpResponse<String> r = send(post(route, session, McpWire.toolCall(103, "blocked", "{}")));

    McpOutcome o = outcomeOf("103");
    assertThat(o.errorKey()).isEqualTo("INTERNAL_ERROR");
    assertThat(o.upstreamStatus()).isZero();
    assertThat(o.upstreamNanos()).isEqualTo(-1);
    assertThat(o.bytesOut()).isEqualTo(r.body().getBytes(UTF_8).length).isPositive();
    assertThat(upstream.requests()).hasSize(before);
  }

  @Test
  void an_upstream_http_error_reports_the_upstreams_status_and_latency() {
    URI route = gatehouse.route("r");
    String session = McpWire.open(route);
    HttpResponse<String> r = send(post(route, session, McpWire.toolCall(104, "broken", "{}")));

    McpOutcome o = outcomeOf("104");
    assertThat(o.error()).isNotNull();
    assertThat(o.upstreamStatus()).isEqualTo(502);
    assertThat(o.upstreamNanos()).isPositive();
    assertThat(o.bytesOut()).isEqualTo(r.body().getBytes(UTF_8).length);
  }

  @Test
  void an_unreachable_upstream_reports_no_status_and_no_latency() {
    ScriptedUpstream gone = ScriptedUpstream.start(s -> {});
    try (GatewayUnderTest gh =
        GatewayUnderTest.withAudit(
            List.of(new Recording()),
            GatewayUnderTest.route("g", gone.url(), UpstreamTransport.STREAMABLE_HTTP))) {
      URI route = gh.route("g");
      String session = McpWire.open(route);
      gone.close();
      HttpResponse<String> r = send(post(route, session, McpWire.toolCall(105, "echo", "{}")));

      McpOutcome o = outcomeOf("105");
      assertThat(o.errorKey()).isEqualTo("UPSTREAM_UNAVAILABLE");
      assertThat(o.upstreamStatus()).isZero();
      assertThat(o.upstreamNanos()).isEqualTo(-1);
      assertThat(o.bytesOut()).isEqualTo(r.body().getBytes(UTF_8).length);
    }
  }

  @Test
  void a_legacy_callers_message_counts_the_event_its_stream_carried_for_it() throws Exception {
    HttpResponse<InputStream> sse =
        McpWire.stream(
            HttpRequest.newBuilder(gatehouse.base().resolve("/mcp/r/sse"))
                .header("Accept", "text/event-stream"));
    SseReader events = new SseReader(sse.body());
    URI messages = gatehouse.base().resolve(events.next().dataAsString());
    postTo(messages, McpWire.initializeBody(1));
    events.next();
    postTo(messages, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    HttpResponse<String> posted =
        postTo(messages, McpWire.toolCall(106, "echo", "{\"message\":\"legacy\"}"));
    SseEvent answer = events.next();
    while (answer != null && !answer.hasData()) {
      answer = events.next();
    }
    sse.body().close();

    McpOutcome o = outcomeOf("106");
    assertThat(posted.statusCode()).isEqualTo(202);
    assertThat(answer.dataAsString()).contains("Echo: legacy");
    assertThat(o.upstreamStatus()).isEqualTo(200);
    assertThat(o.upstreamNanos()).isPositive();
    // "event: message\ndata: <json>\n\n", as the caller's stream carried it.
    int encoded = ("event: message\ndata: \n\n").length() + answer.data().length;
    assertThat(o.bytesOut()).isEqualTo(encoded);
  }

  private static HttpResponse<String> postTo(URI messages, String body) {
    return send(
        HttpRequest.newBuilder(messages)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }
}
