package io.gatehouse.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobTest {
  @ParameterizedTest
  @CsvSource({
    "echo, echo, true",
    "echo, echo2, false",
    "get-*, get-weather, true",
    "get-*, get-, true",
    "get-*, forget-it, false",
    "*-admin, db-admin, true",
    "*-admin, db-admin-x, false",
    "*, anything, true",
    "a*b*c, axxbyyc, true",
    "a*b*c, axxbyy, false",
    "t?ol, tool, true",
    "t?ol, tooll, false",
    "file:///public/*, file:///public/a/b.txt, true",
    "Echo, echo, false"
  })
  void matches_like_a_shell_glob(String pattern, String name, boolean expected) {
    assertThat(new Glob(pattern).matches(name)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"''"})
  void an_empty_pattern_is_refused(String pattern) {
    assertThatThrownBy(() -> new Glob(pattern)).hasMessageContaining("empty pattern");
  }
}
