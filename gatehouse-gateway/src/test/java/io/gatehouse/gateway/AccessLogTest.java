package io.gatehouse.gateway;

import static io.gatehouse.testkit.McpWire.post;
import static io.gatehouse.testkit.McpWire.send;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** One structured line per MCP message, with what operators need and nothing that could leak. */
class AccessLogTest {

  @Test
  void
      each_message_logs_route_session_hash_method_tool_status_and_latency_but_no_secrets_or_arguments() {
    Logger access = (Logger) LoggerFactory.getLogger("gatehouse.access");
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    access.addAppender(lines);
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> {});
        GatewayUnderTest gh =
            GatewayUnderTest.start(
                GatewayUnderTest.route("r", up.url(), UpstreamTransport.STREAMABLE_HTTP))) {
      String session = McpWire.open(gh.route("r"));
      send(
          post(
                  gh.route("r"),
                  session,
                  McpWire.toolCall(2, "echo", "{\"message\":\"top-secret-argument\"}"))
              .header("Authorization", "Bearer caller-secret"));

      // A line is written once the answer went out, so the last one may trail the answer by a
      // moment.
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(5))
          .until(() -> lines.list.size() >= 3);
      List<String> logged = lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
      assertThat(logged).hasSize(3);
      String call = logged.get(2);
      assertThat(call)
          .matches(
              "route=r session=[0-9a-f]{12} method=tools/call tool=echo principal=- decision=allowed"
                  + " status=200 outcome=ok latency_ms=\\d+\\.\\d\\d");
      assertThat(logged.get(0))
          .startsWith("route=r session=")
          .contains("method=initialize")
          .doesNotContain("session=-");
      assertThat(String.join("\n", logged))
          .doesNotContain("top-secret-argument")
          .doesNotContain("caller-secret")
          .doesNotContain(session);
    } finally {
      access.detachAppender(lines);
    }
  }
}
