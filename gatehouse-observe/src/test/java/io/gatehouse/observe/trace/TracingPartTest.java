package io.gatehouse.observe.trace;

import static io.gatehouse.testkit.McpWire.post;
import static io.gatehouse.testkit.McpWire.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Phase;
import io.gatehouse.gateway.Verdict;
import io.gatehouse.observe.TrafficGateway;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Traces through a real gateway: the span tree of a call (server span, a child per policy phase, a
 * client span for the upstream request), the parent taken from the caller, and the context the
 * upstream receives.
 */
class TracingPartTest {
  static final String CLIENT_TRACE = "0af7651916cd43dd8448eb211c80319c";
  static final String CLIENT_SPAN = "b7ad6b7169203331";
  static final String META_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String META_SPAN = "00f067aa0ba902b7";

  InMemorySpanExporter spans;
  Tracing tracing;
  ScriptedUpstream upstream;
  TrafficGateway gatehouse;
  URI route;

  /** Refuses calls of the tool {@code forbidden}. */
  static final class Forbidding implements McpPolicy {
    @Override
    public Verdict onMessage(McpExchange ex) {
      return "forbidden".equals(ex.message().toolName())
          ? Verdict.refuse(GatewayErrors.INTERNAL_ERROR, "forbidden by the test")
          : Verdict.PROCEED;
    }
  }

  /** Lets every message through, so its phase has a policy. */
  static final class Passing implements McpPolicy {
    @Override
    public Verdict onMessage(McpExchange ex) {
      return Verdict.PROCEED;
    }
  }

  @BeforeEach
  void start() {
    spans = InMemorySpanExporter.create();
    tracing = new Tracing(SimpleSpanProcessor.create(spans), 1.0, "gatehouse-test");
    upstream = ScriptedUpstream.start(s -> {});
    gatehouse =
        TrafficGateway.start(
            "t",
            upstream.url(),
            TrafficGateway.adding(Phase.AUTHORIZE, new Forbidding()),
            TrafficGateway.adding(Phase.VALIDATE, new Passing()),
            new TracingPart(tracing));
    route = gatehouse.route("t");
  }

  @AfterEach
  void stop() {
    gatehouse.close();
    upstream.close();
    tracing.close();
  }

  private SpanData serverSpanOf(String name) {
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> spans.getFinishedSpanItems().stream().anyMatch(s -> s.getName().equals(name)));
    return spans.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals(name) && s.getKind() == SpanKind.SERVER)
        .findFirst()
        .orElseThrow();
  }

  private List<SpanData> childrenOf(SpanData parent) {
    return spans.getFinishedSpanItems().stream()
        .filter(s -> s.getParentSpanId().equals(parent.getSpanId()))
        .toList();
  }

  private String upstreamTraceparent(String tool) {
    String v = upstreamHeader(tool, "traceparent");
    assertThat(v).as("the upstream's traceparent").isNotNull();
    return v;
  }

  private String upstreamHeader(String tool, String name) {
    return upstream.requests().stream()
        .filter(r -> r.body() != null && r.body().contains("\"" + tool + "\""))
        .findFirst()
        .orElseThrow()
        .headers()
        .get(name);
  }

  @Test
  void a_call_is_a_server_span_with_a_child_per_phase_and_a_client_span_whose_context_goes_up() {
    String session = McpWire.open(route);
    send(
        post(route, session, McpWire.toolCall(2, "echo", "{\"message\":\"hi\"}"))
            .header("traceparent", "00-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-01")
            .header("tracestate", "vendor=abc"));

    SpanData server = serverSpanOf("tools/call echo");
    assertThat(server.getTraceId()).isEqualTo(CLIENT_TRACE);
    assertThat(server.getParentSpanId()).isEqualTo(CLIENT_SPAN);
    assertThat(server.getAttributes().get(AttributeKey.stringKey("mcp.method.name")))
        .isEqualTo("tools/call");
    assertThat(server.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.name")))
        .isEqualTo("echo");
    assertThat(server.getAttributes().get(AttributeKey.stringKey("jsonrpc.request.id")))
        .isEqualTo("2");
    assertThat(server.getAttributes().get(AttributeKey.stringKey("mcp.protocol.version")))
        .isEqualTo(McpWire.VERSION);
    assertThat(server.getAttributes().get(AttributeKey.stringKey("mcp.session.id")))
        .matches("[0-9a-f]{16}")
        .isNotEqualTo(session);
    assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);

    List<SpanData> children = childrenOf(server);
    assertThat(children)
        .extracting(SpanData::getName)
        .containsExactlyInAnyOrder("policy AUTHORIZE", "policy VALIDATE", "tools/call echo");
    SpanData client =
        children.stream().filter(s -> s.getKind() == SpanKind.CLIENT).findFirst().orElseThrow();
    assertThat(client.getAttributes().get(AttributeKey.longKey("http.response.status_code")))
        .isEqualTo(200L);
    SpanData authorize =
        children.stream()
            .filter(s -> s.getName().equals("policy AUTHORIZE"))
            .findFirst()
            .orElseThrow();
    assertThat(authorize.getEndEpochNanos()).isLessThanOrEqualTo(client.getStartEpochNanos());
    assertThat(client.getEndEpochNanos()).isLessThanOrEqualTo(server.getEndEpochNanos());

    // The upstream continues the caller's trace, under the gateway's client span.
    assertThat(upstreamTraceparent("echo"))
        .isEqualTo("00-" + CLIENT_TRACE + "-" + client.getSpanId() + "-01");
    assertThat(upstreamHeader("echo", "tracestate")).isEqualTo("vendor=abc");
  }

  @Test
  void a_traceparent_in_params_meta_is_the_parent_and_wins_over_the_header_which_is_linked() {
    String session = McpWire.open(route);
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
            + "\"arguments\":{\"message\":\"m\"},\"_meta\":{\"traceparent\":\"00-"
            + META_TRACE
            + "-"
            + META_SPAN
            + "-01\"}}}";
    send(
        post(route, session, body)
            .header("traceparent", "00-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-01")
            .header("tracestate", "header=only"));

    SpanData server = serverSpanOf("tools/call echo");
    assertThat(server.getTraceId()).isEqualTo(META_TRACE);
    assertThat(server.getParentSpanId()).isEqualTo(META_SPAN);
    assertThat(server.getLinks())
        .singleElement()
        .satisfies(l -> assertThat(l.getSpanContext().getTraceId()).isEqualTo(CLIENT_TRACE));
    assertThat(upstreamTraceparent("echo")).startsWith("00-" + META_TRACE + "-");
    // the header's tracestate belongs to the header's trace, which the upstream does not continue
    assertThat(upstreamHeader("echo", "tracestate")).isNull();
  }

  @Test
  void a_refused_call_ends_its_spans_with_an_error_and_nothing_goes_upstream() {
    String session = McpWire.open(route);
    int before = upstream.requests().size();
    send(post(route, session, McpWire.toolCall(4, "forbidden", "{}")));

    SpanData server = serverSpanOf("tools/call forbidden");
    assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(server.getAttributes().get(AttributeKey.stringKey("error.type")))
        .isEqualTo("INTERNAL_ERROR");
    assertThat(childrenOf(server))
        .extracting(SpanData::getName)
        .containsExactly("policy AUTHORIZE");
    assertThat(upstream.requests()).hasSize(before);
  }

  @Test
  void a_resource_uri_attribute_keeps_no_query_where_a_credential_could_be() {
    assertThat(ServerSpans.withoutQuery("https://files.example/a/b.txt?token=s3cret#x"))
        .isEqualTo("https://files.example/a/b.txt");
    assertThat(ServerSpans.withoutQuery("file:///notes.md#top")).isEqualTo("file:///notes.md");
    assertThat(ServerSpans.withoutQuery("db://rows/42")).isEqualTo("db://rows/42");
  }

  @Test
  void without_a_caller_context_each_message_starts_a_trace_of_its_own() {
    String session = McpWire.open(route);
    send(post(route, session, McpWire.toolCall(5, "echo", "{\"message\":\"x\"}")));

    SpanData server = serverSpanOf("tools/call echo");
    assertThat(server.getParentSpanContext().isValid()).isFalse();
    assertThat(upstreamTraceparent("echo")).startsWith("00-" + server.getTraceId() + "-");
  }
}
