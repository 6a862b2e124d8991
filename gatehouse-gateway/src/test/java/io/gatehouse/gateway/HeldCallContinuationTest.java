package io.gatehouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.gateway.mrtr.InputRetry;
import io.gatehouse.gateway.mrtr.RequestDigest;
import io.gatehouse.gateway.mrtr.RequestState;
import io.gatehouse.gateway.mrtr.RequestStateSealer;
import io.gatehouse.testkit.ConformanceFixtureServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the policies see of a forward-bridged call's MRTR rounds: the round that answers the
 * upstream's elicitation continues the call the gateway holds ({@link
 * InputRetry#continuesHeldCall}), which a one-shot policy lets through; a forged, expired, another
 * caller's or another purpose's state is no continuation, whatever the client sends.
 */
class HeldCallContinuationTest {
  static final byte[] STATE_KEY = new byte[32];
  static final List<Boolean> seen = new CopyOnWriteArrayList<>();

  /** Records, for each call, whether it continues a held call. */
  static final McpPolicy RECORDS =
      new McpPolicy() {
        @Override
        public Verdict onMessage(McpExchange ex) {
          if (ex.message().toolName() != null) {
            seen.add(InputRetry.continuesHeldCall(ex));
          }
          return Verdict.PROCEED;
        }
      };

  static ConformanceFixtureServer fixture;
  static GatewayUnderTest gatehouse;

  @BeforeAll
  static void start() {
    new SecureRandom().nextBytes(STATE_KEY);
    fixture = ConformanceFixtureServer.start();
    gatehouse = gateway(BridgeSettings.defaults());
  }

  static GatewayUnderTest gateway(BridgeSettings settings) {
    return GatewayUnderTest.custom(
        b -> b.bridge(settings).requestStates(new RequestStateSealer(STATE_KEY)),
        Map.of(Phase.AUTHENTICATE, List.of(BridgeTest.KEYS), Phase.APPROVAL, List.of(RECORDS)),
        BridgeTest.legacy("fixture", fixture.url()));
  }

  @AfterAll
  static void stop() {
    gatehouse.close();
    fixture.close();
  }

  @BeforeEach
  void clear() {
    seen.clear();
  }

  @Test
  void the_round_answering_the_upstreams_elicitation_continues_the_held_call() {
    URI route = gatehouse.route("fixture");
    int before = fixture.calls("test_elicitation");
    ModernRequest.Answer first = BridgeInputTest.elicit(route, 1, "continue me").send();
    assertThat(first.result().path("resultType").asString()).isEqualTo("input_required");

    ModernRequest.Answer done =
        BridgeInputTest.elicit(route, 2, "continue me")
            .retry(first.json(), BridgeInputTest.accept(first.json()))
            .send();

    assertThat(done.result().path("resultType").asString())
        .as(done.json().toString())
        .isEqualTo("complete");
    assertThat(seen).containsExactly(false, true);
    assertThat(fixture.calls("test_elicitation")).isEqualTo(before + 1);
  }

  @Test
  void a_tampered_state_is_no_continuation() {
    URI route = gatehouse.route("fixture");
    ModernRequest.Answer first = BridgeInputTest.elicit(route, 1, "tampered").send();
    String state = first.result().path("requestState").asString();
    char[] c = state.toCharArray();
    c[c.length / 2] = c[c.length / 2] == 'A' ? 'B' : 'A';

    ModernRequest.Answer refused =
        BridgeInputTest.elicit(route, 2, "tampered")
            .retry(withState(first, new String(c)), BridgeInputTest.accept(first.json()))
            .send();

    assertThat(refused.errorKey()).isEqualTo("REQUEST_STATE_INVALID");
    assertThat(seen).containsExactly(false, false);
  }

  @Test
  void another_callers_state_is_no_continuation() {
    URI route = gatehouse.route("fixture");
    ModernRequest.Answer first = BridgeInputTest.elicit(route, 1, "not bob's").send();

    ModernRequest.Answer refused =
        BridgeInputTest.elicit(route, 2, "not bob's")
            .apiKey("bob")
            .retry(first.json(), BridgeInputTest.accept(first.json()))
            .send();

    assertThat(refused.errorKey()).isEqualTo("REQUEST_STATE_INVALID");
    assertThat(seen).containsExactly(false, false);
  }

  @Test
  void a_state_sealed_for_another_purpose_is_no_continuation() {
    // sealed with the gateway's own key, for this caller, route and request, but as a consent's
    URI route = gatehouse.route("fixture");
    ModernRequest call = BridgeInputTest.elicit(route, 1, "consent state");
    byte[] digest =
        RequestDigest.of(
            ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":"
                    + "{\"name\":\"test_elicitation\",\"arguments\":"
                    + "{\"message\":\"consent state\"}}}")
                .getBytes(StandardCharsets.UTF_8));
    RequestStateSealer sealer = new RequestStateSealer(STATE_KEY);
    long now = System.currentTimeMillis();
    String consent =
        sealer.seal(
            new RequestState("consent", "api-key:ann", "fixture", digest, now + 60_000, "", "x"));
    // valid in every way but its purpose
    assertThat(sealer.open(consent, "consent", "api-key:ann", "fixture", digest, now).payload())
        .isEqualTo("x");
    ObjectNode asIf = ModernRequest.JSON.createObjectNode();
    asIf.putObject("result").put("requestState", consent);

    ModernRequest.Answer refused = call.retry(asIf, ModernRequest.JSON.createObjectNode()).send();

    assertThat(refused.errorKey()).isEqualTo("REQUEST_STATE_INVALID");
    assertThat(seen).containsExactly(false);
  }

  @Test
  void an_expired_state_is_no_continuation() {
    try (GatewayUnderTest brief =
        gateway(BridgeSettings.defaults().withInputWait(Duration.ofMillis(1)))) {
      URI route = brief.route("fixture");
      ModernRequest.Answer first = BridgeInputTest.elicit(route, 1, "late").send();
      long answeredAt = System.currentTimeMillis();
      await().until(() -> System.currentTimeMillis() > answeredAt + 5);

      ModernRequest.Answer refused =
          BridgeInputTest.elicit(route, 2, "late")
              .retry(first.json(), BridgeInputTest.accept(first.json()))
              .send();

      assertThat(refused.errorKey()).isEqualTo("REQUEST_STATE_EXPIRED");
      assertThat(seen).containsExactly(false, false);
    }
  }

  private static JsonNode withState(ModernRequest.Answer first, String state) {
    ObjectNode copy = (ObjectNode) first.json().deepCopy();
    ((ObjectNode) copy.path("result")).put("requestState", state);
    return copy;
  }
}
