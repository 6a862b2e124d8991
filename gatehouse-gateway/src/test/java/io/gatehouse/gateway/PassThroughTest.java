package io.gatehouse.gateway;

import static io.gatehouse.testkit.McpWire.post;
import static io.gatehouse.testkit.McpWire.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.protocol.sse.SseEvent;
import io.gatehouse.protocol.sse.SseReader;
import io.gatehouse.testkit.ConformanceFixtureServer;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the gateway relays untouched: pagination cursors and what the upstream sends on its own
 * stream.
 */
class PassThroughTest {

  @Test
  void list_pagination_cursors_travel_through_and_every_tool_is_listed_once() {
    try (ScriptedUpstream up =
            ScriptedUpstream.start(
                s -> {
                  for (String name : List.of("a", "b", "c", "d", "e")) {
                    s.tool(name, (call, out) -> out.result(ScriptedUpstream.text(name)));
                  }
                });
        GatewayUnderTest gh =
            GatewayUnderTest.start(
                GatewayUnderTest.route("r", up.url(), UpstreamTransport.STREAMABLE_HTTP))) {
      URI route = gh.route("r");
      String session = McpWire.open(route);
      List<String> names = new ArrayList<>();
      String cursor = null;
      int pages = 0;
      do {
        String params = cursor == null ? "{}" : "{\"cursor\":\"" + cursor + "\"}";
        String page =
            McpWire.answer(
                send(
                    post(
                        route,
                        session,
                        "{\"jsonrpc\":\"2.0\",\"id\":"
                            + (10 + pages)
                            + ",\"method\":\"tools/list\",\"params\":"
                            + params
                            + "}")));
        Matcher m = Pattern.compile("\"name\":\"([a-z]+)\"").matcher(page);
        while (m.find()) {
          names.add(m.group(1));
        }
        Matcher next = Pattern.compile("\"nextCursor\":\"([a-z]+)\"").matcher(page);
        cursor = next.find() ? next.group(1) : null;
        pages++;
      } while (cursor != null);

      assertThat(names).containsExactly("a", "b", "c", "d", "e", "echo");
      assertThat(pages).isEqualTo(3);
    }
  }

  @Test
  void notifications_the_upstream_sends_on_its_own_stream_reach_the_client_on_its_get_stream()
      throws Exception {
    try (ConformanceFixtureServer fixture = ConformanceFixtureServer.start();
        GatewayUnderTest gh =
            GatewayUnderTest.start(
                GatewayUnderTest.route("f", fixture.url(), UpstreamTransport.AUTO))) {
      URI route = gh.route("f");
      String session = McpWire.open(route);
      HttpResponse<InputStream> stream =
          McpWire.stream(
              HttpRequest.newBuilder(route)
                  .header("Accept", "text/event-stream")
                  .header("Mcp-Session-Id", session)
                  .header("MCP-Protocol-Version", "2025-11-25"));
      CompletableFuture<String> update =
          CompletableFuture.supplyAsync(() -> firstMessage(stream.body()));
      HttpResponse<String> subscribed =
          send(
              post(
                  route,
                  session,
                  "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"resources/subscribe\",\"params\":{\"uri\":\"test://watched-resource\"}}"));

      assertThat(stream.statusCode()).isEqualTo(200);
      assertThat(McpWire.answer(subscribed)).contains("\"result\":{}");
      assertThat(update.get(15, TimeUnit.SECONDS))
          .contains("notifications/")
          .doesNotContain("\"result\"");
      stream.body().close();
    }
  }

  private static String firstMessage(InputStream in) {
    try {
      SseReader reader = new SseReader(in);
      for (SseEvent e = reader.next(); e != null; e = reader.next()) {
        if (e.hasData()) {
          return e.dataAsString();
        }
      }
      return "";
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
