package io.gatehouse.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.ScriptedUpstream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Gatehouse's own MCP server with the TypeScript SDK's client ({@code @modelcontextprotocol/sdk},
 * driven by {@code src/test/node/self-server-client.mjs}): over Streamable HTTP at {@code
 * /mcp/gatehouse}, and over stdio through {@code gatehouse mcp} (the SDK's {@code
 * StdioClientTransport} starting the command line). An owner lists and calls the tools (the SDK
 * checks each result against the tool's outputSchema), reads resources and prompts; a {@code user}
 * is refused the tools that change the platform, with the admin API's key.
 */
class SelfServerInteropTest {
  private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(120);
  private static final String SERVER = "io.github.acme/refunds";
  private static final JsonMapper JSON = JsonMapper.shared();
  static ScriptedUpstream upstream;
  static RunningGatehouse gh;
  static String owner;
  static String user;

  @BeforeAll
  static void start() {
    upstream =
        ScriptedUpstream.start(
            s -> s.tool("refund", (c, out) -> out.result(ScriptedUpstream.text("refunded"))));
    gh = RunningGatehouse.start("");
    owner = consumerWithKey("olive");
    user = consumerWithKey("ursula");
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

  static String consumerWithKey(String name) {
    admin("POST", "/admin/v1/consumers", "{\"name\":\"" + name + "\"}");
    return admin("POST", "/admin/v1/consumers/" + name + "/keys", "{}").path("key").asString();
  }

  static JsonNode admin(String method, String path, String body) {
    HttpResponse<String> r = gh.send(method, path, RunningGatehouse.ADMIN_TOKEN, body);
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
    return r.body().isEmpty() ? null : JSON.readTree(r.body());
  }

  @Test
  void the_ts_client_lists_and_calls_the_tools_as_an_owner() {
    ObjectNode plan = http(owner);
    call(plan, "search_catalog", "{\"query\":\"refunds\"}");
    call(plan, "search_tools", "{\"query\":\"refund\"}");
    call(plan, "create_deployment", deployment("ts-refunds"));
    call(plan, "list_deployments", "{\"server\":\"" + SERVER + "\"}");
    call(plan, "route_usage", "{\"route\":\"gatehouse\"}");
    call(plan, "recent_audit", "{\"route\":\"gatehouse\",\"limit\":3}");
    call(plan, "validate_connection", "{\"name\":\"crm\"}");
    plan.putArray("resources").add("gatehouse://catalog/" + SERVER);
    plan.putArray("prompts")
        .addObject()
        .put("name", "find_tool")
        .putObject("arguments")
        .put("task", "refund an order");
    List<JsonNode> steps = run("ts-sdk-self-owner", plan);

    JsonNode init = step(steps, "initialize").getFirst();
    assertThat(init.path("serverInfo").path("name").asString()).isEqualTo("gatehouse");
    JsonNode tools = step(steps, "tools").getFirst().path("tools");
    assertThat(tools.valueStream().map(t -> t.path("name").asString()))
        .contains("search_catalog", "list_deployments", "create_deployment", "set_version_status");
    assertThat(tools.valueStream().allMatch(t -> t.path("outputSchema").asBoolean())).isTrue();

    Map<String, JsonNode> calls = calls(steps);
    for (String read :
        List.of(
            "search_catalog", "search_tools", "list_deployments", "route_usage", "recent_audit")) {
      assertThat(calls.get(read).path("isError").asBoolean())
          .as(calls.get(read).toString())
          .isFalse();
      assertThat(calls.get(read).has("thrown")).as(calls.get(read).toString()).isFalse();
    }
    assertThat(
            calls
                .get("search_catalog")
                .path("structuredContent")
                .path("servers")
                .findValuesAsString("name"))
        .contains(SERVER);
    JsonNode made = calls.get("create_deployment");
    assertThat(made.path("isError").asBoolean()).as(made.toString()).isFalse();
    assertThat(made.path("structuredContent").path("route").asString()).isEqualTo("ts-refunds");
    assertThat(
            calls
                .get("list_deployments")
                .path("structuredContent")
                .path("deployments")
                .findValuesAsString("route"))
        .contains("ts-refunds");
    // a failure of the platform is a tool error with its key, which the model can read
    assertThat(calls.get("validate_connection").path("isError").asBoolean()).isTrue();
    assertThat(calls.get("validate_connection").path("text").asString())
        .contains("CONNECTION_NOT_FOUND");

    assertThat(
            step(steps, "resources").getFirst().path("uris").valueStream().map(JsonNode::asString))
        .contains("gatehouse://catalog/" + SERVER);
    assertThat(step(steps, "read").getFirst().path("text").asString())
        .contains("Refunds for orders");
    assertThat(step(steps, "prompt").getFirst().path("text").asString())
        .contains("refund an order");
    assertThat(step(steps, "done")).hasSize(1);
  }

  @Test
  void a_user_is_refused_the_owner_only_tools() {
    ObjectNode plan = http(user);
    call(plan, "create_deployment", deployment("ts-user-refunds"));
    call(
        plan,
        "set_version_status",
        "{\"server\":\"" + SERVER + "\",\"version\":\"1.0.0\",\"status\":\"deleted\"}");
    call(plan, "list_deployments", "{}");
    Map<String, JsonNode> calls = calls(run("ts-sdk-self-user", plan));
    for (String change : List.of("create_deployment", "set_version_status")) {
      JsonNode r = calls.get(change);
      assertThat(r.path("isError").asBoolean()).as(r.toString()).isTrue();
      assertThat(JSON.readTree(r.path("text").asString()).path("error").path("code").asString())
          .isEqualTo("FORBIDDEN");
    }
    assertThat(calls.get("list_deployments").path("isError").asBoolean()).isFalse();
    assertThat(
            admin("GET", "/admin/v1/deployments", "")
                .path("deployments")
                .findValuesAsString("route"))
        .doesNotContain("ts-user-refunds");
  }

  @Test
  void gatehouse_mcp_serves_the_same_server_over_stdio() {
    ObjectNode plan = JSON.createObjectNode().put("transport", "stdio");
    plan.put("command", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    ArrayNode args = plan.putArray("args");
    args.add("-cp").add(System.getProperty("java.class.path")).add("io.gatehouse.server.Main");
    args.add("mcp").add("--url").add(gh.server().url().toString()).add("--token").add(user);
    plan.putArray("calls");
    call(plan, "search_catalog", "{}");
    call(plan, "create_deployment", deployment("stdio-refunds"));
    plan.putArray("prompts")
        .addObject()
        .put("name", "diagnose_connection")
        .putObject("arguments")
        .put("connection", "crm");
    List<JsonNode> steps = run("ts-sdk-self-stdio", plan);
    assertThat(step(steps, "tools").getFirst().path("tools")).hasSize(8);
    Map<String, JsonNode> calls = calls(steps);
    assertThat(
            calls
                .get("search_catalog")
                .path("structuredContent")
                .path("servers")
                .findValuesAsString("name"))
        .contains(SERVER);
    assertThat(
            JSON.readTree(calls.get("create_deployment").path("text").asString())
                .path("error")
                .path("code")
                .asString())
        .isEqualTo("FORBIDDEN");
    assertThat(step(steps, "prompt").getFirst().path("text").asString())
        .contains("CONNECTION_NOT_FOUND");
    assertThat(step(steps, "done")).hasSize(1);
  }

  private static ObjectNode http(String key) {
    ObjectNode plan = JSON.createObjectNode().put("transport", "http");
    plan.put("url", gh.route("gatehouse").toString()).put("token", key);
    plan.putArray("calls");
    return plan;
  }

  private static void call(ObjectNode plan, String tool, String arguments) {
    plan.withArray("calls")
        .addObject()
        .put("tool", tool)
        .set("arguments", JSON.readTree(arguments));
  }

  private static String deployment(String route) {
    return "{\"server\":\""
        + SERVER
        + "\",\"version\":\"1.0.0\",\"environment\":\"prod\",\"route\":\""
        + route
        + "\",\"upstream\":{\"url\":\""
        + upstream.url()
        + "\",\"transport\":\"streamable-http\"}}";
  }

  /** Runs the script with {@code plan}; its JSON lines. */
  private static List<JsonNode> run(String label, ObjectNode plan) {
    NodeTools tools = NodeTools.require();
    try (ChildProcess client =
        ChildProcess.start(
            label,
            List.of(tools.node().toString(), tools.nodeScript("self-server-client.mjs").toString()),
            Map.of("SELF_PLAN", plan.toString()))) {
      boolean finished = client.waitFor(SCRIPT_TIMEOUT);
      List<JsonNode> steps = new ArrayList<>();
      for (String line : client.stdout()) {
        if (line.startsWith("{")) {
          steps.add(JSON.readTree(line));
        }
      }
      assertThat(finished && client.exitCode() == 0)
          .as("the script finished: %s%s", steps, client.diagnostics())
          .isTrue();
      // nothing but MCP messages reached the client (a stray line on stdio would be one)
      assertThat(step(steps, "done").getFirst().path("clientErrors"))
          .as(client.diagnostics())
          .isEmpty();
      return steps;
    }
  }

  private static List<JsonNode> step(List<JsonNode> steps, String name) {
    return steps.stream().filter(s -> s.path("step").asString().equals(name)).toList();
  }

  private static Map<String, JsonNode> calls(List<JsonNode> steps) {
    Map<String, JsonNode> byTool = new java.util.LinkedHashMap<>();
    step(steps, "call").forEach(c -> byTool.put(c.path("tool").asString(), c));
    return byTool;
  }
}
