package io.gatehouse.gateway;

import static io.gatehouse.testkit.McpWire.post;
import static io.gatehouse.testkit.McpWire.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.ErrorKey;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Headers a policy adds with {@link McpExchange#responseHeader} reach the caller on every kind of
 * answer: JSON, an event stream, a notification's 202 and a refusal.
 */
class AnswerHeadersTest {
  private static final ErrorKey NO = ErrorKey.of("NO", 429, -31050, "no");

  /** Adds {@code X-Counted} to tools/call answers and notifications; refuses the tool "refused". */
  private record Counting() implements McpPolicy {
    @Override
    public Verdict onMessage(McpExchange exchange) {
      if (exchange.message().isInitialize()) {
        return Verdict.PROCEED;
      }
      exchange.responseHeader("X-Counted", exchange.message().method());
      if ("refused".equals(exchange.message().toolName())) {
        return Verdict.refuse(NO, "no", Map.of("Retry-After", "7"));
      }
      return "slow".equals(exchange.message().toolName())
          ? Verdict.blocking(
              () -> {
                exchange.responseHeader("X-Decided", "off-loop");
                return Verdict.PROCEED;
              })
          : Verdict.PROCEED;
    }
  }

  @Test
  void headers_a_policy_adds_reach_json_event_stream_202_and_refused_answers() {
    try (ScriptedUpstream up =
            ScriptedUpstream.start(
                s ->
                    s.tool("echo2", (call, out) -> out.result(ScriptedUpstream.text("hi")))
                        .tool(
                            "slow",
                            (call, out) -> {
                              out.openStream().progress(1, 2);
                              out.result(ScriptedUpstream.text("done"));
                            }));
        GatewayUnderTest gh =
            GatewayUnderTest.start(
                GatewayUnderTest.route("r", up.url(), UpstreamTransport.STREAMABLE_HTTP)
                    .withPolicies(RoutePolicies.of(Phase.RATE_LIMIT, new Counting())))) {
      URI route = gh.route("r");
      String session = McpWire.open(route);

      HttpResponse<String> json =
          send(
              post(route, session, McpWire.toolCall(1, "echo2", "{}"))
                  .setHeader("Accept", "application/json"));
      HttpResponse<String> stream =
          send(post(route, session, McpWire.toolCall(2, "slow", "{\"_meta\":{}}")));
      HttpResponse<String> accepted =
          send(post(route, session, McpWire.notification("notifications/roots/list_changed")));
      HttpResponse<String> refused =
          send(post(route, session, McpWire.toolCall(3, "refused", "{}")));

      assertThat(json.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(json.headers().firstValue("X-Counted")).hasValue("tools/call");
      assertThat(McpWire.answer(json)).contains("hi");
      assertThat(stream.headers().firstValue("Content-Type").orElse(""))
          .startsWith("text/event-stream");
      assertThat(stream.headers().firstValue("X-Counted")).hasValue("tools/call");
      assertThat(stream.headers().firstValue("X-Decided")).hasValue("off-loop");
      assertThat(accepted.statusCode()).isEqualTo(202);
      assertThat(accepted.headers().firstValue("X-Counted"))
          .hasValue("notifications/roots/list_changed");
      assertThat(refused.headers().firstValue("X-Counted")).hasValue("tools/call");
      assertThat(refused.headers().firstValue("Retry-After")).hasValue("7");
      assertThat(refused.body()).contains("\"key\":\"NO\"");
    }
  }
}
