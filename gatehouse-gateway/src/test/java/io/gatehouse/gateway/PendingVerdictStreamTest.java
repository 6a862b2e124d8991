package io.gatehouse.gateway;

import static io.gatehouse.testkit.McpWire.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.ErrorKey;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A message verdict that is still pending after {@code sse-after} (a call held for approval) opens
 * the caller's event stream at once, so keep-alive comments flow while it waits; the answer or the
 * refusal then comes on that stream. A caller that takes only JSON waits for JSON.
 */
class PendingVerdictStreamTest {
  static final ErrorKey HELD_NO =
      ErrorKey.of("HELD_NO", 403, -32003, "Ask someone to approve the call.");

  static ScriptedUpstream upstream;
  static GatewayUnderTest gatehouse;
  static URI route;

  /** The decision of each held call, taken in order by the policy. */
  static final BlockingQueue<CompletableFuture<Verdict>> held = new LinkedBlockingQueue<>();

  /** Whether the policy could send its own request to the caller of each "ask" call. */
  static final BlockingQueue<Boolean> asked = new LinkedBlockingQueue<>();

  /** The caller's answers the policy took. */
  static final List<String> answers = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    upstream =
        ScriptedUpstream.start(
            s -> s.tool("held", (c, out) -> out.result(ScriptedUpstream.text("held done"))));
    McpPolicy hold =
        new McpPolicy() {
          @Override
          public Verdict onMessage(McpExchange ex) {
            if (ex.message().isResponse()
                && !ex.message().id().numeric()
                && ex.message().id().text().startsWith("gh-ask-")) {
              answers.add(new String(ex.body(), StandardCharsets.UTF_8));
              return Verdict.HANDLED;
            }
            if ("ask".equals(ex.message().toolName())) {
              boolean sent =
                  ex.session().clientUrlElicitation()
                      && ex.sendToCaller(
                          ("{\"jsonrpc\":\"2.0\",\"id\":\"gh-ask-"
                                  + ex.message().id().text()
                                  + "\",\"method\":\"elicitation/create\",\"params\":{\"mode\":\"url\"}}")
                              .getBytes(StandardCharsets.UTF_8));
              asked.add(sent);
            } else if (!"held".equals(ex.message().toolName())) {
              return Verdict.PROCEED;
            }
            CompletableFuture<Verdict> f = new CompletableFuture<>();
            held.add(f);
            return Verdict.async(f);
          }
        };
    gatehouse =
        GatewayUnderTest.withPolicy(
            s -> s.sseAfter(Duration.ofMillis(100)).keepAlive(Duration.ofMillis(100)),
            Phase.APPROVAL,
            hold,
            GatewayUnderTest.route("r", upstream.url(), UpstreamTransport.STREAMABLE_HTTP));
    route = gatehouse.route("r");
  }

  @AfterAll
  static void stop() {
    gatehouse.close();
    upstream.close();
  }

  /** Reads an answer line by line as it arrives, on a virtual thread. */
  record Lines(HttpResponse<InputStream> response, List<String> lines) {
    static Lines read(HttpResponse<InputStream> r) {
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
      return new Lines(r, lines);
    }

    void await(String line) {
      Awaitility.await("line " + line + " in " + lines)
          .atMost(Duration.ofSeconds(10))
          .until(() -> lines.stream().anyMatch(l -> l.startsWith(line)));
    }
  }

  private static CompletableFuture<Verdict> nextHeld() throws InterruptedException {
    CompletableFuture<Verdict> f = held.poll(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(f).as("the policy held the call").isNotNull();
    return f;
  }

  @Test
  void a_held_call_answers_as_an_event_stream_with_keep_alives_then_the_result() throws Exception {
    String session = McpWire.open(route);
    Lines answer =
        Lines.read(McpWire.stream(post(route, session, McpWire.toolCall(5, "held", "{}"))));
    CompletableFuture<Verdict> decision = nextHeld();

    answer.await(": keep-alive");
    assertThat(answer.response().headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
    assertThat(answer.lines()).noneMatch(l -> l.contains("held done"));
    assertThat(upstream.requests()).noneMatch(q -> q.body().contains("\"held\""));

    decision.complete(Verdict.PROCEED);
    answer.await("<end>");
    assertThat(answer.lines().getFirst()).startsWith("id: ");
    assertThat(String.join("\n", answer.lines())).contains("held done").contains("\"id\":5");
  }

  @Test
  void a_refusal_after_the_stream_opened_is_the_json_rpc_error_on_that_stream() throws Exception {
    String session = McpWire.open(route);
    Lines answer =
        Lines.read(McpWire.stream(post(route, session, McpWire.toolCall(6, "held", "{}"))));
    CompletableFuture<Verdict> decision = nextHeld();
    answer.await(": keep-alive");

    decision.complete(Verdict.refuse(HELD_NO, "nobody approved it"));
    answer.await("<end>");
    String all = String.join("\n", answer.lines());
    assertThat(all).contains("\"key\":\"HELD_NO\"").contains("nobody approved it");
    assertThat(all).contains("\"id\":6");
  }

  @Test
  void a_caller_that_takes_only_json_waits_for_json() throws Exception {
    String session = McpWire.open(route);
    CompletableFuture<HttpResponse<String>> sent =
        McpWire.HTTP.sendAsync(
            post(route, session, McpWire.toolCall(7, "held", "{}"))
                .header("Accept", "application/json")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    CompletableFuture<Verdict> decision = nextHeld();
    decision.complete(Verdict.PROCEED);
    HttpResponse<String> r = sent.get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(r.body()).contains("held done");
  }

  @Test
  void a_policy_sends_its_own_request_on_the_held_calls_stream_and_takes_the_answer()
      throws Exception {
    String session = McpWire.open(route, "{\"elicitation\":{\"url\":{}}}");
    Lines answer =
        Lines.read(McpWire.stream(post(route, session, McpWire.toolCall(9, "ask", "{}"))));
    CompletableFuture<Verdict> decision = nextHeld();
    assertThat(asked.poll(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    // sent at once, before sse-after would have opened the stream
    answer.await("data: {\"jsonrpc\":\"2.0\",\"id\":\"gh-ask-9\"");
    assertThat(answer.lines().getFirst()).startsWith("id: ");

    HttpResponse<String> taken =
        McpWire.send(
            post(
                route,
                session,
                "{\"jsonrpc\":\"2.0\",\"id\":\"gh-ask-9\",\"result\":{\"action\":\"accept\"}}"));
    assertThat(taken.statusCode()).isEqualTo(202);
    assertThat(answers).anyMatch(a -> a.contains("gh-ask-9"));
    assertThat(upstream.requests()).noneMatch(q -> q.body().contains("gh-ask-9"));

    decision.complete(Verdict.PROCEED);
    answer.await("<end>");
    assertThat(String.join("\n", answer.lines())).contains("\"id\":9").contains("result");
  }

  @Test
  void a_client_without_url_elicitation_is_not_sent_the_policys_request() throws Exception {
    String session = McpWire.open(route);
    HttpResponse<String> r;
    CompletableFuture<HttpResponse<String>> sent =
        McpWire.HTTP.sendAsync(
            post(route, session, McpWire.toolCall(10, "ask", "{}")).build(),
            HttpResponse.BodyHandlers.ofString());
    CompletableFuture<Verdict> decision = nextHeld();
    assertThat(asked.poll(10, java.util.concurrent.TimeUnit.SECONDS)).isFalse();
    decision.complete(Verdict.PROCEED);
    r = sent.get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(r.body()).doesNotContain("gh-ask-").contains("\"id\":10");
  }

  @Test
  void a_call_decided_at_once_stays_json() {
    String session = McpWire.open(route);
    HttpResponse<String> r =
        McpWire.send(post(route, session, McpWire.toolCall(8, "echo", "{\"message\":\"quick\"}")));
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(r.body()).contains("Echo: quick");
  }
}
