package io.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import io.gatehouse.server.config.ConfigException;
import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Header and query injection through the whole server, proven at a recording upstream: what each
 * template put there, what was removed, the tool's own set, and that the caller's credential never
 * arrives unless a set opts into passthrough.
 */
class InjectionTest {
  static final String TOKEN = RunningGatehouse.ADMIN_TOKEN;
  static final String WEATHER = "wk-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
  static ScriptedUpstream upstream;
  static RunningGatehouse gatehouse;
  static String key;
  static final List<String> logged = new CopyOnWriteArrayList<>();
  static final AppenderBase<ILoggingEvent> capture =
      new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent e) {
          logged.add(
              e.getFormattedMessage()
                  + (e.getThrowableProxy() == null
                      ? ""
                      : ThrowableProxyUtil.asString(e.getThrowableProxy())));
        }
      };

  @BeforeAll
  static void start() {
    capture.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(capture);
    upstream =
        ScriptedUpstream.start(
            s -> s.tool("delete-item", (call, out) -> out.result(ScriptedUpstream.text("gone"))));
    URI up = upstream.url();
    gatehouse =
        RunningGatehouse.start(
            "routes:\n"
                + "  - name: shaped\n"
                + "    upstream: {url: '"
                + up
                + "?debug=1&keep=yes', transport: streamable-http, headers: {X-Debug: '1',"
                + " X-Groups: fixed}}\n"
                + "    auth: [api-key]\n"
                + "    policies:\n"
                + "      headers:\n"
                + "        set:\n"
                + "          X-User: '${principal.id}'\n"
                + "          X-Route: 'route=${route.name}'\n"
                + "          X-Tool: '${tool.name}'\n"
                + "          X-Tag: '${request.header.X-Client-Tag}'\n"
                + "          X-Weather-Key: 'k-${secret:weather}'\n"
                + "        append: {X-Groups: '${principal.groups}'}\n"
                + "        remove: [X-Debug]\n"
                + "      query:\n"
                + "        set: {api_key: '${secret:weather}'}\n"
                + "        remove: [debug]\n"
                + "      tools:\n"
                + "        'delete-*':\n"
                + "          headers: {set: {X-Tool: 'careful:${tool.name}'}}\n"
                + "          query: {set: {mode: careful}}\n"
                + RunningGatehouse.route("passthrough", up, "streamable-http")
                + "    auth: [api-key]\n"
                + "    policies:\n"
                + "      headers: {passthrough: true, set: {X-Upstream-Auth:"
                + " '${request.header.Authorization}'}}\n"
                + RunningGatehouse.route("plain", up, "streamable-http")
                + RunningGatehouse.route("unset", up, "streamable-http")
                + "    policies: {headers: {set: {X-Key: '${secret:never-set}'}}}\n"
                + RunningGatehouse.route("theirs", up, "streamable-http")
                + "    project: payments\n"
                + "    policies: {headers: {set: {X-Their-Key: '${secret:weather}'}}}\n"
                + RunningGatehouse.route("broken", up, "streamable-http")
                + "    policies: {headers: {set: {X-Broken: '${secret:two-lines}', X-Ok: fine}}}\n");
    admin("PUT", "/admin/v1/projects/default/secrets/weather", "{\"value\":\"" + WEATHER + "\"}");
    admin("POST", "/admin/v1/projects", "{\"name\":\"payments\"}");
    admin("PUT", "/admin/v1/projects/payments/secrets/weather", "{\"value\":\"payments-own\"}");
    admin(
        "PUT", "/admin/v1/projects/default/secrets/two-lines", "{\"value\":\"a\\r\\nX-Evil: 1\"}");
    admin(
        "POST",
        "/admin/v1/consumers",
        "{\"name\":\"alice\",\"kind\":\"user\",\"groups\":[\"ops\",\"eng\"]}");
    key = admin("POST", "/admin/v1/consumers/alice/keys", "{}").path("key").asString();
  }

  @AfterAll
  static void stop() {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(capture);
    gatehouse.close();
    upstream.close();
  }

  static JsonNode admin(String method, String path, String body) {
    HttpResponse<String> r = gatehouse.send(method, path, TOKEN, body);
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
    return r.body().isEmpty() ? null : JsonMapper.shared().readTree(r.body());
  }

  /** A POST carrying the caller's headers. */
  static HttpResponse<String> post(URI url, String session, String body, Map<String, String> h) {
    HttpRequest.Builder b = McpWire.post(url, session, body);
    h.forEach(b::header);
    return McpWire.send(b);
  }

  /** Opens a session and calls {@code tool}; returns the call's answer. */
  static HttpResponse<String> call(String route, String tool, Map<String, String> headers) {
    URI url = gatehouse.route(route);
    HttpResponse<String> init = post(url, null, McpWire.initializeBody(1), headers);
    assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
    String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    post(url, session, McpWire.notification("notifications/initialized"), headers);
    return post(url, session, McpWire.toolCall(2, tool, "{\"message\":\"hi\"}"), headers);
  }

  /** The last tools/call of {@code tool} the upstream received. */
  static ScriptedUpstream.Recorded lastCall(String tool) {
    List<ScriptedUpstream.Recorded> calls =
        upstream.requests().stream()
            .filter(r -> r.body().contains("\"tools/call\"") && r.body().contains('"' + tool + '"'))
            .toList();
    assertThat(calls).isNotEmpty();
    return calls.get(calls.size() - 1);
  }

  static Map<String, String> caller() {
    return Map.of(
        "Authorization", "Bearer " + key,
        "Cookie", "sid=caller-cookie",
        "Proxy-Authorization", "Basic caller-proxy",
        "X-Client-Tag", "tag-1");
  }

  @Test
  void every_template_is_filled_in_and_removed_values_do_not_arrive() {
    HttpResponse<String> r = call("shaped", "echo", caller());
    assertThat(r.body()).contains("Echo: hi");
    ScriptedUpstream.Recorded got = lastCall("echo");
    assertThat(got.headers())
        .containsEntry("x-user", "api-key:alice")
        .containsEntry("x-route", "route=shaped")
        .containsEntry("x-tool", "echo")
        .containsEntry("x-tag", "tag-1")
        .containsEntry("x-weather-key", "k-" + WEATHER)
        .containsEntry("x-groups", "fixed, eng,ops")
        .doesNotContainKeys(
            "x-debug",
            "authorization",
            "x-api-key",
            "cookie",
            "proxy-authorization",
            "x-client-tag");
    assertThat(got.query().split("&")).containsExactlyInAnyOrder("keep=yes", "api_key=" + WEATHER);
  }

  @Test
  void a_request_that_is_no_tool_call_has_no_tool_name_to_send() {
    call("shaped", "echo", caller());
    ScriptedUpstream.Recorded init =
        upstream.requests().stream()
            .filter(r -> r.body().contains("\"initialize\""))
            .reduce((a, b) -> b)
            .orElseThrow();
    assertThat(init.headers()).doesNotContainKey("x-tool").containsEntry("x-route", "route=shaped");
  }

  @Test
  void a_tool_entry_overrides_the_routes_set_for_its_tools_only() {
    assertThat(call("shaped", "delete-item", caller()).body()).contains("gone");
    ScriptedUpstream.Recorded got = lastCall("delete-item");
    assertThat(got.headers())
        .containsEntry("x-tool", "careful:delete-item")
        .containsEntry("x-user", "api-key:alice");
    assertThat(got.query().split("&"))
        .containsExactlyInAnyOrder("keep=yes", "api_key=" + WEATHER, "mode=careful");
  }

  @Test
  void an_api_key_sent_as_x_api_key_never_arrives_either() {
    call("shaped", "echo", Map.of("X-API-Key", key));
    assertThat(lastCall("echo").headers())
        .containsEntry("x-user", "api-key:alice")
        .doesNotContainKeys("x-api-key", "authorization");
  }

  @Test
  void without_policies_only_the_allow_listed_caller_headers_travel() {
    call(
        "plain",
        "echo",
        Map.of(
            "Authorization", "Bearer caller-token",
            "X-API-Key", "caller-key",
            "Cookie", "sid=caller-cookie",
            "Proxy-Authorization", "Basic caller-proxy",
            "X-Forwarded-For", "203.0.113.9",
            "X-Custom", "caller-value",
            "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
    Map<String, String> got = lastCall("echo").headers();
    assertThat(got)
        .doesNotContainKeys(
            "authorization",
            "x-api-key",
            "cookie",
            "proxy-authorization",
            "x-forwarded-for",
            "x-custom")
        // trace context travels (a tracer may put its own span id in it)
        .containsKey("traceparent");
    assertThat(String.join(" ", got.values())).doesNotContain("caller-");
  }

  @Test
  void passthrough_lets_a_set_copy_the_callers_credential() {
    call("passthrough", "echo", Map.of("Authorization", "Bearer " + key));
    assertThat(lastCall("echo").headers())
        .containsEntry("x-upstream-auth", "Bearer " + key)
        .doesNotContainKey("authorization");
  }

  @Test
  void a_secret_that_is_not_set_refuses_the_call_before_the_upstream() {
    int before = upstream.requests().size();
    HttpResponse<String> r =
        McpWire.send(McpWire.post(gatehouse.route("unset"), null, McpWire.initializeBody(1)));
    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(r.body()).contains("UPSTREAM_CREDENTIAL_MISSING").contains("never-set");
    assertThat(upstream.requests()).hasSize(before);
  }

  @Test
  void a_value_with_a_line_break_is_dropped_and_the_rest_is_sent() {
    assertThat(call("broken", "echo", Map.of()).body()).contains("Echo: hi");
    assertThat(lastCall("echo").headers())
        .containsEntry("x-ok", "fine")
        .doesNotContainKeys("x-broken", "x-evil");
  }

  @Test
  void a_dropped_header_is_logged_by_name_and_no_value_reaches_a_log() {
    call("broken", "echo", Map.of());
    call("shaped", "echo", caller());
    assertThat(logged)
        .anyMatch(l -> l.contains("route 'broken': header X-Broken not sent upstream"))
        .noneMatch(l -> l.contains("X-Evil") || l.contains(WEATHER) || l.contains(key));
  }

  @Test
  void templates_copying_the_credential_refuse_to_start_naming_each_path() {
    assertThatThrownBy(
            () ->
                RunningGatehouse.start(
                    "policies:\n"
                        + "  headers: {set: {X-Copy: '${request.header.Authorization}'}}\n"
                        + "routes:\n"
                        + RunningGatehouse.route("r", upstream.url(), "streamable-http")
                        + "    policies:\n"
                        + "      query: {set: {k: '${request.header.X-API-Key}'}}\n"
                        + "      tools: {t: {headers: {append: {X-B: '${principal.name}'}}}}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("policies.headers.set.X-Copy: copies the caller's own credential")
        .hasMessageContaining("policies.query.set.k: copies the caller's own credential")
        .hasMessageContaining("unknown placeholder '${principal.name}'");
  }

  @Test
  void a_route_reads_the_secrets_of_its_own_project_never_another() {
    HttpResponse<String> r = call("theirs", "echo", Map.of());
    assertThat(r.body()).contains("Echo: hi");
    assertThat(lastCall("echo").headers())
        .containsEntry("x-their-key", "payments-own")
        .doesNotContainValue(WEATHER);
  }
}
