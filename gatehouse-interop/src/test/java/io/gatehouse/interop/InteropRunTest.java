package io.gatehouse.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;

class InteropRunTest {

  @Test
  void summary_counts_passed_scenarios_and_names_the_failed_ones() {
    InteropRun run =
        new InteropRun(
            "ts-sdk/sse",
            List.of(
                ScenarioOutcome.passed("a", 10),
                ScenarioOutcome.failed("b", new AssertionError("boom"), 5),
                ScenarioOutcome.passed("c", 1)));

    assertThat(run.summary())
        .isEqualTo("interop ts-sdk/sse: 2/3 scenarios passed in 16 ms; failed: b");
  }

  @Test
  void a_scenario_that_reported_nothing_fails_with_the_reason() {
    InteropRun run =
        InteropRun.of(
            "ts-sdk/sse",
            List.of("a", "b"),
            List.of(ScenarioOutcome.passed("a", 1)),
            "The script exited with 1.");

    assertThat(run.summary())
        .isEqualTo("interop ts-sdk/sse: 1/2 scenarios passed in 1 ms; failed: b");
    DynamicTest missing = run.tests().toList().get(1);
    assertThat(missing.getDisplayName()).isEqualTo("b");
    assertThatThrownBy(() -> missing.getExecutable().execute())
        .hasMessage("ts-sdk/sse b: no outcome reported. The script exited with 1.");
  }

  @Test
  void tests_follow_the_expected_order_not_the_reported_one() {
    InteropRun run =
        InteropRun.of(
            "x",
            List.of("a", "b"),
            List.of(ScenarioOutcome.passed("b", 1), ScenarioOutcome.passed("a", 1)),
            "");

    assertThat(run.tests().map(DynamicTest::getDisplayName)).containsExactly("a", "b");
  }
}
