package io.gatehouse.gateway.mrtr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class RequestStateSealerTest {
  private static final long NOW = 1_800_000_000_000L;
  private static final byte[] CALL =
      utf8(
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"deploy\","
              + "\"arguments\":{\"env\":\"prod\",\"n\":1.50}}}");

  private final RequestStateSealer sealer = RequestStateSealer.withRandomKey();
  private final RequestState state =
      new RequestState(
          "bridge", "api-key:alice", "ops", RequestDigest.of(CALL), NOW + 60_000, "r-1", "p-42");

  @Test
  void opens_what_it_sealed_for_the_same_request_caller_and_route() {
    String sealed = sealer.seal(state);

    assertThat(sealed).startsWith("ghr1.").matches("[A-Za-z0-9._-]+").doesNotContain("p-42");
    assertThat(open(sealed, "bridge", "api-key:alice", "ops", CALL, NOW)).isEqualTo(state);
  }

  @Test
  void a_retry_digests_like_its_request_whatever_it_adds_and_however_it_orders_members() {
    byte[] retry =
        utf8(
            "{\"params\":{\"arguments\":{\"n\":1.50,\"env\":\"prod\"},\"name\":\"deploy\","
                + "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"},"
                + "\"inputResponses\":{\"confirm\":{\"action\":\"accept\"}},"
                + "\"requestState\":\"ghr1.x\"},\"id\":7,\"method\":\"tools/call\",\"jsonrpc\":\"2.0\"}");

    assertThat(RequestDigest.of(retry)).isEqualTo(RequestDigest.of(CALL));
  }

  @Test
  void other_arguments_another_method_or_retry_parts_nested_deeper_digest_differently() {
    assertThat(
            RequestDigest.of(utf8(new String(CALL, StandardCharsets.UTF_8).replace("prod", "dev"))))
        .isNotEqualTo(RequestDigest.of(CALL));
    assertThat(
            RequestDigest.of(
                utf8(
                    new String(CALL, StandardCharsets.UTF_8).replace("tools/call", "prompts/get"))))
        .isNotEqualTo(RequestDigest.of(CALL));
    // Only the params' own _meta is a retry's: an argument named _meta is the request's.
    assertThat(
            RequestDigest.of(
                utf8(
                    new String(CALL, StandardCharsets.UTF_8)
                        .replace("\"env\":\"prod\"", "\"env\":\"prod\",\"_meta\":1"))))
        .isNotEqualTo(RequestDigest.of(CALL));
  }

  @Test
  void a_repeated_member_is_digested_with_every_value_so_no_parser_can_run_another() {
    byte[] twice = call("\"env\":\"dev\",\"env\":\"prod\"", "");
    // last-wins reads both as env=prod; a first-wins upstream would run the first with env=staging
    assertThat(RequestDigest.of(call("\"env\":\"staging\",\"env\":\"prod\"", "")))
        .isNotEqualTo(RequestDigest.of(twice));
    assertThat(RequestDigest.of(call("\"env\":\"prod\"", "")))
        .isNotEqualTo(RequestDigest.of(twice));
    assertThat(RequestDigest.of(call("\"env\":\"prod\",\"env\":\"dev\"", "")))
        .isNotEqualTo(RequestDigest.of(twice));
    assertThat(
            RequestDigest.of(call("\"env\":\"dev\",\"env\":\"prod\"", ",\"requestState\":\"s\"")))
        .isEqualTo(RequestDigest.of(twice));
  }

  @Test
  void a_retry_may_change_only_the_protocols_own_meta_progress_token_and_trace_context() {
    byte[] request =
        call(
            "\"env\":\"prod\"",
            ",\"_meta\":{\"progressToken\":1,\"com.example/mode\":\"safe\","
                + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}");
    byte[] retry =
        call(
            "\"env\":\"prod\"",
            ",\"_meta\":{\"com.example/mode\":\"safe\",\"progressToken\":\"p-9\","
                + "\"traceparent\":\"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{\"elicitation\":{}}}");
    assertThat(RequestDigest.of(retry)).isEqualTo(RequestDigest.of(request));
    // only the envelope: digests as a request without _meta did before
    assertThat(
            RequestDigest.of(
                call("\"env\":\"prod\",\"n\":1.50", ",\"_meta\":{\"progressToken\":3}")))
        .isEqualTo(RequestDigest.of(CALL));

    // any other _meta member is the request's: a tool may act on it
    byte[] swapped =
        call("\"env\":\"prod\"", ",\"_meta\":{\"progressToken\":1,\"com.example/mode\":\"force\"}");
    assertThat(RequestDigest.of(swapped)).isNotEqualTo(RequestDigest.of(request));
    assertThat(RequestDigest.of(call("\"env\":\"prod\"", "")))
        .isNotEqualTo(RequestDigest.of(request));
  }

  /** A {@code deploy} call with {@code arguments} and more params members ({@code ,"k":v}). */
  private static byte[] call(String arguments, String moreParams) {
    return utf8(
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"deploy\","
            + "\"arguments\":{"
            + arguments
            + "}"
            + moreParams
            + "}}");
  }

  @Test
  void refuses_another_caller_route_request_or_purpose() {
    String sealed = sealer.seal(state);
    byte[] other = utf8(new String(CALL, StandardCharsets.UTF_8).replace("prod", "dev"));

    assertInvalid(() -> open(sealed, "bridge", "api-key:bob", "ops", CALL, NOW));
    assertInvalid(() -> open(sealed, "bridge", "", "ops", CALL, NOW));
    assertInvalid(() -> open(sealed, "bridge", "api-key:alice", "dev-tools", CALL, NOW));
    assertInvalid(() -> open(sealed, "bridge", "api-key:alice", "ops", other, NOW));
    assertInvalid(() -> open(sealed, "approval", "api-key:alice", "ops", CALL, NOW));
  }

  @Test
  void refuses_a_state_changed_in_any_byte_or_sealed_with_another_key() {
    String sealed = sealer.seal(state);
    byte[] raw = Base64.getUrlDecoder().decode(sealed.substring("ghr1.".length()));
    for (int i = 0; i < raw.length; i++) {
      byte[] tampered = raw.clone();
      tampered[i] ^= 0x01;
      String text = "ghr1." + Base64.getUrlEncoder().withoutPadding().encodeToString(tampered);
      assertInvalid(() -> open(text, "bridge", "api-key:alice", "ops", CALL, NOW));
    }
    String foreign = RequestStateSealer.withRandomKey().seal(state);
    assertInvalid(() -> open(foreign, "bridge", "api-key:alice", "ops", CALL, NOW));
    for (String junk :
        new String[] {null, "", "ghr1.", "ghr1.!!!", "gh1.abc", "x".repeat(70_000)}) {
      assertInvalid(() -> open(junk, "bridge", "api-key:alice", "ops", CALL, NOW));
    }
  }

  @Test
  void refuses_a_state_from_its_expiry_on() {
    String sealed = sealer.seal(state);

    assertThat(open(sealed, "bridge", "api-key:alice", "ops", CALL, NOW + 59_999)).isEqualTo(state);
    assertThatThrownBy(() -> open(sealed, "bridge", "api-key:alice", "ops", CALL, NOW + 60_000))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> assertThat(e.error()).isEqualTo(GatewayErrors.REQUEST_STATE_EXPIRED));
  }

  @Test
  void keeps_its_payload_out_of_its_text_form() {
    assertThat(state.toString()).doesNotContain("p-42").doesNotContain("r-1");
  }

  private RequestState open(
      String sealed, String purpose, String principal, String route, byte[] request, long now) {
    return sealer.open(sealed, purpose, principal, route, RequestDigest.of(request), now);
  }

  private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.error()).isEqualTo(GatewayErrors.REQUEST_STATE_INVALID);
              assertThat(e.error().rpcCode()).isEqualTo(-32602);
            });
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
