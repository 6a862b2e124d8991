package io.gatehouse.server;

import static io.gatehouse.testkit.McpWire.post;
import static io.gatehouse.testkit.McpWire.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.server.config.ConfigException;
import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.store.testing.TestDatabases;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rate limits and quotas through the whole server, counted in process: what a caller sees when a
 * limit admits (RateLimit fields) and refuses (RATE_LIMITED / QUOTA_EXCEEDED with Retry-After), per
 * consumer and per tool entry, quotas kept across a restart and listed by the usage API.
 */
class LimitsTest {
  static final String TOKEN = RunningGatehouse.ADMIN_TOKEN;
  static ScriptedUpstream upstream;

  @BeforeAll
  static void start() {
    upstream =
        ScriptedUpstream.start(
            s ->
                s.tool("get-weather", (c, out) -> out.result(ScriptedUpstream.text("sunny")))
                    .tool("delete-user", (c, out) -> out.result(ScriptedUpstream.text("gone"))));
  }

  @AfterAll
  static void stop() {
    upstream.close();
  }

  static String yaml() {
    return "routes:\n"
        + RunningGatehouse.route("weather", upstream.url(), "streamable-http")
        + "    auth: [api-key]\n"
        + "    policies:\n"
        + "      limits:\n"
        + "        calls: {rate: 3/minute}\n"
        + "        daily: {quota: 4/day}\n"
        + "      tools:\n"
        + "        'delete-*': {limits: {calls: {rate: 1/minute}, daily: null}}\n"
        + RunningGatehouse.route("chatty", upstream.url(), "streamable-http")
        + "    policies: {limits: {every: {rate: 3/minute, methods: '*', per: [ip]}}}\n";
  }

  static String key(RunningGatehouse g, String consumer) {
    HttpResponse<String> c =
        g.send(
            "POST",
            "/admin/v1/consumers",
            TOKEN,
            "{\"name\":\"" + consumer + "\",\"kind\":\"user\"}");
    assertThat(c.statusCode()).as(c.body()).isEqualTo(201);
    HttpResponse<String> k =
        g.send("POST", "/admin/v1/consumers/" + consumer + "/keys", TOKEN, "{}");
    assertThat(k.statusCode()).as(k.body()).isEqualTo(201);
    return JsonMapper.shared().readTree(k.body()).path("key").asString();
  }

  static String open(URI route, String key) {
    HttpRequest.Builder init = post(route, null, McpWire.initializeBody(1));
    if (key != null) {
      init.header("Authorization", "Bearer " + key);
    }
    HttpResponse<String> r = send(init);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String session = r.headers().firstValue("Mcp-Session-Id").orElseThrow();
    HttpRequest.Builder n = post(route, session, McpWire.notification("notifications/initialized"));
    if (key != null) {
      n.header("Authorization", "Bearer " + key);
    }
    assertThat(send(n).statusCode()).isEqualTo(202);
    return session;
  }

  static HttpResponse<String> call(URI route, String session, String key, String tool) {
    HttpRequest.Builder b = post(route, session, McpWire.toolCall(7, tool, "{}"));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return send(b);
  }

  static long weatherCalls() {
    return upstream.requests().stream().filter(q -> q.body().contains("get-weather")).count();
  }

  static JsonNode error(HttpResponse<String> r) {
    return JsonMapper.shared().readTree(McpWire.answer(r)).path("error");
  }

  @Test
  void a_rate_limit_admits_its_burst_per_consumer_then_refuses_with_retry_after() {
    try (RunningGatehouse g = RunningGatehouse.start(yaml())) {
      String alice = key(g, "alice");
      String bob = key(g, "bob");
      URI route = g.route("weather");
      long before = weatherCalls();
      String sa = open(route, alice);
      String sb = open(route, bob);

      HttpResponse<String> first = call(route, sa, alice, "get-weather");
      assertThat(McpWire.answer(first)).contains("sunny");
      assertThat(first.headers().firstValue("RateLimit-Policy"))
          .hasValue("\"calls\";q=3;w=60, \"daily\";q=4;w=86400");
      assertThat(first.headers().firstValue("RateLimit").orElseThrow())
          .matches("\"calls\";r=2;t=20, \"daily\";r=3;t=\\d+");
      call(route, sa, alice, "get-weather");
      call(route, sa, alice, "get-weather");
      HttpResponse<String> refused = call(route, sa, alice, "get-weather");

      assertThat(refused.statusCode()).isEqualTo(200);
      JsonNode e = error(refused);
      assertThat(e.path("code").asInt()).isEqualTo(-31050);
      assertThat(e.path("data").path("key").asString()).isEqualTo("RATE_LIMITED");
      long retry = e.path("data").path("retryAfterSeconds").asLong();
      assertThat(retry).isBetween(19L, 20L);
      assertThat(refused.headers().firstValue("Retry-After")).hasValue(Long.toString(retry));
      assertThat(weatherCalls() - before).as("the refused call never went upstream").isEqualTo(3);
      assertThat(McpWire.answer(call(route, sb, bob, "get-weather")))
          .as("bob has his own counter")
          .contains("sunny");
    }
  }

  @Test
  void a_tool_entry_sets_its_own_rate_counted_per_tool() {
    try (RunningGatehouse g = RunningGatehouse.start(yaml())) {
      String carol = key(g, "carol");
      URI route = g.route("weather");
      String s = open(route, carol);
      assertThat(McpWire.answer(call(route, s, carol, "delete-user"))).contains("gone");
      assertThat(error(call(route, s, carol, "delete-user")).path("data").path("key").asString())
          .isEqualTo("RATE_LIMITED");
      assertThat(McpWire.answer(call(route, s, carol, "get-weather")))
          .as("the route's own 3/minute is a separate counter")
          .contains("sunny");
    }
  }

  @Test
  void a_refused_notification_is_answered_429_with_retry_after() {
    try (RunningGatehouse g = RunningGatehouse.start(yaml())) {
      URI route = g.route("chatty");
      String s = open(route, null); // initialize and notifications/initialized count: 2 of 3
      assertThat(McpWire.answer(call(route, s, null, "get-weather"))).contains("sunny");
      HttpResponse<String> refused =
          send(post(route, s, McpWire.notification("notifications/roots/list_changed")));
      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.headers().firstValue("Retry-After")).isPresent();
      assertThat(refused.body()).contains("\"key\":\"RATE_LIMITED\"");
    }
  }

  @Test
  void a_quota_survives_a_restart_and_the_usage_api_lists_its_window() throws Exception {
    Path dir = Files.createTempDirectory("gatehouse-limits");
    String dave;
    try (RunningGatehouse g = RunningGatehouse.start(dir, yaml())) {
      dave = key(g, "dave");
      URI route = g.route("weather");
      String s = open(route, dave);
      for (int i = 0; i < 3; i++) {
        assertThat(McpWire.answer(call(route, s, dave, "get-weather"))).contains("sunny");
      }
    }
    try (RunningGatehouse g = RunningGatehouse.start(dir, yaml())) {
      URI route = g.route("weather");
      String s = open(route, dave);
      HttpResponse<String> last = call(route, s, dave, "get-weather");
      assertThat(McpWire.answer(last)).contains("sunny");
      assertThat(last.headers().firstValue("RateLimit").orElseThrow()).contains("\"daily\";r=0;");
      HttpResponse<String> refused = call(route, s, dave, "get-weather");
      JsonNode e = error(refused);
      assertThat(e.path("data").path("key").asString()).isEqualTo("QUOTA_EXCEEDED");
      Instant midnight = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS);
      long untilMidnight = Instant.now().until(midnight, ChronoUnit.SECONDS);
      assertThat(e.path("data").path("retryAfterSeconds").asLong())
          .isBetween(untilMidnight - 5, untilMidnight + 5);

      String consumer = "api-key:dave";
      HttpResponse<String> usage =
          g.get("/admin/v1/usage/quotas?consumer=" + consumer + "&route=weather", TOKEN);
      assertThat(usage.statusCode()).as(usage.body()).isEqualTo(200);
      JsonNode q = JsonMapper.shared().readTree(usage.body()).path("quotas");
      assertThat(q).hasSize(1);
      assertThat(q.get(0).path("limit").asString()).isEqualTo("daily");
      assertThat(q.get(0).path("route").asString()).isEqualTo("weather");
      assertThat(q.get(0).path("quota").asLong()).isEqualTo(4);
      assertThat(q.get(0).path("resetsAt").asString()).isEqualTo(midnight.toString());
      org.awaitility.Awaitility.await("the last count written behind")
          .until(
              () ->
                  JsonMapper.shared()
                          .readTree(
                              g.get("/admin/v1/usage/quotas?consumer=" + consumer, TOKEN).body())
                          .path("quotas")
                          .get(0)
                          .path("used")
                          .asLong()
                      == 4);
      assertThat(g.get("/admin/v1/usage/quotas?consumer=" + consumer, null).statusCode())
          .isEqualTo(401);
      assertThat(g.get("/admin/v1/usage/quotas?consumer=" + consumer, dave).statusCode())
          .as("a consumer's key without a role in the project")
          .isEqualTo(403);
      assertThat(g.get("/admin/v1/usage/quotas", TOKEN).body()).contains("INVALID_REQUEST");
      // Windows are shown in the project of their route: route 'weather' is not payments'.
      assertThat(
              g.send("POST", "/admin/v1/projects", TOKEN, "{\"name\": \"payments\"}").statusCode())
          .isEqualTo(201);
      JsonNode other =
          JsonMapper.shared()
              .readTree(
                  g.get("/admin/v1/usage/quotas?consumer=" + consumer + "&project=payments", TOKEN)
                      .body());
      assertThat(other.path("quotas")).isEmpty();
    }
  }

  @Test
  void a_quota_survives_a_restart_on_postgresql() throws Exception {
    try (TestDatabases.Throwaway db = TestDatabases.postgres()) {
      String yaml = "storage: {url: '" + db.jdbcUrl() + "'}\n" + yaml();
      String erin;
      try (RunningGatehouse g = RunningGatehouse.start(yaml)) {
        erin = key(g, "erin");
        URI route = g.route("weather");
        String s = open(route, erin);
        for (int i = 0; i < 3; i++) {
          assertThat(McpWire.answer(call(route, s, erin, "get-weather"))).contains("sunny");
        }
      }
      try (RunningGatehouse g = RunningGatehouse.start(yaml)) {
        URI route = g.route("weather");
        String s = open(route, erin);
        assertThat(McpWire.answer(call(route, s, erin, "get-weather"))).contains("sunny");
        assertThat(error(call(route, s, erin, "get-weather")).path("data").path("key").asString())
            .isEqualTo("QUOTA_EXCEEDED");
      }
    }
  }

  @Test
  void a_limits_section_with_problems_refuses_to_start_naming_each() {
    String bad =
        "redis: {url: 'http://127.0.0.1:1', on-failure: maybe}\nroutes:\n"
            + RunningGatehouse.route("weather", upstream.url(), "streamable-http")
            + "    policies: {limits: {calls: {rate: 3/fortnight}}}\n";
    assertThatThrownBy(() -> RunningGatehouse.start(bad).close())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("redis.url: 'http://127.0.0.1:1' (expected: redis://HOST:PORT/DB")
        .hasMessageContaining("redis.on-failure: 'maybe' (expected one of: local, closed)");
    String badLimit =
        "routes:\n"
            + RunningGatehouse.route("weather", upstream.url(), "streamable-http")
            + "    policies: {limits: {calls: {rate: 3/fortnight}}}\n";
    assertThatThrownBy(() -> RunningGatehouse.start(badLimit).close())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("routes[0].policies.limits.calls.rate: '3/fortnight'");
  }
}
