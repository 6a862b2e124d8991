package io.gatehouse.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.ScriptedModel;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agent runtime's API ({@code /v1/responses}) as the interop tests use it on a running
 * Gatehouse: a scripted model registered as a provider, users of the default project, responses and
 * their output items, and the gateway's audit records of the tool calls made for them.
 */
final class AgentResponses {
  private static final JsonMapper JSON = JsonMapper.shared();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private AgentResponses() {}

  /** Registers {@code model} as the provider of every model name; its key goes to the vault. */
  static void provider(RunningGatehouse g, ScriptedModel model, String key) {
    HttpResponse<String> r =
        g.send(
            "POST",
            "/admin/v1/models",
            RunningGatehouse.ADMIN_TOKEN,
            "{\"name\":\"scripted\",\"baseUrl\":\""
                + model.baseUrl()
                + "\",\"apiKey\":{\"value\":\""
                + key
                + "\"},\"models\":[\"*\"]}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  /** A user of the default project with an API key ({@link UserConsentInteropTest#user}). */
  static String member(RunningGatehouse g, String name) {
    String key = UserConsentInteropTest.user(g, name);
    HttpResponse<String> r =
        g.send(
            "POST",
            "/admin/v1/projects/default/members",
            RunningGatehouse.ADMIN_TOKEN,
            "{\"subject\":\"" + name + "\",\"role\":\"user\"}");
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
    return key;
  }

  /** An mcp tool reaching route {@code route} of {@code g} by its URL, labelled as the route. */
  static String routeTool(RunningGatehouse g, String route, String requireApproval) {
    return "{\"type\":\"mcp\",\"server_label\":\""
        + route
        + "\",\"server_url\":\""
        + g.route(route)
        + "\""
        + (requireApproval == null ? "" : ",\"require_approval\":" + requireApproval)
        + "}";
  }

  /** {@code POST /v1/responses} as the holder of {@code key}; asserts 200. */
  static JsonNode respond(RunningGatehouse g, String key, String body) {
    HttpResponse<String> r = post(g, key, body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  static HttpResponse<String> post(RunningGatehouse g, String key, String body) {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(g.url("/v1/responses"))
              .header("Authorization", "Bearer " + key)
              .header("Content-Type", "application/json")
              .timeout(Duration.ofSeconds(60))
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException("POST /v1/responses failed", e);
    }
  }

  /**
   * A continuation of {@code previous} with {@code input} (a JSON array of items), naming its model
   * again as OpenAI's API requires.
   */
  static String continuing(JsonNode previous, String input) {
    return "{\"model\":\""
        + previous.path("model").asString()
        + "\",\"previous_response_id\":\""
        + previous.path("id").asString()
        + "\",\"input\":"
        + input
        + "}";
  }

  /** The approval answer for the approval request {@code ask}. */
  static String approval(JsonNode ask, boolean approve, String reason) {
    return "[{\"type\":\"mcp_approval_response\",\"approval_request_id\":\""
        + ask.path("id").asString()
        + "\",\"approve\":"
        + approve
        + (reason == null ? "" : ",\"reason\":\"" + reason + "\"")
        + "}]";
  }

  /** The output items' types, in order. */
  static List<String> types(JsonNode response) {
    List<String> out = new ArrayList<>();
    response.path("output").forEach(i -> out.add(i.path("type").asString()));
    return out;
  }

  /** The output items of {@code type}. */
  static List<JsonNode> items(JsonNode response, String type) {
    List<JsonNode> out = new ArrayList<>();
    response
        .path("output")
        .forEach(
            i -> {
              if (i.path("type").asString().equals(type)) {
                out.add(i);
              }
            });
    return out;
  }

  /** The names of the tools an {@code mcp_list_tools} item lists. */
  static List<String> listed(JsonNode listTools) {
    List<String> out = new ArrayList<>();
    listTools.path("tools").forEach(t -> out.add(t.path("name").asString()));
    return out;
  }

  /** The names of the functions the model was offered in {@code request}. */
  static List<String> functions(JsonNode request) {
    List<String> out = new ArrayList<>();
    request
        .path("tools")
        .forEach(t -> out.add(t.path("function").path("name").asString(t.path("name").asString())));
    return out;
  }

  /** The content of the last message the model was sent in {@code request}. */
  static String lastMessage(JsonNode request) {
    JsonNode messages = request.path("messages");
    return messages.get(messages.size() - 1).path("content").asString();
  }

  /**
   * The gateway's {@code tools/call} audit records of {@code tool} (null: any) on {@code route},
   * once there are {@code count} of them (the audit writer batches: this waits for them).
   */
  static List<JsonNode> audited(RunningGatehouse g, String route, String tool, int count) {
    return await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> audit(g, route, tool), records -> records.size() >= count);
  }

  static List<JsonNode> audit(RunningGatehouse g, String route, String tool) {
    HttpResponse<String> r =
        g.get(
            "/admin/v1/audit?route="
                + route
                + (tool == null ? "" : "&tool=" + tool)
                + "&limit=1000",
            RunningGatehouse.ADMIN_TOKEN);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<JsonNode> out = new ArrayList<>();
    JSON.readTree(r.body())
        .path("records")
        .forEach(
            rec -> {
              if (rec.path("method").asString().equals("tools/call")) {
                out.add(rec);
              }
            });
    return out;
  }
}
