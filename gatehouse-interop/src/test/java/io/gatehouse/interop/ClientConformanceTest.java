package io.gatehouse.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The official conformance suite's client scenarios ({@code conformance client --suite all}) run
 * against Gatehouse's MCP client, {@link ConformanceClient} over {@code McpClient} and the outbound
 * OAuth of gatehouse-connect, started by the CLI in a JVM with this test's class path.
 */
class ClientConformanceTest {

  private static final int CLIENT_SCENARIOS_IN_0_1_16 = 26;

  /**
   * Extension scenarios Gatehouse does not implement: reported by name as not passing, never
   * counted as passed. Empty: all 26 are built.
   */
  static final Set<String> NOT_BUILT = Set.of();

  /**
   * Measures the reconnect delay to within -50/+200 ms of the server's {@code retry}; the suite
   * starts 26 client JVMs at once, which on a 2-core machine can delay the reconnect past that, so
   * this one gets a second run alone (reported in the summary).
   */
  static final Set<String> TIMING_SENSITIVE = Set.of("sse-retry");

  @Test
  void gatehouse_client_passes_every_client_scenario() throws IOException {
    NodeTools tools = NodeTools.require();
    Path work = tools.workDir("client");
    ConformanceRunner runner = new ConformanceRunner(tools, work);

    ConformanceReport report =
        runner.runSuiteWithRetry(
            ConformanceTarget.client(
                clientCommand(work), tools.nodeScript("loopback-fetch-only.cjs")),
            TIMING_SENSITIVE);

    List<ScenarioResult> results = report.finalResults();
    List<ScenarioResult> notPassing = results.stream().filter(r -> !r.clean()).toList();
    System.out.println(
        "client conformance: "
            + (results.size() - notPassing.size())
            + "/"
            + results.size()
            + " scenarios passed ("
            + report.summary("client")
            + ")");
    notPassing.forEach(r -> System.out.println("  not passing: " + r));
    assertThat(results)
        .as("scenarios reported; console log: %s", report.first().log())
        .hasSize(CLIENT_SCENARIOS_IN_0_1_16);
    assertThat(notPassing)
        .as("scenarios not passing; console log: %s", report.first().log())
        .extracting(ScenarioResult::scenario)
        .containsExactlyInAnyOrderElementsOf(NOT_BUILT);
  }

  /**
   * {@code java @ARGFILE}: the CLI splits the command at spaces, so the class path and flags go in
   * an argument file. Small-footprint flags, since the suite starts every client at once.
   */
  static String clientCommand(Path work) throws IOException {
    Files.createDirectories(work);
    Path args = work.resolve("client-java-args.txt");
    Files.writeString(
        args,
        String.join(
            "\n",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Xmx128m",
            "-cp",
            "\"" + System.getProperty("java.class.path").replace("\\", "\\\\") + "\"",
            ConformanceClient.class.getName()));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return java + " @" + args.toAbsolutePath();
  }
}
