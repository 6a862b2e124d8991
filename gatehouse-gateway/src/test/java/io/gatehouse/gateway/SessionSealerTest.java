package io.gatehouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SessionSealerTest {
  private final SessionSealer sealer = new SessionSealer(SessionSealer.generateKey());
  private final SessionToken token =
      new SessionToken(
          "github",
          UpstreamTransport.STREAMABLE_HTTP,
          "2f1c-upstream-session",
          "2025-11-25",
          4_102_444_800L,
          "alice");

  @Test
  void opens_what_it_sealed() {
    String id = sealer.seal(token);

    assertThat(sealer.open(id)).isEqualTo(token);
    assertThat(id).startsWith("gh1.").matches("[\\x21-\\x7E]+");
  }

  @Test
  void never_seals_the_same_token_to_the_same_id_and_never_shows_its_contents() {
    String a = sealer.seal(token);
    String b = sealer.seal(token);

    assertThat(a).isNotEqualTo(b);
    assertThat(
            new String(
                Base64.getUrlDecoder().decode(a.substring(4)),
                java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain("github")
        .doesNotContain("2f1c");
  }

  @Test
  void refuses_tampered_truncated_foreign_and_malformed_ids() {
    String id = sealer.seal(token);
    byte[] raw = Base64.getUrlDecoder().decode(id.substring(4));
    raw[15] ^= 0x01;

    assertThat(sealer.open("gh1." + Base64.getUrlEncoder().withoutPadding().encodeToString(raw)))
        .isNull();
    assertThat(sealer.open(id.substring(0, id.length() - 3))).isNull();
    assertThat(new SessionSealer(SessionSealer.generateKey()).open(id)).isNull();
    assertThat(sealer.open("gh1.!!!")).isNull();
    assertThat(sealer.open("uuid-style-id")).isNull();
    assertThat(sealer.open(null)).isNull();
  }

  @Test
  void a_replica_with_the_same_key_opens_it() {
    byte[] key = SessionSealer.generateKey();

    assertThat(new SessionSealer(key.clone()).open(new SessionSealer(key).seal(token)))
        .isEqualTo(token);
  }

  @Test
  void refuses_keys_of_the_wrong_size() {
    assertThatThrownBy(() -> new SessionSealer(new byte[16]))
        .hasMessage("session key: 16 bytes (expected: 32)");
  }
}
