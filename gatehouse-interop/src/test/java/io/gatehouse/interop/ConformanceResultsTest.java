package io.gatehouse.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConformanceResultsTest {

  private static final String SUITE_CONSOLE =
      """
      === SUMMARY ===
      ✓ server-initialize: 1 passed, 0 failed
      ✓ server-sse-polling: 0 passed, 0 failed
      ✗ tools-call-sampling: 0 passed, 1 failed

      Total: 1 passed, 1 failed
      """;

  @TempDir Path outputDir;

  @Test
  void reads_counts_and_failure_messages_from_checks_json() throws IOException {
    writeChecks(
        "server-sse-polling",
        """
        [{"name":"ServerSendsPrimingEvent","status":"WARNING"},
         {"name":"ServerSendsRetryField","status":"WARNING"},
         {"name":"StreamClosed","status":"INFO"}]""");
    writeChecks(
        "tools-call-sampling",
        """
        [{"name":"ToolsCallSampling","status":"FAILURE",
         "errorMessage":"Failed: MCP error -32001: Request timed out"}]""");

    List<ScenarioResult> results = ConformanceResults.read(outputDir, SUITE_CONSOLE, null);

    assertThat(results)
        .containsExactly(
            new ScenarioResult("server-initialize", 1, 0, 0, List.of()),
            new ScenarioResult("server-sse-polling", 0, 0, 2, List.of()),
            new ScenarioResult(
                "tools-call-sampling",
                0,
                1,
                0,
                List.of("ToolsCallSampling: Failed: MCP error -32001: Request timed out")));
    assertThat(results.get(1).succeeded()).isTrue();
    assertThat(results.get(2).succeeded()).isFalse();
  }

  @Test
  void falls_back_to_summary_lines_for_scenarios_without_checks_json() {
    List<ScenarioResult> results = ConformanceResults.read(outputDir, SUITE_CONSOLE, null);

    assertThat(results)
        .extracting(ScenarioResult::scenario)
        .containsExactly("server-initialize", "server-sse-polling", "tools-call-sampling");
    assertThat(results.get(2).failed()).isEqualTo(1);
  }

  @Test
  void reads_the_single_scenario_result_line_of_a_scenario_run() {
    String console =
        "Checks:\n\u001B[32mSUCCESS\u001B[0m ...\n\nTest Results:\n"
            + "Passed: 5/5, 0 failed, 0 warnings\n";

    List<ScenarioResult> results =
        ConformanceResults.read(outputDir, console, "elicitation-sep1330-enums");

    assertThat(results)
        .containsExactly(new ScenarioResult("elicitation-sep1330-enums", 5, 0, 0, List.of()));
  }

  @Test
  void reads_client_results_nested_under_the_scenario_path_and_warning_summaries()
      throws IOException {
    Path dir =
        Files.createDirectories(
            outputDir.resolve("auth/metadata-default-2026-12-07T05-36-56-722Z"));
    Files.writeString(
        dir.resolve("checks.json"),
        """
        [{"name":"AuthorizationServerMetadata","status":"SUCCESS"},
         {"name":"ClientRespectsRetryField","status":"WARNING"}]""");
    String console = "✗ sse-retry: 2 passed, 0 failed, 1 warnings\n";

    List<ScenarioResult> results = ConformanceResults.read(outputDir, console, null, "");

    assertThat(results)
        .containsExactly(
            new ScenarioResult("sse-retry", 2, 0, 1, List.of()),
            new ScenarioResult("auth/metadata-default", 1, 0, 1, List.of()));
    assertThat(results).noneMatch(ScenarioResult::clean);
  }

  private void writeChecks(String scenario, String json) throws IOException {
    Path dir =
        Files.createDirectories(
            outputDir.resolve("server-" + scenario + "-2026-11-22T03-24-12-109Z"));
    Files.writeString(dir.resolve("checks.json"), json);
  }
}
