package io.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.server.config.ConfigException;
import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import org.junit.jupiter.api.Test;

/** The {@code validation} section in the configuration file, read when the server starts. */
class ValidationConfigTest {

  @Test
  void a_bad_validation_section_refuses_the_start_naming_every_problem() {
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> {})) {
      assertThatThrownBy(
              () ->
                  RunningGatehouse.start(
                      "routes:\n"
                          + RunningGatehouse.route("r", up.url(), "streamable-http")
                          + "    policies:\n"
                          + "      validation: {output: loud, max-body: big, max-depth: 0,"
                          + " strict: true}\n"
                          + "      tools:\n"
                          + "        'x-*': {validation: {arguments: sometimes}}\n"))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("routes[0].policies.validation.output: 'loud' (expected one of:")
          .hasMessageContaining("routes[0].policies.validation.max-body: 'big' (expected: a size")
          .hasMessageContaining("routes[0].policies.validation.max-depth: 0 is out of range")
          .hasMessageContaining("routes[0].policies.validation.strict: unknown field")
          .hasMessageContaining(
              "routes[0].policies.tools['x-*'].validation.arguments: expected true or false");
    }
  }

  @Test
  void a_good_validation_section_starts_and_its_limits_apply() {
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> {});
        RunningGatehouse gh =
            RunningGatehouse.start(
                "policies:\n"
                    + "  validation: {max-depth: 3, max-body: 64KiB}\n"
                    + "routes:\n"
                    + RunningGatehouse.route("r", up.url(), "streamable-http"))) {
      String session = McpWire.open(gh.route("r"));
      String answer =
          McpWire.answer(
              McpWire.send(
                  McpWire.post(
                      gh.route("r"), session, McpWire.toolCall(2, "echo", "{\"a\":{\"b\":{}}}"))));
      assertThat(answer).contains("INVALID_ARGUMENTS").contains("\"path\":\"/arguments/a/b\"");
      assertThat(up.requests()).noneMatch(r -> r.body() != null && r.body().contains("tools/call"));
    }
  }
}
