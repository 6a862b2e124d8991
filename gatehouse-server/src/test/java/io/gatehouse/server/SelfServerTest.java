package io.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Gatehouse's own MCP server at {@code /mcp/gatehouse}, over the wire: every tool listed with its
 * schemas and hints; each call runs with the caller's own role, exactly as the admin API decides
 * (an owner deploys and changes a version's status, a user is refused both with {@code FORBIDDEN}
 * and nothing changes); resources and prompts read as the caller; the route needs a credential and
 * the internal endpoint takes only the gateway's own requests.
 */
class SelfServerTest {
  static final String TOKEN = RunningGatehouse.ADMIN_TOKEN;
  static final String SERVER = "io.github.acme/refunds";
  static final JsonMapper JSON = JsonMapper.shared();
  static ScriptedUpstream upstream;
  static RunningGatehouse gh;
  static String owner;
  static String user;
  static String elsewhere;

  @BeforeAll
  static void start() {
    upstream =
        ScriptedUpstream.start(
            s -> s.tool("refund", (c, out) -> out.result(ScriptedUpstream.text("refunded"))));
    gh =
        RunningGatehouse.start(
            "routes:\n" + RunningGatehouse.route("refunds", upstream.url(), "streamable-http"));
    owner = consumerWithKey("olive", "default");
    user = consumerWithKey("ursula", "default");
    admin("POST", "/admin/v1/projects", "{\"name\":\"payments\"}");
    elsewhere = consumerWithKey("pam", "payments");
    admin(
        "POST", "/admin/v1/projects/default/members", "{\"subject\":\"olive\",\"role\":\"owner\"}");
    admin(
        "POST", "/admin/v1/projects/default/members", "{\"subject\":\"ursula\",\"role\":\"user\"}");
    admin("POST", "/admin/v1/environments", "{\"name\":\"prod\",\"kind\":\"prod\"}");
    admin(
        "POST",
        "/v0.1/publish",
        "{\"name\":\""
            + SERVER
            + "\",\"description\":\"Refunds for orders\",\"version\":\"1.0.0\"}");
  }

  @AfterAll
  static void stop() {
    if (gh != null) {
      gh.close();
    }
    if (upstream != null) {
      upstream.close();
    }
  }

  static String consumerWithKey(String name, String project) {
    admin(
        "POST",
        "/admin/v1/consumers",
        "{\"name\":\"" + name + "\",\"project\":\"" + project + "\"}");
    return admin("POST", "/admin/v1/consumers/" + name + "/keys", "{}").path("key").asString();
  }

  static JsonNode admin(String method, String path, String body) {
    HttpResponse<String> r = gh.send(method, path, TOKEN, body);
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
    return r.body().isEmpty() ? null : JSON.readTree(r.body());
  }

  /**
   * A session on the self route with {@code key}, answering requests with their result or error.
   */
  record Session(String key, String id, String forged) {
    static Session open(String key) {
      return open(key, null);
    }

    /** A session whose requests also carry {@code forged} as the internal caller header. */
    static Session open(String key, String forged) {
      HttpResponse<String> init = send(key, null, McpWire.initializeBody(1), forged);
      assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
      String id = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
      assertThat(
              send(key, id, McpWire.notification("notifications/initialized"), forged).statusCode())
          .isEqualTo(202);
      return new Session(key, id, forged);
    }

    JsonNode request(String method, String params) {
      HttpResponse<String> r =
          send(
              key,
              id,
              "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\""
                  + method
                  + "\",\"params\":"
                  + params
                  + "}",
              forged);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      return JSON.readTree(McpWire.answer(r));
    }

    JsonNode call(String tool, String arguments) {
      JsonNode answer =
          request("tools/call", "{\"name\":\"" + tool + "\",\"arguments\":" + arguments + "}");
      assertThat(answer.has("result")).as(answer.toString()).isTrue();
      return answer.path("result");
    }

    static HttpResponse<String> send(String key, String id, String body, String forged) {
      HttpRequest.Builder b = McpWire.post(gh.route("gatehouse"), id, body);
      if (key != null) {
        b.header("Authorization", "Bearer " + key);
      }
      if (forged != null) {
        b.header("X-Gatehouse-Self-Caller", forged);
        b.header("X-Gatehouse-Self-Key", "guess");
      }
      return McpWire.send(b);
    }
  }

  static String errorCode(JsonNode result) {
    assertThat(result.path("isError").asBoolean()).as(result.toString()).isTrue();
    return JSON.readTree(result.path("content").path(0).path("text").asString())
        .path("error")
        .path("code")
        .asString();
  }

  static String deployment(String route) {
    return "{\"server\":\""
        + SERVER
        + "\",\"version\":\"1.0.0\",\"environment\":\"prod\",\"route\":\""
        + route
        + "\",\"upstream\":{\"url\":\""
        + upstream.url()
        + "\",\"transport\":\"streamable-http\"}}";
  }

  @Test
  void every_tool_is_listed_with_its_schemas_and_hints() {
    JsonNode tools = Session.open(user).request("tools/list", "{}").path("result").path("tools");
    assertThat(tools.valueStream().map(t -> t.path("name").asString()))
        .containsExactly(
            "search_catalog",
            "search_tools",
            "list_deployments",
            "validate_connection",
            "route_usage",
            "recent_audit",
            "create_deployment",
            "set_version_status");
    for (JsonNode t : tools) {
      assertThat(t.path("inputSchema").path("type").asString()).isEqualTo("object");
      assertThat(t.path("outputSchema").path("type").asString()).isEqualTo("object");
      assertThat(t.path("annotations").has("readOnlyHint")).as(t.toString()).isTrue();
    }
    assertThat(tools.get(7).path("annotations").path("destructiveHint").asBoolean()).isTrue();
  }

  @Test
  void an_owner_deploys_a_version_and_changes_its_status() {
    Session s = Session.open(owner);
    JsonNode made = s.call("create_deployment", deployment("self-refunds"));
    assertThat(made.path("isError").asBoolean()).as(made.toString()).isFalse();
    assertThat(made.path("structuredContent").path("route").asString()).isEqualTo("self-refunds");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                s.call("list_deployments", "{\"server\":\"" + SERVER + "\"}")
                    .path("structuredContent")
                    .path("deployments")
                    .findValuesAsString("status")
                    .contains("ready"));
    // the deployment the tool made is served at its route
    HttpResponse<String> served =
        McpWire.send(McpWire.post(gh.route("self-refunds"), null, McpWire.initializeBody(1)));
    assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
    assertThat(served.headers().firstValue("Mcp-Session-Id")).isPresent();
    // the self server's own route name is taken
    assertThat(errorCode(s.call("create_deployment", deployment("gatehouse"))))
        .isEqualTo("ROUTE_TAKEN");
    JsonNode status =
        s.call(
            "set_version_status",
            "{\"server\":\"" + SERVER + "\",\"version\":\"1.0.0\",\"status\":\"deprecated\"}");
    assertThat(status.path("isError").asBoolean()).as(status.toString()).isFalse();
    JsonNode version =
        JSON.readTree(
            gh.get("/v0.1/servers/io.github.acme%2Frefunds/versions/1.0.0", TOKEN).body());
    assertThat(
            version
                .path("_meta")
                .path("io.modelcontextprotocol.registry/official")
                .path("status")
                .asString())
        .isEqualTo("deprecated");
    admin(
        "PATCH",
        "/v0.1/servers/io.github.acme%2Frefunds/versions/1.0.0/status",
        "{\"status\":\"active\"}");
  }

  @Test
  void a_user_is_refused_the_changing_tools_with_the_admin_apis_key_and_nothing_changes() {
    Session s = Session.open(user);
    JsonNode deploy = s.call("create_deployment", deployment("user-refunds"));
    assertThat(errorCode(deploy)).isEqualTo("FORBIDDEN");
    assertThat(deploy.path("content").path(0).path("text").asString()).contains("contributor");
    assertThat(deploy.has("structuredContent")).isFalse();
    assertThat(
            errorCode(
                s.call(
                    "set_version_status",
                    "{\"server\":\""
                        + SERVER
                        + "\",\"version\":\"1.0.0\",\"status\":\"deleted\"}")))
        .isEqualTo("FORBIDDEN");
    JsonNode all = admin("GET", "/admin/v1/deployments", "");
    assertThat(all.path("deployments").findValuesAsString("route")).doesNotContain("user-refunds");
    JsonNode version =
        JSON.readTree(
            gh.get("/v0.1/servers/io.github.acme%2Frefunds/versions/1.0.0", TOKEN).body());
    assertThat(
            version
                .path("_meta")
                .path("io.modelcontextprotocol.registry/official")
                .path("status")
                .asString())
        .isNotEqualTo("deleted");
    // reading goes as far as the role: the audit log is its owners'
    assertThat(errorCode(s.call("recent_audit", "{\"route\":\"refunds\"}"))).isEqualTo("FORBIDDEN");
    assertThat(s.call("search_catalog", "{\"query\":\"refunds\"}").path("isError").asBoolean())
        .isFalse();
  }

  @Test
  void a_caller_header_sent_by_the_client_is_not_believed() {
    String olive =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                "{\"subject\":\"olive\",\"kind\":\"user\",\"project\":\"default\",\"method\":\"api-key\"}"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Session s = Session.open(user, olive);
    assertThat(errorCode(s.call("create_deployment", deployment("forged-refunds"))))
        .isEqualTo("FORBIDDEN");
    HttpResponse<String> direct =
        McpWire.send(
            McpWire.post(gh.url("/_self/mcp"), null, McpWire.initializeBody(1))
                .header("X-Gatehouse-Self-Caller", olive)
                .header("X-Gatehouse-Self-Key", "guess"));
    assertThat(direct.statusCode()).isEqualTo(403);
    assertThat(direct.body()).contains("SELF_FORBIDDEN");
  }

  @Test
  void validating_a_connection_needs_a_contributor_and_says_connected() {
    admin(
        "POST",
        "/admin/v1/connections?project=default",
        "{\"name\":\"refunds-api\",\"url\":\""
            + upstream.url()
            + "\",\"transport\":\"streamable-http\"}");
    JsonNode ok = Session.open(owner).call("validate_connection", "{\"name\":\"refunds-api\"}");
    assertThat(ok.path("isError").asBoolean()).as(ok.toString()).isFalse();
    assertThat(ok.path("structuredContent").toString()).contains("Connected").contains("refund");
    assertThat(
            errorCode(Session.open(user).call("validate_connection", "{\"name\":\"refunds-api\"}")))
        .isEqualTo("FORBIDDEN");
  }

  @Test
  void the_route_needs_a_credential_and_takes_any_projects_keys() {
    HttpResponse<String> anonymous = Session.send(null, null, McpWire.initializeBody(1), null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate").orElse(""))
        .contains("resource_metadata");
    JsonNode listed = Session.open(elsewhere).call("list_deployments", "{}");
    assertThat(listed.path("isError").asBoolean()).as(listed.toString()).isFalse();
  }

  @Test
  void an_owner_reads_the_audit_and_usage_of_its_projects_callers() {
    Session s = Session.open(owner);
    s.call("search_catalog", "{}");
    // the records reach the store off the request path
    JsonNode audit =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> s.call("recent_audit", "{\"route\":\"gatehouse\",\"limit\":5}"),
                r -> r.path("structuredContent").path("records").size() > 0);
    JsonNode newest = audit.path("structuredContent").path("records").get(0);
    assertThat(newest.path("route").asString()).isEqualTo("gatehouse");
    assertThat(newest.path("principal").asString()).isEqualTo("api-key:olive");
    JsonNode usage = s.call("route_usage", "{\"route\":\"gatehouse\"}");
    assertThat(usage.path("isError").asBoolean()).as(usage.toString()).isFalse();
    assertThat(usage.path("structuredContent").path("total").path("calls").asLong())
        .isGreaterThan(0);
  }

  @Test
  void resources_and_prompts_are_read_as_the_caller() {
    Session s = Session.open(user);
    JsonNode resources = s.request("resources/list", "{}").path("result").path("resources");
    assertThat(resources.findValuesAsString("uri")).contains("gatehouse://catalog/" + SERVER);
    JsonNode read =
        s.request("resources/read", "{\"uri\":\"gatehouse://catalog/" + SERVER + "\"}")
            .path("result")
            .path("contents")
            .path(0);
    assertThat(read.path("mimeType").asString()).isEqualTo("application/json");
    assertThat(read.path("text").asString()).contains("Refunds for orders");
    JsonNode templates =
        s.request("resources/templates/list", "{}").path("result").path("resourceTemplates");
    assertThat(templates.findValuesAsString("uriTemplate"))
        .containsExactly("gatehouse://catalog/{server}", "gatehouse://usage/{route}");
    JsonNode usage = s.request("resources/read", "{\"uri\":\"gatehouse://usage/refunds\"}");
    assertThat(usage.path("error").path("data").path("key").asString()).isEqualTo("FORBIDDEN");

    JsonNode prompts = s.request("prompts/list", "{}").path("result").path("prompts");
    assertThat(prompts.valueStream().map(p -> p.path("name").asString()))
        .containsExactly("diagnose_connection", "explain_route_errors", "find_tool");
    JsonNode prompt =
        s.request(
                "prompts/get",
                "{\"name\":\"diagnose_connection\",\"arguments\":{\"connection\":\"crm\"}}")
            .path("result");
    String text = prompt.path("messages").path(0).path("content").path("text").asString();
    assertThat(text).contains("'crm'").contains("CONNECTION_NOT_FOUND");
  }

  @Test
  void arguments_are_checked_against_the_listed_schema_before_the_call() {
    // the gateway's validation knows the tools' inputSchema like any upstream's
    JsonNode r =
        Session.open(user).request("tools/call", "{\"name\":\"search_tools\",\"arguments\":{}}");
    assertThat(r.path("error").path("data").path("key").asString()).isEqualTo("INVALID_ARGUMENTS");
    assertThat(r.path("error").path("message").asString()).contains("query");
    JsonNode unknown = Session.open(user).request("tools/call", "{\"name\":\"nope\"}");
    assertThat(unknown.path("error").path("code").asInt()).isEqualTo(-32602);
  }
}
