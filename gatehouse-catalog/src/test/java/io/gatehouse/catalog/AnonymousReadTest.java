package io.gatehouse.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.store.testing.TestDatabases;
import org.junit.jupiter.api.Test;

class AnonymousReadTest {
  @Test
  void with_anonymous_read_off_listing_needs_the_token_but_the_preflight_does_not() {
    try (CatalogUnderTest server = CatalogUnderTest.start(TestDatabases.sqlite(), true, false)) {
      Http.Answer anonymous = Http.get(server.url("/v0.1/servers"));

      assertThat(anonymous.status()).isEqualTo(401);
      assertThat(anonymous.header("WWW-Authenticate")).isEqualTo("Bearer");
      assertThat(Http.get(server.url("/v0.1/servers"), CatalogUnderTest.TOKEN).status())
          .isEqualTo(200);
      assertThat(Http.send("OPTIONS", server.url("/v0.1/servers"), null, null).status())
          .isEqualTo(204);
    }
  }
}
