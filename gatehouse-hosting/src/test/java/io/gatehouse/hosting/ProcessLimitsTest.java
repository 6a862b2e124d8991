package io.gatehouse.hosting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessLimitsTest {
  @TempDir Path dir;

  @Test
  void reads_sizes_with_binary_units_and_whole_numbers() {
    ProcessLimits l = ProcessLimits.parse("512m", "60", "1024", "200");
    assertThat(l).isEqualTo(new ProcessLimits(512L << 20, 60, 1024, 200));
    assertThat(ProcessLimits.parse("2G", null, null, null).memoryBytes()).isEqualTo(2L << 30);
    assertThat(ProcessLimits.parse("256MiB", null, null, null).memoryBytes()).isEqualTo(256L << 20);
    assertThat(ProcessLimits.parse("1048576", null, null, null).memoryBytes()).isEqualTo(1 << 20);
    assertThat(ProcessLimits.parse(null, " ", null, null)).isEqualTo(ProcessLimits.NONE);
  }

  @Test
  void bad_values_name_the_key_the_value_and_the_expectation() {
    assertThatThrownBy(() -> ProcessLimits.parse("lots", null, null, null))
        .hasMessage(
            "limits.memory: 'lots' (expected: a size from 1m to 64t, such as 512m, 2g or 256MiB;"
                + " 1024-based)");
    assertThatThrownBy(() -> ProcessLimits.parse("512", null, null, null))
        .hasMessageStartingWith("limits.memory: '512' (expected: a size from 1m");
    assertThatThrownBy(() -> ProcessLimits.parse("99999999999999t", null, null, null))
        .hasMessageStartingWith("limits.memory: '99999999999999t'");
    assertThatThrownBy(() -> ProcessLimits.parse(null, "0", null, null))
        .hasMessage("limits.cpu-seconds: '0' (expected: a whole number >= 1, or absent)");
    assertThatThrownBy(() -> ProcessLimits.parse(null, null, "many", null))
        .hasMessage("limits.open-files: 'many' (expected: a whole number >= 1, or absent)");
    assertThatThrownBy(() -> ProcessLimits.parse(null, null, null, "-3"))
        .hasMessage("limits.processes: '-3' (expected: a whole number >= 1, or absent)");
  }

  @Test
  void wraps_the_command_in_prlimit_with_soft_and_hard_limits_alike() {
    Path prlimit = Path.of("/usr/bin/prlimit");
    assertThat(
            new ProcessLimits(64L << 20, 0, 128, 0)
                .wrap(prlimit, List.of("node", "server.js", "--flag")))
        .containsExactly(
            "/usr/bin/prlimit",
            "--data=67108864",
            "--nofile=128",
            "--",
            "node",
            "server.js",
            "--flag");
    assertThat(ProcessLimits.NONE.wrap(prlimit, List.of("node"))).containsExactly("node");
  }

  @Test
  void finds_prlimit_in_usr_bin_else_on_path_else_says_it_is_missing() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path absent = dir.resolve("none/prlimit");
    assertThat(ProcessLimits.find(absent, bin.toString())).isEmpty();
    Path onPath = Files.writeString(bin.resolve("prlimit"), "#!/bin/sh\n");
    assertThat(onPath.toFile().setExecutable(true)).isTrue();
    assertThat(ProcessLimits.find(absent, "/nowhere:" + bin)).contains(onPath);
    assertThat(ProcessLimits.prlimitMissing())
        .contains("prlimit (util-linux)")
        .contains("expected: install util-linux, or remove the route's limits");
  }
}
