package io.gatehouse.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code models:} section of the configuration file, through the ConfigLoader. */
class ModelsConfigTest {
  @TempDir Path dir;

  private GatehouseConfig load(String yaml, Map<String, String> env) throws Exception {
    Path file = Files.writeString(dir.resolve("gatehouse.yaml"), yaml);
    return new ConfigLoader(env).load(file);
  }

  @Test
  void no_models_section_defines_no_providers() {
    assertThat(new ConfigLoader(Map.of()).load(null).models().providers()).isEmpty();
  }

  @Test
  void providers_read_with_vault_and_environment_keys_in_the_admin_apis_form() throws Exception {
    String fromEnv = "e-" + UUID.randomUUID();
    GatehouseConfig c =
        load(
            """
            models:
              providers:
                - name: openai
                  base-url: https://api.openai.com/v1
                  api-key: '${secret:OPENAI_KEY}'
                  models: [gpt-4o, 'o3*']
                  timeout: 90s
                  retries: 3
                - name: local
                  base-url: http://127.0.0.1:11434/v1
                  api: responses
                  api-key: '${env:LOCAL_MODEL_KEY}'
                  models: ['*']
                - name: open
                  base-url: http://127.0.0.1:8000/v1
                  models: [llama]
            """,
            Map.of("LOCAL_MODEL_KEY", fromEnv));

    ModelsSettings m = c.models();
    assertThat(m.providers())
        .extracting(ModelsSettings.Defined::name)
        .containsExactly("openai", "local", "open");
    assertThat(m.providers().get(0).key()).isEqualTo("models.providers[0]");
    assertThat(m.bodies().get(0).toString())
        .isEqualTo(
            "{\"name\":\"openai\",\"models\":[\"gpt-4o\",\"o3*\"],\"timeout\":\"90s\",\"retries\":3,"
                + "\"baseUrl\":\"https://api.openai.com/v1\",\"apiKey\":{\"secret\":\"OPENAI_KEY\"}}");
    assertThat(m.bodies().get(1).at("/apiKey/value").asString()).isEqualTo(fromEnv);
    assertThat(m.bodies().get(1).path("api").asString()).isEqualTo("responses");
    assertThat(m.bodies().get(2).has("apiKey")).isFalse();
    assertThat(c.toString()).doesNotContain(fromEnv);
  }

  @Test
  void a_literal_key_is_refused_naming_its_key_and_never_echoing_it() {
    String literal = "l-" + UUID.randomUUID();
    assertThatThrownBy(
            () ->
                load(
                    "models:\n  providers:\n    - {name: a, base-url: 'https://x.example/v1',"
                        + " api-key: '"
                        + literal
                        + "', models: [m]}\n",
                    Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("models.providers[0].api-key: a literal value")
        .hasMessageContaining("${secret:NAME}")
        .message()
        .doesNotContain(literal);
  }

  @Test
  void every_problem_of_every_provider_is_named_with_its_key() {
    assertThatThrownBy(
            () ->
                load(
                    """
                    models:
                      default: gpt-4o
                      providers:
                        - name: a
                          base-url: ftp://x
                          models: [m]
                        - name: a
                          base-url: https://x.example/v1
                          retries: 11
                        - name: meta
                          base-url: http://169.254.169.254/v1
                          models: [m]
                    """,
                    Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("problem(s) in models.providers")
        .hasMessageContaining("models.default: unknown (expected: [providers])")
        .hasMessageContaining("models.providers[0].base-url: 'ftp://x' (expected: an http or https")
        .hasMessageContaining("models.providers[1].models: expected a list")
        .hasMessageContaining("models.providers[1].retries: 11 (expected: a whole number")
        .hasMessageContaining("models.providers[1].name: 'a' is defined twice")
        .hasMessageContaining("models.providers[2].base-url: 169.254.169.254 may not be reached");
  }

  @Test
  void a_secret_reference_elsewhere_in_a_provider_is_still_refused() {
    assertThatThrownBy(
            () ->
                load(
                    "models:\n  providers:\n    - {name: a, base-url: '${secret:URL}', models: [m]}\n",
                    Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("models.providers[0].baseUrl: ${secret:URL}");
  }
}
