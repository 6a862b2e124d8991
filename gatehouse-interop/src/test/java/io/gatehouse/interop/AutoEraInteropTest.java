package io.gatehouse.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.server.testing.RunningGatehouse;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One URL, any server: the TypeScript SDK v1 client (session era only, {@code
 * src/test/node/era-matrix-v1-client.mjs}) on routes left to {@code upstream.protocol: auto}. To a
 * 2026-07-28-only server (the SDK v2 with {@code legacy: 'reject'}) it goes through the reverse
 * bridge, chosen when the server refuses its {@code initialize}; to a server of both eras (the same
 * script with {@code legacy: 'stateless'}) and to server-everything (2025-11-25 only) it goes
 * directly, as before. The SDK v2 server prints each message it receives, so the test sees which
 * era reached it.
 */
class AutoEraInteropTest {
  private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(120);

  private static NodeTools tools;
  private static ModernFixture modernOnly;
  private static ModernFixture bothEras;
  private static ServerEverything everything;
  private static RunningGatehouse gateway;

  @BeforeAll
  static void start() {
    tools = NodeTools.require();
    modernOnly = ModernFixture.start(tools, "era-matrix-server.mjs");
    bothEras = ModernFixture.start(tools, "era-matrix-server.mjs", "stateless");
    everything = ServerEverything.start(tools, UpstreamMode.STREAMABLE_HTTP);
    gateway =
        RunningGatehouse.start(
            "routes:\n"
                + route("modern-only", modernOnly.url())
                + route("both-eras", bothEras.url())
                + route("everything", everything.url()));
  }

  private static String route(String name, URI url) {
    return "  - name: "
        + name
        + "\n    upstream: {url: '"
        + url
        + "', transport: streamable-http, protocol: auto}\n";
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    for (AutoCloseable c : new AutoCloseable[] {modernOnly, bothEras, everything}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  @Test
  void a_v1_client_reaches_a_2026_07_28_only_server_through_the_reverse_bridge() {
    passes(
        "modern-only",
        "era-matrix-server",
        modernOnly.diagnostics(),
        EraScenarios.CONNECTED,
        EraScenarios.TOOLS,
        EraScenarios.ELICITATION);

    List<String> received = modernOnly.received();
    // the client's initialize reached the server once, was refused, and everything after it was
    // a 2026-07-28 request of the bridge's: server/discover, tools, the elicitation's retry
    assertThat(received).filteredOn(r -> r.startsWith("initialize ")).hasSize(1);
    assertThat(received).filteredOn(r -> !r.startsWith("initialize ")).isNotEmpty();
    assertThat(received)
        .filteredOn(r -> !r.startsWith("initialize "))
        .allSatisfy(r -> assertThat(r).endsWith(" 2026-07-28"));
    assertThat(received).contains("server/discover 2026-07-28", "tools/list 2026-07-28");
    assertThat(received).filteredOn("tools/call 2026-07-28"::equals).hasSizeGreaterThan(2);

    // known now: the next session of this route is bridged without asking the server again
    passes(
        "modern-only",
        "era-matrix-server",
        modernOnly.diagnostics(),
        EraScenarios.CONNECTED,
        EraScenarios.TOOLS);
    assertThat(modernOnly.received()).filteredOn(r -> r.startsWith("initialize ")).hasSize(1);
  }

  @Test
  void a_v1_client_of_a_server_of_both_eras_is_served_by_the_server_itself() {
    passes(
        "both-eras",
        "era-matrix-server",
        bothEras.diagnostics(),
        EraScenarios.CONNECTED,
        EraScenarios.TOOLS);

    List<String> received = bothEras.received();
    assertThat(received).anyMatch(r -> r.startsWith("initialize "));
    assertThat(received).contains("tools/list 2025-11-25", "tools/call 2025-11-25");
    assertThat(received).as("no probe, no bridge").noneMatch(r -> r.endsWith(" 2026-07-28"));
  }

  /**
   * server-everything asks for elicitation with a real request in the session, which only reaches
   * the client when the session is the server's own.
   */
  @Test
  void a_v1_client_of_a_session_era_server_keeps_its_session_and_its_requests() {
    passes(
        "everything",
        "everything",
        everything.diagnostics(),
        EraScenarios.CONNECTED,
        EraScenarios.TOOLS,
        EraScenarios.ELICITATION);
  }

  private static void passes(String route, String profile, String diagnostics, String... names) {
    List<String> scenarios = List.of(names);
    List<String> command = new ArrayList<>();
    command.add(tools.node().toString());
    command.add(tools.nodeScript(EraPair.Client.V1.script).toString());
    command.add(gateway.route(route).toString());
    command.add(profile);
    command.add(EraPair.Client.V1.protocol);
    command.addAll(scenarios);
    try (ChildProcess client = ChildProcess.start("v1 -> " + route, command, Map.of())) {
      InteropRun run =
          InteropRun.ofScript("v1 -> " + route, scenarios, client, SCRIPT_TIMEOUT, diagnostics);
      System.out.println(run.summary());
      assertThat(run.outcomes())
          .allSatisfy(
              o ->
                  assertThat(o.failure())
                      .as(
                          "%s: %s",
                          o.scenario(), o.failure() == null ? "" : o.failure().getMessage())
                      .isNull());
    }
  }
}
