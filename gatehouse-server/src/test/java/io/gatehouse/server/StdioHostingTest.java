package io.gatehouse.server;

import static io.gatehouse.testkit.McpWire.answer;
import static io.gatehouse.testkit.McpWire.post;
import static io.gatehouse.testkit.McpWire.send;
import static io.gatehouse.testkit.McpWire.toolCall;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.McpWire;
import java.net.URI;
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
}
