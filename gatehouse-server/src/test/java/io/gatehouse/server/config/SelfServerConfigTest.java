package io.gatehouse.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code self-server:}: on by default, its route name reserved while it is on. */
class SelfServerConfigTest {
  @TempDir Path dir;

  private GatehouseConfig load(String yaml, Map<String, String> env) throws Exception {
    Path file = Files.writeString(dir.resolve("gatehouse.yaml"), yaml);
    return new ConfigLoader(env).load(file);
  }

  @Test
  void is_on_by_default_and_off_when_asked() throws Exception {
    assertThat(new ConfigLoader(Map.of()).load(null).selfServer()).isTrue();
    assertThat(load("self-server: {enabled: false}\n", Map.of()).selfServer()).isFalse();
    assertThat(load("{}\n", Map.of("GATEHOUSE_SELF_SERVER_ENABLED", "false")).selfServer())
        .isFalse();
  }

  @Test
  void a_route_named_gatehouse_is_refused_while_it_is_on() throws Exception {
    String route =
        "routes:\n  - name: gatehouse\n    upstream: {url: 'http://127.0.0.1:3001/mcp'}\n";
    assertThatThrownBy(() -> load(route, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("routes[0].name: 'gatehouse'")
        .hasMessageContaining("self-server: {enabled: false}");
    assertThat(load(route + "self-server: {enabled: false}\n", Map.of()).routes()).hasSize(1);
  }

  @Test
  void a_value_that_is_not_a_boolean_names_the_key() {
    assertThatThrownBy(() -> load("self-server: {enabled: maybe}\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("self-server.enabled");
  }
}
