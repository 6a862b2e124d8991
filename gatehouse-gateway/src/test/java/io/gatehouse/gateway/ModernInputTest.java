package io.gatehouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.ErrorKey;
import io.gatehouse.core.Principal;
import io.gatehouse.gateway.mrtr.InputRequest;
import io.gatehouse.gateway.mrtr.InputRetry;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A policy that needs its caller to open a page (as per-user consent and the approval hold do), for
 * 2026-07-28 clients: an {@code input_required} result with a sealed {@code requestState} when the
 * client declared URL elicitation, {@code -32021} with the link otherwise; the retry goes upstream
 * once its state opens for the same caller, route and request, without Gatehouse's own MRTR parts;
 * a session-era client still gets the refusal.
 */
class ModernInputTest {
  static final ErrorKey PAGE_NEEDED = ErrorKey.of("PAGE_NEEDED", 403, -32042, "Open the page.");
  static final String URL_CAPS = "{\"elicitation\":{\"url\":{}}}";
  static final JsonMapper JSON = JsonMapper.shared();
  static final AtomicBoolean granted = new AtomicBoolean();

  static ScriptedUpstream upstream;
  static ScriptedUpstream sessionUpstream;
  static GatewayUnderTest gatehouse;
  static URI route;

  @BeforeAll
  static void start() {
    upstream =
        ScriptedUpstream.start(
            s ->
                s.stateless()
                    .tool("guarded", (c, out) -> out.result(ScriptedUpstream.text("ran"))));
    McpPolicy asking =
        new McpPolicy() {
          @Override
          public Verdict onMessage(McpExchange ex) {
            String user = ex.header("X-User");
            if (user != null) {
              ex.authenticated(
                  new Principal(user, Principal.Kind.USER, null, Set.of(), Set.of(), "test"));
            }
            if (!"guarded".equals(ex.message().toolName())) {
              return Verdict.PROCEED;
            }
            InputRetry retry = InputRetry.of(ex);
            if (retry != null && retry.answers("page") && granted.get()) {
              try {
                return "payload-1".equals(retry.accepted("page").payload())
                    ? Verdict.PROCEED
                    : Verdict.refuse(GatewayErrors.INTERNAL_ERROR, "wrong payload");
              } catch (GatewayException e) {
                return Verdict.refuseHttp(e.error(), e.getMessage(), Map.of());
              }
            }
            return new Verdict.Refuse(PAGE_NEEDED, "open the page first", Map.of())
                .withInput(
                    new InputRequest(
                        "page",
                        "http://127.0.0.1:1/page/1",
                        "Open the page, then go on.",
                        "el-1",
                        "payload-1",
                        Instant.now().plusSeconds(60)));
          }
        };
    sessionUpstream = ScriptedUpstream.start(s -> s.tool("guarded", (c, out) -> {}));
    RouteDefinition sessions =
        GatewayUnderTest.route("s", sessionUpstream.url(), UpstreamTransport.STREAMABLE_HTTP);
    RouteDefinition r =
        RouteDefinition.of(
            "r",
            UpstreamDefinition.of(upstream.url(), UpstreamTransport.STREAMABLE_HTTP)
                .withProtocol(UpstreamProtocol.MODERN));
    gatehouse = GatewayUnderTest.withPolicy(s -> s, Phase.APPROVAL, asking, r, sessions);
    route = gatehouse.route("r");
  }

  @AfterAll
  static void stop() {
    gatehouse.close();
    upstream.close();
    sessionUpstream.close();
  }

  @BeforeEach
  void notYet() {
    granted.set(false);
  }

  static HttpResponse<String> call(String user, int id, String args, String caps, String extra) {
    HttpRequest.Builder b =
        McpWire.modernCall(
            route, "guarded", McpWire.modernToolCall(id, "guarded", args, caps, extra));
    if (user != null) {
      b.header("X-User", user);
    }
    return McpWire.send(b);
  }

  static String retryParts(String action, String state) {
    return "\"inputResponses\":{\"gatehouse.page\":{\"action\":\""
        + action
        + "\"}},\"requestState\":"
        + JSON.writeValueAsString(state);
  }

  static long upstreamCalls(String tool) {
    return upstream.requests().stream().filter(q -> q.body().contains("\"" + tool + "\"")).count();
  }

  static long ranUpstream() {
    return upstream.requests().stream().filter(q -> q.body().contains("\"guarded\"")).count();
  }

  /** The first answer: input_required; returns its requestState. */
  static String asked(String user, String args) {
    HttpResponse<String> first = call(user, 1, args, URL_CAPS, "");
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    JsonNode result = JSON.readTree(first.body()).path("result");
    assertThat(result.path("resultType").asString()).isEqualTo("input_required");
    return result.path("requestState").asString();
  }

  @Test
  void a_client_with_url_elicitation_is_asked_with_input_required_and_a_sealed_state() {
    HttpResponse<String> first = call("alice", 7, "{}", URL_CAPS, "");
    assertThat(first.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(first.body());
    assertThat(body.path("id").asInt()).isEqualTo(7);
    JsonNode result = body.path("result");
    assertThat(result.path("resultType").asString()).isEqualTo("input_required");
    JsonNode ask = result.path("inputRequests").path("gatehouse.page");
    assertThat(ask.path("method").asString()).isEqualTo("elicitation/create");
    assertThat(ask.path("params").path("mode").asString()).isEqualTo("url");
    assertThat(ask.path("params").path("url").asString()).isEqualTo("http://127.0.0.1:1/page/1");
    assertThat(ask.path("params").path("elicitationId").asString()).isEqualTo("el-1");
    assertThat(ask.path("params").path("message").asString()).contains("Open the page");
    assertThat(result.path("requestState").asString())
        .startsWith("ghr1.")
        .doesNotContain("payload-1");
    assertThat(ranUpstream()).isZero();
  }

  @Test
  void a_client_without_url_elicitation_gets_32021_with_the_link() {
    HttpResponse<String> r = call("alice", 2, "{}", "{}", "");
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode error = JSON.readTree(r.body()).path("error");
    assertThat(error.path("code").asInt()).isEqualTo(-32021);
    assertThat(error.path("data").path("key").asString()).isEqualTo("CLIENT_CAPABILITY_REQUIRED");
    assertThat(error.path("data").path("reason").asString()).isEqualTo("PAGE_NEEDED");
    assertThat(error.path("data").path("url").asString()).isEqualTo("http://127.0.0.1:1/page/1");
    assertThat(error.path("data").path("requiredCapabilities").path("elicitation").has("url"))
        .isTrue();
    assertThat(error.path("message").asString()).isEqualTo("open the page first");
  }

  @Test
  void the_accepted_retry_goes_upstream_once_without_gatehouse_parts() {
    String state = asked("alice", "{\"n\":1}");
    granted.set(true);
    long before = ranUpstream();
    HttpResponse<String> retry =
        call("alice", 2, "{\"n\":1}", URL_CAPS, retryParts("accept", state));
    assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
    assertThat(
            JSON.readTree(retry.body())
                .path("result")
                .path("content")
                .get(0)
                .path("text")
                .asString())
        .isEqualTo("ran");
    assertThat(ranUpstream()).isEqualTo(before + 1);
    String sent = upstream.requests().getLast().body();
    assertThat(sent).doesNotContain("inputResponses").doesNotContain("requestState");
    assertThat(JSON.readTree(sent).path("params").path("arguments").path("n").asInt()).isEqualTo(1);
  }

  @Test
  void an_answer_under_an_escaped_gatehouse_key_is_taken_out_too() {
    // "gatehouse\u002epage" is the key "gatehouse.page": it must not slip upstream unchecked
    String state = asked("alice", "{\"n\":3}");
    granted.set(true);
    long before = ranUpstream();
    String escaped =
        "\"inputResponses\":{\"gatehouse\\u002epage\":{\"action\":\"accept\"}},\"requestState\":"
            + JSON.writeValueAsString(state);
    assertThat(escaped).contains("gatehouse\\u002epage");

    HttpResponse<String> retry = call("alice", 2, "{\"n\":3}", URL_CAPS, escaped);

    assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
    assertThat(ranUpstream()).isEqualTo(before + 1);
    String sent = upstream.requests().getLast().body();
    assertThat(sent)
        .doesNotContain("inputResponses")
        .doesNotContain("requestState")
        .doesNotContain("gatehouse");
  }

  @Test
  void an_escaped_gatehouse_key_no_policy_took_is_still_checked_and_never_relayed() {
    // no policy asks for "page" on this tool: the gateway itself must find the escaped key
    long before = upstreamCalls("unguarded");
    String forged =
        "\"inputResponses\":{\"\\u0067atehouse.page\":{\"action\":\"accept\"}},"
            + "\"requestState\":\"ghr1.forged\"";

    HttpResponse<String> r =
        McpWire.send(
            McpWire.modernCall(
                    route,
                    "unguarded",
                    McpWire.modernToolCall(2, "unguarded", "{}", URL_CAPS, forged))
                .header("X-User", "alice"));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).path("error").path("data").path("key").asString())
        .isEqualTo("REQUEST_STATE_INVALID");
    assertThat(upstreamCalls("unguarded")).isEqualTo(before);
  }

  @Test
  void a_retry_before_the_page_did_its_work_is_asked_again_with_a_fresh_state() {
    String state = asked("alice", "{}");
    HttpResponse<String> again = call("alice", 2, "{}", URL_CAPS, retryParts("accept", state));
    JsonNode result = JSON.readTree(again.body()).path("result");
    assertThat(result.path("resultType").asString()).isEqualTo("input_required");
    assertThat(result.path("requestState").asString()).startsWith("ghr1.").isNotEqualTo(state);
  }

  @Test
  void tampered_state_is_refused_and_nothing_goes_upstream() {
    String state = asked("alice", "{}");
    granted.set(true);
    long before = ranUpstream();
    String tampered = state.substring(0, state.length() - 4) + "AAAA";
    for (String bad : List.of(tampered, state + "-TAMPERED", "")) {
      HttpResponse<String> r = call("alice", 2, "{}", URL_CAPS, retryParts("accept", bad));
      assertThat(r.statusCode()).isEqualTo(400);
      JsonNode error = JSON.readTree(r.body()).path("error");
      assertThat(error.path("code").asInt()).isEqualTo(-32602);
      assertThat(error.path("data").path("key").asString()).isEqualTo("REQUEST_STATE_INVALID");
    }
    assertThat(ranUpstream()).isEqualTo(before);
  }

  @Test
  void another_callers_or_another_requests_state_is_refused() {
    String state = asked("alice", "{\"n\":1}");
    granted.set(true);
    long before = ranUpstream();
    HttpResponse<String> bob = call("bob", 2, "{\"n\":1}", URL_CAPS, retryParts("accept", state));
    assertThat(JSON.readTree(bob.body()).path("error").path("data").path("key").asString())
        .isEqualTo("REQUEST_STATE_INVALID");
    HttpResponse<String> other =
        call("alice", 3, "{\"n\":2}", URL_CAPS, retryParts("accept", state));
    assertThat(JSON.readTree(other.body()).path("error").path("data").path("key").asString())
        .isEqualTo("REQUEST_STATE_INVALID");
    assertThat(ranUpstream()).isEqualTo(before);
  }

  @Test
  void a_declined_or_cancelled_elicitation_is_refused_input_declined() {
    String state = asked("alice", "{}");
    for (String action : List.of("decline", "cancel")) {
      HttpResponse<String> r = call("alice", 2, "{}", URL_CAPS, retryParts(action, state));
      assertThat(r.statusCode()).isEqualTo(400);
      JsonNode error = JSON.readTree(r.body()).path("error");
      assertThat(error.path("data").path("key").asString()).isEqualTo("INPUT_DECLINED");
      assertThat(error.path("message").asString()).contains("'" + action + "'");
    }
  }

  @Test
  void a_session_era_client_still_gets_the_refusal() {
    URI sessionRoute = gatehouse.route("s");
    String session = McpWire.open(sessionRoute, URL_CAPS);
    HttpResponse<String> r =
        McpWire.send(
            McpWire.post(sessionRoute, session, McpWire.toolCall(5, "guarded", "{}"))
                .header("X-User", "alice"));
    JsonNode error = JSON.readTree(McpWire.answer(r)).path("error");
    assertThat(error.path("code").asInt()).isEqualTo(-32042);
    assertThat(error.path("data").path("key").asString()).isEqualTo("PAGE_NEEDED");
  }
}
