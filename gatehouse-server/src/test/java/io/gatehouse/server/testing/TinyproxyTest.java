package io.gatehouse.server.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** A missing tinyproxy fails the test on CI and skips it elsewhere, saying how to install it. */
class TinyproxyTest {
  @Test
  void a_missing_tinyproxy_fails_on_ci() {
    assertThatThrownBy(
            () -> Tinyproxy.require(Map.of("PATH", "/nonexistent", "CI", "true"), List.of()))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("tinyproxy is missing")
        .hasMessageContaining(".ci/tools.sh");
  }

  @Test
  void a_missing_tinyproxy_skips_elsewhere() {
    assertThatThrownBy(() -> Tinyproxy.require(Map.of("PATH", "/nonexistent"), List.of()))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining(".ci/tools.sh");
  }
}
