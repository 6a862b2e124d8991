package io.gatehouse.server;

import static io.gatehouse.testkit.McpWire.post;
import static io.gatehouse.testkit.McpWire.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.store.Database;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * API keys through the whole server: created with the admin API and shown once, stored only as a
 * hash, checked on every entry of a route, scoped to routes, revoked on one replica and refused by
 * another that shares the store; sessions bound to the key's consumer; tool rules per consumer.
 */
class ApiKeyAccessTest {
  static final String TOKEN = RunningGatehouse.ADMIN_TOKEN;
  static ScriptedUpstream upstream;
  static RunningGatehouse replicaA;
  static RunningGatehouse replicaB;
  static String sqliteUrl;

  @BeforeAll
  static void start() throws Exception {
    upstream =
        ScriptedUpstream.start(
            s ->
                s.tool("get-weather", (c, out) -> out.result(ScriptedUpstream.text("sunny")))
                    .tool("admin-reset", (c, out) -> out.result(ScriptedUpstream.text("reset"))));
    Path shared = Files.createTempDirectory("gatehouse-keys");
    sqliteUrl = "jdbc:sqlite:" + shared.resolve("gatehouse.db");
    String yaml =
        "storage: {url: '"
            + sqliteUrl
            + "'}\n"
            + "sessions: {key: "
            + java.util.Base64.getEncoder()
                .encodeToString(io.gatehouse.gateway.SessionSealer.generateKey())
            + "}\n"
            + "routes:\n"
            + RunningGatehouse.route("weather", upstream.url(), "streamable-http")
            + "    auth: [api-key]\n"
            + "    tools:\n"
            + "      allow: ['get-*', echo]\n"
            + "      consumers:\n"
            + "        ops-bot: {allow: ['admin-*']}\n"
            + "        alice: {deny: ['admin-*']}\n"
            + RunningGatehouse.route("billing", upstream.url(), "streamable-http")
            + "    auth: [api-key]\n"
            + RunningGatehouse.route("open", upstream.url(), "streamable-http");
    replicaA = RunningGatehouse.start(yaml);
    replicaB = RunningGatehouse.start(yaml);
    admin(
        "POST",
        "/admin/v1/consumers",
        "{\"name\":\"alice\",\"kind\":\"user\",\"groups\":[\"eng\"]}");
    admin("POST", "/admin/v1/consumers", "{\"name\":\"bob\",\"kind\":\"user\"}");
    admin("POST", "/admin/v1/consumers", "{\"name\":\"ops-bot\",\"kind\":\"application\"}");
  }

  @AfterAll
  static void stop() {
    replicaA.close();
    replicaB.close();
    upstream.close();
  }

  static JsonNode admin(String method, String path, String body) {
    HttpResponse<String> r = replicaA.send(method, path, TOKEN, body);
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
    return r.body().isEmpty() ? null : JsonMapper.shared().readTree(r.body());
  }

  static JsonNode newKey(String consumer, String body) {
    HttpResponse<String> r =
        replicaA.send("POST", "/admin/v1/consumers/" + consumer + "/keys", TOKEN, body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return JsonMapper.shared().readTree(r.body());
  }

  static HttpResponse<String> initialize(URI route, Map<String, String> headers) {
    HttpRequest.Builder b = post(route, null, McpWire.initializeBody(1));
    headers.forEach(b::header);
    return send(b);
  }

  static Map<String, String> bearer(String key) {
    return Map.of("Authorization", "Bearer " + key);
  }

  static String key(JsonNode issued) {
    return issued.path("key").asString();
  }

  static JsonNode error(HttpResponse<String> r) {
    return JsonMapper.shared().readTree(r.body()).path("error");
  }

  static String open(URI route, String key) {
    HttpResponse<String> init = initialize(route, bearer(key));
    assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
    String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    HttpRequest.Builder b = post(route, session, McpWire.notification("notifications/initialized"));
    bearer(key).forEach(b::header);
    assertThat(send(b).statusCode()).isEqualTo(202);
    return session;
  }

  static HttpResponse<String> call(URI route, String session, String key, String body) {
    HttpRequest.Builder b = post(route, session, body);
    if (key != null) {
      bearer(key).forEach(b::header);
    }
    return send(b);
  }

  @Test
  void a_route_with_auth_refuses_callers_without_a_key_with_a_challenge() {
    HttpResponse<String> r = initialize(replicaA.route("weather"), Map.of());
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    assertThat(error(r).path("data").path("key").asString()).isEqualTo("UNAUTHENTICATED");
    HttpResponse<String> wrong =
        initialize(replicaA.route("weather"), bearer("ghk_AAAAAAAA_" + "x".repeat(43)));
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(error(wrong).path("message").asString()).contains("unknown or revoked");
    // Every entry is guarded, not only POST.
    HttpResponse<String> stream = send(McpWire.get(replicaA.route("weather"), "gh1.anything"));
    assertThat(stream.statusCode()).isEqualTo(401);
    HttpResponse<String> legacy =
        send(
            HttpRequest.newBuilder(replicaA.url("/mcp/weather/sse"))
                .header("Accept", "text/event-stream")
                .GET());
    assertThat(legacy.statusCode()).isEqualTo(401);
    // A route without auth stays open on a loopback listener.
    assertThat(initialize(replicaA.route("open"), Map.of()).statusCode()).isEqualTo(200);
  }

  @Test
  void a_key_is_shown_once_listed_by_prefix_and_works_as_bearer_or_x_api_key() {
    JsonNode issued = newKey("alice", "{}");
    String k = key(issued);
    assertThat(k).startsWith(issued.path("prefix").asString() + "_");
    assertThat(initialize(replicaA.route("weather"), bearer(k)).statusCode()).isEqualTo(200);
    assertThat(initialize(replicaA.route("billing"), Map.of("X-API-Key", k)).statusCode())
        .isEqualTo(200);
    HttpResponse<String> list = replicaA.get("/admin/v1/consumers/alice/keys", TOKEN);
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains(issued.path("prefix").asString()).doesNotContain(k);
    assertThat(JsonMapper.shared().readTree(list.body()).path("keys").get(0).has("key")).isFalse();
  }

  @Test
  void the_store_holds_a_hash_from_which_the_key_cannot_be_read_back() throws Exception {
    String k = key(newKey("alice", "{}"));
    // ghk_ + 8 characters of prefix + _ + the secret (base64url, which may itself hold a '_')
    String secretPart = secretPart(k);
    assertThat(secretPart).hasSize(43);
    try (Database db = Database.open(sqliteUrl)) {
      List<String> rows =
          db.read(
              tx ->
                  tx.list(
                      "SELECT id || '|' || consumer || '|' || prefix || '|' || hash || '|' || routes"
                          + " FROM identity_api_keys",
                      rs -> rs.getString(1)));
      assertThat(rows).isNotEmpty();
      assertThat(rows).noneMatch(row -> row.contains(secretPart) || row.contains(k));
      assertThat(rows).anyMatch(row -> row.contains(io.gatehouse.policy.ApiKeyFormat.hash(k)));
    }
  }

  @Test
  void a_key_scoped_to_one_route_is_refused_on_another() {
    String k = key(newKey("bob", "{\"routes\":[\"weather\"]}"));
    assertThat(initialize(replicaA.route("weather"), bearer(k)).statusCode()).isEqualTo(200);
    HttpResponse<String> other = initialize(replicaA.route("billing"), bearer(k));
    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(error(other).path("data").path("key").asString()).isEqualTo("FORBIDDEN");
  }

  @Test
  void an_expired_key_is_refused() {
    HttpResponse<String> past =
        replicaA.send(
            "POST",
            "/admin/v1/consumers/bob/keys",
            TOKEN,
            "{\"expiresAt\":\"2020-01-01T00:00:00Z\"}");
    assertThat(past.statusCode()).isEqualTo(400);
    assertThat(error(past).path("code").asString()).isEqualTo("INVALID_IDENTITY");
    String soon = java.time.Instant.now().plusSeconds(2).toString();
    String k = key(newKey("bob", "{\"expiresAt\":\"" + soon + "\"}"));
    assertThat(initialize(replicaA.route("weather"), bearer(k)).statusCode()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> initialize(replicaA.route("weather"), bearer(k)).statusCode() == 401);
    assertThat(error(initialize(replicaA.route("weather"), bearer(k))).path("message").asString())
        .contains("expired");
  }

  @Test
  void a_revoked_key_is_refused_by_this_replica_at_once_and_by_the_other_soon_after() {
    JsonNode issued = newKey("alice", "{}");
    String k = key(issued);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> initialize(replicaB.route("weather"), bearer(k)).statusCode() == 200);
    HttpResponse<String> revoke =
        replicaA.send(
            "DELETE", "/admin/v1/consumers/alice/keys/" + issued.path("id").asString(), TOKEN, "");
    assertThat(revoke.statusCode()).isEqualTo(204);
    long revokedAt = System.nanoTime();
    assertThat(initialize(replicaA.route("weather"), bearer(k)).statusCode()).isEqualTo(401);
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> initialize(replicaB.route("weather"), bearer(k)).statusCode() == 401);
    System.out.printf(
        "revocation reached the other replica after %d ms%n",
        (System.nanoTime() - revokedAt) / 1_000_000);
  }

  @Test
  void a_session_answers_404_to_another_consumer_and_401_without_a_key() {
    String alice = key(newKey("alice", "{}"));
    String bob = key(newKey("bob", "{}"));
    URI route = replicaA.route("weather");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> initialize(replicaB.route("weather"), bearer(bob)).statusCode() == 200);
    String session = open(route, alice);
    String list = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";
    assertThat(call(route, session, alice, list).statusCode()).isEqualTo(200);
    HttpResponse<String> stolen = call(route, session, bob, list);
    assertThat(stolen.statusCode()).isEqualTo(404);
    assertThat(error(stolen).path("data").path("key").asString()).isEqualTo("SESSION_NOT_FOUND");
    assertThat(call(route, session, null, list).statusCode()).isEqualTo(401);
    // The other replica holds the same session key: the binding travels in the id.
    assertThat(call(replicaB.route("weather"), session, bob, list).statusCode()).isEqualTo(404);
    assertThat(call(replicaB.route("weather"), session, alice, list).statusCode()).isEqualTo(200);
  }

  @Test
  void tool_rules_hide_and_refuse_per_consumer() {
    URI route = replicaA.route("weather");
    String alice = key(newKey("alice", "{}"));
    String ops = key(newKey("ops-bot", "{}"));
    String a = open(route, alice);
    String o = open(route, ops);
    assertThat(toolNames(route, a, alice)).containsExactly("echo", "get-weather");
    assertThat(toolNames(route, o, ops)).containsExactly("admin-reset", "echo", "get-weather");
    HttpResponse<String> refused = call(route, a, alice, McpWire.toolCall(3, "admin-reset", "{}"));
    assertThat(refused.statusCode()).isEqualTo(200);
    JsonNode err = JsonMapper.shared().readTree(McpWire.answer(refused)).path("error");
    assertThat(err.path("data").path("key").asString()).isEqualTo("TOOL_FORBIDDEN");
    HttpResponse<String> missing =
        call(route, a, alice, McpWire.toolCall(4, "admin-no-such-tool", "{}"));
    JsonNode err2 = JsonMapper.shared().readTree(McpWire.answer(missing)).path("error");
    assertThat(err2.path("code").asInt()).isEqualTo(err.path("code").asInt());
    assertThat(err2.path("data").path("key").asString()).isEqualTo("TOOL_FORBIDDEN");
    assertThat(McpWire.answer(call(route, o, ops, McpWire.toolCall(5, "admin-reset", "{}"))))
        .contains("reset");
    assertThat(McpWire.answer(call(route, a, alice, McpWire.toolCall(6, "get-weather", "{}"))))
        .contains("sunny");
  }

  /** Every tool name the caller sees, page after page (the scripted upstream lists two a page). */
  static List<String> toolNames(URI route, String session, String key) {
    List<String> names = new java.util.ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      String params = cursor == null ? "" : ",\"params\":{\"cursor\":\"" + cursor + "\"}";
      HttpResponse<String> r =
          call(
              route,
              session,
              key,
              "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"" + params + "}");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode result = JsonMapper.shared().readTree(McpWire.answer(r)).path("result");
      result.path("tools").forEach(t -> names.add(t.path("name").asString()));
      cursor = result.path("nextCursor").isString() ? result.path("nextCursor").asString() : null;
      pages++;
    } while (cursor != null);
    assertThat(pages).as("the tools came in several pages").isGreaterThan(1);
    return names;
  }

  /** The 43 characters after the visible prefix; base64url may itself contain {@code _}. */
  private static String secretPart(String key) {
    return key.substring(key.length() - 43);
  }

  @Test
  void the_access_log_names_the_principal_and_the_decision_but_never_the_key() {
    ch.qos.logback.classic.Logger access =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("gatehouse.access");
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
        new ch.qos.logback.core.read.ListAppender<>();
    lines.start();
    access.addAppender(lines);
    try {
      String k = key(newKey("alice", "{}"));
      assertThat(initialize(replicaA.route("weather"), bearer(k)).statusCode()).isEqualTo(200);
      assertThat(initialize(replicaA.route("weather"), Map.of()).statusCode()).isEqualTo(401);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  lines.list.stream()
                          .map(e -> e.getFormattedMessage())
                          .filter(l -> l.contains("route=weather"))
                          .count()
                      >= 2);
      List<String> logged =
          lines.list.stream()
              .map(e -> e.getFormattedMessage())
              .filter(l -> l.contains("route=weather"))
              .toList();
      assertThat(logged).anyMatch(l -> l.contains("principal=api-key:alice decision=allowed"));
      assertThat(logged)
          .anyMatch(l -> l.contains("principal=- decision=denied:UNAUTHENTICATED status=401"));
      assertThat(String.join("\n", logged)).doesNotContain(k).doesNotContain(secretPart(k));
    } finally {
      access.detachAppender(lines);
    }
  }

  @Test
  void the_credential_never_reaches_the_upstream() {
    String k = key(newKey("alice", "{}"));
    URI route = replicaA.route("weather");
    HttpRequest.Builder b = post(route, null, McpWire.initializeBody(1)).header("X-API-Key", k);
    assertThat(send(b).statusCode()).isEqualTo(200);
    String s = open(route, k);
    assertThat(McpWire.answer(call(route, s, k, McpWire.toolCall(2, "get-weather", "{}"))))
        .contains("sunny");
    assertThat(upstream.requests()).as("calls reached the upstream").isNotEmpty();
    assertThat(upstream.requests())
        .allSatisfy(
            r -> {
              assertThat(r.headers().keySet().stream().map(String::toLowerCase))
                  .doesNotContain("authorization", "x-api-key");
              assertThat(r.headers().values()).noneMatch(v -> v.contains(k));
            });
  }
}
