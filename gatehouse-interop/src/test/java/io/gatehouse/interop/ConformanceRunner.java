package io.gatehouse.interop;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the official conformance suite ({@code conformance server --url URL ... -o DIR}, or {@code
 * conformance client --command CMD ... -o DIR}) as a subprocess with a time limit, and reads its
 * per-scenario results. Each run gets its own output directory under {@code workDir}, holding the
 * checks.json files and the console log ({@code conformance.log}).
 */
public final class ConformanceRunner {

  /**
   * Enough for the whole suite even if all four server-initiated-request scenarios hit their 60 s
   * timeout.
   */
  public static final Duration SUITE_TIMEOUT = Duration.ofMinutes(6);

  /** One scenario, including one 60 s client-side request timeout. */
  public static final Duration SCENARIO_TIMEOUT = Duration.ofMinutes(2);

  private final NodeTools tools;
  private final Path workDir;
  private final Path cli;

  public ConformanceRunner(NodeTools tools, Path workDir) {
    this(tools, workDir, tools.conformanceCli());
  }

  /** A runner of the conformance CLI script {@code cli} (another version than the default). */
  public ConformanceRunner(NodeTools tools, Path workDir, Path cli) {
    this.tools = requireNonNull(tools, "tools");
    this.workDir = requireNonNull(workDir, "workDir");
    this.cli = requireNonNull(cli, "cli");
  }

  /** A runner of the 2026-era CLI (0.2.0), working in {@code tools.workDir(dir)}. */
  public static ConformanceRunner of2026(NodeTools tools, String dir) {
    return new ConformanceRunner(tools, tools.workDir(dir), tools.conformance2026Cli());
  }

  /**
   * Runs exactly the scenarios spec revision {@code revision} requires, at its wire ({@code
   * --requirements}, 0.2.0 CLIs), giving each client {@code clientTimeout}.
   */
  public SuiteRun runRequirements(
      ConformanceTarget target, String revision, Duration clientTimeout) {
    return run(
        target,
        List.of("--requirements", revision, "--timeout", Long.toString(clientTimeout.toMillis())),
        null,
        SUITE_TIMEOUT);
  }

  /** Runs one scenario at the wire of {@code revision} ({@code --spec-version}), alone. */
  public SuiteRun runScenario(
      ConformanceTarget target, String scenario, String revision, Duration clientTimeout) {
    requireNonNull(scenario, "scenario");
    return run(
        target,
        List.of(
            "--scenario",
            scenario,
            "--spec-version",
            revision,
            "--timeout",
            Long.toString(clientTimeout.toMillis())),
        scenario,
        SCENARIO_TIMEOUT);
  }

  /**
   * Runs the server scenarios a spec revision requires, plus the ones it reports unscored ({@code
   * --requirements REVISION}, 0.2.0 line).
   */
  public SuiteRun runRequirements(URI url, String revision) {
    return run(
        ConformanceTarget.server(url), List.of("--requirements", revision), null, SUITE_TIMEOUT);
  }

  /** Runs every server scenario ({@code --suite all}, 32 in 0.1.16). */
  public SuiteRun runSuite(URI url) {
    return runSuite(ConformanceTarget.server(url));
  }

  /** Runs every scenario of the target's mode ({@code --suite all}). */
  public SuiteRun runSuite(ConformanceTarget target) {
    return run(target, List.of("--suite", "all"), null, SUITE_TIMEOUT);
  }

  /**
   * Runs one scenario; the result always holds that scenario, failed if the CLI reported nothing
   * for it.
   */
  public SuiteRun runScenario(URI url, String scenario) {
    return runScenario(ConformanceTarget.server(url), scenario);
  }

  /** Runs one scenario of the target's mode, as {@link #runScenario(URI, String)}. */
  public SuiteRun runScenario(ConformanceTarget target, String scenario) {
    requireNonNull(scenario, "scenario");
    return run(target, List.of("--scenario", scenario), scenario, SCENARIO_TIMEOUT);
  }

  /**
   * Runs the whole suite, then once more each failed scenario of {@link ConformanceReport#toRetry}.
   */
  public ConformanceReport runSuiteWithRetry(URI url) {
    SuiteRun first = runSuite(url);
    List<SuiteRun> retries =
        ConformanceReport.toRetry(first).stream()
            .map(scenario -> runScenario(url, scenario))
            .toList();
    return new ConformanceReport(first, retries);
  }

  /**
   * Runs the whole suite, then once more, alone, each scenario in {@code retryable} that did not
   * pass cleanly (a failed or warning check). For scenarios known to be sensitive to the load of
   * the suite's parallel run; every other result stands.
   */
  public ConformanceReport runSuiteWithRetry(
      ConformanceTarget target, Collection<String> retryable) {
    SuiteRun first = runSuite(target);
    List<SuiteRun> retries =
        first.scenarios().stream()
            .filter(result -> !result.clean() && retryable.contains(result.scenario()))
            .map(result -> runScenario(target, result.scenario()))
            .toList();
    return new ConformanceReport(first, retries);
  }

  private SuiteRun run(
      ConformanceTarget target, List<String> selection, String scenario, Duration timeout) {
    requireNonNull(target, "target");
    Path outputDir =
        newOutputDir(scenario == null ? "suite-" : "scenario-" + scenario.replace('/', '_') + "-");
    Path log = outputDir.resolve("conformance.log");
    long started = System.nanoTime();
    Process process =
        start(
            target.command(
                tools.node().toString(), cli.toString(), selection, outputDir.toString()),
            log);
    boolean finished = waitFor(process, timeout);
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    int exitCode = finished ? process.exitValue() : -1;
    List<ScenarioResult> results =
        ConformanceResults.read(outputDir, readLog(log), scenario, target.resultPrefix());
    if (scenario != null
        && results.stream().noneMatch(result -> result.scenario().equals(scenario))) {
      results =
          List.of(
              new ScenarioResult(
                  scenario,
                  0,
                  1,
                  0,
                  List.of(
                      "no result from the conformance CLI"
                          + " (exit code "
                          + exitCode
                          + (finished ? "" : ", killed after " + timeout)
                          + ")")));
    }
    return new SuiteRun(results, exitCode, !finished, elapsed, outputDir, log);
  }

  private Path newOutputDir(String prefix) {
    try {
      Files.createDirectories(workDir);
      return Files.createTempDirectory(workDir, prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create a conformance output directory in " + workDir, e);
    }
  }

  private static Process start(List<String> command, Path log) {
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("NO_COLOR", "1");
    try {
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the conformance CLI: " + command, e);
    }
  }

  /** Waits up to {@code timeout}; on expiry kills the CLI and any process it started. */
  private static boolean waitFor(Process process, Duration timeout) {
    try {
      if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        return true;
      }
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      return false;
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the conformance CLI", e);
    }
  }

  private static String readLog(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the conformance console log " + log, e);
    }
  }
}
