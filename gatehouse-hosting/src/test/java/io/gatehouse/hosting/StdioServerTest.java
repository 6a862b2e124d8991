package io.gatehouse.hosting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StdioServerTest {
  @Test
  void defaults_are_a_process_per_session_five_minutes_idle_and_twenty_processes() {
    StdioServer s = new StdioServer("npx", null, null, null, null, null, 20);
    assertThat(s.isolation()).isEqualTo(Isolation.SESSION);
    assertThat(s.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(s.commandLine()).containsExactly("npx");
  }

  @Test
  void the_command_line_is_the_program_then_its_arguments() {
    StdioServer s =
        new StdioServer("npx", List.of("-y", "pkg"), Map.of(), null, Isolation.SHARED, null, 1);
    assertThat(s.commandLine()).containsExactly("npx", "-y", "pkg");
  }

  @Test
  void its_text_names_env_variables_but_never_their_values() {
    String value = "v-" + System.nanoTime();
    StdioServer s = new StdioServer("x", null, Map.of("TOKEN", value), null, null, null, 1);
    assertThat(s.toString()).contains("TOKEN").doesNotContain(value);
  }

  @Test
  void bad_values_name_the_value_and_the_expectation() {
    assertThatThrownBy(() -> new StdioServer(" ", null, null, null, null, null, 1))
        .hasMessage("command: blank (expected: a program to run)");
    assertThatThrownBy(() -> new StdioServer("x", null, null, null, null, Duration.ZERO, 1))
        .hasMessage("idle-timeout: PT0S (expected: a positive duration)");
    assertThatThrownBy(() -> new StdioServer("x", null, null, null, null, null, 0))
        .hasMessage("max-processes: 0 (expected: >= 1)");
    assertThatThrownBy(() -> Isolation.fromConfig("pooled"))
        .hasMessage("isolation: 'pooled' (expected: session or shared)");
    assertThat(Isolation.fromConfig(" Shared ")).isEqualTo(Isolation.SHARED);
  }
}
