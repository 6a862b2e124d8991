package io.gatehouse.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The hash of a presented key: the stored hash, whichever keys the thread saw before. */
class ApiKeyFormatTest {
  @Test
  void a_presented_key_hashes_as_stored_whatever_key_came_before() {
    ApiKeyFormat.NewKey alice = ApiKeyFormat.generate();
    ApiKeyFormat.NewKey bob = ApiKeyFormat.generate();
    assertThat(ApiKeyFormat.hashPresented(alice.key())).isEqualTo(alice.hash());
    assertThat(ApiKeyFormat.hashPresented(alice.key())).isEqualTo(alice.hash());
    assertThat(ApiKeyFormat.hashPresented(bob.key())).isEqualTo(bob.hash());
    assertThat(ApiKeyFormat.hashPresented(alice.key())).isEqualTo(alice.hash());
  }

  @Test
  void a_key_one_character_off_the_last_one_is_hashed_anew() {
    ApiKeyFormat.NewKey alice = ApiKeyFormat.generate();
    String key = alice.key();
    char last = key.charAt(key.length() - 1);
    String near = key.substring(0, key.length() - 1) + (last == 'A' ? 'B' : 'A');
    assertThat(ApiKeyFormat.hashPresented(key)).isEqualTo(alice.hash());
    assertThat(ApiKeyFormat.hashPresented(near))
        .isEqualTo(ApiKeyFormat.hash(near))
        .isNotEqualTo(alice.hash());
    assertThat(ApiKeyFormat.hashPresented(key + "x")).isEqualTo(ApiKeyFormat.hash(key + "x"));
  }
}
