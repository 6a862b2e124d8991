package io.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.server.config.ConfigException;
import io.gatehouse.server.config.ConfigLoader;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryConfigTest {
  @Test
  void anonymous_registry_reads_are_on_by_default() {
    assertThat(new ConfigLoader(Map.of()).load(null).registryAnonymousRead()).isTrue();
  }

  @Test
  void an_environment_variable_switches_anonymous_reads_off() {
    assertThat(
            new ConfigLoader(Map.of("GATEHOUSE_REGISTRY_ANONYMOUS_READ", "false"))
                .load(null)
                .registryAnonymousRead())
        .isFalse();
  }

  @Test
  void refuses_a_value_that_is_not_a_switch_naming_the_key() {
    assertThatThrownBy(
            () ->
                new ConfigLoader(Map.of("GATEHOUSE_REGISTRY_ANONYMOUS_READ", "sometimes"))
                    .load(null))
        .isInstanceOf(ConfigException.class)
        .hasMessage("registry.anonymous-read: 'sometimes' (expected: true or false)");
  }
}
