package io.gatehouse.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConformanceReportTest {

  private static final ScenarioResult PING_FAILED =
      new ScenarioResult("ping", 0, 1, 0, List.of("Ping: boom"));
  private static final ScenarioResult SAMPLING_TIMED_OUT =
      new ScenarioResult(
          "tools-call-sampling", 0, 1, 0, List.of("ToolsCallSampling: Request timed out"));
  private static final ScenarioResult SAMPLING_PASSED =
      new ScenarioResult("tools-call-sampling", 1, 0, 0, List.of());
  private static final ScenarioResult ENUMS_PASSED =
      new ScenarioResult("elicitation-sep1330-enums", 5, 0, 0, List.of());

  @Test
  void retries_only_failed_scenarios_that_need_a_server_initiated_request() {
    SuiteRun first = run(PING_FAILED, SAMPLING_TIMED_OUT, ENUMS_PASSED);

    assertThat(ConformanceReport.toRetry(first)).containsExactly("tools-call-sampling");
  }

  @Test
  void a_passing_retry_replaces_the_first_result_and_other_failures_stand() {
    ConformanceReport report =
        new ConformanceReport(
            run(PING_FAILED, SAMPLING_TIMED_OUT, ENUMS_PASSED), List.of(run(SAMPLING_PASSED)));

    assertThat(report.finalResults()).containsExactly(PING_FAILED, SAMPLING_PASSED, ENUMS_PASSED);
    assertThat(report.failedScenarios()).containsExactly(PING_FAILED);
    assertThat(report.summary("unit"))
        .isEqualTo(
            "conformance unit: 2/3 scenarios, 6 checks passed, 0 warnings"
                + " (first run: 1/3 in 1.5 s; retried tools-call-sampling: passed)");
  }

  private static SuiteRun run(ScenarioResult... results) {
    return new SuiteRun(
        List.of(results), 1, false, Duration.ofMillis(1500), Path.of("out"), Path.of("out.log"));
  }
}
