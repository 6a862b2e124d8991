package io.gatehouse.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.hosting.Isolation;
import io.gatehouse.hosting.StdioHosting;
import io.gatehouse.hosting.StdioServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code routes[].upstream} with {@code transport: stdio}: what is read, and what is refused. */
class StdioRoutesConfigTest {
  @TempDir Path dir;

  private GatehouseConfig load(String upstream, Map<String, String> env) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("gatehouse.yaml"),
            "routes:\n  - name: files\n    upstream:\n      transport: stdio\n" + upstream);
    return new ConfigLoader(env).load(file);
  }

  @Test
  void reads_command_args_env_cwd_isolation_idle_timeout_and_max_processes() throws Exception {
    GatehouseConfig c =
        load(
            "      command: npx\n"
                + "      args: ['-y', '@modelcontextprotocol/server-filesystem', '/tmp']\n"
                + "      env: {LOG_LEVEL: debug, TOKEN: '${secret:fs-token}', FROM_ENV: '${env:MINE}'}\n"
                + "      cwd: '"
                + dir
                + "'\n      isolation: shared\n      idle-timeout: 90s\n      max-processes: 3\n",
            Map.of("MINE", "mine"));
    StdioHosting.Hosted h = c.hosted().get("files");
    assertThat(h.project()).isEqualTo("default");
    StdioServer s = h.server();
    assertThat(s.commandLine())
        .isEqualTo(List.of("npx", "-y", "@modelcontextprotocol/server-filesystem", "/tmp"));
    // a secret is read from the vault when a process starts; an env reference now
    assertThat(s.env())
        .isEqualTo(Map.of("LOG_LEVEL", "debug", "TOKEN", "${secret:fs-token}", "FROM_ENV", "mine"));
    assertThat(s.cwd()).isEqualTo(dir);
    assertThat(s.isolation()).isEqualTo(Isolation.SHARED);
    assertThat(s.idleTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(s.maxProcesses()).isEqualTo(3);
    assertThat(c.routes()).extracting(r -> r.name()).containsExactly("files");
  }

  @Test
  void defaults_are_a_process_per_session_five_minutes_idle_and_twenty_processes()
      throws Exception {
    StdioServer s = load("      command: my-server\n", Map.of()).hosted().get("files").server();
    assertThat(s.isolation()).isEqualTo(Isolation.SESSION);
    assertThat(s.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(s.maxProcesses()).isEqualTo(20);
    assertThat(s.cwd()).isNull();
    assertThat(s.env()).isEmpty();
  }

  @Test
  void gatehouse_own_variables_never_reach_a_child() {
    assertThatThrownBy(
            () -> load("      command: x\n      env: {GATEHOUSE_ADMIN_TOKEN: a}\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("routes[0].upstream.env.GATEHOUSE_ADMIN_TOKEN:");
    assertThatThrownBy(
            () ->
                load(
                    "      command: x\n      env: {KEY: '${env:GATEHOUSE_MASTER_KEY}'}\n",
                    Map.of("GATEHOUSE_MASTER_KEY", "k")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("routes[0].upstream.env.KEY: ${env:GATEHOUSE_MASTER_KEY}")
        .hasMessageNotContaining("=k");
  }

  @Test
  void reads_resource_limits_and_shared_across_principals() throws Exception {
    StdioServer s =
        load(
                "      command: x\n      isolation: shared\n      shared-across-principals: true\n"
                    + "      limits: {memory: 512m, cpu-seconds: 60, open-files: 1024, processes: 50}\n",
                Map.of())
            .hosted()
            .get("files")
            .server();
    assertThat(s.limits())
        .isEqualTo(new io.gatehouse.hosting.ProcessLimits(512L << 20, 60, 1024, 50));
    assertThat(s.sharedAcrossPrincipals()).isTrue();
    StdioServer plain = load("      command: x\n", Map.of()).hosted().get("files").server();
    assertThat(plain.limits().isEmpty()).isTrue();
    assertThat(plain.sharedAcrossPrincipals()).isFalse();
  }

  @Test
  void bad_limits_are_refused_naming_the_key_and_the_expectation() {
    assertThatThrownBy(() -> load("      command: x\n      limits: {memory: huge}\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "routes[0].upstream.limits.memory: 'huge' (expected: a size from 1m to 64t");
    assertThatThrownBy(() -> load("      command: x\n      limits: {open-files: 0}\n", Map.of()))
        .hasMessage(
            "routes[0].upstream.limits.open-files: '0' (expected: a whole number >= 1, or absent)");
    assertThatThrownBy(() -> load("      command: x\n      limits: {threads: 3}\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("threads");
    assertThatThrownBy(
            () -> load("      command: x\n      shared-across-principals: true\n", Map.of()))
        .hasMessage(
            "routes[0].upstream.shared-across-principals: true (expected: only with isolation:"
                + " shared)");
  }

  @Test
  void mistakes_name_the_key_and_the_expectation() {
    assertThatThrownBy(() -> load("      args: [a]\n", Map.of()))
        .hasMessageStartingWith("routes[0].upstream.command:");
    assertThatThrownBy(() -> load("      command: x\n      url: http://127.0.0.1:1/\n", Map.of()))
        .hasMessageStartingWith("routes[0].upstream.url: a stdio upstream has no URL");
    assertThatThrownBy(() -> load("      command: x\n      isolation: pooled\n", Map.of()))
        .hasMessage("routes[0].upstream.isolation: 'pooled' (expected: session or shared)");
    assertThatThrownBy(() -> load("      command: x\n      max-processes: 0\n", Map.of()))
        .hasMessage("routes[0].upstream.max-processes: 0 (expected: >= 1)");
    assertThatThrownBy(() -> load("      command: x\n      idle-timeout: soon\n", Map.of()))
        .hasMessageStartingWith("routes[0].upstream.idle-timeout: 'soon'");
    assertThatThrownBy(
            () -> load("      command: x\n      cwd: '" + dir.resolve("none") + "'\n", Map.of()))
        .hasMessageEndingWith("is not a directory");
  }
}
