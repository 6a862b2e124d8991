package io.gatehouse.server;

import static io.gatehouse.testkit.McpWire.post;
import static io.gatehouse.testkit.McpWire.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.server.config.ConfigException;
import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.LoopbackPorts;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit log through the whole server: a record for every allowed, refused and failed exchange
 * with the key the caller saw, read back with filters, pages and a stable cursor, exported as JSON
 * lines, summed up as usage over HTTP and by {@code gatehouse usage}; owners read their project's
 * records only; a bad {@code audit:} section stops the start with every problem named.
 */
class AuditLogTest {
  static final String TOKEN = RunningGatehouse.ADMIN_TOKEN;
  static ScriptedUpstream upstream;
  static final CountDownLatch slowEntered = new CountDownLatch(1);
  static final CountDownLatch slowReleased = new CountDownLatch(1);
  static RunningGatehouse gh;
  static String aliceKey;
  static String patKey;
  static String umaKey;

  @BeforeAll
  static void start() throws Exception {
    upstream =
        ScriptedUpstream.start(
            s ->
                s.tool("refund", (c, out) -> out.result(ScriptedUpstream.text("refunded")))
                    .tool(
                        "slow",
                        (c, out) -> {
                          slowEntered.countDown();
                          try {
                            slowReleased.await(30, TimeUnit.SECONDS);
                          } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                          }
                          out.result(ScriptedUpstream.text("slow done"));
                        }));
    int closed = LoopbackPorts.free(); // nothing listens here
    gh =
        RunningGatehouse.start(
            "routes:\n"
                + RunningGatehouse.route("weather", upstream.url(), "streamable-http")
                + "    auth: [api-key]\n"
                + "    tools: {allow: [echo]}\n"
                + RunningGatehouse.route("billing", upstream.url(), "streamable-http")
                + "    auth: [api-key]\n"
                + RunningGatehouse.route("refunds", upstream.url(), "streamable-http")
                + "    auth: [api-key]\n"
                + "    project: payments\n"
                + RunningGatehouse.route("limited", upstream.url(), "streamable-http")
                + "    policies: {limits: {calls: {rate: 1/minute}}}\n"
                + RunningGatehouse.route("quota", upstream.url(), "streamable-http")
                + "    policies: {limits: {daily: {quota: 1/day}}}\n"
                + RunningGatehouse.route("narrow", upstream.url(), "streamable-http")
                + "    policies: {resilience: {concurrency: 1}}\n"
                + RunningGatehouse.route(
                    "fragile", URI.create("http://127.0.0.1:" + closed + "/mcp"), "streamable-http")
                + "    policies: {resilience: {circuit-breaker: {failures: 1, open-for: 60s}}}\n"
                + RunningGatehouse.route("office", upstream.url(), "streamable-http")
                + "    ip: {allow: [10.0.0.0/8]}\n"
                + RunningGatehouse.route(
                    "down", URI.create("http://127.0.0.1:" + closed + "/mcp"), "streamable-http"));
    admin("POST", "/admin/v1/projects", "{\"name\":\"payments\"}");
    admin("POST", "/admin/v1/consumers", "{\"name\":\"alice\",\"kind\":\"user\"}");
    aliceKey = key("alice", "{\"routes\":[\"weather\"]}");
    admin("POST", "/admin/v1/consumers", "{\"name\":\"pat\",\"project\":\"payments\"}");
    patKey = key("pat", "{}");
    admin("POST", "/admin/v1/consumers", "{\"name\":\"uma\",\"project\":\"payments\"}");
    umaKey = key("uma", "{}");
    admin(
        "POST", "/admin/v1/projects/payments/members", "{\"subject\":\"pat\",\"role\":\"owner\"}");
    admin("POST", "/admin/v1/projects/payments/members", "{\"subject\":\"uma\",\"role\":\"user\"}");
    traffic();
  }

  @AfterAll
  static void stop() {
    gh.close();
    upstream.close();
  }

  static JsonNode admin(String method, String path, String body) {
    HttpResponse<String> r = gh.send(method, path, TOKEN, body);
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
    return r.body().isEmpty() ? null : JsonMapper.shared().readTree(r.body());
  }

  static String key(String consumer, String body) {
    return admin("POST", "/admin/v1/consumers/" + consumer + "/keys", body).path("key").asString();
  }

  static HttpResponse<String> initialize(String route, String key) {
    var b = post(gh.route(route), null, McpWire.initializeBody(1));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return send(b);
  }

  static String open(String route, String key) {
    HttpResponse<String> init = initialize(route, key);
    assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
    String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    assertThat(
            send(post(gh.route(route), session, McpWire.notification("notifications/initialized"))
                    .header("Authorization", "Bearer " + key))
                .statusCode())
        .isEqualTo(202);
    return session;
  }

  static HttpResponse<String> call(String route, String session, String key, int id, String tool) {
    return send(
        post(gh.route(route), session, McpWire.toolCall(id, tool, "{\"message\":\"hi\"}"))
            .header("Authorization", "Bearer " + key));
  }

  /** One exchange of each kind, answered as a caller would see it. */
  static void traffic() throws InterruptedException {
    assertThat(initialize("weather", null).statusCode()).isEqualTo(401); // UNAUTHENTICATED
    assertThat(initialize("billing", aliceKey).statusCode()).isEqualTo(403); // FORBIDDEN
    String s = open("weather", aliceKey);
    assertThat(call("weather", s, aliceKey, 2, "refund").body()).contains("TOOL_FORBIDDEN");
    assertThat(call("weather", s, aliceKey, 3, "echo").body()).contains("Echo: hi");
    assertThat(initialize("office", null).statusCode()).isEqualTo(403); // IP_FORBIDDEN
    String l = open("limited", null);
    String hi = "{\"message\":\"hi\"}";
    assertThat(send(post(gh.route("limited"), l, McpWire.toolCall(2, "echo", hi))).body())
        .contains("Echo: hi");
    assertThat(
            send(post(gh.route("limited"), l, McpWire.toolCall(3, "echo", "\"not an object\"")))
                .body())
        .contains("INVALID_ARGUMENTS");
    assertThat(send(post(gh.route("limited"), l, McpWire.toolCall(4, "echo", hi))).body())
        .contains("RATE_LIMITED");
    assertThat(initialize("down", null).body()).contains("UPSTREAM_"); // failed
    String q = open("quota", null);
    assertThat(send(post(gh.route("quota"), q, McpWire.toolCall(2, "echo", hi))).body())
        .contains("Echo: hi");
    assertThat(send(post(gh.route("quota"), q, McpWire.toolCall(3, "echo", hi))).body())
        .contains("QUOTA_EXCEEDED");
    assertThat(initialize("fragile", null).body()).contains("UPSTREAM_UNAVAILABLE");
    assertThat(initialize("fragile", null).body()).contains("UPSTREAM_CIRCUIT_OPEN");
    String n = open("narrow", null);
    CompletableFuture<HttpResponse<String>> held =
        CompletableFuture.supplyAsync(
            () -> send(post(gh.route("narrow"), n, McpWire.toolCall(2, "slow", hi))));
    try {
      assertThat(slowEntered.await(10, TimeUnit.SECONDS)).as("the slow call arrived").isTrue();
      assertThat(send(post(gh.route("narrow"), n, McpWire.toolCall(3, "echo", hi))).body())
          .contains("UPSTREAM_BUSY");
    } finally {
      slowReleased.countDown();
    }
    assertThat(held.join().body()).contains("slow done");
    String p = open("refunds", patKey);
    assertThat(call("refunds", p, patKey, 2, "refund").body()).contains("refunded");
    // the writer stores records off the request path: wait until the last one is there
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> records("?route=refunds&tool=refund", TOKEN).size() == 1);
  }

  static List<JsonNode> records(String query, String token) {
    HttpResponse<String> r = gh.get("/admin/v1/audit" + query, token);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<JsonNode> out = new ArrayList<>();
    JsonMapper.shared().readTree(r.body()).path("records").forEach(out::add);
    return out;
  }

  static JsonNode only(String query) {
    List<JsonNode> r = records(query, TOKEN);
    assertThat(r).as(query).hasSize(1);
    return r.getFirst();
  }

  @Test
  void every_refusal_is_recorded_with_the_key_the_caller_saw() {
    JsonNode unauthenticated = only("?key=UNAUTHENTICATED");
    assertThat(unauthenticated.path("route").asString()).isEqualTo("weather");
    assertThat(unauthenticated.path("decision").asString()).isEqualTo("refused");
    assertThat(unauthenticated.path("status").asInt()).isEqualTo(401);
    assertThat(unauthenticated.path("principal").isNull()).isTrue();

    JsonNode forbidden = only("?key=FORBIDDEN");
    assertThat(forbidden.path("route").asString()).isEqualTo("billing");
    assertThat(forbidden.path("status").asInt()).isEqualTo(403);

    JsonNode tool = only("?key=TOOL_FORBIDDEN");
    assertThat(tool.path("principal").asString()).isEqualTo("api-key:alice");
    assertThat(tool.path("project").asString()).isEqualTo("default");
    assertThat(tool.path("method").asString()).isEqualTo("tools/call");
    assertThat(tool.path("target").asString()).isEqualTo("refund");
    assertThat(tool.path("requestId").asString()).isEqualTo("2");
    assertThat(tool.path("upstreamStatus").asInt()).isZero();

    JsonNode limited = only("?key=RATE_LIMITED");
    assertThat(limited.path("route").asString()).isEqualTo("limited");
    assertThat(limited.path("requestId").asString()).isEqualTo("4");
    JsonNode invalid = only("?key=INVALID_ARGUMENTS");
    assertThat(invalid.path("route").asString()).isEqualTo("limited");
    assertThat(invalid.path("decision").asString()).isEqualTo("refused");

    JsonNode quota = only("?key=QUOTA_EXCEEDED");
    assertThat(quota.path("route").asString()).isEqualTo("quota");
    assertThat(quota.path("requestId").asString()).isEqualTo("3");
    JsonNode open = only("?key=UPSTREAM_CIRCUIT_OPEN");
    assertThat(open.path("route").asString()).isEqualTo("fragile");
    assertThat(open.path("method").asString()).isEqualTo("initialize");
    JsonNode busy = only("?key=UPSTREAM_BUSY");
    assertThat(busy.path("route").asString()).isEqualTo("narrow");
    assertThat(busy.path("target").asString()).isEqualTo("echo");

    JsonNode ip = only("?key=IP_FORBIDDEN");
    assertThat(ip.path("route").asString()).isEqualTo("office");
    assertThat(ip.path("decision").asString()).isEqualTo("refused");
  }

  @Test
  void allowed_and_failed_exchanges_are_recorded_with_status_and_latency() {
    JsonNode echo = only("?route=weather&tool=echo&decision=allowed");
    assertThat(echo.path("status").asInt()).isEqualTo(200);
    assertThat(echo.path("errorKey").isNull()).isTrue();
    assertThat(echo.path("session").asString()).hasSize(16);
    assertThat(echo.path("latencyMs").asDouble()).isPositive();
    assertThat(echo.path("bytesIn").asLong()).isPositive();
    assertThat(echo.has("arguments")).as("no values unless the route opts in").isFalse();

    JsonNode down = only("?route=down");
    assertThat(down.path("decision").asString()).isEqualTo("failed");
    assertThat(down.path("errorKey").asString()).startsWith("UPSTREAM_");
    assertThat(down.path("method").asString()).isEqualTo("initialize");
  }

  @Test
  void pages_with_a_cursor_cover_every_record_once_newest_first() {
    List<JsonNode> all = records("?limit=1000", TOKEN);
    assertThat(all.size()).isGreaterThanOrEqualTo(10);
    List<String> paged = new ArrayList<>();
    String cursor = null;
    do {
      HttpResponse<String> r =
          gh.get("/admin/v1/audit?limit=3" + (cursor == null ? "" : "&cursor=" + cursor), TOKEN);
      JsonNode body = JsonMapper.shared().readTree(r.body());
      body.path("records").forEach(n -> paged.add(n.path("id").asString()));
      cursor = body.path("next").isNull() ? null : body.path("next").asString();
    } while (cursor != null);
    assertThat(paged)
        .containsExactlyElementsOf(all.stream().map(n -> n.path("id").asString()).toList());
    assertThat(new HashSet<>(paged)).hasSize(paged.size());
    List<java.time.Instant> times =
        all.stream().map(n -> java.time.Instant.parse(n.path("time").asString())).toList();
    assertThat(times).isSortedAccordingTo(java.util.Comparator.reverseOrder());

    HttpResponse<String> bad = gh.get("/admin/v1/audit?cursor=nonsense&decision=maybe", TOKEN);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("INVALID_REQUEST");
  }

  @Test
  void the_export_is_json_lines_of_the_same_selection() {
    HttpResponse<String> r = gh.get("/admin/v1/audit/export?decision=refused", TOKEN);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
    List<String> lines = r.body().lines().toList();
    assertThat(lines).hasSize(records("?decision=refused", TOKEN).size());
    Set<String> keys = new HashSet<>();
    for (String line : lines) {
      keys.add(JsonMapper.shared().readTree(line).path("errorKey").asString());
    }
    assertThat(keys).contains("UNAUTHENTICATED", "FORBIDDEN", "TOOL_FORBIDDEN", "IP_FORBIDDEN");

    HttpResponse<String> first = gh.get("/admin/v1/audit/export?limit=2", TOKEN);
    assertThat(first.body().lines()).hasSize(2);
    String next = first.headers().firstValue("Gatehouse-Next-Cursor").orElseThrow();
    HttpResponse<String> rest = gh.get("/admin/v1/audit/export?cursor=" + next, TOKEN);
    assertThat(first.body().lines().count() + rest.body().lines().count())
        .isEqualTo(records("?limit=1000", TOKEN).size());
  }

  @Test
  void an_owner_reads_the_records_of_its_projects_callers_and_others_may_not_read() {
    List<JsonNode> pats = records("?limit=1000", patKey);
    assertThat(pats).isNotEmpty();
    assertThat(pats).allMatch(n -> n.path("project").asString().equals("payments"));
    HttpResponse<String> user = gh.get("/admin/v1/audit", umaKey);
    assertThat(user.statusCode()).isEqualTo(403);
    assertThat(user.body()).contains("FORBIDDEN");
    assertThat(gh.get("/admin/v1/usage", aliceKey).statusCode()).isEqualTo(403);
    assertThat(gh.get("/admin/v1/audit", null).statusCode()).isEqualTo(401);
  }

  @Test
  void usage_sums_calls_by_consumer_and_tool_over_http_and_from_the_command_line() {
    String range =
        "from="
            + URLEncoder.encode(
                java.time.Instant.now().minus(Duration.ofHours(1)).toString(),
                StandardCharsets.UTF_8)
            + "&to="
            + URLEncoder.encode(
                java.time.Instant.now().plus(Duration.ofMinutes(5)).toString(),
                StandardCharsets.UTF_8);
    HttpResponse<String> r =
        gh.get(
            "/admin/v1/usage?" + range + "&bucket=2h&group_by=consumer,tool&method=tools/call",
            TOKEN);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode usage = JsonMapper.shared().readTree(r.body()).path("usage");
    JsonNode alice = null;
    JsonNode aliceRefused = null;
    for (JsonNode row : usage) {
      if ("api-key:alice".equals(row.path("consumer").asString(null))) {
        if ("echo".equals(row.path("tool").asString(null))) {
          alice = row;
        } else if ("refund".equals(row.path("tool").asString(null))) {
          aliceRefused = row;
        }
      }
    }
    assertThat(alice).as(usage.toString()).isNotNull();
    assertThat(alice.path("calls").asLong()).isEqualTo(1);
    assertThat(alice.path("errors").asLong()).isZero();
    assertThat(alice.path("p95Ms").asDouble()).isPositive();
    assertThat(aliceRefused.path("refusals").asLong()).isEqualTo(1);

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        Main.run(
            new String[] {
              "usage",
              "--url",
              gh.url("/").toString(),
              "--token",
              TOKEN,
              "--bucket",
              "1d",
              "--group-by",
              "consumer,tool",
              "--method",
              "tools/call"
            },
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString()).contains("CONSUMER").contains("api-key:alice").contains("echo");

    StringWriter err2 = new StringWriter();
    int refused =
        Main.run(
            new String[] {
              "usage", "--url", gh.url("/").toString(), "--token", TOKEN, "--bucket", "1s"
            },
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(err2, true));
    assertThat(refused).isEqualTo(1);
    assertThat(err2.toString()).contains("INVALID_REQUEST").contains("bucket");
  }

  @Test
  void a_bad_audit_section_stops_the_start_naming_every_problem() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                RunningGatehouse.start(
                    "audit: {retention: forever, buffer: 0, logs: true}\n"
                        + "routes:\n"
                        + RunningGatehouse.route("a", upstream.url(), "streamable-http")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("audit.retention")
        .hasMessageContaining("audit.buffer")
        .hasMessageContaining("audit.logs");
  }
}
