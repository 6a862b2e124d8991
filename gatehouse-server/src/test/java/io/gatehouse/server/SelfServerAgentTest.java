package io.gatehouse.server;

import static io.gatehouse.testkit.ScriptedModel.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.ScriptedModel;
import io.gatehouse.testkit.ScriptedModel.Reply;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An agent of the runtime ({@code /v1/responses}, the scripted model being the one test double)
 * manages Gatehouse through its own MCP server: its tool calls reach {@code /mcp/gatehouse} as the
 * user the agent runs for, so an owner's agent deploys and a user's agent is refused, and the model
 * reads the refusal's key.
 */
class SelfServerAgentTest {
  private static final JsonMapper JSON = JsonMapper.shared();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String MODEL_KEY = "mk-" + Long.toHexString(System.nanoTime());
  static ScriptedModel model;
  static RunningGatehouse g;
  static String owner;
  static String user;

  @BeforeAll
  static void start() {
    model = ScriptedModel.start(MODEL_KEY);
    g = RunningGatehouse.start("");
    send(
        "POST",
        "/admin/v1/models",
        "{\"name\":\"scripted\",\"baseUrl\":\""
            + model.baseUrl()
            + "\",\"apiKey\":{\"value\":\""
            + MODEL_KEY
            + "\"},\"models\":[\"*\"]}");
    owner = member("olive", "owner");
    user = member("ursula", "user");
    send("POST", "/admin/v1/environments", "{\"name\":\"prod\",\"kind\":\"prod\"}");
    send(
        "POST",
        "/v0.1/publish",
        "{\"name\":\"io.github.acme/refunds\",\"description\":\"r\",\"version\":\"1.0.0\"}");
  }

  @AfterAll
  static void stop() {
    if (g != null) {
      g.close();
    }
    if (model != null) {
      model.close();
    }
  }

  static JsonNode send(String method, String path, String body) {
    HttpResponse<String> r = g.send(method, path, RunningGatehouse.ADMIN_TOKEN, body);
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
    return r.body().isEmpty() ? null : JSON.readTree(r.body());
  }

  static String member(String name, String role) {
    send("POST", "/admin/v1/consumers", "{\"name\":\"" + name + "\",\"kind\":\"user\"}");
    send(
        "POST",
        "/admin/v1/projects/default/members",
        "{\"subject\":\"" + name + "\",\"role\":\"" + role + "\"}");
    return send("POST", "/admin/v1/consumers/" + name + "/keys", "{}").path("key").asString();
  }

  static JsonNode respond(String key, String input) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(g.url("/v1/responses"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"m1\",\"input\":\""
                            + input
                            + "\",\"tools\":[{\"type\":\"mcp\",\"server_label\":\"gatehouse\","
                            + "\"server_url\":\""
                            + g.route("gatehouse")
                            + "\",\"require_approval\":\"never\"}]}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  static String deploy(String route) {
    return "{\"server\":\"io.github.acme/refunds\",\"version\":\"1.0.0\",\"environment\":\"prod\","
        + "\"route\":\""
        + route
        + "\",\"upstream\":{\"url\":\"http://127.0.0.1:9/mcp\"}}";
  }

  /** The content of the last tool message the model was sent. */
  static String lastToolResult() {
    JsonNode seen = model.requests().getLast().path("messages");
    return seen.get(seen.size() - 1).path("content").asString();
  }

  @Test
  void an_agent_manages_gatehouse_with_the_role_of_its_user() throws Exception {
    model
        .reply(Reply.toolCalls(call("gatehouse__create_deployment", deploy("agent-refunds"))))
        .reply(ScriptedModel.lastMessageIsToolResult(), Reply.text("Deployed."));
    JsonNode done = respond(owner, "deploy refunds");
    JsonNode listed = done.path("output").get(0);
    assertThat(listed.path("type").asString()).isEqualTo("mcp_list_tools");
    assertThat(listed.path("tools").valueStream().map(t -> t.path("name").asString()))
        .contains("create_deployment");
    assertThat(lastToolResult()).contains("\"route\":\"agent-refunds\"");
    assertThat(g.server().routes().current().routes()).containsKey("agent-refunds");

    model
        .reply(Reply.toolCalls(call("gatehouse__create_deployment", deploy("agent-refunds-2"))))
        .reply(ScriptedModel.lastMessageIsToolResult(), Reply.text("I may not."));
    respond(user, "deploy refunds again");
    assertThat(lastToolResult()).contains("FORBIDDEN").contains("contributor");
    assertThat(g.server().routes().current().routes()).doesNotContainKey("agent-refunds-2");
  }
}
