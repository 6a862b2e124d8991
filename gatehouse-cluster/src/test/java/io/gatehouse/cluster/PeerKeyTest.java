package io.gatehouse.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PeerKeyTest {
  @Test
  void one_session_key_derives_one_peer_key_and_another_a_different_one() {
    byte[] k1 = HexFormat.of().parseHex("00".repeat(32));
    byte[] k2 = HexFormat.of().parseHex("01" + "00".repeat(31));
    PeerKey a = PeerKey.derive(k1);
    assertThat(a.matches(PeerKey.derive(k1.clone()).secret().reveal())).isTrue();
    assertThat(a.matches(PeerKey.derive(k2).secret().reveal())).isFalse();
    assertThat(a.matches(null)).isFalse();
    assertThat(a.matches("")).isFalse();
  }

  @Test
  void the_peer_key_is_not_the_session_key_and_never_prints() {
    byte[] k = new byte[32];
    k[5] = 7;
    PeerKey p = PeerKey.derive(k);
    assertThat(p.secret().reveal())
        .isNotEqualTo(java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(k))
        .hasSize(43); // 32 bytes, base64url
    assertThat(p.toString()).doesNotContain(p.secret().reveal());
    assertThat(String.valueOf(p.secret())).doesNotContain(p.secret().reveal());
  }

  @Test
  void hkdf_sha256_matches_rfc_5869_test_case_3() {
    // RFC 5869 A.3: no salt, no info; the first 32 bytes of its OKM
    byte[] ikm = HexFormat.of().parseHex("0b".repeat(22));
    assertThat(HexFormat.of().formatHex(PeerKey.hkdf(ikm, new byte[0])))
        .isEqualTo("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d");
  }

  @Test
  void a_shared_key_is_the_same_on_every_replica_and_unlike_the_peer_key() {
    byte[] k = new byte[32];
    k[1] = 3;
    byte[] shared = PeerKey.deriveShared(k, "gatehouse test v1");
    assertThat(shared).hasSize(32).isEqualTo(PeerKey.deriveShared(k.clone(), "gatehouse test v1"));
    assertThat(shared).isNotEqualTo(PeerKey.deriveShared(k, "gatehouse other v1"));
    assertThat(java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(shared))
        .isNotEqualTo(PeerKey.derive(k).secret().reveal());
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> PeerKey.deriveShared(k, "gatehouse peer key v1"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
