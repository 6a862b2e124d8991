package io.gatehouse.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.gateway.BridgeSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gateway.bridge:}: the forward era bridge's pool and holds. */
class BridgeConfigTest {
  @TempDir Path dir;

  private BridgeSettings load(String yaml) throws Exception {
    Path file = Files.writeString(dir.resolve("gatehouse.yaml"), yaml);
    return new ConfigLoader(Map.of()).load(file).bridge();
  }

  @Test
  void without_gateway_bridge_the_defaults_hold() throws Exception {
    BridgeSettings b = load("listen: {port: 0}\n");
    assertThat(b.idle()).isEqualTo(Duration.ofMinutes(5));
    assertThat(b.maxSessions()).isEqualTo(1024);
    assertThat(b.inputWait()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void reads_idle_max_sessions_and_input_wait() throws Exception {
    BridgeSettings b = load("gateway: {bridge: {idle: 90s, max-sessions: 64, input-wait: 2m}}\n");
    assertThat(b.idle()).isEqualTo(Duration.ofSeconds(90));
    assertThat(b.maxSessions()).isEqualTo(64);
    assertThat(b.inputWait()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void what_is_not_set_keeps_its_default() throws Exception {
    BridgeSettings b = load("gateway: {bridge: {max-sessions: 8}}\n");
    assertThat(b.maxSessions()).isEqualTo(8);
    assertThat(b.idle()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void bad_values_are_refused_naming_the_key_and_what_is_expected() {
    assertThatThrownBy(() -> load("gateway: {bridge: {idle: 0s}}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("gateway.bridge.idle: '0s' (expected: more than 0, such as 5m)");
    assertThatThrownBy(() -> load("gateway: {bridge: {input-wait: soon}}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("gateway.bridge.input-wait: 'soon' (expected: a duration");
    assertThatThrownBy(() -> load("gateway: {bridge: {max-sessions: 0}}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "gateway.bridge.max-sessions: '0' (expected: a whole number from 1 to 1000000)");
    assertThatThrownBy(() -> load("gateway: {bridge: {max-sessions: many}}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("gateway.bridge.max-sessions: 'many'");
    assertThatThrownBy(() -> load("gateway: {bridge: {pool: 3}}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("pool");
  }
}
