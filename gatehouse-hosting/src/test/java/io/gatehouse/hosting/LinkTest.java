package io.gatehouse.hosting;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The id and token mapping of a link, fed lines as if the process wrote them. */
class LinkTest {
  private static ObjectNode message(String json) {
    return (ObjectNode) Link.JSON.readTree(json);
  }

  private static JsonNode read(Outbound o) {
    return Link.JSON.readTree(o.json());
  }

  @Test
  void a_request_to_a_process_that_is_gone_is_answered_upstream_crashed_at_once() {
    Link link = new Link("r");
    Link.Waiter w =
        link.call(null, message("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"ping\"}"));
    Outbound o = w.out().poll();
    assertThat(o).isNotNull();
    assertThat(o.last()).isTrue();
    JsonNode m = read(o);
    assertThat(m.path("id").asString()).isEqualTo("a");
    assertThat(m.path("error").path("data").path("key").asString()).isEqualTo("UPSTREAM_CRASHED");
  }

  /**
   * A link over a real process that reads its stdin and never answers; the test writes the server's
   * side with {@link Link#received}.
   */
  private static Link silentLink(java.nio.file.Path dir) throws Exception {
    Link link = new Link("r");
    link.attach(
        Child.start(
            "r",
            java.util.List.of("sh", "-c", "cat > /dev/null"),
            java.util.Map.of("PATH", System.getenv("PATH")),
            dir,
            link::received,
            link::ended));
    return link;
  }

  @Test
  void answers_and_progress_go_back_with_the_clients_id_and_token(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    Link link = silentLink(dir);
    try {
      Link.Waiter w =
          link.call(
              null,
              message(
                  "{\"jsonrpc\":\"2.0\",\"id\":\"c\",\"method\":\"tools/call\",\"params\":"
                      + "{\"name\":\"t\",\"_meta\":{\"progressToken\":42}}}"));
      link.received(
          "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":"
              + "{\"progressToken\":\"gatehouse-1\",\"progress\":1}}");
      link.received("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[]}}");
      Outbound progress = w.out().poll();
      Outbound answer = w.out().poll();
      assertThat(read(progress).path("params").path("progressToken").asInt()).isEqualTo(42);
      assertThat(progress.last()).isFalse();
      assertThat(read(answer).path("id").asString()).isEqualTo("c");
      assertThat(answer.last()).isTrue();
    } finally {
      link.child().stop(java.time.Duration.ofSeconds(1));
    }
  }

  @Test
  void a_crash_answers_every_request_in_flight_once(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    Link link = silentLink(dir);
    Link.Waiter a = link.call(null, message("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"));
    Link.Waiter b = link.call(null, message("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}"));
    assertThat(a.out()).isEmpty();
    ProcessHandle.of(link.child().pid()).orElseThrow().destroyForcibly();
    Outbound first = a.out().poll(30, java.util.concurrent.TimeUnit.SECONDS);
    Outbound second = b.out().poll(30, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(read(first).path("error").path("data").path("key").asString())
        .isEqualTo("UPSTREAM_CRASHED");
    assertThat(read(first).path("id").asInt()).isEqualTo(1);
    assertThat(read(second).path("id").asInt()).isEqualTo(2);
    link.received("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}"); // too late: dropped
    assertThat(a.out()).isEmpty();
    assertThat(link.isEnded()).isTrue();
  }

  @Test
  void messages_the_server_sends_on_its_own_go_to_the_handler_with_no_request_in_flight() {
    Link link = new Link("r");
    java.util.List<String> seen = new java.util.ArrayList<>();
    link.handlers((m, w) -> seen.add(m.path("method").asString() + "/" + (w == null)), () -> {});
    link.received("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}");
    link.received("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"roots/list\"}");
    assertThat(seen).containsExactly("notifications/tools/list_changed/true", "roots/list/true");
  }
}
