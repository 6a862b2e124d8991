package io.gatehouse.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads per-scenario results of a conformance run: first the {@code
 * <prefix><scenario>-<timestamp>/checks.json} files written under {@code -o DIR} (prefix {@code
 * server-} in server mode; none in client mode, where {@code auth/x} scenarios land in {@code
 * auth/x-<timestamp>/}), then, for scenarios without one (the CLI writes none when a scenario
 * throws), the console summary lines {@code ✓ name: 1 passed, 0 failed[, 2 warnings]}.
 */
final class ConformanceResults {

  private static final String TIMESTAMP = "-\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}-\\d{3}Z";
  private static final Pattern SUMMARY_LINE =
      Pattern.compile("^[✓✗] (\\S+): (\\d+) passed, (\\d+) failed(?:, (\\d+) warnings)?$");
  private static final Pattern SINGLE_RESULT_LINE =
      Pattern.compile("^Passed: (\\d+)/\\d+, (\\d+) failed, (\\d+) warnings$");
  private static final Pattern ANSI_ESCAPE = Pattern.compile("\u001B\\[[0-9;]*m");
  private static final JsonMapper JSON = JsonMapper.shared();

  private ConformanceResults() {}

  /**
   * @param scenario the scenario of a {@code --scenario} run, whose console shows no summary lines;
   *     else null
   */
  static List<ScenarioResult> read(Path outputDir, String console, String scenario) {
    return read(outputDir, console, scenario, "server-");
  }

  /**
   * @param prefix what the CLI puts before a scenario's name in its result directory
   */
  static List<ScenarioResult> read(Path outputDir, String console, String scenario, String prefix) {
    Map<String, ScenarioResult> results = fromConsole(console, scenario);
    fromChecksFiles(outputDir, prefix).forEach(result -> results.put(result.scenario(), result));
    return new ArrayList<>(results.values());
  }

  static Map<String, ScenarioResult> fromConsole(String console, String scenario) {
    Map<String, ScenarioResult> results = new LinkedHashMap<>();
    for (String line : ANSI_ESCAPE.matcher(console).replaceAll("").split("\\R")) {
      Matcher summary = SUMMARY_LINE.matcher(line.strip());
      Matcher single = SINGLE_RESULT_LINE.matcher(line.strip());
      if (summary.matches()) {
        results.put(
            summary.group(1),
            new ScenarioResult(
                summary.group(1),
                Integer.parseInt(summary.group(2)),
                Integer.parseInt(summary.group(3)),
                summary.group(4) == null ? 0 : Integer.parseInt(summary.group(4)),
                List.of()));
      } else if (single.matches() && scenario != null) {
        results.put(
            scenario,
            new ScenarioResult(
                scenario,
                Integer.parseInt(single.group(1)),
                Integer.parseInt(single.group(2)),
                Integer.parseInt(single.group(3)),
                List.of()));
      }
    }
    return results;
  }

  static List<ScenarioResult> fromChecksFiles(Path outputDir, String prefix) {
    if (!Files.isDirectory(outputDir)) {
      return List.of();
    }
    Pattern dirName = Pattern.compile(Pattern.quote(prefix) + "(.+)" + TIMESTAMP);
    try (Stream<Path> files = Files.walk(outputDir, 3)) {
      return files
          .filter(f -> f.getFileName().toString().equals("checks.json"))
          .sorted()
          .flatMap(
              f -> {
                String dir = outputDir.relativize(f.getParent()).toString().replace('\\', '/');
                Matcher m = dirName.matcher(dir);
                return m.matches() ? Stream.of(fromChecks(m.group(1), f)) : Stream.empty();
              })
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list conformance results in " + outputDir, e);
    }
  }

  private static ScenarioResult fromChecks(String scenario, Path checksJson) {
    int passed = 0;
    int failed = 0;
    int warnings = 0;
    List<String> failures = new ArrayList<>();
    for (JsonNode check : JSON.readTree(checksJson.toFile())) {
      switch (check.path("status").asString()) {
        case "SUCCESS" -> passed++;
        case "WARNING" -> warnings++;
        case "FAILURE" -> {
          failed++;
          failures.add(
              check.path("name").asString() + ": " + check.path("errorMessage").asString());
        }
        default -> {} // INFO, SKIPPED
      }
    }
    return new ScenarioResult(scenario, passed, failed, warnings, failures);
  }
}
