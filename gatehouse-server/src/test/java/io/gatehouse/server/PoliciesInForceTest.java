package io.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Policy sets reach every route, whatever published it, and a change reaches routes with open
 * sessions without ending them.
 */
class PoliciesInForceTest {
  private static final String DEEP = "{\"a\":{\"b\":{\"c\":{}}}}";

  @TempDir Path dir;

  private static String call(RunningGatehouse g, String route, String session, int id) {
    return McpWire.answer(
        McpWire.send(McpWire.post(g.route(route), session, McpWire.toolCall(id, "echo", DEEP))));
  }

  private static long calls(ScriptedUpstream up) {
    return up.requests().stream()
        .filter(r -> r.body() != null && r.body().contains("tools/call"))
        .count();
  }

  @Test
  void the_global_set_applies_to_a_catalog_deployment_too() throws Exception {
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> {});
        RunningGatehouse g =
            RunningGatehouse.start(dir, "policies:\n  validation: {max-depth: 2}\n")) {
      Path file =
          Files.writeString(
              dir.resolve("catalog.yaml"), CatalogWiringTest.catalogFile(up.url().toString()));
      assertThat(
              CatalogWiringTest.cli(
                      "catalog", "import", "--config", g.configFile().toString(), file.toString())
                  .exit())
          .isZero();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> g.server().routes().current().route("weather") != null);

      String session = McpWire.open(g.route("weather"));
      assertThat(call(g, "weather", session, 2)).contains("INVALID_ARGUMENTS");
      assertThat(calls(up)).isZero();
    }
  }

  @Test
  void a_set_changed_through_the_api_applies_to_an_open_session_which_goes_on() throws Exception {
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> {});
        RunningGatehouse g =
            RunningGatehouse.start(
                dir, "routes:\n" + RunningGatehouse.route("r", up.url(), "streamable-http"))) {
      String session = McpWire.open(g.route("r"));
      assertThat(call(g, "r", session, 2)).contains("Echo");
      assertThat(calls(up)).isEqualTo(1);

      assertThat(
              g.send(
                      "PUT",
                      "/admin/v1/policies/routes/r",
                      RunningGatehouse.ADMIN_TOKEN,
                      "{\"validation\": {\"max-depth\": 2}}")
                  .statusCode())
          .isEqualTo(200);
      assertThat(call(g, "r", session, 3)).contains("INVALID_ARGUMENTS");

      assertThat(
              g.send("DELETE", "/admin/v1/policies/routes/r", RunningGatehouse.ADMIN_TOKEN, "")
                  .statusCode())
          .isEqualTo(204);
      assertThat(call(g, "r", session, 4)).contains("Echo");
      assertThat(calls(up)).isEqualTo(2);
    }
  }

  @Test
  void validation_can_be_off_for_a_route_and_for_a_tool() throws Exception {
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> {});
        RunningGatehouse g =
            RunningGatehouse.start(
                dir,
                "policies:\n"
                    + "  validation: {max-depth: 2}\n"
                    + "routes:\n"
                    + RunningGatehouse.route("off", up.url(), "streamable-http")
                    + "    policies: {validation: {enabled: false}}\n"
                    + RunningGatehouse.route("on", up.url(), "streamable-http")
                    + "    policies: {tools: {'ech*': {validation: {enabled: false}}}}\n"
                    + RunningGatehouse.route("checked", up.url(), "streamable-http"))) {
      assertThat(call(g, "off", McpWire.open(g.route("off")), 2)).contains("Echo");
      assertThat(call(g, "on", McpWire.open(g.route("on")), 2)).contains("Echo");
      assertThat(call(g, "checked", McpWire.open(g.route("checked")), 2))
          .contains("INVALID_ARGUMENTS");
      assertThat(calls(up)).isEqualTo(2);
    }
  }
}
