package io.gatehouse.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysTest {
  static final String FIRST = "first-key-0123456789";
  static final String SECOND = "second-key-0123456789";

  @Test
  void keys_from_the_environment_are_separated_by_commas() {
    Keys.Verifier keys =
        Keys.fromEnv("INVENTORY_KEYS", Map.of("INVENTORY_KEYS", FIRST + ", " + SECOND + ","))
            .load();

    assertThat(keys.size()).isEqualTo(2);
    assertThat(keys.accepts(FIRST)).isTrue();
    assertThat(keys.accepts(SECOND)).isTrue();
    assertThat(keys.accepts(FIRST + "x")).isFalse();
    assertThat(keys.accepts(FIRST.substring(1))).isFalse();
    assertThat(keys.accepts("")).isFalse();
    assertThat(keys.accepts(null)).isFalse();
  }

  @Test
  void keys_from_a_file_are_one_a_line_without_blank_lines_and_comments(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("keys");
    Files.writeString(file, "# rotated 2026-12-01\n" + FIRST + "\n\n  " + SECOND + "  \n");

    Keys.Verifier keys = Keys.fromFile(file).load();

    assertThat(keys.size()).isEqualTo(2);
    assertThat(keys.accepts(SECOND)).isTrue();
    assertThat(keys.accepts("# rotated 2026-12-01")).isFalse();
  }

  @Test
  void no_key_is_keys_missing_naming_the_source() {
    assertThatThrownBy(() -> Keys.fromEnv("INVENTORY_KEYS", Map.of()).load())
        .isInstanceOf(KitException.class)
        .hasMessage("environment variable INVENTORY_KEYS: no key (expected: at least one)")
        .extracting(e -> ((KitException) e).error())
        .isEqualTo(KitErrors.KEYS_MISSING);
    assertThatThrownBy(() -> Keys.fromFile(Path.of("/nonexistent/keys")).load())
        .isInstanceOf(KitException.class)
        .hasMessageContaining("keys file /nonexistent/keys: cannot be read");
  }

  @Test
  void a_short_key_is_refused_without_showing_it() {
    assertThatThrownBy(() -> Keys.of(FIRST, "short-secret").load())
        .isInstanceOf(KitException.class)
        .hasMessage("2 keys given in code: key 2 has 12 characters (expected: at least 16)")
        .extracting(e -> ((KitException) e).error())
        .isEqualTo(KitErrors.KEY_TOO_SHORT);
  }

  @Test
  void keys_never_print_themselves() {
    assertThat(Keys.of(FIRST).toString()).isEqualTo("Keys[1 keys given in code]");
    assertThat(Keys.fromEnv("K", Map.of("K", FIRST)).toString()).doesNotContain(FIRST);
  }
}
