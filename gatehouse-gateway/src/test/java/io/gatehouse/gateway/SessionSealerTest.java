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
  void keeps_whether_the_client_elicits_urls() {
    SessionToken eliciting =
        new SessionToken(
            "github",
            UpstreamTransport.STREAMABLE_HTTP,
            "2f1c-upstream-session",
            "2025-11-25",
            4_102_444_800L,
            "alice",
            true);
    assertThat(sealer.open(sealer.seal(eliciting))).isEqualTo(eliciting);
    assertThat(sealer.open(sealer.seal(token)).clientUrlElicitation()).isFalse();
  }

  @Test
  void keeps_the_client_of_a_bridged_session_and_old_ids_open_unbridged() {
    String client = "{\"capabilities\":{\"sampling\":{}},\"clientInfo\":{\"name\":\"c\"}}";
    SessionToken bridged =
        new SessionToken(
            "github",
            UpstreamTransport.STREAMABLE_HTTP,
            "",
            "2025-11-25",
            4_102_444_800L,
            "alice",
            true,
            client);
    SessionToken opened = sealer.open(sealer.seal(bridged));
    assertThat(opened).isEqualTo(bridged);
    assertThat(opened.isBridged()).isTrue();
    assertThat(opened.hasUpstreamSession()).isFalse();
    assertThat(sealer.open(sealer.seal(token)).isBridged()).isFalse();
  }

  @Test
  void opens_ids_sealed_before_the_client_flags_existed() throws Exception {
    byte[] key = SessionSealer.generateKey();
    // the first format: no flags byte after the strings
    byte[][] strings = {
      "github".getBytes(), "up".getBytes(), "2025-11-25".getBytes(), "alice".getBytes()
    };
    java.nio.ByteBuffer plain = java.nio.ByteBuffer.allocate(1 + 8 + 1 + 4 * 2 + 6 + 2 + 10 + 5);
    plain.put((byte) 1).putLong(4_102_444_800L).put((byte) 0);
    for (byte[] str : strings) {
      plain.putShort((short) str.length).put(str);
    }
    byte[] nonce = new byte[12];
    javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
    c.init(
        javax.crypto.Cipher.ENCRYPT_MODE,
        new javax.crypto.spec.SecretKeySpec(key, "AES"),
        new javax.crypto.spec.GCMParameterSpec(128, nonce));
    c.updateAAD("gatehouse-session/1".getBytes());
    byte[] sealed = c.doFinal(plain.array());
    byte[] raw = new byte[12 + sealed.length];
    System.arraycopy(sealed, 0, raw, 12, sealed.length);
    String id = "gh1." + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);

    SessionToken opened = new SessionSealer(key).open(id);
    assertThat(opened)
        .isEqualTo(
            new SessionToken(
                "github",
                UpstreamTransport.values()[0],
                "up",
                "2025-11-25",
                4_102_444_800L,
                "alice"));
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
