package io.gatehouse.hosting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class NpmPackageTest {
  private static JsonNode pkg(String extra) {
    return JsonMapper.shared()
        .readTree(
            "{\"registryType\":\"npm\",\"identifier\":\"@acme/files\",\"version\":\"1.2.3\","
                + "\"transport\":{\"type\":\"stdio\"}"
                + extra
                + "}");
  }

  @Test
  void runs_npx_yes_with_the_pinned_package_then_its_arguments() {
    StdioServer s =
        NpmPackage.launch(
            pkg(
                ",\"packageArguments\":[{\"type\":\"positional\",\"value\":\"stdio\"},"
                    + "{\"type\":\"named\",\"name\":\"--root\",\"value\":\"{dir}/data\","
                    + "\"variables\":{\"dir\":{\"default\":\"/srv\"}}},"
                    + "{\"type\":\"named\",\"name\":\"--verbose\"},"
                    + "{\"type\":\"positional\",\"valueHint\":\"extra\"}]"),
            Map.of(),
            null);
    assertThat(s.commandLine())
        .containsExactly(
            "npx", "-y", "@acme/files@1.2.3", "stdio", "--root", "/srv/data", "--verbose");
    assertThat(s.isolation()).isEqualTo(Isolation.SESSION);
  }

  @Test
  void keeps_runtime_arguments_before_the_package() {
    StdioServer s =
        NpmPackage.launch(
            pkg(",\"runtimeArguments\":[{\"type\":\"named\",\"name\":\"--yes\"}]"), null, null);
    assertThat(s.commandLine()).containsExactly("npx", "--yes", "@acme/files@1.2.3");
  }

  @Test
  void gives_variables_the_deployments_value_else_their_own_and_passes_other_env_on() {
    StdioServer s =
        NpmPackage.launch(
            pkg(
                ",\"environmentVariables\":[{\"name\":\"TOKEN\",\"isRequired\":true,\"isSecret\":true},"
                    + "{\"name\":\"LEVEL\",\"default\":\"info\"},{\"name\":\"UNSET\"}]"),
            Map.of("TOKEN", "${secret:acme-token}", "npm_config_offline", "true"),
            null);
    assertThat(s.env())
        .isEqualTo(
            Map.of("TOKEN", "${secret:acme-token}", "LEVEL", "info", "npm_config_offline", "true"));
  }

  @Test
  void refuses_what_it_cannot_run_naming_the_field() {
    assertThatThrownBy(
            () ->
                NpmPackage.launch(
                    JsonMapper.shared()
                        .readTree(
                            "{\"registryType\":\"pypi\",\"identifier\":\"x\",\"version\":\"1\","
                                + "\"transport\":{\"type\":\"stdio\"}}"),
                    null,
                    null))
        .hasMessageStartingWith("package: registryType 'pypi'");
    assertThatThrownBy(() -> NpmPackage.launch(pkg(",\"runtimeHint\":\"bunx\""), null, null))
        .hasMessage("package.runtimeHint: 'bunx' (expected: npx, or none)");
    assertThatThrownBy(
            () ->
                NpmPackage.launch(
                    pkg(",\"environmentVariables\":[{\"name\":\"TOKEN\",\"isRequired\":true}]"),
                    Map.of(),
                    null))
        .hasMessage("env.TOKEN: no value (expected: one for the package's required variable)");
    assertThatThrownBy(
            () ->
                NpmPackage.launch(
                    pkg(",\"packageArguments\":[{\"type\":\"positional\",\"value\":\"{x}\"}]"),
                    null,
                    null))
        .hasMessageStartingWith("package.packageArguments[0]: '{x}' has no value");
  }
}
