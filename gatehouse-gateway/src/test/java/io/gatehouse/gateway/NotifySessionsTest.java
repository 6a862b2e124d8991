package io.gatehouse.gateway;

import static io.gatehouse.testkit.McpWire.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.protocol.sse.SseEvent;
import io.gatehouse.protocol.sse.SseReader;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link Gateway#notifySessions}: a message of the gateway's own on a route's open GET streams. */
class NotifySessionsTest {
  static final byte[] CHANGED =
      "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}"
          .getBytes(StandardCharsets.UTF_8);

  @Test
  void reaches_the_open_get_stream_of_the_route_only_while_it_is_open() throws Exception {
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> {});
        GatewayUnderTest g =
            GatewayUnderTest.start(
                GatewayUnderTest.route("r", up.url(), UpstreamTransport.STREAMABLE_HTTP),
                GatewayUnderTest.route("other", up.url(), UpstreamTransport.STREAMABLE_HTTP))) {
      URI route = g.route("r");
      String session = McpWire.open(route);
      int beforeStream = g.gateway().notifySessions("r", CHANGED);
      HttpResponse<InputStream> get = McpWire.stream(McpWire.get(route, session));
      SseReader events = new SseReader(get.body());
      SseEvent priming = events.next();

      int told = g.gateway().notifySessions("r", CHANGED);
      int toldOther = g.gateway().notifySessions("other", CHANGED);
      SseEvent event = events.next();
      send(HttpRequest.newBuilder(route).DELETE().header("Mcp-Session-Id", session));
      SseEvent end = events.next();

      assertThat(beforeStream).isZero();
      assertThat(priming.hasData()).isFalse();
      assertThat(told).isEqualTo(1);
      assertThat(toldOther).isZero();
      assertThat(event.dataAsString()).isEqualTo(new String(CHANGED, StandardCharsets.UTF_8));
      assertThat(event.id()).startsWith("g").isNotEqualTo(priming.id());
      assertThat(end).as("the stream ended with the session").isNull();
      assertThat(g.gateway().notifySessions("r", CHANGED)).isZero();
    }
  }

  @Test
  void refuses_what_is_not_a_notification() {
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> {});
        GatewayUnderTest g =
            GatewayUnderTest.start(
                GatewayUnderTest.route("r", up.url(), UpstreamTransport.STREAMABLE_HTTP))) {
      byte[] request =
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}".getBytes(StandardCharsets.UTF_8);

      assertThatThrownBy(() -> g.gateway().notifySessions("r", request))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("expected: a notification");
      assertThatThrownBy(
              () -> g.gateway().notifySessions("r", "{".getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
