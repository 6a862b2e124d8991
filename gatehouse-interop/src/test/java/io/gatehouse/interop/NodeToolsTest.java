package io.gatehouse.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

class NodeToolsTest {

  @TempDir Path repoRoot;

  @Test
  void fails_with_the_setup_hint_on_ci_when_tools_are_missing() {
    assertThatThrownBy(() -> NodeTools.require(repoRoot, Map.of("CI", "true")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("no Node executable")
        .hasMessageContaining("bash .ci/tools.sh");
  }

  @Test
  void skips_with_the_setup_hint_elsewhere_when_tools_are_missing() {
    assertThatThrownBy(() -> NodeTools.require(repoRoot, Map.of()))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("bash .ci/tools.sh");
  }

  @Test
  void refuses_a_conformance_package_of_another_version() throws IOException {
    installFakeTools("0.2.0-alpha.12");

    assertThatThrownBy(() -> NodeTools.require(repoRoot, Map.of("CI", "true")))
        .hasMessageContaining("is not version 0.1.16");
  }

  @Test
  void refuses_a_server_everything_of_another_version() throws IOException {
    installFakeTools(NodeTools.CONFORMANCE_VERSION);
    installFakePackage(NodeTools.SERVER_EVERYTHING_PACKAGE, "2025.1.1");

    assertThatThrownBy(() -> NodeTools.require(repoRoot, Map.of("CI", "true")))
        .hasMessageContaining("@modelcontextprotocol/server-everything is not version 2026.8.31");
  }

  @Test
  void refuses_an_openai_sdk_of_another_version() throws IOException {
    installFakeTools(NodeTools.CONFORMANCE_VERSION);
    installFakePackage(NodeTools.OPENAI_PACKAGE, "6.9.0");

    assertThatThrownBy(() -> NodeTools.require(repoRoot, Map.of("CI", "true")))
        .hasMessageContaining("openai is not version " + NodeTools.OPENAI_VERSION);
  }

  @Test
  void finds_node_and_the_conformance_cli_from_its_bin_entry() throws IOException {
    installFakeTools(NodeTools.CONFORMANCE_VERSION);

    NodeTools tools = NodeTools.require(repoRoot, Map.of("CI", "true"));

    assertThat(tools.node()).isEqualTo(repoRoot.resolve(".tools/node"));
    assertThat(tools.conformanceCli())
        .isEqualTo(
            repoRoot.resolve(
                "gatehouse-interop/node_modules/@modelcontextprotocol/conformance/dist/index.js"));
  }

  private void installFakeTools(String conformanceVersion) throws IOException {
    Path node = Files.createDirectories(repoRoot.resolve(".tools")).resolve("node");
    Files.writeString(node, "#!/bin/sh\n");
    assertThat(node.toFile().setExecutable(true)).isTrue();
    Path conformance =
        Files.createDirectories(
            repoRoot.resolve(
                "gatehouse-interop/node_modules/@modelcontextprotocol/conformance/dist"));
    Files.writeString(conformance.resolve("index.js"), "");
    Files.writeString(
        conformance.getParent().resolve("package.json"),
        "{\"version\":\"" + conformanceVersion + "\",\"bin\":{\"conformance\":\"dist/index.js\"}}");
    installFakePackage(NodeTools.CONFORMANCE_2026_PACKAGE, NodeTools.CONFORMANCE_2026_VERSION);
    installFakePackage(NodeTools.SERVER_EVERYTHING_PACKAGE, NodeTools.SERVER_EVERYTHING_VERSION);
    installFakePackage(NodeTools.SDK_PACKAGE, NodeTools.SDK_VERSION);
    installFakePackage(NodeTools.OIDC_PROVIDER_PACKAGE, NodeTools.OIDC_PROVIDER_VERSION);
    installFakePackage(NodeTools.OPENAI_PACKAGE, NodeTools.OPENAI_VERSION);
    installFakePackage(NodeTools.PRISM_PACKAGE, NodeTools.PRISM_VERSION);
    installFakePackage(NodeTools.JSON_SERVER_PACKAGE, NodeTools.JSON_SERVER_VERSION);
    installFakePackage(NodeTools.SERVER_FILESYSTEM_PACKAGE, NodeTools.SERVER_FILESYSTEM_VERSION);
  }

  private void installFakePackage(String name, String version) throws IOException {
    Path dir =
        Files.createDirectories(repoRoot.resolve("gatehouse-interop/node_modules").resolve(name));
    Files.writeString(dir.resolve("package.json"), "{\"version\":\"" + version + "\"}");
  }
}
