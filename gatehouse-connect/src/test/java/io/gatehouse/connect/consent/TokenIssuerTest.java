package io.gatehouse.connect.consent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Which server a user's refresh token may go to: a discovered one by its issuer, one configured by
 * hand by its token endpoint and its refresh URL, so an edit of either sends no refresh token to
 * the new address.
 */
class TokenIssuerTest {
  static final String TOKEN = "https://as.example/token";

  @Test
  void a_discovered_server_is_the_same_while_its_issuer_is() {
    TokenIssuer minted = new TokenIssuer("https://as1.example", TOKEN, null);
    assertThat(minted.same(new TokenIssuer("https://as1.example", TOKEN + "2", null))).isTrue();
    assertThat(minted.same(new TokenIssuer("https://as2.example", TOKEN, null))).isFalse();
    assertThat(minted.same(new TokenIssuer(null, TOKEN, null))).isFalse();
  }

  @Test
  void a_configured_server_is_the_same_only_while_both_its_addresses_are() {
    TokenIssuer minted = new TokenIssuer(null, TOKEN, "https://as.example/refresh");
    assertThat(minted.same(new TokenIssuer(null, TOKEN, "https://as.example/refresh"))).isTrue();
    assertThat(minted.same(new TokenIssuer(null, TOKEN, "https://elsewhere.example/refresh")))
        .as("only the refresh URL changed")
        .isFalse();
    assertThat(minted.same(new TokenIssuer(null, TOKEN, null)))
        .as("the refresh URL dropped: refreshes now go to the token endpoint")
        .isFalse();
    assertThat(minted.same(new TokenIssuer(null, "https://other.example/token", null))).isFalse();
  }

  @Test
  void a_refresh_url_not_named_is_the_token_endpoint() {
    TokenIssuer minted = new TokenIssuer(null, TOKEN, null);
    assertThat(minted.same(new TokenIssuer(null, TOKEN, TOKEN))).isTrue();
    assertThat(minted.same(new TokenIssuer(null, TOKEN, null))).isTrue();
    assertThat(minted.same(new TokenIssuer(null, TOKEN, "https://as.example/refresh"))).isFalse();
  }
}
