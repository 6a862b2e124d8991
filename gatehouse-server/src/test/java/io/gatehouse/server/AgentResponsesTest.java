package io.gatehouse.server;

import static io.gatehouse.testkit.ScriptedModel.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.ScriptedModel;
import io.gatehouse.testkit.ScriptedModel.Reply;
import io.gatehouse.testkit.ScriptedUpstream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /v1/responses} end to end on a running Gatehouse: the scripted model (the one test double)
 * asks for tools of a real MCP server behind a route; the calls go through the gateway as the
 * calling user, stop for approval, and continue from {@code previous_response_id}.
 */
class AgentResponsesTest {
  private static final JsonMapper JSON = JsonMapper.shared();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String MODEL_KEY = "mk-" + Long.toHexString(System.nanoTime());

  @TempDir Path dir;
  private ScriptedUpstream upstream;
  private ScriptedModel model;
  private RunningGatehouse g;
  private String alice;
  private String bob;

  @BeforeEach
  void start() throws Exception {
    upstream =
        ScriptedUpstream.start(
            s ->
                s.tool(
                    "delete-file",
                    "\"inputSchema\":{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}}},"
                        + "\"annotations\":{\"destructiveHint\":true}",
                    (c, out) -> out.result(ScriptedUpstream.text("deleted " + c.arg("path")))));
    model = ScriptedModel.start(MODEL_KEY);
    g =
        RunningGatehouse.start(
            dir,
            "routes:\n"
                + RunningGatehouse.route("files", upstream.url(), "streamable-http")
                + "    auth: [api-key]\n"
                + "    tools: {deny: ['*-secret']}\n");
    addModel(201);
    alice = user("alice");
    bob = user("bob");
  }

  /**
   * Adds the scripted model as a provider: 201 the first time, 409 after a restart on the same
   * store, which kept it.
   */
  private void addModel(int expected) {
    HttpResponse<String> r =
        g.send(
            "POST",
            "/admin/v1/models",
            RunningGatehouse.ADMIN_TOKEN,
            "{\"name\":\"scripted\",\"baseUrl\":\""
                + model.baseUrl()
                + "\",\"apiKey\":{\"value\":\""
                + MODEL_KEY
                + "\"},\"models\":[\"*\"]}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(expected);
  }

  @AfterEach
  void stop() {
    g.close();
    model.close();
    upstream.close();
  }

  private String user(String name) throws Exception {
    g.send(
        "POST",
        "/admin/v1/consumers",
        RunningGatehouse.ADMIN_TOKEN,
        "{\"name\":\"" + name + "\",\"kind\":\"user\"}");
    g.send(
        "POST",
        "/admin/v1/projects/default/members",
        RunningGatehouse.ADMIN_TOKEN,
        "{\"subject\":\"" + name + "\",\"role\":\"user\"}");
    HttpResponse<String> key =
        g.send("POST", "/admin/v1/consumers/" + name + "/keys", RunningGatehouse.ADMIN_TOKEN, "{}");
    return JSON.readTree(key.body()).path("key").asString();
  }

  private String tool(String requireApproval) {
    return "{\"type\":\"mcp\",\"server_label\":\"files\",\"server_url\":\""
        + g.route("files")
        + "\",\"require_approval\":"
        + requireApproval
        + "}";
  }

  private HttpResponse<String> post(String key, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(g.url("/v1/responses"))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode respond(String key, String body) throws Exception {
    HttpResponse<String> r = post(key, body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static List<String> types(JsonNode response) {
    List<String> out = new ArrayList<>();
    response.path("output").forEach(i -> out.add(i.path("type").asString()));
    return out;
  }

  @Test
  void a_call_waits_for_approval_then_runs_as_the_user_through_the_gateway() throws Exception {
    model
        .reply(Reply.toolCalls(call("files__delete-file", "{\"path\":\"/tmp/a\"}")))
        .reply(ScriptedModel.lastMessageIsToolResult(), Reply.text("Deleted it.").withUsage(20, 4));

    JsonNode first =
        respond(
            alice,
            "{\"model\":\"m1\",\"input\":\"delete /tmp/a\",\"tools\":["
                + tool("\"always\"")
                + "]}");
    assertThat(types(first)).containsExactly("mcp_list_tools", "mcp_approval_request");
    assertThat(first.path("status").asString()).isEqualTo("completed");
    JsonNode listed = first.path("output").get(0);
    assertThat(listed.path("tools").get(0).path("name").asString()).isEqualTo("delete-file");
    assertThat(listed.path("tools").get(0).path("input_schema").path("type").asString())
        .isEqualTo("object");
    JsonNode ask = first.path("output").get(1);
    assertThat(ask.path("id").asString()).startsWith("mcpr_");
    assertThat(ask.path("name").asString()).isEqualTo("delete-file");
    assertThat(ask.path("arguments").asString()).isEqualTo("{\"path\":\"/tmp/a\"}");
    assertThat(upstream.requests())
        .noneMatch(r -> r.body() != null && r.body().contains("tools/call"));

    JsonNode second =
        respond(
            alice,
            "{\"model\":\"m1\",\"previous_response_id\":\""
                + first.path("id").asString()
                + "\",\"tools\":["
                + tool("\"always\"")
                + "],\"input\":[{\"type\":\"mcp_approval_response\",\"approval_request_id\":\""
                + ask.path("id").asString()
                + "\",\"approve\":true}]}");
    assertThat(types(second)).containsExactly("mcp_call", "message");
    JsonNode call = second.path("output").get(0);
    assertThat(call.path("status").asString()).isEqualTo("completed");
    assertThat(call.path("output").asString()).isEqualTo("deleted /tmp/a");
    assertThat(call.path("approval_request_id").asString()).isEqualTo(ask.path("id").asString());
    assertThat(call.path("error").isNull()).isTrue();
    assertThat(second.at("/output/1/content/0/text").asString()).isEqualTo("Deleted it.");
    assertThat(second.at("/usage/input_tokens").asInt()).isEqualTo(20);
    assertThat(second.path("previous_response_id").asString())
        .isEqualTo(first.path("id").asString());

    // the model saw the tool result after its own call
    JsonNode seen = model.requests().getLast();
    JsonNode last = seen.path("messages").get(seen.path("messages").size() - 1);
    assertThat(last.path("role").asString()).isEqualTo("tool");
    assertThat(last.path("content").asString()).isEqualTo("deleted /tmp/a");

    // the call reached the upstream once, with no credential of the caller
    List<ScriptedUpstream.Recorded> calls =
        upstream.requests().stream()
            .filter(r -> r.body() != null && r.body().contains("tools/call"))
            .toList();
    assertThat(calls).hasSize(1);
    assertThat(calls.getFirst().headers().toString())
        .doesNotContain(alice)
        .doesNotContain("Gatehouse-Agent-Call");

    // and the gateway's audit names alice (the audit writer batches: wait for the record)
    JsonNode record =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    JSON.readTree(
                            g.get(
                                    "/admin/v1/audit?route=files&tool=delete-file",
                                    RunningGatehouse.ADMIN_TOKEN)
                                .body())
                        .path("records")
                        .path(0),
                r -> r.isObject());
    assertThat(record.path("principal").asString()).isEqualTo("api-key:alice");
    assertThat(record.path("method").asString()).isEqualTo("tools/call");
  }

  @Test
  void a_denial_is_a_result_the_model_sees_and_never_reaches_the_server() throws Exception {
    model
        .reply(Reply.toolCalls(call("files__delete-file", "{\"path\":\"/etc\"}")))
        .reply(ScriptedModel.lastMessageIsToolResult(), Reply.text("I did not delete it."));
    JsonNode first =
        respond(
            alice,
            "{\"model\":\"m1\",\"input\":\"delete /etc\",\"tools\":[" + tool("\"always\"") + "]}");
    String ask = first.at("/output/1/id").asString();
    JsonNode second =
        respond(
            alice,
            "{\"previous_response_id\":\""
                + first.path("id").asString()
                + "\",\"input\":[{\"type\":\"mcp_approval_response\",\"approval_request_id\":\""
                + ask
                + "\",\"approve\":false,\"reason\":\"too risky\"}]}");
    assertThat(types(second)).containsExactly("message");
    JsonNode seen = model.requests().getLast();
    JsonNode last = seen.path("messages").get(seen.path("messages").size() - 1);
    assertThat(last.path("content").asString()).contains("did not approve").contains("too risky");
    assertThat(upstream.requests())
        .noneMatch(r -> r.body() != null && r.body().contains("tools/call"));
  }

  @Test
  void never_runs_at_once_and_the_per_tool_forms_choose_per_tool() throws Exception {
    model
        .reply(Reply.toolCalls(call("files__echo", "{\"message\":\"hi\"}")))
        .reply(ScriptedModel.lastMessageIsToolResult(), Reply.text("ok"));
    JsonNode never =
        respond(alice, "{\"model\":\"m1\",\"input\":\"x\",\"tools\":[" + tool("\"never\"") + "]}");
    assertThat(types(never)).containsExactly("mcp_list_tools", "mcp_call", "message");
    assertThat(never.at("/output/1/output").asString()).isEqualTo("Echo: hi");

    for (String form :
        List.of(
            "{\"never\":[\"echo\"]}",
            "{\"never\":{\"tool_names\":[\"echo\"]}}",
            "{\"always\":{\"tool_names\":[\"delete-file\"]},\"never\":{\"read_only\":false}}")) {
      model
          .reply(
              Reply.toolCalls(
                  call("files__echo", "{\"message\":\"a\"}"),
                  call("files__delete-file", "{\"path\":\"/b\"}")))
          .reply(ScriptedModel.lastMessageIsToolResult(), Reply.text("ok"));
      JsonNode r =
          respond(alice, "{\"model\":\"m1\",\"input\":\"x\",\"tools\":[" + tool(form) + "]}");
      assertThat(types(r))
          .as(form)
          .containsExactly("mcp_list_tools", "mcp_approval_request", "mcp_call");
      assertThat(r.at("/output/1/name").asString()).isEqualTo("delete-file");
      assertThat(r.at("/output/2/name").asString()).isEqualTo("echo");
      assertThat(r.path("tools").get(0).path("require_approval").isObject()).isTrue();
    }
  }

  @Test
  void a_route_deny_rule_blocks_the_agent_too() throws Exception {
    g.close();
    upstream.close();
    upstream =
        ScriptedUpstream.start(
            s -> s.tool("read-secret", (c, out) -> out.result(ScriptedUpstream.text("s3cr3t"))));
    g =
        RunningGatehouse.start(
            dir,
            "routes:\n"
                + RunningGatehouse.route("files", upstream.url(), "streamable-http")
                + "    auth: [api-key]\n"
                + "    tools: {deny: ['*-secret']}\n");
    model
        .reply(Reply.toolCalls(call("files__read-secret", "{}")))
        .reply(ScriptedModel.lastMessageIsToolResult(), Reply.text("no"));
    JsonNode r =
        respond(alice, "{\"model\":\"m1\",\"input\":\"x\",\"tools\":[" + tool("\"never\"") + "]}");
    // the route's rules hide the tool from the agent's listing, and refuse a call of it
    assertThat(r.at("/output/0/tools").toString()).doesNotContain("read-secret");
    assertThat(r.at("/output/1/type").asString()).isEqualTo("message");
    assertThat(upstream.requests())
        .noneMatch(q -> q.body() != null && q.body().contains("tools/call"));
  }

  @Test
  void another_user_cannot_read_or_continue_a_response() throws Exception {
    model.reply(Reply.text("hello"));
    JsonNode mine = respond(alice, "{\"model\":\"m1\",\"input\":\"hi\"}");
    String id = mine.path("id").asString();
    assertThat(get("/v1/responses/" + id, alice).statusCode()).isEqualTo(200);
    HttpResponse<String> theirs = get("/v1/responses/" + id, bob);
    assertThat(theirs.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(theirs.body()).at("/error/type").asString())
        .isEqualTo("invalid_request_error");
    HttpResponse<String> cont =
        post(bob, "{\"model\":\"m1\",\"input\":\"x\",\"previous_response_id\":\"" + id + "\"}");
    assertThat(cont.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(cont.body()).at("/error/param").asString())
        .isEqualTo("previous_response_id");

    HttpResponse<String> items = get("/v1/responses/" + id + "/input_items", alice);
    JsonNode list = JSON.readTree(items.body());
    assertThat(list.path("object").asString()).isEqualTo("list");
    assertThat(list.at("/data/0/content/0/text").asString()).isEqualTo("hi");

    HttpResponse<String> deleted = send("DELETE", "/v1/responses/" + id, alice);
    assertThat(JSON.readTree(deleted.body()).path("deleted").asBoolean()).isTrue();
    assertThat(get("/v1/responses/" + id, alice).statusCode()).isEqualTo(404);
  }

  @Test
  void a_request_without_a_user_role_or_credential_is_refused_in_openai_shape() throws Exception {
    HttpResponse<String> none = post("", "{\"model\":\"m1\",\"input\":\"hi\"}");
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(none.body()).at("/error/code").asString())
        .isEqualTo("UNAUTHENTICATED");
    HttpResponse<String> admin =
        post(RunningGatehouse.ADMIN_TOKEN, "{\"model\":\"m1\",\"input\":\"hi\"}");
    assertThat(admin.statusCode()).isEqualTo(401);
    HttpResponse<String> other =
        HTTP.send(
            HttpRequest.newBuilder(g.url("/v1/responses"))
                .header("Authorization", "Bearer " + alice)
                .header("OpenAI-Project", "payments")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m1\",\"input\":\"hi\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(other.statusCode()).isEqualTo(403);
    HttpResponse<String> bad =
        post(alice, "{\"model\":\"m1\",\"input\":\"hi\",\"tools\":[{\"type\":\"mcp\"}]}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(bad.body()).at("/error/param").asString())
        .isEqualTo("tools[0].server_label");
  }

  @Test
  void each_route_checks_the_users_own_credential_as_if_the_user_called_it() throws Exception {
    // a key scoped to another route opens /v1/responses (it names alice) but not route files
    HttpResponse<String> scoped =
        g.send(
            "POST",
            "/admin/v1/consumers/alice/keys",
            RunningGatehouse.ADMIN_TOKEN,
            "{\"routes\":[\"elsewhere\"]}");
    String elsewhere = JSON.readTree(scoped.body()).path("key").asString();
    model.reply(Reply.text("cannot"));
    JsonNode r =
        respond(
            elsewhere, "{\"model\":\"m1\",\"input\":\"x\",\"tools\":[" + tool("\"never\"") + "]}");
    assertThat(r.at("/output/0/type").asString()).isEqualTo("mcp_list_tools");
    assertThat(r.at("/output/0/error").asString()).contains("FORBIDDEN").contains("403");
    assertThat(upstream.requests()).isEmpty();
  }

  @Test
  void a_server_url_on_a_private_address_is_refused_unless_allowed() throws Exception {
    model.reply(Reply.text("nothing to call"));
    JsonNode r =
        respond(
            alice,
            "{\"model\":\"m1\",\"input\":\"x\",\"tools\":[{\"type\":\"mcp\",\"server_label\":\"direct\","
                + "\"server_url\":\""
                + upstream.url()
                + "\",\"require_approval\":\"never\"}]}");
    assertThat(r.at("/output/0/type").asString()).isEqualTo("mcp_list_tools");
    assertThat(r.at("/output/0/error").asString())
        .contains("refused")
        .contains("allow-private-urls");
    assertThat(upstream.requests()).isEmpty();
    // and Gatehouse's own listener is no way round it
    model.reply(Reply.text("nothing"));
    JsonNode own =
        respond(
            alice,
            "{\"model\":\"m1\",\"input\":\"x\",\"tools\":[{\"type\":\"mcp\",\"server_label\":\"own\","
                + "\"server_url\":\""
                + g.url("/admin/v1/connections")
                + "\",\"require_approval\":\"never\"}]}");
    assertThat(own.at("/output/0/error").asString()).contains("refused");
    HttpResponse<String> framing =
        post(
            alice,
            "{\"model\":\"m1\",\"input\":\"x\",\"tools\":[{\"type\":\"mcp\",\"server_label\":\"d\","
                + "\"server_url\":\"https://mcp.example.com/mcp\",\"headers\":{\"Content-Length\":\"5\"}}]}");
    assertThat(framing.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(framing.body()).at("/error/param").asString())
        .isEqualTo("tools[0].headers.Content-Length");
  }

  @Test
  void request_headers_are_used_for_that_response_only() throws Exception {
    restart("", "{allow-private-urls: true}");
    String secret = "tok-" + Long.toHexString(System.nanoTime());
    model
        .reply(Reply.toolCalls(call("direct__echo", "{\"message\":\"x\"}")))
        .reply(ScriptedModel.lastMessageIsToolResult(), Reply.text("ok"));
    // a server reached by its own URL (not a route): an implicit connection, with the headers
    JsonNode r =
        respond(
            alice,
            "{\"model\":\"m1\",\"input\":\"x\",\"tools\":[{\"type\":\"mcp\",\"server_label\":\"direct\","
                + "\"server_url\":\""
                + upstream.url()
                + "\",\"require_approval\":\"never\",\"authorization\":\""
                + secret
                + "\",\"headers\":{\"X-Tenant\":\"acme\"}}]}");
    assertThat(types(r)).containsExactly("mcp_list_tools", "mcp_call", "message");
    List<ScriptedUpstream.Recorded> calls =
        upstream.requests().stream()
            .filter(q -> q.body() != null && q.body().contains("tools/call"))
            .toList();
    assertThat(calls.getFirst().headers().get("authorization")).isEqualTo("Bearer " + secret);
    assertThat(calls.getFirst().headers().get("x-tenant")).isEqualTo("acme");
    assertThat(r.toString()).doesNotContain(secret).doesNotContain("acme");
    assertThat(get("/v1/responses/" + r.path("id").asString(), alice).body())
        .doesNotContain(secret)
        .doesNotContain("acme");
    // the runtime's own route for that URL takes no one else
    String route =
        g.server().routes().current().routes().keySet().stream()
            .filter(n -> n.startsWith("agent--url-"))
            .findFirst()
            .orElseThrow();
    HttpResponse<String> direct =
        HTTP.send(
            HttpRequest.newBuilder(g.route(route))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"x\",\"version\":\"1\"}}}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(direct.statusCode()).isEqualTo(403);
  }

  @Test
  void streaming_sends_openai_events_in_order_with_sequence_numbers() throws Exception {
    model
        .reply(Reply.toolCalls(call("files__echo", "{\"message\":\"s\"}")))
        .reply(ScriptedModel.lastMessageIsToolResult(), Reply.text("Streamed answer here."));
    HttpResponse<String> r =
        post(
            alice,
            "{\"model\":\"m1\",\"stream\":true,\"input\":\"x\",\"tools\":["
                + tool("\"never\"")
                + "]}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
    List<JsonNode> events = new ArrayList<>();
    for (String block : r.body().split("\n\n")) {
      for (String line : block.split("\n")) {
        if (line.startsWith("data: ")) {
          events.add(JSON.readTree(line.substring(6)));
        }
      }
    }
    List<String> names = events.stream().map(e -> e.path("type").asString()).toList();
    assertThat(names)
        .containsExactly(
            "response.created",
            "response.in_progress",
            "response.output_item.added",
            "response.mcp_list_tools.in_progress",
            "response.mcp_list_tools.completed",
            "response.output_item.done",
            "response.output_item.added",
            "response.mcp_call_arguments.delta",
            "response.mcp_call_arguments.done",
            "response.mcp_call.in_progress",
            "response.mcp_call.completed",
            "response.output_item.done",
            "response.output_item.added",
            "response.content_part.added",
            "response.output_text.delta",
            "response.output_text.done",
            "response.content_part.done",
            "response.output_item.done",
            "response.completed");
    for (int i = 0; i < events.size(); i++) {
      assertThat(events.get(i).path("sequence_number").asInt()).isEqualTo(i);
    }
    JsonNode done = events.getLast().path("response");
    assertThat(done.path("status").asString()).isEqualTo("completed");
    assertThat(done.at("/output/2/content/0/text").asString()).isEqualTo("Streamed answer here.");
  }

  @Test
  void limits_end_a_response_incomplete_with_a_clear_reason() throws Exception {
    for (int i = 0; i < 4; i++) {
      model.reply(Reply.toolCalls(call("files__echo", "{\"message\":\"" + i + "\"}")));
    }
    JsonNode r =
        respond(
            alice,
            "{\"model\":\"m1\",\"input\":\"x\",\"max_tool_calls\":2,\"tools\":["
                + tool("\"never\"")
                + "]}");
    assertThat(r.path("status").asString()).isEqualTo("incomplete");
    assertThat(r.at("/incomplete_details/reason").asString()).isEqualTo("max_tool_calls");
    assertThat(r.at("/error/message").asString()).contains("limit of 2 tool calls");
    JsonNode cut = r.path("output").get(r.path("output").size() - 1);
    assertThat(cut.path("type").asString()).isEqualTo("mcp_call");
    assertThat(cut.path("status").asString()).isEqualTo("incomplete");
  }

  @Test
  void a_chain_lists_once_and_again_when_the_connections_tools_change() throws Exception {
    ScriptedUpstream.Script[] script = new ScriptedUpstream.Script[1];
    try (ScriptedUpstream svc = ScriptedUpstream.start(s -> script[0] = s)) {
      HttpResponse<String> created =
          g.send(
              "POST",
              "/admin/v1/connections",
              RunningGatehouse.ADMIN_TOKEN,
              "{\"name\":\"svc\",\"url\":\"" + svc.url() + "\",\"transport\":\"streamable-http\"}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      String tools =
          "[{\"type\":\"mcp\",\"server_label\":\"svc\",\"project_connection_id\":\"svc\","
              + "\"require_approval\":\"never\"}]";
      model.reply(Reply.text("one")).reply(Reply.text("two")).reply(Reply.text("three"));
      JsonNode first = respond(alice, "{\"model\":\"m1\",\"input\":\"a\",\"tools\":" + tools + "}");
      assertThat(types(first)).containsExactly("mcp_list_tools", "message");
      assertThat(first.at("/output/0/tools").toString()).contains("echo").doesNotContain("shout");
      JsonNode second =
          respond(
              alice,
              "{\"model\":\"m1\",\"input\":\"b\",\"tools\":"
                  + tools
                  + ",\"previous_response_id\":\""
                  + first.path("id").asString()
                  + "\"}");
      assertThat(types(second)).as("listed once per chain").containsExactly("message");

      script[0].tool("shout", (c, out) -> out.result(ScriptedUpstream.text("HEY")));
      HttpResponse<String> refreshed =
          g.send("POST", "/admin/v1/connections/svc/refresh", RunningGatehouse.ADMIN_TOKEN, "");
      assertThat(JSON.readTree(refreshed.body()).path("toolsChanged").asBoolean())
          .as(refreshed.body())
          .isTrue();
      JsonNode third =
          respond(
              alice,
              "{\"model\":\"m1\",\"input\":\"c\",\"tools\":"
                  + tools
                  + ",\"previous_response_id\":\""
                  + second.path("id").asString()
                  + "\"}");
      assertThat(types(third)).containsExactly("mcp_list_tools", "message");
      assertThat(third.at("/output/0/tools").toString()).contains("shout");
    }
  }

  /** Starts Gatehouse again with {@code responses} as the runtime's limits section. */
  private void restart(String upstreamScriptTools, String responses) throws Exception {
    g.close();
    g =
        RunningGatehouse.start(
            dir,
            "responses: "
                + responses
                + "\nroutes:\n"
                + RunningGatehouse.route("files", upstream.url(), "streamable-http")
                + "    auth: [api-key]\n");
    addModel(409);
  }

  @Test
  void the_calls_of_one_turn_run_in_parallel() throws Exception {
    java.util.concurrent.CountDownLatch both = new java.util.concurrent.CountDownLatch(2);
    upstream.close();
    upstream =
        ScriptedUpstream.start(
            s ->
                s.tool(
                    "meet",
                    (c, out) -> {
                      both.countDown();
                      // each call waits for the other: run one after the other, the first is alone
                      boolean met = both.await(20, java.util.concurrent.TimeUnit.SECONDS);
                      out.result(ScriptedUpstream.text(met ? "met" : "alone"));
                    }));
    restart("", "{}");
    model
        .reply(Reply.toolCalls(call("files__meet", "{}"), call("files__meet", "{}")))
        .reply(ScriptedModel.lastMessageIsToolResult(), Reply.text("both"));
    JsonNode r =
        respond(alice, "{\"model\":\"m1\",\"input\":\"x\",\"tools\":[" + tool("\"never\"") + "]}");
    assertThat(types(r)).containsExactly("mcp_list_tools", "mcp_call", "mcp_call", "message");
    assertThat(r.at("/output/1/output").asString()).isEqualTo("met");
    assertThat(r.at("/output/2/output").asString()).isEqualTo("met");
  }

  @Test
  void the_turn_and_time_limits_end_a_response_incomplete() throws Exception {
    restart("", "{max-iterations: 3}");
    for (int i = 0; i < 5; i++) {
      model.reply(Reply.toolCalls(call("files__echo", "{\"message\":\"" + i + "\"}")));
    }
    JsonNode turns =
        respond(alice, "{\"model\":\"m1\",\"input\":\"x\",\"tools\":[" + tool("\"never\"") + "]}");
    assertThat(turns.path("status").asString()).isEqualTo("incomplete");
    assertThat(turns.at("/incomplete_details/reason").asString()).isEqualTo("max_iterations");
    assertThat(turns.at("/error/message").asString()).contains("limit of 3 model turns");
    assertThat(model.pending()).isEqualTo(2);

    java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
    upstream.close();
    upstream =
        ScriptedUpstream.start(
            s ->
                s.tool(
                    "hang",
                    (c, out) -> {
                      never.await(30, java.util.concurrent.TimeUnit.SECONDS);
                      out.result(ScriptedUpstream.text("late"));
                    }));
    restart("", "{max-time: 2s}");
    model.reply(Reply.toolCalls(call("files__hang", "{}")));
    try {
      JsonNode timed =
          respond(
              alice, "{\"model\":\"m1\",\"input\":\"x\",\"tools\":[" + tool("\"never\"") + "]}");
      assertThat(timed.path("status").asString()).isEqualTo("incomplete");
      assertThat(timed.at("/incomplete_details/reason").asString()).isEqualTo("max_time");
      assertThat(timed.at("/error/message").asString()).contains("time limit");
      JsonNode hang = null;
      for (JsonNode item : timed.path("output")) {
        if (item.path("name").asString("").equals("hang")) {
          hang = item;
        }
      }
      assertThat(hang).as(timed.toString()).isNotNull();
      assertThat(hang.path("status").asString()).isEqualTo("failed");
    } finally {
      never.countDown();
    }
  }

  private HttpResponse<String> get(String path, String key) throws Exception {
    return send("GET", path, key);
  }

  private HttpResponse<String> send(String method, String path, String key) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(g.url(path))
            .header("Authorization", "Bearer " + key)
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
