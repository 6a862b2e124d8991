package io.gatehouse.server;

import static io.gatehouse.testkit.McpWire.post;
import static io.gatehouse.testkit.McpWire.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.server.config.ConfigException;
import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Policy sets in the configuration file are checked as a whole: a start or a reload with problems
 * is refused with every problem named by its path, and a refused reload leaves the running sets.
 */
class PolicySetsTest {
  private static final String BAD_SETS =
      "policies:\n"
          + "  valdation: {arguments: false}\n"
          + "  tools:\n"
          + "    'get-*': {limts: {}}\n";

  @Test
  void a_start_with_problems_is_refused_naming_every_one() throws Exception {
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> {})) {
      String yaml =
          BAD_SETS
              + "routes:\n"
              + RunningGatehouse.route("a", up.url(), "streamable-http")
              + "    policies: {audt: {}}\n";

      assertThatThrownBy(() -> RunningGatehouse.start(yaml).close())
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("3 problems")
          .hasMessageContaining("policies.valdation: unknown policy section")
          .hasMessageContaining("policies.tools['get-*'].limts: unknown policy section")
          .hasMessageContaining("routes[0].policies.audt: unknown policy section");
    }
  }

  @Test
  void a_tool_entry_of_the_wrong_shape_is_named_when_the_file_is_read() throws Exception {
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> {})) {
      String yaml =
          "policies: {tools: {'x': 3}}\n"
              + "routes:\n"
              + RunningGatehouse.route("a", up.url(), "streamable-http")
              + "    policies: [1]\n";

      assertThatThrownBy(() -> RunningGatehouse.start(yaml).close())
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("policies.tools['x']: expected an object of policy sections")
          .hasMessageContaining("routes[0].policies: expected an object of policy sections");
    }
  }

  @Test
  void a_reload_with_problems_is_refused_and_the_routes_keep_serving() throws Exception {
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> {});
        RunningGatehouse gh =
            RunningGatehouse.start(
                "routes:\n" + RunningGatehouse.route("a", up.url(), "streamable-http"))) {
      String session = McpWire.open(gh.route("a"));

      gh.rewriteConfig(
          BAD_SETS + "routes:\n" + RunningGatehouse.route("a", up.url(), "streamable-http"));
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> gh.server().lastReload() != null);

      assertThat(gh.server().lastReload().applied()).isFalse();
      assertThat(gh.server().lastReload().message())
          .startsWith("CONFIG_INVALID: 2 problems")
          .contains("policies.valdation", "policies.tools['get-*'].limts");
      assertThat(
              McpWire.answer(
                  send(
                      post(
                          gh.route("a"),
                          session,
                          McpWire.toolCall(2, "echo", "{\"message\":\"kept\"}")))))
          .contains("Echo: kept");
    }
  }
}
