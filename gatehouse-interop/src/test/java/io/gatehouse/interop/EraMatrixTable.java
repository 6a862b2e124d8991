package io.gatehouse.interop;

import java.util.Map;

/**
 * The era matrix as text for the build log: a row per scenario, a column per pair ({@code pass},
 * {@code FAIL}, or {@code -} for a pair not run), then what each pair's column means.
 */
final class EraMatrixTable {
  private static final String ROW = "%-32s";
  private static final String CELL = " %-6s";

  private EraMatrixTable() {}

  static String render(Map<EraPair, InteropRun> runs) {
    StringBuilder out = new StringBuilder("era matrix, through one gateway\n");
    out.append(String.format(ROW, "scenario"));
    for (EraPair pair : EraPair.values()) {
      out.append(String.format(CELL, pair.name()));
    }
    out.append('\n');
    for (String scenario : EraScenarios.ALL) {
      out.append(String.format(ROW, scenario));
      for (EraPair pair : EraPair.values()) {
        out.append(String.format(CELL, cell(runs.get(pair), scenario)));
      }
      out.append('\n');
    }
    for (EraPair pair : EraPair.values()) {
      out.append(
          String.format(
              "%s: %s; questions: %s; subscriptions: %s%n",
              pair.label(), pair.gateway, pair.questions, pair.subscriptions));
    }
    return out.toString();
  }

  private static String cell(InteropRun run, String scenario) {
    if (run == null) {
      return "-";
    }
    return run.outcomes().stream()
        .filter(o -> o.scenario().equals(scenario))
        .findFirst()
        .map(o -> o.succeeded() ? "pass" : "FAIL")
        .orElse("-");
  }
}
