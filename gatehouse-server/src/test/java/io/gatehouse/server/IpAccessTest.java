package io.gatehouse.server;

import static io.gatehouse.testkit.McpWire.post;
import static io.gatehouse.testkit.McpWire.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.server.config.ConfigException;
import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Address rules through the whole server: the caller's address from a trusted proxy's headers,
 * gateway-wide and per-route rules, every entry of a route guarded, and refusals as JSON with a
 * key. Every test client is on loopback; the proxy that says who they are is loopback too.
 */
class IpAccessTest {
  static ScriptedUpstream upstream;
  static RunningGatehouse gatehouse;

  @BeforeAll
  static void start() {
    upstream = ScriptedUpstream.start(s -> {});
    gatehouse =
        RunningGatehouse.start(
            "trusted-proxies: [127.0.0.1/32]\n"
                + "ip: {deny: [203.0.113.0/24]}\n"
                + "routes:\n"
                + RunningGatehouse.route("open", upstream.url(), "streamable-http")
                + RunningGatehouse.route("office", upstream.url(), "streamable-http")
                + "    ip: {allow: [10.0.0.0/8, '2001:db8::/32'], deny: [10.66.0.0/16]}\n");
  }

  @AfterAll
  static void stop() {
    gatehouse.close();
    upstream.close();
  }

  static HttpResponse<String> initializeFrom(String route, String forwardedFor) {
    HttpRequest.Builder r = post(gatehouse.route(route), null, McpWire.initializeBody(1));
    if (forwardedFor != null) {
      r.header("X-Forwarded-For", forwardedFor);
    }
    return send(r);
  }

  static void assertRefused(HttpResponse<String> r, String address) {
    assertThat(r.statusCode()).isEqualTo(403);
    JsonNode error = JsonMapper.shared().readTree(r.body()).path("error");
    assertThat(error.path("data").path("key").asString()).isEqualTo("IP_FORBIDDEN");
    assertThat(error.path("data").path("hint").asString()).contains("ip.allow");
    assertThat(error.path("message").asString()).contains("address " + address + " ");
  }

  @Test
  void a_route_with_an_allow_list_takes_only_callers_in_it_and_deny_wins() {
    assertThat(initializeFrom("office", "10.1.2.3").statusCode()).isEqualTo(200);
    assertThat(initializeFrom("office", "2001:db8::7").statusCode()).isEqualTo(200);
    assertRefused(initializeFrom("office", "192.0.2.7"), "192.0.2.7");
    assertRefused(initializeFrom("office", "10.66.1.1"), "10.66.1.1");
  }

  @Test
  void the_trusted_proxy_itself_is_the_caller_when_it_names_no_one() {
    assertRefused(initializeFrom("office", null), "127.0.0.1");
    assertThat(initializeFrom("open", null).statusCode()).isEqualTo(200);
  }

  @Test
  void forwarding_headers_are_read_from_the_right_so_a_caller_cannot_pick_its_address() {
    // The caller wrote "10.1.2.3"; the trusted proxy appended the address it saw.
    assertRefused(initializeFrom("office", "10.1.2.3, 192.0.2.7"), "192.0.2.7");
    // ... or added a line of its own: the lines are one field.
    HttpResponse<String> twoLines =
        send(
            post(gatehouse.route("office"), null, McpWire.initializeBody(1))
                .header("X-Forwarded-For", "10.1.2.3")
                .header("X-Forwarded-For", "192.0.2.7"));
    assertRefused(twoLines, "192.0.2.7");
  }

  @Test
  void a_forwarded_header_is_not_read_when_the_proxies_write_x_forwarded_for() {
    HttpResponse<String> spoofed =
        send(
            post(gatehouse.route("office"), null, McpWire.initializeBody(1))
                .header("Forwarded", "for=10.1.2.3"));
    assertRefused(spoofed, "127.0.0.1");
  }

  @Test
  void a_hop_that_is_no_address_leaves_the_caller_unknown_and_refused() {
    HttpResponse<String> r = initializeFrom("office", "10.1.2.3, unknown");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("IP_FORBIDDEN").contains("unknown");
  }

  @Test
  void the_gateway_wide_rules_guard_every_route() {
    assertRefused(initializeFrom("open", "203.0.113.5"), "203.0.113.5");
    assertThat(initializeFrom("open", "192.0.2.7").statusCode()).isEqualTo(200);
  }

  @Test
  void every_entry_of_a_guarded_route_is_refused_not_only_posts() {
    String session = McpWire.open(gatehouse.route("open"));
    URI office = gatehouse.route("office");
    HttpResponse<String> stream =
        send(McpWire.get(office, session).header("X-Forwarded-For", "192.0.2.7"));
    HttpResponse<String> delete =
        send(
            HttpRequest.newBuilder(office)
                .DELETE()
                .header("Mcp-Session-Id", session)
                .header("X-Forwarded-For", "192.0.2.7"));
    HttpResponse<String> legacy =
        send(
            HttpRequest.newBuilder(URI.create(office + "/sse"))
                .timeout(Duration.ofSeconds(10))
                .header("Accept", "text/event-stream")
                .header("X-Forwarded-For", "192.0.2.7"));

    assertRefused(stream, "192.0.2.7");
    assertRefused(delete, "192.0.2.7");
    assertRefused(legacy, "192.0.2.7");
  }

  @Test
  void a_bad_block_in_the_configuration_is_refused_with_its_key() {
    assertThatThrownBy(
            () ->
                RunningGatehouse.start(
                    "routes:\n"
                        + RunningGatehouse.route("r", upstream.url(), "streamable-http")
                        + "    ip: {allow: [10.0.0.0/33]}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("routes[0].ip.allow[0]")
        .hasMessageContaining("0 to 32");
    assertThatThrownBy(() -> RunningGatehouse.start("trusted-proxies: [proxy.example.com]\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("trusted-proxies[0]")
        .hasMessageContaining("not an IP address");
  }
}
