package io.gatehouse.server;

import static io.gatehouse.testkit.McpWire.answer;
import static io.gatehouse.testkit.McpWire.messages;
import static io.gatehouse.testkit.McpWire.post;
import static io.gatehouse.testkit.McpWire.send;
import static io.gatehouse.testkit.McpWire.toolCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.McpWire;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Routes whose upstream is a stdio server Gatehouse runs ({@code transport: stdio}), with a real
 * Node process per session or per route: our {@code stdio-probe.mjs} tells what the process sees.
 */
class StdioHostingTest {
  private static final JsonMapper JSON = JsonMapper.shared();
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** The pinned Node binary; fails on CI and skips elsewhere when it is not installed. */
  static Path node() {
    Path root = Path.of("").toAbsolutePath();
    while (root != null && !Files.exists(root.resolve("mvnw"))) {
      root = root.getParent();
    }
    Path node = root == null ? Path.of(".tools/node") : root.resolve(".tools/node");
    if (!Files.isExecutable(node)) {
      String message = "no Node at " + node + ": run `bash .ci/tools.sh` in the repository root";
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail(message);
      }
      Assumptions.abort(message);
    }
    return node;
  }

  static Path probe() {
    return Path.of("src/test/node/stdio-probe.mjs").toAbsolutePath();
  }

  static String stdioRoute(String name, String extra) {
    return "  - name: "
        + name
        + "\n    upstream:\n      transport: stdio\n      command: '"
        + node()
        + "'\n      args: ['"
        + probe()
        + "']\n"
        + extra;
  }

  /** The PIDs of this JVM's child processes running the probe now. */
  static Set<Long> probes() {
    return ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .filter(
            p ->
                p.info()
                    .arguments()
                    .map(a -> String.join(" ", a))
                    .orElse("")
                    .contains("stdio-probe"))
        .map(ProcessHandle::pid)
        .collect(Collectors.toSet());
  }

  static JsonNode structured(HttpResponse<String> r) {
    JsonNode m = JSON.readTree(answer(r));
    assertThat(m.has("result")).as(r.body()).isTrue();
    return m.path("result").path("structuredContent");
  }

  @Test
  void the_child_sees_only_path_home_and_what_the_route_sets() throws Exception {
    assertThat(System.getenv().keySet())
        .as("this JVM has variables of its own the child must not inherit")
        .contains("PATH")
        .hasSizeGreaterThan(3);
    try (RunningGatehouse g =
        RunningGatehouse.start(
            "routes:\n" + stdioRoute("probe", "      env: {PROBE_SETTING: 'on'}\n"))) {
      URI route = g.route("probe");
      String session = McpWire.open(route);
      JsonNode env = structured(send(post(route, session, toolCall(2, "env", "{}"))));
      List<String> names = new ArrayList<>();
      env.path("names").forEach(n -> names.add(n.asString()));
      assertThat(names).isSubsetOf("PATH", "HOME", "PROBE_SETTING").contains("PROBE_SETTING");
      assertThat(names).noneMatch(n -> n.startsWith("GATEHOUSE_"));
      JsonNode who = structured(send(post(route, session, toolCall(3, "whoami", "{}"))));
      assertThat(Path.of(who.path("cwd").asString()))
          .startsWith(g.dir().resolve("data").resolve("hosted").toRealPath());
    }
  }

  @Test
  void a_route_with_limits_runs_its_process_under_them() throws Exception {
    try (RunningGatehouse g =
        RunningGatehouse.start(
            "routes:\n"
                + stdioRoute(
                    "probe", "      limits: {memory: 192m, open-files: 64, cpu-seconds: 600}\n"))) {
      URI route = g.route("probe");
      String session = McpWire.open(route);
      long pid =
          structured(send(post(route, session, toolCall(2, "whoami", "{}")))).path("pid").asLong();
      // prlimit ran the server in its own place: the PID Gatehouse started is the server's
      assertThat(probes()).contains(pid);
      List<String> limits = Files.readAllLines(Path.of("/proc/" + pid + "/limits"));
      assertThat(limit(limits, "Max open files")).containsExactly("64", "64");
      assertThat(limit(limits, "Max data size"))
          .containsExactly(String.valueOf(192L << 20), String.valueOf(192L << 20));
      assertThat(limit(limits, "Max cpu time")).containsExactly("600", "600");
      assertThat(limit(limits, "Max processes")).first().isNotEqualTo("64");
      // and the memory limit holds: the server cannot take 512 MiB
      JsonNode big =
          structured(send(post(route, session, toolCall(3, "allocate", "{\"mib\":512}"))));
      assertThat(big.path("failed").asString()).isNotEmpty();
      assertThat(big.path("allocated").asInt()).isLessThan(192);
    }
  }

  /** The soft and hard values of one line of {@code /proc/<pid>/limits}. */
  private static List<String> limit(List<String> lines, String name) {
    String line =
        lines.stream().filter(l -> l.startsWith(name)).findFirst().orElseThrow().substring(26);
    String[] parts = line.trim().split("\\s+");
    return List.of(parts[0], parts[1]);
  }

  @Test
  void a_secret_in_env_is_read_from_the_vault_when_the_process_starts() {
    String value = "v-" + java.util.UUID.randomUUID();
    try (RunningGatehouse g =
        RunningGatehouse.start(
            "routes:\n"
                + stdioRoute("probe", "      env: {PROBE_TOKEN: '${secret:probe-token}'}\n"))) {
      URI route = g.route("probe");
      HttpResponse<String> missing = send(post(route, null, McpWire.initializeBody(1)));
      assertThat(missing.body()).contains("HOSTED_SECRET_UNAVAILABLE").doesNotContain(value);
      assertThat(probes()).isEmpty();
      g.server().vault().put("default", "probe-token", io.gatehouse.core.Secret.of(value));
      String s = McpWire.open(route);
      JsonNode got =
          structured(send(post(route, s, toolCall(2, "getenv", "{\"name\":\"PROBE_TOKEN\"}"))));
      assertThat(got.path("value").asString()).isEqualTo(value);
    }
  }

  @Test
  void twenty_sessions_run_twenty_processes_and_delete_ends_them() {
    try (RunningGatehouse g = RunningGatehouse.start("routes:\n" + stdioRoute("probe", ""))) {
      URI route = g.route("probe");
      Set<Long> before = probes();
      List<String> sessions = new ArrayList<>();
      Set<Long> pids = new java.util.HashSet<>();
      for (int i = 0; i < 20; i++) {
        String s = McpWire.open(route);
        sessions.add(s);
        pids.add(
            structured(send(post(route, s, toolCall(2, "whoami", "{}")))).path("pid").asLong());
      }
      assertThat(pids).hasSize(20);
      Set<Long> running = probes();
      running.removeAll(before);
      assertThat(running).isEqualTo(pids);
      for (String s : sessions) {
        HttpResponse<String> r =
            send(
                HttpRequest.newBuilder(route)
                    .header("Mcp-Session-Id", s)
                    .header("MCP-Protocol-Version", McpWire.VERSION)
                    .DELETE());
        assertThat(r.statusCode()).as(r.body()).isLessThan(300);
      }
      await().atMost(WAIT).until(() -> pids.stream().noneMatch(StdioHostingTest::alive));
      assertThat(g.server().hosting().sessions("probe")).isZero();
    }
  }

  @Test
  void shared_isolation_serves_twenty_sessions_from_one_process() {
    try (RunningGatehouse g =
        RunningGatehouse.start("routes:\n" + stdioRoute("probe", "      isolation: shared\n"))) {
      URI route = g.route("probe");
      Set<Long> before = probes();
      Set<Long> pids = new java.util.HashSet<>();
      for (int i = 0; i < 20; i++) {
        String s = McpWire.open(route);
        // the same client id in every session: the bridge maps ids, so answers never cross
        JsonNode who = structured(send(post(route, s, toolCall(7, "whoami", "{}"))));
        pids.add(who.path("pid").asLong());
        JsonNode chatty =
            JSON.readTree(
                answer(
                    send(
                        post(
                            route,
                            s,
                            "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":"
                                + "{\"name\":\"chatty\",\"arguments\":{},\"_meta\":{\"progressToken\":\"t"
                                + i
                                + "\"}}}"))));
        assertThat(chatty.path("id").asInt()).isEqualTo(7);
        // the server saw the bridge's own token, never the client's
        assertThat(chatty.path("result").path("structuredContent").path("token").asString())
            .isNotEqualTo("t" + i);
      }
      assertThat(pids).hasSize(1);
      Set<Long> running = probes();
      running.removeAll(before);
      assertThat(running).isEqualTo(pids);
      assertThat(g.server().hosting().sessions("probe")).isEqualTo(20);
    }
  }

  @Test
  void a_shared_route_runs_a_process_per_principal_and_one_for_all_when_told_it_may() {
    for (boolean acrossPrincipals : new boolean[] {false, true}) {
      try (RunningGatehouse g =
          RunningGatehouse.start(
              "routes:\n"
                  + stdioRoute(
                      "probe",
                      "      isolation: shared\n      shared-across-principals: "
                          + acrossPrincipals
                          + "\n")
                  + "    auth: [api-key]\n")) {
        URI route = g.route("probe");
        String alice = apiKey(g, "alice");
        String bob = apiKey(g, "bob");
        long alicePid = pid(route, alice, openAs(route, alice));
        long alicePidAgain = pid(route, alice, openAs(route, alice));
        long bobPid = pid(route, bob, openAs(route, bob));
        assertThat(alicePidAgain).as("one principal's two sessions").isEqualTo(alicePid);
        if (acrossPrincipals) {
          assertThat(bobPid).as("shared-across-principals: true").isEqualTo(alicePid);
          assertThat(probes()).containsExactly(alicePid);
        } else {
          assertThat(bobPid).as("another principal").isNotEqualTo(alicePid);
          assertThat(probes()).containsExactlyInAnyOrder(alicePid, bobPid);
        }
        assertThat(g.server().hosting().sharedProcesses("probe"))
            .isEqualTo(acrossPrincipals ? 1 : 2);
        assertThat(g.server().hosting().sessions("probe")).isEqualTo(3);
      }
    }
  }

  @Test
  void a_principals_shared_process_speaks_only_to_that_principals_sessions() throws Exception {
    try (RunningGatehouse g =
        RunningGatehouse.start(
            "routes:\n"
                + stdioRoute("probe", "      isolation: shared\n")
                + "    auth: [api-key]\n")) {
      URI route = g.route("probe");
      String alice = apiKey(g, "alice");
      String bob = apiKey(g, "bob");
      String aliceSession = openAs(route, alice);
      String bobSession = openAs(route, bob);
      ToolsChangedNoticeTest.Events aliceHears = listen(route, alice, aliceSession);
      ToolsChangedNoticeTest.Events bobHears = listen(route, bob, bobSession);

      announce(route, alice, aliceSession, "from-alice");
      assertThat(aliceHears.nextMessage().dataAsString()).contains("from-alice");
      announce(route, bob, bobSession, "from-bob");
      // bob's stream got nothing of alice's process: its first message is his own
      assertThat(bobHears.nextMessage().dataAsString())
          .contains("from-bob")
          .doesNotContain("from-alice");
    }
  }

  private static ToolsChangedNoticeTest.Events listen(URI route, String key, String session)
      throws Exception {
    HttpResponse<java.io.InputStream> get =
        McpWire.stream(McpWire.get(route, session).header("Authorization", "Bearer " + key));
    assertThat(get.statusCode()).isEqualTo(200);
    return new ToolsChangedNoticeTest.Events(get.body());
  }

  private static void announce(URI route, String key, String session, String marker) {
    JsonNode r =
        structured(
            send(
                post(route, session, toolCall(5, "announce", "{\"marker\":\"" + marker + "\"}"))
                    .header("Authorization", "Bearer " + key)));
    assertThat(r.path("announced").asString()).isEqualTo(marker);
  }

  /** A new consumer's API key. */
  private static String apiKey(RunningGatehouse g, String consumer) {
    HttpResponse<String> made =
        g.send(
            "POST",
            "/admin/v1/consumers",
            RunningGatehouse.ADMIN_TOKEN,
            "{\"name\":\"" + consumer + "\",\"kind\":\"user\"}");
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    HttpResponse<String> key =
        g.send(
            "POST",
            "/admin/v1/consumers/" + consumer + "/keys",
            RunningGatehouse.ADMIN_TOKEN,
            "{}");
    assertThat(key.statusCode()).as(key.body()).isEqualTo(201);
    return JSON.readTree(key.body()).path("key").asString();
  }

  private static String openAs(URI route, String key) {
    HttpResponse<String> init =
        send(post(route, null, McpWire.initializeBody(1)).header("Authorization", "Bearer " + key));
    assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
    String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    assertThat(
            send(post(route, session, McpWire.notification("notifications/initialized"))
                    .header("Authorization", "Bearer " + key))
                .statusCode())
        .isEqualTo(202);
    return session;
  }

  private static long pid(URI route, String key, String session) {
    return structured(
            send(
                post(route, session, toolCall(2, "whoami", "{}"))
                    .header("Authorization", "Bearer " + key)))
        .path("pid")
        .asLong();
  }

  @Test
  void a_request_stream_carries_its_log_messages_and_progress_with_the_clients_token() {
    try (RunningGatehouse g = RunningGatehouse.start("routes:\n" + stdioRoute("probe", ""))) {
      URI route = g.route("probe");
      String s = McpWire.open(route);
      HttpResponse<String> r =
          send(
              post(
                  route,
                  s,
                  "{\"jsonrpc\":\"2.0\",\"id\":\"c1\",\"method\":\"tools/call\",\"params\":"
                      + "{\"name\":\"chatty\",\"arguments\":{},\"_meta\":{\"progressToken\":42}}}"));
      List<JsonNode> all = messages(r).stream().map(JSON::readTree).toList();
      assertThat(all)
          .extracting(m -> m.path("method").asString(""))
          .containsExactly("notifications/message", "notifications/progress", "");
      assertThat(all.get(1).path("params").path("progressToken").asInt()).isEqualTo(42);
      assertThat(all.get(2).path("id").asString()).isEqualTo("c1");
    }
  }

  @Test
  void a_crash_mid_call_answers_upstream_crashed_and_the_next_session_gets_a_fresh_process() {
    try (RunningGatehouse g = RunningGatehouse.start("routes:\n" + stdioRoute("probe", ""))) {
      URI route = g.route("probe");
      String first = McpWire.open(route);
      long pid =
          structured(send(post(route, first, toolCall(2, "whoami", "{}")))).path("pid").asLong();
      JsonNode crashed =
          JSON.readTree(answer(send(post(route, first, toolCall(3, "crash", "{}")))));
      assertThat(crashed.path("error").path("data").path("key").asString())
          .as(crashed.toString())
          .isEqualTo("UPSTREAM_CRASHED");
      await().atMost(WAIT).until(() -> !alive(pid));
      String next = McpWire.open(route);
      long fresh =
          structured(send(post(route, next, toolCall(2, "whoami", "{}")))).path("pid").asLong();
      assertThat(fresh).isNotEqualTo(pid);
      assertThat(alive(fresh)).isTrue();
    }
  }

  @Test
  void a_killed_process_ends_its_session_which_the_client_sees_expired() throws Exception {
    try (RunningGatehouse g = RunningGatehouse.start("routes:\n" + stdioRoute("probe", ""))) {
      URI route = g.route("probe");
      String s = McpWire.open(route);
      long pid = structured(send(post(route, s, toolCall(2, "whoami", "{}")))).path("pid").asLong();
      ProcessHandle child = ProcessHandle.of(pid).orElseThrow();
      child.destroyForcibly();
      child.onExit().get();
      await().atMost(WAIT).until(() -> g.server().hosting().sessions("probe") == 0);
      HttpResponse<String> after = send(post(route, s, toolCall(3, "whoami", "{}")));
      // the bridge answers 404, which the gateway reports as the upstream ending the session
      assertThat(after.body()).contains("SESSION_EXPIRED");
      String next = McpWire.open(route);
      assertThat(
              structured(send(post(route, next, toolCall(2, "whoami", "{}")))).path("pid").asLong())
          .isNotEqualTo(pid);
    }
  }

  @Test
  void a_shared_process_restarts_after_a_crash_and_backs_off_when_it_crashes_again() {
    try (RunningGatehouse g =
        RunningGatehouse.start("routes:\n" + stdioRoute("probe", "      isolation: shared\n"))) {
      URI route = g.route("probe");
      String s = McpWire.open(route);
      long first =
          structured(send(post(route, s, toolCall(2, "whoami", "{}")))).path("pid").asLong();
      assertThat(answer(send(post(route, s, toolCall(3, "crash", "{}")))))
          .contains("UPSTREAM_CRASHED");
      await().atMost(WAIT).until(() -> !alive(first));
      // the first crash restarts at once, in the same session
      long second =
          structured(send(post(route, s, toolCall(4, "whoami", "{}")))).path("pid").asLong();
      assertThat(second).isNotEqualTo(first);
      assertThat(answer(send(post(route, s, toolCall(5, "crash", "{}")))))
          .contains("UPSTREAM_CRASHED");
      await().atMost(WAIT).until(() -> !alive(second));
      // a second crash soon after: the restart waits, and says so meanwhile
      JsonNode waiting = JSON.readTree(answer(send(post(route, s, toolCall(6, "whoami", "{}")))));
      assertThat(waiting.path("error").path("data").path("key").asString())
          .isEqualTo("UPSTREAM_CRASHED");
      assertThat(waiting.path("error").path("message").asString()).contains("restarts in");
      await()
          .atMost(WAIT)
          .until(
              () ->
                  JSON.readTree(answer(send(post(route, s, toolCall(7, "whoami", "{}")))))
                      .has("result"));
      assertThat(probes()).hasSize(1).doesNotContain(first, second);
    }
  }

  @Test
  void a_reload_that_changes_the_route_stops_its_processes_and_the_new_one_serves()
      throws Exception {
    try (RunningGatehouse g =
        RunningGatehouse.start(
            "routes:\n" + stdioRoute("probe", "      env: {PROBE_SETTING: one}\n"))) {
      URI route = g.route("probe");
      String s = McpWire.open(route);
      long pid = structured(send(post(route, s, toolCall(2, "whoami", "{}")))).path("pid").asLong();
      g.rewriteConfig("routes:\n" + stdioRoute("probe", "      env: {PROBE_SETTING: two}\n"));
      await().atMost(WAIT).until(() -> !alive(pid));
      String next = McpWire.open(route);
      JsonNode got =
          structured(
              send(post(route, next, toolCall(2, "getenv", "{\"name\":\"PROBE_SETTING\"}"))));
      assertThat(got.path("value").asString()).isEqualTo("two");
    }
  }

  @Test
  void a_server_that_logs_before_answering_initialize_starts_in_both_isolations() {
    String env = "      env: {PROBE_LOG_ON_INIT: '1'}\n";
    try (RunningGatehouse g =
        RunningGatehouse.start(
            "routes:\n"
                + stdioRoute("own", env)
                + stdioRoute("pooled", env + "      isolation: shared\n"))) {
      for (String name : List.of("own", "pooled")) {
        URI route = g.route(name);
        String s = McpWire.open(route);
        assertThat(
                structured(send(post(route, s, toolCall(2, "whoami", "{}")))).path("pid").asLong())
            .as(name)
            .isPositive();
      }
    }
  }

  @Test
  void the_childs_stderr_is_logged_at_info_with_the_route_name() {
    ch.qos.logback.classic.Logger logger =
        (ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger("io.gatehouse.hosting.stdio");
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
        new ch.qos.logback.core.read.ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    try (RunningGatehouse g = RunningGatehouse.start("routes:\n" + stdioRoute("probe", ""))) {
      URI route = g.route("probe");
      String s = McpWire.open(route);
      long pid = structured(send(post(route, s, toolCall(2, "whoami", "{}")))).path("pid").asLong();
      await()
          .atMost(WAIT)
          .until(
              () ->
                  List.copyOf(lines.list).stream()
                      .anyMatch(
                          e ->
                              e.getLevel() == ch.qos.logback.classic.Level.INFO
                                  && e.getFormattedMessage()
                                      .equals("route probe: stdio-probe " + pid + " ready")));
    } finally {
      logger.detachAppender(lines);
    }
  }

  @Test
  void an_idle_session_ends_with_its_process() {
    try (RunningGatehouse g =
        RunningGatehouse.start("routes:\n" + stdioRoute("probe", "      idle-timeout: 1s\n"))) {
      URI route = g.route("probe");
      String s = McpWire.open(route);
      long pid = structured(send(post(route, s, toolCall(2, "whoami", "{}")))).path("pid").asLong();
      await().atMost(WAIT).until(() -> !alive(pid));
      assertThat(g.server().hosting().sessions("probe")).isZero();
    }
  }

  @Test
  void sessions_beyond_max_processes_are_refused_with_a_clear_key() {
    try (RunningGatehouse g =
        RunningGatehouse.start("routes:\n" + stdioRoute("probe", "      max-processes: 2\n"))) {
      URI route = g.route("probe");
      McpWire.open(route);
      McpWire.open(route);
      HttpResponse<String> third = send(post(route, null, McpWire.initializeBody(1)));
      assertThat(third.body()).contains("HOSTED_PROCESS_LIMIT");
      assertThat(probes()).hasSize(2);
    }
  }

  @Test
  void no_child_remains_after_the_server_closes() {
    Set<Long> pids = new java.util.HashSet<>();
    try (RunningGatehouse g =
        RunningGatehouse.start(
            "routes:\n"
                + stdioRoute("own", "")
                + stdioRoute("pooled", "      isolation: shared\n"))) {
      for (String name : List.of("own", "own", "own", "pooled", "pooled")) {
        URI route = g.route(name);
        String s = McpWire.open(route);
        pids.add(
            structured(send(post(route, s, toolCall(2, "whoami", "{}")))).path("pid").asLong());
      }
    }
    assertThat(pids).hasSize(4);
    assertThat(pids).noneMatch(StdioHostingTest::alive);
  }

  @Test
  void the_hosted_endpoint_refuses_callers_without_the_key() {
    try (RunningGatehouse g = RunningGatehouse.start("routes:\n" + stdioRoute("probe", ""))) {
      URI hosted = g.url("/_hosted/probe/mcp");
      HttpResponse<String> none = send(post(hosted, null, McpWire.initializeBody(1)));
      assertThat(none.statusCode()).isEqualTo(403);
      assertThat(none.body()).contains("HOSTED_FORBIDDEN");
      HttpResponse<String> wrong =
          send(
              post(hosted, null, McpWire.initializeBody(1))
                  .header("X-Gatehouse-Hosted-Key", "not-the-key"));
      assertThat(wrong.statusCode()).isEqualTo(403);
      assertThat(probes()).isEmpty();
    }
  }

  static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
