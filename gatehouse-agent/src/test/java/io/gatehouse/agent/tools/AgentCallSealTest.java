package io.gatehouse.agent.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.Principal;
import io.gatehouse.core.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Sealed agent calls open only for their route, untouched, before they expire, in this process. */
class AgentCallSealTest {
  private static final Principal ALICE =
      new Principal(
          "alice", Principal.Kind.USER, "default", Set.of("ops"), Set.of("mcp:tools"), "jwt");
  private static final String KEY = "k-" + Long.toHexString(System.nanoTime());
  private final Instant now = Instant.parse("2026-12-07T12:00:00Z");

  private AgentCall call(String route) {
    return new AgentCall(
        ALICE,
        Secret.of(KEY),
        "192.0.2.7",
        route,
        "default",
        "helper",
        true,
        Map.of("X-Tenant", Secret.of("acme")),
        now.plus(Duration.ofMinutes(5)));
  }

  @Test
  void a_call_opens_with_everything_it_carried() {
    AgentCallSeal seal = new AgentCallSeal();
    AgentCall opened = seal.open(seal.seal(call("files")).reveal(), "files", now);
    assertThat(opened.principal()).isEqualTo(ALICE);
    assertThat(opened.agentName()).isEqualTo("helper");
    assertThat(opened.published()).isTrue();
    assertThat(opened.headers().get("X-Tenant").reveal()).isEqualTo("acme");
    assertThat(opened.credential().reveal()).isEqualTo(KEY);
    assertThat(opened.callerAddress()).isEqualTo("192.0.2.7");
    assertThat(opened.toString()).doesNotContain("acme").doesNotContain(KEY);
  }

  @Test
  void another_route_a_tampered_or_expired_call_and_another_process_get_nothing() {
    AgentCallSeal seal = new AgentCallSeal();
    String sealed = seal.seal(call("files")).reveal();
    assertThat(seal.open(sealed, "billing", now)).as("sealed for another route").isNull();
    assertThat(seal.open(sealed, "files", now.plus(Duration.ofMinutes(5)))).as("expired").isNull();
    byte[] raw = Base64.getUrlDecoder().decode(sealed);
    raw[raw.length - 20] ^= 1;
    String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    assertThat(seal.open(tampered, "files", now)).as("tampered").isNull();
    assertThat(new AgentCallSeal().open(sealed, "files", now)).as("another process's key").isNull();
    assertThat(seal.open("not base64 !", "files", now)).isNull();
    assertThat(seal.open("", "files", now)).isNull();
  }

  @Test
  void seals_under_one_given_key_open_each_others_calls_and_no_others() {
    byte[] key = new byte[32];
    key[3] = 9;
    String sealed = new AgentCallSeal(key.clone()).seal(call("files")).reveal();
    assertThat(new AgentCallSeal(key.clone()).open(sealed, "files", now).principal())
        .as("another process given the same key")
        .isEqualTo(ALICE);
    byte[] other = key.clone();
    other[0] = 1;
    assertThat(new AgentCallSeal(other).open(sealed, "files", now)).isNull();
    assertThat(new AgentCallSeal().open(sealed, "files", now)).isNull();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new AgentCallSeal(new byte[16]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
