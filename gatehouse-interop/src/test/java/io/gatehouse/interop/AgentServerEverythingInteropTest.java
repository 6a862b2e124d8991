package io.gatehouse.interop;

import static io.gatehouse.interop.AgentResponses.approval;
import static io.gatehouse.interop.AgentResponses.audit;
import static io.gatehouse.interop.AgentResponses.audited;
import static io.gatehouse.interop.AgentResponses.continuing;
import static io.gatehouse.interop.AgentResponses.functions;
import static io.gatehouse.interop.AgentResponses.items;
import static io.gatehouse.interop.AgentResponses.lastMessage;
import static io.gatehouse.interop.AgentResponses.listed;
import static io.gatehouse.interop.AgentResponses.respond;
import static io.gatehouse.interop.AgentResponses.routeTool;
import static io.gatehouse.interop.AgentResponses.types;
import static io.gatehouse.testkit.ScriptedModel.call;
import static io.gatehouse.testkit.ScriptedModel.lastMessageIsToolResult;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.ScriptedModel;
import io.gatehouse.testkit.ScriptedModel.Reply;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The agent runtime end to end with the MCP reference server ({@code server-everything}) behind a
 * route: the scripted model (the one test double) asks for its tools; the runtime lists them, stops
 * for approval by the rules of {@code require_approval}, calls them through the gateway as the
 * calling user once approved, and hands the real results (or a denial) back to the model. The
 * gateway's audit names the user for every call, and a route's tool rules bind the agent too.
 */
class AgentServerEverythingInteropTest {
  private static final String MODEL_KEY = "mk-" + Long.toHexString(System.nanoTime());

  static ServerEverything everything;
  RunningGatehouse g;
  ScriptedModel model;
  String alice;
  String bob;

  @BeforeAll
  static void startServer() {
    everything = ServerEverything.start(NodeTools.require(), UpstreamMode.STREAMABLE_HTTP);
  }

  @AfterAll
  static void stopServer() {
    if (everything != null) {
      everything.close();
    }
  }

  @BeforeEach
  void start() {
    model = ScriptedModel.start(MODEL_KEY);
    g =
        RunningGatehouse.start(
            "routes:\n"
                + RunningGatehouse.route("everything", everything.url(), "streamable-http")
                + "    auth: [api-key]\n"
                + RunningGatehouse.route("ruled", everything.url(), "streamable-http")
                + "    auth: [api-key]\n"
                + "    tools:\n"
                + "      consumers:\n"
                + "        alice: {deny: [get-sum]}\n");
    AgentResponses.provider(g, model, MODEL_KEY);
    alice = AgentResponses.member(g, "alice");
    bob = AgentResponses.member(g, "bob");
  }

  @AfterEach
  void stop() {
    g.close();
    model.close();
  }

  private JsonNode ask(String key, String requireApproval) {
    return respond(
        g,
        key,
        "{\"model\":\"m1\",\"input\":\"use the tools\",\"tools\":["
            + routeTool(g, "everything", requireApproval)
            + "]}");
  }

  @Test
  void by_default_a_call_waits_for_approval_then_runs_as_the_user_through_the_gateway() {
    model
        .reply(Reply.toolCalls(call("everything__echo", "{\"message\":\"hi from the agent\"}")))
        .reply(lastMessageIsToolResult(), Reply.text("It echoed."));

    JsonNode first = ask(alice, null);
    assertThat(types(first)).containsExactly("mcp_list_tools", "mcp_approval_request");
    assertThat(first.path("status").asString()).isEqualTo("completed");
    // the real server's tools, listed through the gateway, offered to the model as functions
    JsonNode listing = first.path("output").get(0);
    assertThat(listing.path("server_label").asString()).isEqualTo("everything");
    assertThat(listed(listing)).contains("echo", "get-sum");
    JsonNode echo =
        listing
            .path("tools")
            .valueStream()
            .filter(t -> t.path("name").asString().equals("echo"))
            .findFirst()
            .orElseThrow();
    assertThat(echo.at("/input_schema/properties/message/type").asString()).isEqualTo("string");
    assertThat(echo.at("/annotations/readOnlyHint").asBoolean()).isTrue();
    assertThat(functions(model.requests().getFirst()))
        .contains("everything__echo", "everything__get-sum");
    JsonNode ask = first.path("output").get(1);
    assertThat(ask.path("name").asString()).isEqualTo("echo");
    assertThat(ask.path("server_label").asString()).isEqualTo("everything");
    assertThat(audit(g, "everything", "echo")).as("nothing is called before approval").isEmpty();

    JsonNode second = respond(g, alice, continuing(first, approval(ask, true, null)));
    assertThat(types(second)).containsExactly("mcp_call", "message");
    JsonNode call = second.path("output").get(0);
    assertThat(call.path("status").asString()).isEqualTo("completed");
    assertThat(call.path("output").asString()).isEqualTo("Echo: hi from the agent");
    assertThat(call.path("approval_request_id").asString()).isEqualTo(ask.path("id").asString());
    assertThat(second.at("/output/1/content/0/text").asString()).isEqualTo("It echoed.");
    assertThat(lastMessage(model.requests().getLast())).isEqualTo("Echo: hi from the agent");
    assertThat(model.pending()).isZero();

    List<JsonNode> records = audited(g, "everything", "echo", 1);
    assertThat(records).hasSize(1);
    assertThat(records.getFirst().path("principal").asString()).isEqualTo("api-key:alice");
    assertThat(records.getFirst().path("decision").asString()).isEqualTo("allowed");
  }

  @Test
  void a_denial_is_what_the_model_sees_and_the_call_is_never_made() {
    model
        .reply(Reply.toolCalls(call("everything__get-sum", "{\"a\":2,\"b\":3}")))
        .reply(lastMessageIsToolResult(), Reply.text("You said no, so I did not add them."));
    JsonNode first = ask(alice, "\"always\"");
    JsonNode ask = first.path("output").get(1);
    assertThat(ask.path("name").asString()).isEqualTo("get-sum");

    JsonNode second = respond(g, alice, continuing(first, approval(ask, false, "not now")));
    assertThat(types(second)).containsExactly("message");
    assertThat(lastMessage(model.requests().getLast()))
        .contains("did not approve")
        .contains("not now");

    // a later call of the same tool is audited alone: the denied one never reached the gateway
    model
        .reply(Reply.toolCalls(call("everything__get-sum", "{\"a\":4,\"b\":5}")))
        .reply(lastMessageIsToolResult(), Reply.text("9."));
    JsonNode third = ask(alice, "\"never\"");
    assertThat(third.at("/output/1/output").asString()).isEqualTo("The sum of 4 and 5 is 9.");
    assertThat(audited(g, "everything", "get-sum", 1)).hasSize(1);
  }

  @Test
  void never_runs_at_once_and_the_per_tool_forms_choose_per_tool() {
    model
        .reply(Reply.toolCalls(call("everything__get-sum", "{\"a\":2,\"b\":3}")))
        .reply(lastMessageIsToolResult(), Reply.text("5."));
    JsonNode never = ask(alice, "\"never\"");
    assertThat(types(never)).containsExactly("mcp_list_tools", "mcp_call", "message");
    assertThat(never.at("/output/1/output").asString()).isEqualTo("The sum of 2 and 3 is 5.");
    assertThat(never.at("/output/1/approval_request_id").isNull()).isTrue();

    // Foundry's legacy {"never": [...]}, OpenAI's filters by name, and by the server's own
    // readOnlyHint (echo and get-sum are both read-only: "always" by name wins for get-sum)
    List<String[]> forms =
        List.of(
            new String[] {"{\"never\":[\"echo\"]}", "{\"never\":{\"tool_names\":[\"echo\"]}}"},
            new String[] {
              "{\"never\":{\"tool_names\":[\"echo\"]}}", "{\"never\":{\"tool_names\":[\"echo\"]}}"
            },
            new String[] {
              "{\"always\":{\"tool_names\":[\"get-sum\"]},\"never\":{\"read_only\":true}}",
              "{\"always\":{\"tool_names\":[\"get-sum\"]},\"never\":{\"read_only\":true}}"
            });
    JsonNode last = null;
    for (String[] form : forms) {
      model
          .reply(
              Reply.toolCalls(
                  call("everything__echo", "{\"message\":\"free\"}"),
                  call("everything__get-sum", "{\"a\":20,\"b\":22}")))
          .reply(lastMessageIsToolResult(), Reply.text("42."));
      last = ask(alice, form[0]);
      assertThat(types(last))
          .as(form[0])
          .containsExactly("mcp_list_tools", "mcp_approval_request", "mcp_call");
      assertThat(last.at("/output/1/name").asString()).isEqualTo("get-sum");
      assertThat(last.at("/output/2/name").asString()).isEqualTo("echo");
      assertThat(last.at("/output/2/output").asString()).isEqualTo("Echo: free");
      assertThat(last.at("/tools/0/require_approval").toString()).isEqualTo(form[1]);
    }
    // the last one, approved, runs get-sum and the model answers from both results
    JsonNode approved =
        respond(g, alice, continuing(last, approval(last.path("output").get(1), true, null)));
    assertThat(types(approved)).containsExactly("mcp_call", "message");
    assertThat(approved.at("/output/0/output").asString()).isEqualTo("The sum of 20 and 22 is 42.");
    JsonNode seen = model.requests().getLast().path("messages");
    assertThat(seen.get(seen.size() - 2).path("content").asString()).isEqualTo("Echo: free");
    assertThat(seen.get(seen.size() - 1).path("content").asString())
        .isEqualTo("The sum of 20 and 22 is 42.");
  }

  @Test
  void every_call_is_audited_with_its_user_and_a_route_rule_binds_the_agent_too() {
    // alice may not use get-sum on route "ruled": her agent is not offered it
    model
        .reply(Reply.toolCalls(call("ruled__get-sum", "{\"a\":1,\"b\":1}")))
        .reply(lastMessageIsToolResult(), Reply.text("I cannot add."));
    JsonNode hers =
        respond(
            g,
            alice,
            "{\"model\":\"m1\",\"input\":\"add\",\"tools\":["
                + routeTool(g, "ruled", "\"never\"")
                + "]}");
    assertThat(listed(hers.path("output").get(0))).contains("echo").doesNotContain("get-sum");
    assertThat(functions(model.requests().getLast())).doesNotContain("ruled__get-sum");
    assertThat(types(hers)).containsExactly("mcp_list_tools", "message");
    assertThat(lastMessage(model.requests().getLast())).contains("no function 'ruled__get-sum'");

    // bob may: his call runs, and so does alice's echo on the same route
    model
        .reply(Reply.toolCalls(call("ruled__get-sum", "{\"a\":1,\"b\":1}")))
        .reply(lastMessageIsToolResult(), Reply.text("2."));
    JsonNode his =
        respond(
            g,
            bob,
            "{\"model\":\"m1\",\"input\":\"add\",\"tools\":["
                + routeTool(g, "ruled", "\"never\"")
                + "]}");
    assertThat(types(his)).containsExactly("mcp_list_tools", "mcp_call", "message");
    assertThat(his.at("/output/1/output").asString()).isEqualTo("The sum of 1 and 1 is 2.");
    model
        .reply(Reply.toolCalls(call("ruled__echo", "{\"message\":\"a\"}")))
        .reply(lastMessageIsToolResult(), Reply.text("ok"));
    JsonNode echoed =
        respond(
            g,
            alice,
            "{\"model\":\"m1\",\"input\":\"echo\",\"tools\":["
                + routeTool(g, "ruled", "\"never\"")
                + "]}");
    assertThat(echoed.at("/output/1/output").asString()).isEqualTo("Echo: a");

    // every call the agents made on the route is in the audit, with the user it was made for
    List<JsonNode> made = new ArrayList<>(items(his, "mcp_call"));
    made.addAll(items(echoed, "mcp_call"));
    assertThat(made).hasSize(2);
    List<JsonNode> records = audited(g, "ruled", null, made.size());
    assertThat(records)
        .extracting(r -> r.path("target").asString() + " by " + r.path("principal").asString())
        .containsExactlyInAnyOrder("get-sum by api-key:bob", "echo by api-key:alice");
  }
}
