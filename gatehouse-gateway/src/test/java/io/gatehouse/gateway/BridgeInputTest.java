package io.gatehouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.gateway.mrtr.RequestStateSealer;
import io.gatehouse.testkit.ConformanceFixtureServer;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bridge's MRTR (2026-07-28): a session-era upstream's elicitation or sampling request during a
 * call ends the caller's POST with {@code input_required}; the retry's answers reach the waiting
 * upstream request, which then completes, the tool having run once. A retry whose {@code
 * requestState} is tampered with, expired, another caller's or another request's is refused, and
 * the tool does not run again.
 */
class BridgeInputTest {
  static final String ELICITS = "{\"elicitation\":{}}";
  static ConformanceFixtureServer fixture;
  static byte[] stateKey = new byte[32];
  static GatewayUnderTest gatehouse;

  @BeforeAll
  static void start() {
    new SecureRandom().nextBytes(stateKey);
    fixture = ConformanceFixtureServer.start();
    gatehouse = gateway(BridgeSettings.defaults());
  }

  static GatewayUnderTest gateway(BridgeSettings settings) {
    return GatewayUnderTest.custom(
        b -> b.bridge(settings).requestStates(new RequestStateSealer(stateKey)),
        Map.of(Phase.AUTHENTICATE, List.of(BridgeTest.KEYS)),
        BridgeTest.legacy("fixture", fixture.url()));
  }

  @AfterAll
  static void stop() {
    gatehouse.close();
    fixture.close();
  }

  static ModernRequest elicit(URI route, int id, String message) {
    return ModernRequest.call(route, id, "test_elicitation", "{\"message\":\"" + message + "\"}")
        .capabilities(ELICITS)
        .apiKey("ann");
  }

  /** The answers to every input request of {@code inputRequired}. */
  static ObjectNode accept(JsonNode inputRequired) {
    ObjectNode answers = ModernRequest.JSON.createObjectNode();
    for (Entry<String, JsonNode> e :
        inputRequired.path("result").path("inputRequests").properties()) {
      answers.set(
          e.getKey(),
          ModernRequest.JSON.readTree(
              "{\"action\":\"accept\",\"content\":{\"username\":\"ann\",\"email\":\"a@x.io\"}}"));
    }
    return answers;
  }

  @Test
  void an_elicitation_becomes_input_required_and_the_retry_completes_the_call_once() {
    URI route = gatehouse.route("fixture");
    int before = fixture.calls("test_elicitation");
    ModernRequest.Answer first = elicit(route, 1, "who are you").send();
    JsonNode r = first.result();
    assertThat(r.path("resultType").asString()).isEqualTo("input_required");
    assertThat(r.path("inputRequests").size()).isOne();
    JsonNode asked = r.path("inputRequests").values().iterator().next();
    assertThat(asked.path("method").asString()).isEqualTo("elicitation/create");
    assertThat(asked.path("params").path("message").asString()).isEqualTo("who are you");
    assertThat(r.path("requestState").asString()).isNotEmpty();

    ModernRequest.Answer done =
        elicit(route, 2, "who are you").retry(first.json(), accept(first.json())).send();
    assertThat(done.json().path("id").asInt()).isEqualTo(2);
    assertThat(done.result().path("resultType").asString()).isEqualTo("complete");
    assertThat(done.result().path("content").get(0).path("text").asString())
        .contains("action=accept")
        .contains("ann");
    assertThat(fixture.calls("test_elicitation")).isEqualTo(before + 1);
  }

  @Test
  void a_sampling_request_is_asked_and_answered_the_same_way() {
    URI route = gatehouse.route("fixture");
    ModernRequest call =
        ModernRequest.call(route, 1, "test_sampling", "{\"prompt\":\"capital of France?\"}")
            .capabilities("{\"sampling\":{}}")
            .apiKey("ann");
    ModernRequest.Answer first = call.send();
    JsonNode asked = first.result().path("inputRequests").values().iterator().next();
    assertThat(asked.path("method").asString()).isEqualTo("sampling/createMessage");

    ObjectNode answers = ModernRequest.JSON.createObjectNode();
    first
        .result()
        .path("inputRequests")
        .propertyNames()
        .forEach(
            k ->
                answers.set(
                    k,
                    ModernRequest.JSON.readTree(
                        "{\"role\":\"assistant\",\"content\":{\"type\":\"text\",\"text\":\"Paris\"},"
                            + "\"model\":\"m\",\"stopReason\":\"endTurn\"}")));
    ModernRequest.Answer done =
        ModernRequest.call(route, 2, "test_sampling", "{\"prompt\":\"capital of France?\"}")
            .capabilities("{\"sampling\":{}}")
            .apiKey("ann")
            .retry(first.json(), answers)
            .send();
    assertThat(done.result().path("content").get(0).path("text").asString())
        .isEqualTo("LLM response: Paris");
  }

  @Test
  void a_tampered_state_is_refused_and_the_tool_does_not_run_again() {
    URI route = gatehouse.route("fixture");
    ModernRequest.Answer first = elicit(route, 1, "tamper").send();
    int after = fixture.calls("test_elicitation");
    String state = first.result().path("requestState").asString();
    char[] c = state.toCharArray();
    int i = c.length / 2;
    c[i] = c[i] == 'A' ? 'B' : 'A';
    ObjectNode forged = (ObjectNode) first.json().deepCopy();
    ((ObjectNode) forged.path("result")).put("requestState", new String(c));

    ModernRequest.Answer refused =
        elicit(route, 2, "tamper").retry(forged, accept(first.json())).send();
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().path("error").path("code").asInt()).isEqualTo(-32602);
    assertThat(refused.errorKey()).isEqualTo("REQUEST_STATE_INVALID");
    assertThat(fixture.calls("test_elicitation")).isEqualTo(after);
  }

  @Test
  void a_state_used_for_another_request_is_refused() {
    URI route = gatehouse.route("fixture");
    ModernRequest.Answer first = elicit(route, 1, "one thing").send();
    int after = fixture.calls("test_elicitation");
    ModernRequest.Answer refused =
        elicit(route, 2, "another thing").retry(first.json(), accept(first.json())).send();
    assertThat(refused.errorKey()).isEqualTo("REQUEST_STATE_INVALID");
    assertThat(fixture.calls("test_elicitation")).isEqualTo(after);
  }

  @Test
  void a_state_used_by_another_principal_is_refused() {
    URI route = gatehouse.route("fixture");
    ModernRequest.Answer first = elicit(route, 1, "mine").send();
    int after = fixture.calls("test_elicitation");
    ModernRequest.Answer refused =
        elicit(route, 2, "mine").apiKey("bob").retry(first.json(), accept(first.json())).send();
    assertThat(refused.errorKey()).isEqualTo("REQUEST_STATE_INVALID");
    assertThat(fixture.calls("test_elicitation")).isEqualTo(after);
  }

  @Test
  void an_expired_state_is_refused_and_the_tool_does_not_run_again() {
    try (GatewayUnderTest brief =
        gateway(BridgeSettings.defaults().withInputWait(Duration.ofMillis(1)))) {
      URI route = brief.route("fixture");
      ModernRequest.Answer first = elicit(route, 1, "too slow").send();
      long answeredAt = System.currentTimeMillis();
      int after = fixture.calls("test_elicitation");
      await().until(() -> System.currentTimeMillis() > answeredAt + 5);

      ModernRequest.Answer refused =
          elicit(route, 2, "too slow").retry(first.json(), accept(first.json())).send();
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.errorKey()).isEqualTo("REQUEST_STATE_EXPIRED");
      assertThat(fixture.calls("test_elicitation")).isEqualTo(after);
    }
  }

  @Test
  void a_retry_whose_call_is_held_nowhere_it_can_reach_gets_a_clear_error() {
    try (GatewayUnderTest other = gateway(BridgeSettings.defaults())) {
      ModernRequest.Answer first = elicit(gatehouse.route("fixture"), 1, "elsewhere").send();
      int after = fixture.calls("test_elicitation");
      ModernRequest.Answer refused =
          elicit(other.route("fixture"), 2, "elsewhere")
              .retry(first.json(), accept(first.json()))
              .send();
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.errorKey()).isEqualTo("PENDING_CALL_GONE");
      assertThat(refused.json().path("error").path("data").path("hint").asString())
          .contains("not run again");
      assertThat(fixture.calls("test_elicitation")).isEqualTo(after);
    }
  }
}
