package io.gatehouse.server;

import static io.gatehouse.testkit.McpWire.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.agent.approve.Approval;
import io.gatehouse.agent.approve.Approvals;
import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.store.testing.TestDatabases;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The approval hold through the whole server: a direct MCP client's {@code tools/call} of a tool
 * the route's {@code approval} section names waits (its event stream carrying keep-alives) until an
 * approver answers through the admin API or the approval page, then gets the result, {@code
 * APPROVAL_DENIED} or, unanswered, {@code APPROVAL_TIMEOUT}; and an answer given on another server
 * sharing the store reaches the one holding the call.
 */
class ApprovalsTest {
  static final String TOKEN = RunningGatehouse.ADMIN_TOKEN;
  static final JsonMapper JSON = JsonMapper.shared();
  static ScriptedUpstream upstream;

  @BeforeAll
  static void start() {
    upstream =
        ScriptedUpstream.start(
            s ->
                s.tool("delete-user", (c, out) -> out.result(ScriptedUpstream.text("user gone")))
                    .tool("wipe-disk", (c, out) -> out.result(ScriptedUpstream.text("wiped")))
                    .tool("get-weather", (c, out) -> out.result(ScriptedUpstream.text("sunny"))));
  }

  @AfterAll
  static void stop() {
    upstream.close();
  }

  static String yaml() {
    return "gateway: {sse-after: 200ms, keep-alive: 200ms}\n"
        + "routes:\n"
        + RunningGatehouse.route("weather", upstream.url(), "streamable-http")
        + "    auth: [api-key]\n"
        + "    policies:\n"
        + "      approval: {tools: ['delete-*', 'wipe-*'], approvers: ['group:ops'], timeout: 1m}\n"
        + "      tools:\n"
        + "        'wipe-*': {approval: {timeout: 1s}}\n"
        + RunningGatehouse.route("open", upstream.url(), "streamable-http")
        + "    policies: {approval: {tools: ['delete-*'], approvers: ['role:owner']}}\n";
  }

  static String key(RunningGatehouse g, String consumer, String groups) {
    HttpResponse<String> c =
        g.send(
            "POST",
            "/admin/v1/consumers",
            TOKEN,
            "{\"name\":\"" + consumer + "\",\"kind\":\"user\",\"groups\":" + groups + "}");
    assertThat(c.statusCode()).as(c.body()).isEqualTo(201);
    HttpResponse<String> k =
        g.send("POST", "/admin/v1/consumers/" + consumer + "/keys", TOKEN, "{}");
    assertThat(k.statusCode()).as(k.body()).isEqualTo(201);
    return JSON.readTree(k.body()).path("key").asString();
  }

  static String open(URI route, String key) {
    return open(route, key, "{}");
  }

  static String open(URI route, String key, String capabilities) {
    HttpRequest.Builder init = post(route, null, McpWire.initializeBody(1, capabilities));
    if (key != null) {
      init.header("Authorization", "Bearer " + key);
    }
    HttpResponse<String> r = McpWire.send(init);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String session = r.headers().firstValue("Mcp-Session-Id").orElseThrow();
    HttpRequest.Builder n = post(route, session, McpWire.notification("notifications/initialized"));
    if (key != null) {
      n.header("Authorization", "Bearer " + key);
    }
    assertThat(McpWire.send(n).statusCode()).isEqualTo(202);
    return session;
  }

  /** A tools/call whose answer is read line by line as it arrives. */
  record Held(HttpResponse<InputStream> response, List<String> lines) {
    static Held call(URI route, String session, String key, int id, String tool, String args) {
      HttpRequest.Builder b = post(route, session, McpWire.toolCall(id, tool, args));
      if (key != null) {
        b.header("Authorization", "Bearer " + key);
      }
      return send(b);
    }

    /** Sends {@code b} and reads its answer line by line as it arrives. */
    static Held send(HttpRequest.Builder b) {
      HttpResponse<InputStream> r = McpWire.stream(b);
      List<String> lines = new CopyOnWriteArrayList<>();
      Thread.ofVirtual()
          .start(
              () -> {
                try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                  for (String l = in.readLine(); l != null; l = in.readLine()) {
                    lines.add(l);
                  }
                  lines.add("<end>");
                } catch (IOException e) {
                  lines.add("<failed: " + e + ">");
                }
              });
      return new Held(r, lines);
    }

    void await(String prefix) {
      Awaitility.await("a line " + prefix + " in " + lines)
          .atMost(Duration.ofSeconds(15))
          .until(() -> lines.stream().anyMatch(l -> l.startsWith(prefix)));
    }

    /** The answer, once the stream ended: the last data line. */
    JsonNode answer() {
      await("<end>");
      String data =
          lines.stream()
              .filter(l -> l.startsWith("data:"))
              .reduce((a, b) -> b)
              .orElseThrow(() -> new AssertionError("no data in " + lines));
      return JSON.readTree(data.substring(5).strip());
    }
  }

  /** The caller's one pending approval, once it is there. */
  static JsonNode awaitPending(RunningGatehouse g, String key) {
    JsonNode[] found = new JsonNode[1];
    Awaitility.await("a pending approval")
        .atMost(Duration.ofSeconds(15))
        .until(
            () -> {
              HttpResponse<String> r = g.get("/admin/v1/me/approvals", key);
              assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
              JsonNode list = JSON.readTree(r.body()).path("approvals");
              found[0] = list.isEmpty() ? null : list.get(0);
              return found[0] != null;
            });
    return found[0];
  }

  static HttpResponse<String> decide(
      RunningGatehouse g, String key, String id, boolean approve, String reason) {
    return g.send(
        "POST",
        "/admin/v1/approvals/" + id,
        key,
        "{\"approve\":" + approve + (reason == null ? "" : ",\"reason\":\"" + reason + "\"") + "}");
  }

  @Test
  void an_approved_call_waits_with_keep_alives_then_gets_its_result() {
    try (RunningGatehouse g = RunningGatehouse.start(yaml())) {
      String alice = key(g, "alice", "[]");
      String carol = key(g, "carol", "[\"ops\"]");
      URI route = g.route("weather");
      String session = open(route, alice);

      // a tool the section does not name goes straight through
      HttpResponse<String> quick =
          McpWire.send(
              post(route, session, McpWire.toolCall(3, "get-weather", "{}"))
                  .header("Authorization", "Bearer " + alice));
      assertThat(McpWire.answer(quick)).contains("sunny");

      Held held = Held.call(route, session, alice, 4, "delete-user", "{\"name\":\"bob-4\"}");
      JsonNode pending = awaitPending(g, alice);
      String id = pending.path("id").asString();
      assertThat(id).startsWith("apr_");
      assertThat(pending.path("kind").asString()).isEqualTo("gateway");
      assertThat(pending.path("owner").asString()).isEqualTo("api-key:alice");
      assertThat(pending.path("project").asString()).isEqualTo("default");
      assertThat(pending.path("route").asString()).isEqualTo("weather");
      assertThat(pending.path("tool").asString()).isEqualTo("delete-user");
      assertThat(pending.path("arguments").path("name").asString()).isEqualTo("bob-4");
      assertThat(Instant.parse(pending.path("expiresAt").asString()))
          .isAfter(Instant.parse(pending.path("createdAt").asString()));
      assertThat(pending.path("page").asString()).isEqualTo(g.url("/approvals/" + id).toString());

      // held: an event stream that keeps alive, and nothing sent upstream yet
      held.await(": keep-alive");
      assertThat(held.response().headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
      assertThat(upstream.requests()).noneMatch(q -> q.body().contains("bob-4"));

      // the approver sees it among those they may answer; the caller does not
      assertThat(g.get("/admin/v1/approvals?project=default", carol).body()).contains(id);
      assertThat(g.get("/admin/v1/approvals", alice).body()).doesNotContain(id);
      assertThat(g.get("/admin/v1/approvals/" + id, carol).statusCode()).isEqualTo(200);

      // the owner may not approve their own call
      HttpResponse<String> own = decide(g, alice, id, true, null);
      assertThat(own.statusCode()).as(own.body()).isEqualTo(403);
      assertThat(own.body()).contains("\"code\":\"FORBIDDEN\"").contains("their own call");

      HttpResponse<String> ok = decide(g, carol, id, true, "looks right");
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
      assertThat(JSON.readTree(ok.body()).path("state").asString()).isEqualTo("approved");
      assertThat(JSON.readTree(ok.body()).path("decidedBy").asString()).isEqualTo("api-key:carol");

      JsonNode answer = held.answer();
      assertThat(answer.path("id").asInt()).isEqualTo(4);
      assertThat(answer.toString()).contains("user gone");
      assertThat(g.get("/admin/v1/me/approvals", alice).body()).doesNotContain(id);

      HttpResponse<String> again = decide(g, carol, id, false, null);
      assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
      assertThat(again.body()).contains("\"code\":\"APPROVAL_DECIDED\"");
    }
  }

  @Test
  void a_client_that_elicits_urls_is_asked_to_open_the_approval_page() {
    try (RunningGatehouse g = RunningGatehouse.start(yaml())) {
      String alice = key(g, "alice", "[]");
      String carol = key(g, "carol", "[\"ops\"]");
      URI route = g.route("weather");
      String session = open(route, alice, "{\"elicitation\":{\"form\":{},\"url\":{}}}");

      Held held = Held.call(route, session, alice, 11, "delete-user", "{\"name\":\"bob-11\"}");
      held.await("data: {\"jsonrpc\":\"2.0\",\"id\":\"gatehouse-approval-");
      JsonNode ask =
          JSON.readTree(
              held.lines().stream()
                  .filter(l -> l.contains("elicitation/create"))
                  .findFirst()
                  .orElseThrow()
                  .substring(5)
                  .strip());
      String id = ask.path("params").path("elicitationId").asString();
      assertThat(id).startsWith("apr_");
      assertThat(ask.path("params").path("mode").asString()).isEqualTo("url");
      assertThat(ask.path("params").path("url").asString())
          .isEqualTo(g.url("/approvals/" + id).toString());
      assertThat(ask.path("params").path("message").asString()).contains("delete-user");

      // the client's answer stays in Gatehouse: 202, and nothing of it goes upstream
      HttpResponse<String> accepted =
          McpWire.send(
              post(
                      route,
                      session,
                      "{\"jsonrpc\":\"2.0\",\"id\":"
                          + JSON.writeValueAsString(ask.path("id").asString())
                          + ",\"result\":{\"action\":\"accept\"}}")
                  .header("Authorization", "Bearer " + alice));
      assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
      assertThat(upstream.requests()).noneMatch(q -> q.body().contains("gatehouse-approval-"));

      assertThat(decide(g, carol, id, true, null).statusCode()).isEqualTo(200);
      JsonNode answer = held.answer();
      assertThat(answer.toString()).contains("user gone");
      assertThat(String.join("\n", held.lines()))
          .contains("notifications/elicitation/complete")
          .contains("\"elicitationId\":\"" + id + "\"");

      // a client that did not declare URL elicitation is not asked
      String plain = open(route, alice);
      Held other = Held.call(route, plain, alice, 12, "delete-user", "{\"name\":\"bob-12\"}");
      String second = awaitPending(g, alice).path("id").asString();
      other.await(": keep-alive");
      assertThat(other.lines()).noneMatch(l -> l.contains("elicitation/create"));
      decide(g, carol, second, false, null);
      assertThat(other.answer().path("error").path("data").path("key").asString())
          .isEqualTo("APPROVAL_DENIED");
    }
  }

  @Test
  void a_denied_call_is_refused_with_the_reason_and_unknown_ids_are_404() {
    try (RunningGatehouse g = RunningGatehouse.start(yaml())) {
      String alice = key(g, "alice", "[]");
      String carol = key(g, "carol", "[\"ops\"]");
      String dave = key(g, "dave", "[]");
      URI route = g.route("weather");
      String session = open(route, alice);

      Held held = Held.call(route, session, alice, 5, "delete-user", "{\"name\":\"bob-5\"}");
      String id = awaitPending(g, alice).path("id").asString();

      HttpResponse<String> stranger = decide(g, dave, id, true, null);
      assertThat(stranger.statusCode()).as(stranger.body()).isEqualTo(403);
      assertThat(g.get("/admin/v1/approvals/" + id, dave).statusCode()).isEqualTo(404);
      HttpResponse<String> bad =
          g.send("POST", "/admin/v1/approvals/" + id, carol, "{\"approve\":\"yes\"}");
      assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
      assertThat(bad.body()).contains("approve:");

      HttpResponse<String> no = decide(g, carol, id, false, "not on a Friday");
      assertThat(no.statusCode()).as(no.body()).isEqualTo(200);

      JsonNode error = held.answer().path("error");
      assertThat(error.path("data").path("key").asString()).isEqualTo("APPROVAL_DENIED");
      assertThat(error.path("message").asString())
          .contains("api-key:carol")
          .contains("not on a Friday");
      assertThat(upstream.requests()).noneMatch(q -> q.body().contains("bob-5"));

      HttpResponse<String> unknown = decide(g, carol, "apr_nothing", true, null);
      assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
    }
  }

  @Test
  void an_unanswered_call_times_out_and_an_anonymous_caller_is_refused() {
    try (RunningGatehouse g = RunningGatehouse.start(yaml())) {
      String alice = key(g, "alice", "[]");
      URI route = g.route("weather");
      String session = open(route, alice);

      Held held = Held.call(route, session, alice, 6, "wipe-disk", "{}");
      JsonNode error = held.answer().path("error");
      assertThat(error.path("data").path("key").asString()).isEqualTo("APPROVAL_TIMEOUT");
      assertThat(error.path("message").asString()).contains("within 1s");
      assertThat(upstream.requests()).noneMatch(q -> q.body().contains("wipe-disk"));

      URI open = g.route("open");
      String anonymous = open(open, null);
      HttpResponse<String> refused =
          McpWire.send(post(open, anonymous, McpWire.toolCall(7, "delete-user", "{}")));
      assertThat(McpWire.answer(refused)).contains("\"key\":\"APPROVAL_NEEDS_IDENTITY\"");
    }
  }

  @Test
  void the_approval_page_shows_the_call_and_answers_for_a_signed_in_approver() throws Exception {
    try (RunningGatehouse g = RunningGatehouse.start(yaml())) {
      String alice = key(g, "alice", "[]");
      String carol = key(g, "carol", "[\"ops\"]");
      URI route = g.route("weather");
      String session = open(route, alice);
      Held held = Held.call(route, session, alice, 8, "delete-user", "{\"name\":\"<b>x</b>\"}");
      String id = awaitPending(g, alice).path("id").asString();

      HttpResponse<String> page = g.get("/approvals/" + id, null);
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
      assertThat(page.headers().firstValue("Content-Security-Policy"))
          .hasValueSatisfying(v -> assertThat(v).contains("default-src 'none'"));
      assertThat(page.body())
          .contains("delete-user")
          .contains("&lt;b&gt;x&lt;/b&gt;")
          .doesNotContain("<b>x</b>")
          .doesNotContain("<script")
          .contains("value=\"approve\"")
          .contains("value=\"deny\"");

      String form =
          "credential="
              + java.net.URLEncoder.encode(carol, StandardCharsets.UTF_8)
              + "&reason=ok&decision=approve";
      HttpResponse<String> elsewhere = postForm(g, id, form, "https://evil.example");
      assertThat(elsewhere.statusCode()).isEqualTo(403);
      assertThat(elsewhere.body()).contains("FORBIDDEN_ORIGIN");
      HttpResponse<String> wrongKey = postForm(g, id, "credential=nope&decision=approve", null);
      assertThat(wrongKey.statusCode()).isEqualTo(401);
      HttpResponse<String> asOwner =
          postForm(
              g,
              id,
              "credential="
                  + java.net.URLEncoder.encode(alice, StandardCharsets.UTF_8)
                  + "&decision=approve",
              null);
      assertThat(asOwner.statusCode()).isEqualTo(403);

      String origin = "http://127.0.0.1:" + g.server().port();
      HttpResponse<String> done = postForm(g, id, form, origin);
      assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
      assertThat(done.body()).contains("Approved");
      assertThat(held.answer().toString()).contains("user gone");
      assertThat(g.get("/approvals/" + id, null).body())
          .contains("approved")
          .contains("api-key:carol")
          .doesNotContain("value=\"approve\"");
    }
  }

  @Test
  void an_agent_approval_is_listed_for_its_owner_but_answered_only_by_its_response() {
    try (RunningGatehouse g = RunningGatehouse.start(yaml())) {
      String alice = key(g, "alice", "[]");
      Approvals store = g.server().traffic().approvals();
      Instant now = Instant.now();
      Approval agent =
          new Approval(
              Approvals.newId("mcpr_"),
              Approval.Kind.AGENT,
              "api-key:alice",
              "default",
              null,
              "weather",
              "get-weather",
              "{\"city\":\"Oslo\"}",
              now,
              now.plusSeconds(600),
              Approval.State.PENDING,
              null,
              null,
              null);
      store.create(agent);
      JsonNode listed = awaitPending(g, alice);
      assertThat(listed.path("kind").asString()).isEqualTo("agent");
      assertThat(listed.path("server_label").asString()).isEqualTo("weather");
      assertThat(listed.path("arguments").path("city").asString()).isEqualTo("Oslo");

      HttpResponse<String> r = decide(g, TOKEN, agent.id(), true, null);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
      assertThat(r.body())
          .contains("\"code\":\"APPROVAL_IN_RESPONSE\"")
          .contains("previous_response_id");
      HttpResponse<String> adminMine = g.get("/admin/v1/me/approvals", TOKEN);
      assertThat(adminMine.statusCode()).isEqualTo(400);
    }
  }

  @Test
  void an_answer_given_on_another_server_reaches_the_one_holding_the_call() {
    try (TestDatabases.Throwaway db = TestDatabases.postgres()) {
      String storage = "storage: {url: '" + db.jdbcUrl() + "'}\n";
      try (RunningGatehouse holding = RunningGatehouse.start(storage + yaml())) {
        String alice = key(holding, "alice", "[]");
        String carol = key(holding, "carol", "[\"ops\"]");
        try (RunningGatehouse other = RunningGatehouse.start(storage)) {
          URI route = holding.route("weather");
          String session = open(route, alice);
          Held held = Held.call(route, session, alice, 9, "delete-user", "{\"name\":\"eve\"}");
          String id = awaitPending(other, alice).path("id").asString();
          JsonNode seen = JSON.readTree(other.get("/admin/v1/approvals/" + id, carol).body());
          assertThat(seen.path("replica").asString())
              .isEqualTo(holding.server().traffic().approvals().replica())
              .isNotEqualTo(other.server().traffic().approvals().replica());

          HttpResponse<String> ok = decide(other, carol, id, true, null);
          assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
          assertThat(held.answer().toString()).contains("user gone");
        }
      }
    }
  }

  private static HttpResponse<String> postForm(
      RunningGatehouse g, String id, String form, String origin) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(g.url("/approvals/" + id))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
    if (origin != null) {
      b.header("Origin", origin);
    }
    return McpWire.send(b);
  }
}
