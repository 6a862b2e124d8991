package io.gatehouse.server;

import static io.gatehouse.testkit.McpWire.post;
import static io.gatehouse.testkit.McpWire.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.server.config.ConfigException;
import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The egress guard through the whole server. Every packet stays on loopback: names resolve through
 * a seam, refused literals are refused before anything connects, and a real refusal at connect time
 * is shown with a deny rule on a loopback address the upstream really listens on.
 */
class EgressTest {
  static ScriptedUpstream upstream;

  /** {@code tools.internal} is the upstream's address; nothing else resolves. */
  static final io.gatehouse.core.net.Egress.Resolver NAMES =
      host -> {
        if (host.equals("tools.internal")) {
          return List.of(InetAddress.getByName("127.0.0.1"));
        }
        throw new UnknownHostException(host);
      };

  @BeforeAll
  static void start() {
    upstream = ScriptedUpstream.start(s -> {});
  }

  @AfterAll
  static void stop() {
    upstream.close();
  }

  static String byName(String name) {
    return RunningGatehouse.route(
        name,
        URI.create("http://tools.internal:" + upstream.address().getPort() + "/mcp"),
        "streamable-http");
  }

  static JsonNode error(HttpResponse<String> r) {
    return JsonMapper.shared().readTree(McpWire.answer(r)).path("error");
  }

  @Test
  void a_name_that_resolves_to_a_denied_address_is_refused_before_connecting(@TempDir Path dir) {
    int before = upstream.requests().size();
    try (RunningGatehouse g =
        RunningGatehouse.start(
            dir, "egress: {deny: [127.0.0.1/32]}\nroutes:\n" + byName("tools"), NAMES)) {
      HttpResponse<String> r = send(post(g.route("tools"), null, McpWire.initializeBody(1)));
      assertThat(r.statusCode()).isEqualTo(403);
      assertThat(error(r).path("data").path("key").asString()).isEqualTo("EGRESS_FORBIDDEN");
      assertThat(error(r).path("message").asString())
          .contains(
              "tools.internal (127.0.0.1) may not be reached: egress.deny lists 127.0.0.1/32");
      assertThat(error(r).path("data").path("hint").asString()).contains("egress.allow");
    }
    assertThat(upstream.requests()).hasSize(before);
  }

  @Test
  void the_same_name_is_reached_when_no_rule_refuses_it(@TempDir Path dir) {
    try (RunningGatehouse g = RunningGatehouse.start(dir, "routes:\n" + byName("tools"), NAMES)) {
      HttpResponse<String> r = send(post(g.route("tools"), null, McpWire.initializeBody(1)));
      assertThat(r.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void loopback_is_refused_when_switched_off_and_an_allow_list_lets_one_address_back(
      @TempDir Path dir) throws Exception {
    try (RunningGatehouse g =
        RunningGatehouse.start(
            dir, "egress: {loopback: false}\nroutes:\n" + byName("tools"), NAMES)) {
      HttpResponse<String> r = send(post(g.route("tools"), null, McpWire.initializeBody(1)));
      assertThat(error(r).path("data").path("key").asString()).isEqualTo("EGRESS_FORBIDDEN");
      assertThat(error(r).path("message").asString()).contains("egress.loopback: false");
    }
    Path other = Files.createDirectories(dir.resolve("allowed"));
    try (RunningGatehouse g =
        RunningGatehouse.start(
            other,
            "egress: {loopback: false, allow: [127.0.0.1/32]}\nroutes:\n" + byName("tools"),
            NAMES)) {
      assertThat(send(post(g.route("tools"), null, McpWire.initializeBody(1))).statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void a_name_that_does_not_resolve_is_an_unreachable_upstream(@TempDir Path dir) {
    try (RunningGatehouse g =
        RunningGatehouse.start(
            dir,
            "routes:\n"
                + RunningGatehouse.route(
                    "gone", URI.create("http://nowhere.internal:9/mcp"), "streamable-http"),
            NAMES)) {
      HttpResponse<String> r = send(post(g.route("gone"), null, McpWire.initializeBody(1)));
      assertThat(error(r).path("data").path("key").asString()).isEqualTo("UPSTREAM_UNAVAILABLE");
      assertThat(error(r).path("message").asString()).contains("unknown host");
    }
  }

  @Test
  void the_config_file_refuses_a_literal_metadata_address(@TempDir Path dir) {
    for (String url : List.of("http://169.254.169.254/latest", "http://[fd00:ec2::254]/")) {
      assertThatThrownBy(
              () ->
                  RunningGatehouse.start(
                      dir,
                      "routes:\n"
                          + RunningGatehouse.route("meta", URI.create(url), "streamable-http"),
                      NAMES))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("routes[0].upstream.url")
          .hasMessageContaining("EGRESS_FORBIDDEN");
    }
    assertThatThrownBy(
            () ->
                RunningGatehouse.start(
                    dir,
                    "egress: {deny: [127.0.0.2/32]}\nauth: {jwt: {issuer: 'http://127.0.0.2/',"
                        + " jwks-url: 'http://127.0.0.2/jwks'}}\n",
                    NAMES))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("auth.jwt.jwks-url")
        .hasMessageContaining("EGRESS_FORBIDDEN");
  }

  @Test
  void a_catalog_deployment_to_a_metadata_address_is_refused_by_the_admin_api(@TempDir Path dir) {
    try (RunningGatehouse g = RunningGatehouse.start(dir, "", NAMES)) {
      String token = RunningGatehouse.ADMIN_TOKEN;
      g.send("POST", "/admin/v1/environments", token, "{\"name\":\"prod\",\"kind\":\"prod\"}");
      g.send(
          "POST",
          "/v0.1/publish",
          token,
          "{\"name\":\"io.example/meta\",\"description\":\"d\",\"version\":\"1.0.0\"}");
      HttpResponse<String> r =
          g.send(
              "POST",
              "/admin/v1/deployments",
              token,
              "{\"server\":\"io.example/meta\",\"version\":\"1.0.0\",\"environment\":\"prod\","
                  + "\"route\":\"meta\","
                  + "\"upstream\":{\"url\":\"http://169.254.169.254/mcp\"}}");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
      assertThat(r.body()).contains("EGRESS_FORBIDDEN").contains("169.254.169.254");
    }
  }
}
