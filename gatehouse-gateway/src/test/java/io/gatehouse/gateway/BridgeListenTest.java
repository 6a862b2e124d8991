package io.gatehouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.testkit.ConformanceFixtureServer;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code subscriptions/listen} (2026-07-28) on a session-era upstream, through the bridge: served
 * from the pooled session's GET stream and {@code resources/subscribe}, acknowledged first, then
 * only the notifications the listen asked for, each tagged with its subscription id.
 */
class BridgeListenTest {
  static ConformanceFixtureServer fixture;
  static ScriptedUpstream scripted;
  static ScriptedUpstream subscribable;
  static final CountDownLatch releaseUnsubscribe = new CountDownLatch(1);
  static ScriptedUpstream holding;
  static GatewayUnderTest gatehouse;

  @BeforeAll
  static void start() {
    fixture = ConformanceFixtureServer.start();
    scripted = ScriptedUpstream.start(s -> {});
    subscribable = ScriptedUpstream.start(ScriptedUpstream.Script::subscribable);
    holding =
        ScriptedUpstream.start(
            s -> s.subscribable().hold("resources/unsubscribe", releaseUnsubscribe));
    gatehouse =
        GatewayUnderTest.custom(
            b -> b,
            Map.of(Phase.AUTHENTICATE, List.of(BridgeTest.KEYS)),
            BridgeTest.legacy("fixture", fixture.url()),
            BridgeTest.legacy("scripted", scripted.url()),
            BridgeTest.legacy("subscribable", subscribable.url()),
            BridgeTest.legacy("holding", holding.url()));
  }

  @AfterAll
  static void stop() {
    gatehouse.close();
    releaseUnsubscribe.countDown();
    holding.close();
    subscribable.close();
    scripted.close();
    fixture.close();
  }

  static PendingVerdictStreamTest.Lines listen(String route, Object id, String filter) {
    ModernRequest r =
        ModernRequest.of(gatehouse.route(route), id, "subscriptions/listen")
            .param("notifications", ModernRequest.JSON.readTree(filter));
    return PendingVerdictStreamTest.Lines.read(McpWire.stream(r.builder()));
  }

  static void awaitLine(PendingVerdictStreamTest.Lines lines, String... parts) {
    await("a line with " + List.of(parts) + " in " + lines.lines())
        .atMost(Duration.ofSeconds(15))
        .until(() -> lines.lines().stream().anyMatch(l -> containsAll(l, parts)));
  }

  static boolean containsAll(String line, String... parts) {
    for (String p : parts) {
      if (!line.contains(p)) {
        return false;
      }
    }
    return true;
  }

  @Test
  void a_listen_is_acknowledged_then_gets_only_what_it_asked_for_tagged() throws Exception {
    PendingVerdictStreamTest.Lines lines = listen("scripted", "l-1", "{\"toolsListChanged\":true}");
    awaitLine(lines, "notifications/subscriptions/acknowledged", "\"toolsListChanged\":true");
    assertThat(lines.lines().stream().filter(l -> l.startsWith("data:")).findFirst().orElseThrow())
        .contains("notifications/subscriptions/acknowledged")
        .contains("\"io.modelcontextprotocol/subscriptionId\":\"l-1\"");

    scripted.notifySessions(
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/prompts/list_changed\"}");
    scripted.notifySessions(
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}");
    awaitLine(
        lines,
        "notifications/tools/list_changed",
        "\"io.modelcontextprotocol/subscriptionId\":\"l-1\"");
    // the prompts change was pushed first: had it passed the filter, it would be here by now
    assertThat(lines.lines()).noneMatch(l -> l.contains("prompts/list_changed"));
    lines.response().body().close();
  }

  @Test
  void a_resource_subscription_gets_the_upstreams_updates_of_that_resource() throws Exception {
    PendingVerdictStreamTest.Lines lines =
        listen("fixture", 7, "{\"resourceSubscriptions\":[\"test://watched-resource\"]}");
    awaitLine(lines, "notifications/subscriptions/acknowledged", "test://watched-resource");
    // the fixture changes the watched resource every 3 s
    awaitLine(
        lines,
        "notifications/resources/updated",
        "test://watched-resource",
        "\"io.modelcontextprotocol/subscriptionId\":7");
    lines.response().body().close();
  }

  @Test
  void a_listen_that_ends_unsubscribes_what_no_other_listen_of_its_session_still_wants()
      throws Exception {
    PendingVerdictStreamTest.Lines both = listenAs("ann", "both", "[\"test://a\",\"test://b\"]");
    PendingVerdictStreamTest.Lines onlyB = listenAs("ann", "only-b", "[\"test://b\"]");
    awaitLine(both, "notifications/subscriptions/acknowledged", "test://a");
    awaitLine(onlyB, "notifications/subscriptions/acknowledged", "test://b");
    await().atMost(Duration.ofSeconds(15)).until(() -> upstream("subscribe", "test://b") == 2);
    // both listens are in the one pooled session of ann's
    assertThat(
            subscribable.requests().stream()
                .filter(q -> q.body().contains("resources/subscribe"))
                .map(q -> q.headers().get("mcp-session-id"))
                .distinct())
        .hasSize(1);

    both.response().body().close();
    await().atMost(Duration.ofSeconds(15)).until(() -> upstream("unsubscribe", "test://a") == 1);

    onlyB.response().body().close();
    await().atMost(Duration.ofSeconds(15)).until(() -> upstream("unsubscribe", "test://b") >= 1);
    // test://b was still wanted when the first listen ended: only the second one unsubscribed it
    assertThat(upstream("unsubscribe", "test://b")).isEqualTo(1);
    assertThat(upstream("unsubscribe", "test://a")).isEqualTo(1);
  }

  /**
   * A listen that ends and one that starts on the same resource of one pooled session: the new
   * listen's {@code resources/subscribe} waits for the upstream's answer to the ended one's {@code
   * resources/unsubscribe}, so the upstream, which may handle two requests in any order, ends up
   * subscribed.
   */
  @Test
  void a_subscribe_after_an_unsubscribe_of_the_same_resource_waits_for_its_answer()
      throws Exception {
    PendingVerdictStreamTest.Lines first = listenAs("holding", "bob", "first", "[\"test://c\"]");
    awaitLine(first, "notifications/subscriptions/acknowledged", "test://c");
    await().atMost(Duration.ofSeconds(15)).until(() -> at(holding, "subscribe", "test://c") == 1);
    first.response().body().close();
    await().atMost(Duration.ofSeconds(15)).until(() -> at(holding, "unsubscribe", "test://c") == 1);

    // the unsubscribe is held upstream; a new listen on the resource starts meanwhile
    PendingVerdictStreamTest.Lines second = listenAs("holding", "bob", "second", "[\"test://c\"]");
    awaitLine(second, "notifications/subscriptions/acknowledged", "test://c");
    await("no subscribe while the unsubscribe is unanswered")
        .during(Duration.ofMillis(700))
        .atMost(Duration.ofSeconds(3))
        .until(() -> at(holding, "subscribe", "test://c") == 1);

    releaseUnsubscribe.countDown();
    await().atMost(Duration.ofSeconds(15)).until(() -> at(holding, "subscribe", "test://c") == 2);
    second.response().body().close();
  }

  private static PendingVerdictStreamTest.Lines listenAs(String key, Object id, String uris) {
    return listenAs("subscribable", key, id, uris);
  }

  private static PendingVerdictStreamTest.Lines listenAs(
      String route, String key, Object id, String uris) {
    ModernRequest r =
        ModernRequest.of(gatehouse.route(route), id, "subscriptions/listen")
            .param(
                "notifications",
                ModernRequest.JSON.readTree("{\"resourceSubscriptions\":" + uris + "}"))
            .apiKey(key);
    return PendingVerdictStreamTest.Lines.read(McpWire.stream(r.builder()));
  }

  /** How many {@code resources/<verb>} requests of {@code uri} the upstream received. */
  private static long upstream(String verb, String uri) {
    return at(subscribable, verb, uri);
  }

  private static long at(ScriptedUpstream server, String verb, String uri) {
    return server.requests().stream()
        .filter(q -> q.body().contains("\"resources/" + verb + "\""))
        .filter(q -> q.body().contains("\"" + uri + "\""))
        .count();
  }
}
