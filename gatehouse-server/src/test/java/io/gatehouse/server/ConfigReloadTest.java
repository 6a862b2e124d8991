package io.gatehouse.server;

import static io.gatehouse.testkit.McpWire.post;
import static io.gatehouse.testkit.McpWire.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Route changes in the configuration file apply while the server runs, and sessions of other routes
 * carry on.
 */
class ConfigReloadTest {

  @Test
  void a_new_route_appears_without_a_restart_and_sessions_of_other_routes_keep_working()
      throws Exception {
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> {});
        RunningGatehouse gh =
            RunningGatehouse.start(
                "routes:\n" + RunningGatehouse.route("a", up.url(), "streamable-http"))) {
      String session = McpWire.open(gh.route("a"));
      assertThat(send(post(gh.route("b"), null, McpWire.initializeBody(1))).statusCode())
          .isEqualTo(404);

      gh.rewriteConfig(
          "routes:\n"
              + RunningGatehouse.route("a", up.url(), "streamable-http")
              + RunningGatehouse.route("b", up.url(), "auto"));
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> send(post(gh.route("b"), null, McpWire.initializeBody(1))).statusCode() == 200);
      HttpResponse<String> onA =
          send(post(gh.route("a"), session, McpWire.toolCall(2, "echo", "{\"message\":\"kept\"}")));

      assertThat(McpWire.answer(onA)).contains("Echo: kept");
    }
  }

  @Test
  void an_invalid_change_is_refused_and_the_running_routes_stay() throws Exception {
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> {});
        RunningGatehouse gh =
            RunningGatehouse.start(
                "routes:\n" + RunningGatehouse.route("a", up.url(), "streamable-http"))) {
      gh.rewriteConfig("routes:\n  - name: Not A Valid Name\n    upstream: {url: 'http://x'}\n");
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> gh.server().lastReload() != null);

      assertThat(gh.server().lastReload().applied()).isFalse();
      assertThat(gh.server().lastReload().message())
          .startsWith("CONFIG_INVALID: routes[0].name: 'Not A Valid Name'");
      assertThat(send(post(gh.route("a"), null, McpWire.initializeBody(1))).statusCode())
          .isEqualTo(200);
      // the file's routes, and the built-in self server's
      assertThat(gh.server().routes().current().routes())
          .containsOnlyKeys("a", io.gatehouse.selfmcp.SelfServer.ROUTE);
    }
  }

  @Test
  void a_removed_route_answers_404_and_its_sessions_end() throws Exception {
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> {});
        RunningGatehouse gh =
            RunningGatehouse.start(
                "routes:\n"
                    + RunningGatehouse.route("a", up.url(), "streamable-http")
                    + RunningGatehouse.route("b", up.url(), "streamable-http"))) {
      String onB = McpWire.open(gh.route("b"));
      gh.rewriteConfig("routes:\n" + RunningGatehouse.route("a", up.url(), "streamable-http"));
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> !gh.server().routes().current().routes().containsKey("b"));

      HttpResponse<String> r = send(post(gh.route("b"), onB, McpWire.toolCall(2, "echo", "{}")));
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(r.body()).contains("ROUTE_NOT_FOUND");
    }
  }

  @Test
  void a_routes_address_rules_change_with_a_reload_and_its_sessions_carry_on() throws Exception {
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> {});
        RunningGatehouse gh =
            RunningGatehouse.start(
                "trusted-proxies: [127.0.0.1/32]\nroutes:\n"
                    + RunningGatehouse.route("a", up.url(), "streamable-http"))) {
      String session = McpWire.open(gh.route("a"));

      gh.rewriteConfig(
          "trusted-proxies: [127.0.0.1/32]\nroutes:\n"
              + RunningGatehouse.route("a", up.url(), "streamable-http")
              + "    ip: {allow: [10.0.0.0/8]}\n");
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> gh.server().lastReload() != null);
      HttpResponse<String> fromOutside =
          send(post(gh.route("a"), session, McpWire.toolCall(2, "echo", "{\"message\":\"x\"}")));
      HttpResponse<String> fromInside =
          send(
              post(gh.route("a"), session, McpWire.toolCall(3, "echo", "{\"message\":\"kept\"}"))
                  .header("X-Forwarded-For", "10.1.2.3"));

      assertThat(gh.server().lastReload().applied()).isTrue();
      assertThat(gh.server().lastReload().message()).doesNotContain("next start");
      assertThat(fromOutside.statusCode()).isEqualTo(403);
      assertThat(fromOutside.body()).contains("IP_FORBIDDEN");
      assertThat(McpWire.answer(fromInside)).contains("Echo: kept");
    }
  }

  @Test
  void a_reload_that_changes_the_top_level_address_rules_says_they_apply_at_the_next_start()
      throws Exception {
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> {});
        RunningGatehouse gh =
            RunningGatehouse.start(
                "routes:\n" + RunningGatehouse.route("a", up.url(), "streamable-http"))) {
      gh.rewriteConfig(
          "ip: {deny: [127.0.0.0/8]}\nroutes:\n"
              + RunningGatehouse.route("a", up.url(), "streamable-http"));
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> gh.server().lastReload() != null);

      assertThat(gh.server().lastReload().message()).contains("apply at the next start");
      assertThat(send(post(gh.route("a"), null, McpWire.initializeBody(1))).statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void a_reload_that_changes_the_public_url_says_it_applies_at_the_next_start() throws Exception {
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> {});
        RunningGatehouse gh =
            RunningGatehouse.start(
                "routes:\n" + RunningGatehouse.route("a", up.url(), "streamable-http"))) {
      gh.rewriteConfig(
          "public-url: 'https://mcp.example.com'\nroutes:\n"
              + RunningGatehouse.route("a", up.url(), "streamable-http"));
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> gh.server().lastReload() != null);

      assertThat(gh.server().lastReload().message()).contains("public-url apply at the next start");
    }
  }
}
