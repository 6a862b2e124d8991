package io.gatehouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.core.Principal;
import io.gatehouse.testkit.ConformanceFixtureServer;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * MCP 2026-07-28 requests to routes whose upstream speaks the session era (2025-11-25), through the
 * bridge: pooled upstream sessions per principal and capability set, {@code server/discover} from
 * the session's {@code initialize}, results in the 2026-07-28 shape.
 */
class BridgeTest {
  static ConformanceFixtureServer fixture;
  static ScriptedUpstream scripted;
  static GatewayUnderTest gatehouse;

  /**
   * Who calls: the {@code X-Api-Key} header's value, taken at its word; and from where, when {@code
   * X-Caller-Address} says so (as a trusted proxy's header would).
   */
  static final McpPolicy KEYS =
      new McpPolicy() {
        @Override
        public Verdict onRequest(McpExchange ex) {
          String address = ex.header("X-Caller-Address");
          if (address != null) {
            ex.attr(McpExchange.CALLER_ADDRESS, io.gatehouse.core.net.Cidr.address(address));
          }
          String key = ex.header("X-Api-Key");
          if (key != null) {
            ex.authenticated(
                new Principal(key, Principal.Kind.USER, null, Set.of(), Set.of(), "api-key"));
          }
          return Verdict.PROCEED;
        }
      };

  @BeforeAll
  static void start() {
    fixture = ConformanceFixtureServer.start();
    scripted =
        ScriptedUpstream.start(
            s -> s.tool("echo", (c, out) -> out.result(ScriptedUpstream.text("echoed"))));
    gatehouse =
        GatewayUnderTest.custom(
            b -> b,
            Map.of(Phase.AUTHENTICATE, List.of(KEYS)),
            legacy("fixture", fixture.url()),
            legacy("scripted", scripted.url()));
  }

  @AfterAll
  static void stop() {
    gatehouse.close();
    scripted.close();
    fixture.close();
  }

  static RouteDefinition legacy(String name, URI url) {
    return RouteDefinition.of(
        name,
        UpstreamDefinition.of(url, UpstreamTransport.STREAMABLE_HTTP)
            .withProtocol(UpstreamProtocol.LEGACY));
  }

  @Test
  void discover_is_answered_from_the_upstreams_initialize_result() {
    ModernRequest.Answer a =
        ModernRequest.of(gatehouse.route("fixture"), 1, "server/discover").send();
    assertThat(a.status()).isEqualTo(200);
    JsonNode r = a.result();
    assertThat(r.path("supportedVersions").get(0).asString()).isEqualTo("2026-07-28");
    assertThat(r.path("supportedVersions").toString()).contains("2025-11-25");
    assertThat(r.path("capabilities").has("tools")).isTrue();
    assertThat(r.path("_meta").path("io.modelcontextprotocol/serverInfo").path("name").asString())
        .isEqualTo("gatehouse-conformance-fixture");
    assertThat(r.path("resultType").asString()).isEqualTo("complete");
    assertThat(a.response().headers().firstValue("Mcp-Session-Id")).isEmpty();
  }

  @Test
  void lists_carry_result_type_and_private_caching_hints() {
    JsonNode r = ModernRequest.of(gatehouse.route("fixture"), 2, "tools/list").send().result();
    assertThat(r.path("tools").size()).isGreaterThan(3);
    assertThat(r.path("resultType").asString()).isEqualTo("complete");
    assertThat(r.path("ttlMs").asInt(-1)).isZero();
    assertThat(r.path("cacheScope").asString()).isEqualTo("private");
  }

  @Test
  void a_call_is_answered_under_the_callers_own_id() {
    ModernRequest.Answer a =
        ModernRequest.call(gatehouse.route("fixture"), "mine-7", "test_simple_text", "{}").send();
    assertThat(a.json().path("id").asString()).isEqualTo("mine-7");
    assertThat(a.result().path("content").get(0).path("text").asString()).isNotEmpty();
    assertThat(a.result().path("resultType").asString()).isEqualTo("complete");
  }

  @Test
  void a_missing_resource_is_invalid_params_as_2026_07_28_has_it() {
    ModernRequest.Answer a =
        ModernRequest.of(gatehouse.route("fixture"), 3, "resources/read")
            .param("uri", "test://no-such-resource")
            .send();
    assertThat(a.json().path("error").path("code").asInt()).isEqualTo(-32602);
  }

  @Test
  void methods_2026_07_28_removed_are_404_and_never_reach_the_upstream() {
    long pings = scripted.requests().stream().filter(q -> q.body().contains("\"ping\"")).count();
    ModernRequest.Answer a = ModernRequest.of(gatehouse.route("scripted"), 5, "ping").send();
    assertThat(a.status()).isEqualTo(404);
    assertThat(a.json().path("error").path("code").asInt()).isEqualTo(-32601);
    assertThat(a.errorKey()).isEqualTo("METHOD_REMOVED");
    assertThat(scripted.requests().stream().filter(q -> q.body().contains("\"ping\"")).count())
        .isEqualTo(pings);
  }

  @Test
  void an_unknown_method_is_404_and_a_request_without_its_meta_is_400() {
    ModernRequest.Answer unknown =
        ModernRequest.of(gatehouse.route("fixture"), 6, "no/such-method").send();
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().path("error").path("code").asInt()).isEqualTo(-32601);

    ModernRequest.Answer bare =
        ModernRequest.of(gatehouse.route("fixture"), 7, "tools/list")
            .param("_meta", ModernRequest.JSON.createObjectNode())
            .send();
    assertThat(bare.status()).isEqualTo(400);
    assertThat(bare.json().path("error").path("code").asInt()).isEqualTo(-32602);
  }

  @Test
  void progress_is_relayed_on_the_event_stream_before_the_answer() {
    ModernRequest r =
        ModernRequest.call(gatehouse.route("fixture"), 4, "test_tool_with_progress", "{}");
    r.param(
        "_meta",
        ModernRequest.JSON.readTree(
            "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{},\"progressToken\":\"p-4\"}"));
    HttpResponse<String> answer = McpWire.send(r.builder());
    List<String> messages = McpWire.messages(answer);
    assertThat(messages.subList(0, messages.size() - 1))
        .isNotEmpty()
        .allMatch(m -> m.contains("notifications/progress") && m.contains("p-4"));
    assertThat(messages.getLast()).contains("\"id\":4").contains("\"resultType\":\"complete\"");
  }

  @Test
  void callers_share_a_session_only_with_their_own_principal_and_capabilities() {
    URI route = gatehouse.route("scripted");
    ModernRequest.call(route, 1, "echo", "{}").apiKey("ann").send();
    ModernRequest.call(route, 2, "echo", "{}").apiKey("ann").send();
    ModernRequest.call(route, 3, "echo", "{}").apiKey("bob").send();
    ModernRequest.call(route, 4, "echo", "{}")
        .apiKey("ann")
        .capabilities("{\"elicitation\":{}}")
        .send();

    List<String> sessions =
        scripted.requests().stream()
            .filter(q -> q.body().contains("\"echo\""))
            .map(q -> q.headers().get("mcp-session-id"))
            .toList()
            .subList(0, 4);
    assertThat(sessions.get(0)).isNotNull().isEqualTo(sessions.get(1));
    assertThat(sessions.get(2)).isNotEqualTo(sessions.get(0));
    // the address the address policy worked out counts, not the peer's (a proxy's, say)
    assertThat(sessions.get(3)).isNotIn(sessions.get(0), sessions.get(2));
    assertThat(sessions.get(3)).isNotIn(sessions.get(0), sessions.get(2));
    assertThat(scripted.requests())
        .filteredOn(q -> q.body().contains("\"initialize\""))
        .anyMatch(q -> q.body().contains("\"elicitation\":{}"));
    assertThat(scripted.requests())
        .filteredOn(q -> q.body().contains("\"echo\""))
        .noneMatch(q -> q.body().contains("io.modelcontextprotocol/"));
  }

  @Test
  void anonymous_callers_share_a_session_only_with_callers_from_their_own_address()
      throws Exception {
    URI route = gatehouse.route("scripted");
    HttpClient elsewhere =
        HttpClient.newBuilder().localAddress(InetAddress.getByName("127.0.0.5")).build();
    int seen = scripted.requests().size();
    ModernRequest.call(route, 11, "echo", "{\"n\":1}").send();
    ModernRequest.call(route, 12, "echo", "{\"n\":2}").send();
    ModernRequest.call(route, 13, "echo", "{\"n\":3}").send(elsewhere);
    HttpResponse<String> proxied =
        McpWire.send(
            ModernRequest.call(route, 14, "echo", "{\"n\":4}")
                .builder()
                .header("X-Caller-Address", "127.0.0.9"));
    assertThat(proxied.statusCode()).isEqualTo(200);

    List<String> sessions =
        scripted.requests().subList(seen, scripted.requests().size()).stream()
            .filter(q -> q.body().contains("\"echo\""))
            .map(q -> q.headers().get("mcp-session-id"))
            .toList();
    assertThat(sessions).hasSize(4).doesNotContainNull();
    // one anonymous caller's requests meet in one session (2026-07-28 sends them one by one)...
    assertThat(sessions.get(1)).isEqualTo(sessions.get(0));
    // ...and a caller elsewhere never sees what it left there
    assertThat(sessions.get(2)).isNotEqualTo(sessions.get(0));
    // the address the address policy worked out counts, not the peer's (a proxy's, say)
    assertThat(sessions.get(3)).isNotIn(sessions.get(0), sessions.get(2));
  }

  @Test
  void an_upstream_session_that_expired_is_opened_anew_once() {
    URI route = gatehouse.route("scripted");
    ModernRequest.call(route, 1, "echo", "{}").apiKey("cid").send();
    scripted.expireSessions();
    ModernRequest.Answer a = ModernRequest.call(route, 2, "echo", "{}").apiKey("cid").send();
    assertThat(a.result().path("content").toString()).contains("echoed");
  }

  @Test
  void a_session_unused_for_the_idle_time_is_ended_with_delete() {
    try (GatewayUnderTest quick =
        bridged(BridgeSettings.defaults().withIdle(Duration.ofMillis(200)))) {
      long before = deletes();
      ModernRequest.call(quick.route("scripted"), 1, "echo", "{}").apiKey("dan").send();
      await().atMost(Duration.ofSeconds(10)).until(() -> deletes() == before + 1);
    }
  }

  @Test
  void a_full_pool_ends_its_least_recently_used_idle_session_for_a_new_one() {
    try (GatewayUnderTest small = bridged(BridgeSettings.defaults().withMaxSessions(1))) {
      URI route = small.route("scripted");
      long before = deletes();
      ModernRequest.call(route, 1, "echo", "{}").apiKey("fay").send();
      assertThat(deletes()).isEqualTo(before);
      ModernRequest.call(route, 2, "echo", "{}").apiKey("gus").send();
      // the idle time is 5 minutes: only the bound explains fay's session ending
      await().atMost(Duration.ofSeconds(10)).until(() -> deletes() == before + 1);
    }
  }

  private static GatewayUnderTest bridged(BridgeSettings settings) {
    return GatewayUnderTest.custom(
        b -> b.bridge(settings),
        Map.of(Phase.AUTHENTICATE, List.of(KEYS)),
        legacy("scripted", scripted.url()));
  }

  private static long deletes() {
    return scripted.requests().stream().filter(q -> q.httpMethod().equals("DELETE")).count();
  }
}
