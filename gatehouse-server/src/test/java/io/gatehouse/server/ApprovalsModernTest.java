package io.gatehouse.server;

import static io.gatehouse.server.ApprovalsTest.awaitPending;
import static io.gatehouse.server.ApprovalsTest.decide;
import static io.gatehouse.server.ApprovalsTest.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.server.ApprovalsTest.Held;
import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.ConformanceFixtureServer;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The approval hold for MCP 2026-07-28 clients, through the whole server: a client that declared
 * URL elicitation is answered at once with {@code input_required} naming the approval page, and its
 * retry (with the sealed {@code requestState}) runs the tool once an approver approves, exactly
 * once; a retry before the answer is held until it comes; denied, lapsed, replayed, tampered and
 * another caller's states are refused; a client without URL elicitation is held as before.
 */
class ApprovalsModernTest {
  static final String URL_CAPS = "{\"elicitation\":{\"url\":{}}}";
  static final JsonMapper JSON = JsonMapper.shared();
  static ScriptedUpstream upstream;

  @BeforeAll
  static void start() {
    upstream =
        ScriptedUpstream.start(
            s ->
                s.stateless()
                    .tool("delete-user", (c, out) -> out.result(ScriptedUpstream.text("user gone")))
                    .tool("wipe-disk", (c, out) -> out.result(ScriptedUpstream.text("wiped"))));
  }

  @AfterAll
  static void stop() {
    upstream.close();
  }

  static String yaml() {
    return "gateway: {sse-after: 200ms, keep-alive: 200ms}\n"
        + "routes:\n"
        + "  - name: admin\n"
        + "    upstream: {url: '"
        + upstream.url()
        + "', transport: streamable-http, protocol: 2026-07-28}\n"
        + "    auth: [api-key]\n"
        + "    policies:\n"
        + "      approval: {tools: ['delete-*', 'wipe-*'], approvers: ['group:ops'], timeout: 1m}\n"
        + "      tools:\n"
        + "        'wipe-*': {approval: {timeout: 1s}}\n";
  }

  static HttpRequest.Builder call(
      URI route, String key, int id, String tool, String args, String caps, String extra) {
    return McpWire.modernCall(route, tool, McpWire.modernToolCall(id, tool, args, caps, extra))
        .header("Authorization", "Bearer " + key);
  }

  static String retry(String action, String state) {
    return "\"inputResponses\":{\"gatehouse.approval\":{\"action\":\""
        + action
        + "\"}},\"requestState\":"
        + JSON.writeValueAsString(state);
  }

  static long ran(String marker) {
    return upstream.requests().stream().filter(q -> q.body().contains(marker)).count();
  }

  static JsonNode error(HttpResponse<String> r) {
    return JSON.readTree(McpWire.answer(r)).path("error");
  }

  /** The first call's input_required result. */
  static JsonNode asked(URI route, String key, String tool, String args) {
    HttpResponse<String> first = McpWire.send(call(route, key, 1, tool, args, URL_CAPS, ""));
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    JsonNode result = JSON.readTree(first.body()).path("result");
    assertThat(result.path("resultType").asString()).as(first.body()).isEqualTo("input_required");
    return result;
  }

  /** The elicitation id of the approval an {@code input_required} result asks for. */
  private static String approvalId(JsonNode inputRequired) {
    return inputRequired
        .path("inputRequests")
        .path("gatehouse.approval")
        .path("params")
        .path("elicitationId")
        .asString();
  }

  @Test
  void the_retry_of_an_approved_call_runs_the_tool_once_and_a_replay_is_refused() {
    try (RunningGatehouse g = RunningGatehouse.start(yaml())) {
      String alice = key(g, "alice", "[]");
      String carol = key(g, "carol", "[\"ops\"]");
      URI route = g.route("admin");

      JsonNode result = asked(route, alice, "delete-user", "{\"name\":\"bob-1\"}");
      JsonNode ask = result.path("inputRequests").path("gatehouse.approval");
      assertThat(ask.path("method").asString()).isEqualTo("elicitation/create");
      String id = ask.path("params").path("elicitationId").asString();
      assertThat(id).startsWith("apr_");
      assertThat(ask.path("params").path("mode").asString()).isEqualTo("url");
      assertThat(ask.path("params").path("url").asString())
          .isEqualTo(g.url("/approvals/" + id).toString());
      assertThat(ask.path("params").path("message").asString()).contains("delete-user");
      String state = result.path("requestState").asString();
      assertThat(state).doesNotContain(id);

      JsonNode pending = awaitPending(g, alice);
      assertThat(pending.path("id").asString()).isEqualTo(id);
      assertThat(pending.path("arguments").path("name").asString()).isEqualTo("bob-1");
      assertThat(ran("bob-1")).isZero();

      assertThat(decide(g, carol, id, true, "fine").statusCode()).isEqualTo(200);
      HttpResponse<String> done =
          McpWire.send(
              call(
                  route,
                  alice,
                  2,
                  "delete-user",
                  "{\"name\":\"bob-1\"}",
                  URL_CAPS,
                  retry("accept", state)));
      assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
      assertThat(McpWire.answer(done)).contains("user gone").contains("\"id\":2");
      assertThat(ran("bob-1")).isEqualTo(1);
      assertThat(upstream.requests().getLast().body())
          .doesNotContain("requestState")
          .doesNotContain("inputResponses");

      HttpResponse<String> replay =
          McpWire.send(
              call(
                  route,
                  alice,
                  3,
                  "delete-user",
                  "{\"name\":\"bob-1\"}",
                  URL_CAPS,
                  retry("accept", state)));
      assertThat(error(replay).path("data").path("key").asString()).isEqualTo("APPROVAL_CONSUMED");
      assertThat(ran("bob-1")).isEqualTo(1);
    }
  }

  @Test
  void on_a_route_bridged_to_a_session_era_upstream_the_approved_retry_runs_the_tool_once() {
    // The approval's requestState is Gatehouse's own: the forward bridge must not take it for a
    // held call's, and must send the call upstream once, without the retry's parts.
    try (ScriptedUpstream legacy =
            ScriptedUpstream.start(
                s ->
                    s.tool(
                        "delete-user",
                        (c, out) -> out.result(ScriptedUpstream.text("legacy user gone"))));
        RunningGatehouse g =
            RunningGatehouse.start(
                "routes:\n"
                    + "  - name: legacy-admin\n"
                    + "    upstream: {url: '"
                    + legacy.url()
                    + "', transport: streamable-http, protocol: 2025-11-25}\n"
                    + "    auth: [api-key]\n"
                    + "    policies:\n"
                    + "      approval: {tools: ['delete-*'], approvers: ['group:ops']}\n")) {
      String alice = key(g, "alice", "[]");
      String carol = key(g, "carol", "[\"ops\"]");
      URI route = g.route("legacy-admin");

      JsonNode result = asked(route, alice, "delete-user", "{\"name\":\"bob-9\"}");
      String id = approvalId(result);
      assertThat(decide(g, carol, id, true, "fine").statusCode()).isEqualTo(200);
      HttpResponse<String> done =
          McpWire.send(
              call(
                  route,
                  alice,
                  2,
                  "delete-user",
                  "{\"name\":\"bob-9\"}",
                  URL_CAPS,
                  retry("accept", result.path("requestState").asString())));

      assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
      assertThat(McpWire.answer(done)).contains("legacy user gone").contains("\"id\":2");
      List<String> calls =
          legacy.requests().stream()
              .map(ScriptedUpstream.Recorded::body)
              .filter(b -> b.contains("bob-9"))
              .toList();
      assertThat(calls).hasSize(1);
      assertThat(calls.getFirst()).doesNotContain("requestState").doesNotContain("inputResponses");
    }
  }

  static final String ELICITING_CAPS = "{\"elicitation\":{\"url\":{},\"form\":{}}}";
  static final String FORM_CAPS = "{\"elicitation\":{\"form\":{}}}";

  /** A route bridged to the session-era fixture, whose tools named {@code test_*} need approval. */
  static String bridgedYaml(ConformanceFixtureServer fixture, String limits) {
    return "gateway: {sse-after: 200ms, keep-alive: 200ms}\n"
        + "routes:\n"
        + "  - name: legacy-fixture\n"
        + "    upstream: {url: '"
        + fixture.url()
        + "', transport: streamable-http, protocol: 2025-11-25}\n"
        + "    auth: [api-key]\n"
        + "    policies:\n"
        + "      approval: {tools: ['test_*'], approvers: ['group:ops'], timeout: 1m}\n"
        + limits;
  }

  static HttpRequest.Builder elicit(
      URI route, String key, int id, String caps, String message, String extra) {
    return call(
        route, key, id, "test_elicitation", "{\"message\":\"" + message + "\"}", caps, extra);
  }

  /** The retry answering every one of {@code inputRequired}'s requests with a filled form. */
  static String answering(JsonNode inputRequired, String state) {
    StringBuilder answers = new StringBuilder();
    inputRequired
        .path("inputRequests")
        .propertyNames()
        .forEach(
            k ->
                answers
                    .append(answers.isEmpty() ? "" : ",")
                    .append(JSON.writeValueAsString(k))
                    .append(
                        ":{\"action\":\"accept\",\"content\":"
                            + "{\"username\":\"alice\",\"email\":\"a@x.io\"}}"));
    return "\"inputResponses\":{"
        + answers
        + "},\"requestState\":"
        + JSON.writeValueAsString(state);
  }

  static JsonNode result(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(McpWire.answer(r)).path("result");
  }

  @Test
  void through_the_bridge_an_elicitation_after_the_approval_continues_the_call_without_a_new_one() {
    try (ConformanceFixtureServer fixture = ConformanceFixtureServer.start();
        RunningGatehouse g = RunningGatehouse.start(bridgedYaml(fixture, ""))) {
      String alice = key(g, "alice", "[]");
      String carol = key(g, "carol", "[\"ops\"]");
      URI route = g.route("legacy-fixture");

      JsonNode asked = result(McpWire.send(elicit(route, alice, 1, ELICITING_CAPS, "who", "")));
      JsonNode ask = asked.path("inputRequests").path("gatehouse.approval");
      String id = ask.path("params").path("elicitationId").asString();
      assertThat(id).as(asked.toString()).startsWith("apr_");
      assertThat(decide(g, carol, id, true, "fine").statusCode()).isEqualTo(200);

      // the approved retry runs the tool, which asks its own question: the bridge holds the call
      JsonNode upstreamAsks =
          result(
              McpWire.send(
                  elicit(
                      route,
                      alice,
                      2,
                      ELICITING_CAPS,
                      "who",
                      retry("accept", asked.path("requestState").asString()))));
      assertThat(upstreamAsks.path("resultType").asString()).isEqualTo("input_required");
      assertThat(upstreamAsks.path("inputRequests").has("gatehouse.approval")).isFalse();
      assertThat(upstreamAsks.path("inputRequests").values().iterator().next().path("method"))
          .hasToString("\"elicitation/create\"");
      String held = upstreamAsks.path("requestState").asString();
      assertThat(fixture.calls("test_elicitation")).isEqualTo(1);

      // a forged state continues nothing: that round is a new call, which needs an approval
      String forged =
          held.substring(0, held.length() - 4) + (held.endsWith("AAAA") ? "BBBB" : "AAAA");
      JsonNode forgedAsks =
          result(
              McpWire.send(
                  elicit(route, alice, 3, ELICITING_CAPS, "who", answering(upstreamAsks, forged))));
      assertThat(forgedAsks.path("inputRequests").has("gatehouse.approval"))
          .as(forgedAsks.toString())
          .isTrue();

      // the answer to the tool's question continues the held call: no approval asked again
      JsonNode done =
          result(
              McpWire.send(
                  elicit(route, alice, 4, ELICITING_CAPS, "who", answering(upstreamAsks, held))));
      assertThat(done.path("resultType").asString()).as(done.toString()).isEqualTo("complete");
      assertThat(done.path("content").get(0).path("text").asString())
          .contains("action=accept")
          .contains("alice");
      assertThat(fixture.calls("test_elicitation")).isEqualTo(1);
    }
  }

  @Test
  void through_the_bridge_a_held_approval_and_the_tools_elicitation_cost_one_quota_unit() {
    String quota = "      limits: {daily: {quota: 1/day}}\n";
    try (ConformanceFixtureServer fixture = ConformanceFixtureServer.start();
        RunningGatehouse g = RunningGatehouse.start(bridgedYaml(fixture, quota))) {
      String alice = key(g, "alice", "[]");
      String carol = key(g, "carol", "[\"ops\"]");
      URI route = g.route("legacy-fixture");

      // without URL elicitation the call is held for the approval, then the tool asks
      Held first = Held.send(elicit(route, alice, 1, FORM_CAPS, "quota", ""));
      String id = awaitPending(g, alice).path("id").asString();
      assertThat(decide(g, carol, id, true, null).statusCode()).isEqualTo(200);
      JsonNode upstreamAsks = first.answer().path("result");
      assertThat(upstreamAsks.path("resultType").asString())
          .as(upstreamAsks.toString())
          .isEqualTo("input_required");

      JsonNode done =
          result(
              McpWire.send(
                  elicit(
                      route,
                      alice,
                      2,
                      FORM_CAPS,
                      "quota",
                      answering(upstreamAsks, upstreamAsks.path("requestState").asString()))));
      assertThat(done.path("resultType").asString()).as(done.toString()).isEqualTo("complete");
      assertThat(fixture.calls("test_elicitation")).isEqualTo(1);

      // the one unit of the day went to that call: the next call is refused
      HttpResponse<String> next = McpWire.send(elicit(route, alice, 3, FORM_CAPS, "again", ""));
      assertThat(error(next).path("data").path("key").asString()).isEqualTo("QUOTA_EXCEEDED");
      assertThat(fixture.calls("test_elicitation")).isEqualTo(1);
    }
  }

  @Test
  void a_retry_before_the_answer_waits_for_it_and_a_denial_refuses_it() {
    try (RunningGatehouse g = RunningGatehouse.start(yaml())) {
      String alice = key(g, "alice", "[]");
      String carol = key(g, "carol", "[\"ops\"]");
      URI route = g.route("admin");
      JsonNode result = asked(route, alice, "delete-user", "{\"name\":\"bob-2\"}");
      String id = approvalId(result);

      Held held =
          Held.send(
              call(
                  route,
                  alice,
                  2,
                  "delete-user",
                  "{\"name\":\"bob-2\"}",
                  URL_CAPS,
                  retry("accept", result.path("requestState").asString())));
      held.await(": keep-alive");
      assertThat(decide(g, carol, id, false, "not this one").statusCode()).isEqualTo(200);
      JsonNode error = held.answer().path("error");
      assertThat(error.path("code").asInt()).isEqualTo(-31060);
      assertThat(error.path("data").path("key").asString()).isEqualTo("APPROVAL_DENIED");
      assertThat(error.path("message").asString())
          .contains("api-key:carol")
          .contains("not this one");
      assertThat(ran("bob-2")).isZero();
    }
  }

  @Test
  void an_approval_that_lapses_while_its_retry_waits_is_refused_approval_timeout() {
    try (RunningGatehouse g = RunningGatehouse.start(yaml())) {
      String alice = key(g, "alice", "[]");
      URI route = g.route("admin");
      JsonNode result = asked(route, alice, "wipe-disk", "{\"disk\":\"d-3\"}");
      Held held =
          Held.send(
              call(
                  route,
                  alice,
                  2,
                  "wipe-disk",
                  "{\"disk\":\"d-3\"}",
                  URL_CAPS,
                  retry("accept", result.path("requestState").asString())));
      JsonNode error = held.answer().path("error");
      assertThat(error.path("data").path("key").asString()).isEqualTo("APPROVAL_TIMEOUT");
      assertThat(ran("d-3")).isZero();
    }
  }

  @Test
  void tampered_or_another_callers_state_is_refused_and_runs_nothing() {
    try (RunningGatehouse g = RunningGatehouse.start(yaml())) {
      String alice = key(g, "alice", "[]");
      String dave = key(g, "dave", "[]");
      String carol = key(g, "carol", "[\"ops\"]");
      URI route = g.route("admin");
      JsonNode result = asked(route, alice, "delete-user", "{\"name\":\"bob-4\"}");
      String state = result.path("requestState").asString();
      String id = approvalId(result);
      assertThat(decide(g, carol, id, true, null).statusCode()).isEqualTo(200);

      HttpResponse<String> asDave =
          McpWire.send(
              call(
                  route,
                  dave,
                  2,
                  "delete-user",
                  "{\"name\":\"bob-4\"}",
                  URL_CAPS,
                  retry("accept", state)));
      assertThat(asDave.statusCode()).isEqualTo(400);
      assertThat(error(asDave).path("data").path("key").asString())
          .isEqualTo("REQUEST_STATE_INVALID");

      String tampered = state.substring(0, state.length() - 3) + "xyz";
      HttpResponse<String> bad =
          McpWire.send(
              call(
                  route,
                  alice,
                  3,
                  "delete-user",
                  "{\"name\":\"bob-4\"}",
                  URL_CAPS,
                  retry("accept", tampered)));
      assertThat(error(bad).path("data").path("key").asString()).isEqualTo("REQUEST_STATE_INVALID");

      HttpResponse<String> otherCall =
          McpWire.send(
              call(
                  route,
                  alice,
                  4,
                  "delete-user",
                  "{\"name\":\"eve\"}",
                  URL_CAPS,
                  retry("accept", state)));
      assertThat(error(otherCall).path("data").path("key").asString())
          .isEqualTo("REQUEST_STATE_INVALID");

      HttpResponse<String> declined =
          McpWire.send(
              call(
                  route,
                  alice,
                  5,
                  "delete-user",
                  "{\"name\":\"bob-4\"}",
                  URL_CAPS,
                  retry("decline", state)));
      assertThat(error(declined).path("data").path("key").asString()).isEqualTo("INPUT_DECLINED");
      assertThat(ran("bob-4")).isZero();
      assertThat(ran("eve")).isZero();
    }
  }

  @Test
  void a_client_without_url_elicitation_is_held_with_keep_alives_as_before() {
    try (RunningGatehouse g = RunningGatehouse.start(yaml())) {
      String alice = key(g, "alice", "[]");
      String carol = key(g, "carol", "[\"ops\"]");
      URI route = g.route("admin");
      Held held = Held.send(call(route, alice, 1, "delete-user", "{\"name\":\"bob-5\"}", "{}", ""));
      String id = awaitPending(g, alice).path("id").asString();
      held.await(": keep-alive");
      assertThat(held.lines()).noneMatch(l -> l.contains("input_required"));
      assertThat(decide(g, carol, id, true, null).statusCode()).isEqualTo(200);
      assertThat(held.answer().toString()).contains("user gone");
      assertThat(ran("bob-5")).isEqualTo(1);
    }
  }
}
