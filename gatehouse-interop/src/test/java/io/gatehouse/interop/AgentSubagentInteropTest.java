package io.gatehouse.interop;

import static io.gatehouse.interop.AgentResponses.audited;
import static io.gatehouse.interop.AgentResponses.functions;
import static io.gatehouse.interop.AgentResponses.items;
import static io.gatehouse.interop.AgentResponses.respond;
import static io.gatehouse.testkit.ScriptedModel.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.ScriptedModel;
import io.gatehouse.testkit.ScriptedModel.Reply;
import io.gatehouse.testkit.ScriptedUpstream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stored agents and subagents end to end: a main agent whose subagent owns server-everything and a
 * workload connection speaking as "the agent making the call". The main agent is offered only
 * {@code delegate_to_helper} (a direct call of an owned tool finds no function); the subagent's own
 * loop calls the tools through the gateway, its items tagged with its name. Its workload token,
 * verified against Gatehouse's published keys, names the project until the subagent is published
 * and the agent itself after.
 */
class AgentSubagentInteropTest {
  private static final String MODEL_KEY = "mk-" + Long.toHexString(System.nanoTime());
  private static final String AUDIENCE = "https://identity.example/mcp";
  private static final JsonMapper JSON = JsonMapper.shared();

  final AtomicReference<URI> issuer = new AtomicReference<>();
  final List<String> subjects = new CopyOnWriteArrayList<>();

  /** The subject of a valid Gatehouse workload token for {@link #AUDIENCE}, or null. */
  String subject(String authorization) {
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return null;
    }
    try {
      URI iss = issuer.get();
      DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
      p.setJWSKeySelector(
          new JWSVerificationKeySelector<>(
              JWSAlgorithm.ES256,
              JWKSourceBuilder.create(iss.resolve("/.well-known/jwks.json").toURL()).build()));
      p.setJWTClaimsSetVerifier(
          new DefaultJWTClaimsVerifier<>(
              AUDIENCE,
              new JWTClaimsSet.Builder().issuer(iss.toString()).build(),
              Set.of("sub", "exp", "iat", "jti")));
      return p.process(authorization.substring(7), null).getSubject();
    } catch (Exception e) {
      return null;
    }
  }

  ServerEverything everything;
  ScriptedUpstream identity;
  ScriptedModel model;
  RunningGatehouse g;
  String alice;

  @BeforeEach
  void start() {
    everything = ServerEverything.start(NodeTools.require(), UpstreamMode.STREAMABLE_HTTP);
    identity =
        ScriptedUpstream.start(
            s ->
                s.authorize(a -> subject(a) != null)
                    .tool(
                        "whoami",
                        (c, out) -> {
                          String sub = subject(c.header("authorization"));
                          subjects.add(sub);
                          out.result(ScriptedUpstream.text(sub));
                        }));
    model = ScriptedModel.start(MODEL_KEY);
    g =
        RunningGatehouse.start(
            "routes:\n"
                + RunningGatehouse.route("everything", everything.url(), "streamable-http")
                + "    auth: [api-key]\n");
    issuer.set(g.server().url());
    AgentResponses.provider(g, model, MODEL_KEY);
    alice = AgentResponses.member(g, "alice");
    admin(
        g,
        "/admin/v1/connections",
        "{\"name\":\"ident\",\"url\":\""
            + identity.url()
            + "\",\"transport\":\"streamable-http\",\"auth\":{\"type\":\"workload\","
            + "\"identity\":\"agent\",\"audience\":\""
            + AUDIENCE
            + "\"}}");
  }

  @AfterEach
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {g, model, identity, everything}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void the_main_agent_delegates_to_the_subagent_that_owns_the_tools_and_speaks_as_itself() {
    admin(
        g,
        "/admin/v1/agents?project=default",
        "{\"name\":\"helper\",\"model\":\"m1\",\"instructions\":\"Use your tools.\",\"tools\":["
            + "{\"type\":\"mcp\",\"server_label\":\"everything\",\"route\":\"everything\","
            + "\"require_approval\":\"never\"},"
            + "{\"type\":\"mcp\",\"server_label\":\"ident\",\"project_connection_id\":\"ident\","
            + "\"require_approval\":\"never\"}]}");
    admin(
        g,
        "/admin/v1/agents?project=default",
        "{\"name\":\"main\",\"model\":\"m1\",\"instructions\":\"Delegate.\","
            + "\"subagents\":[\"helper\"]}");

    run(g, model, alice, "project:default");
    // the main agent was offered the delegation only, the subagent its own tools only
    List<JsonNode> asked = model.requests();
    assertThat(functions(asked.get(0))).containsExactly("delegate_to_helper");
    assertThat(functions(asked.get(1)))
        .contains("everything__echo", "ident__whoami")
        .doesNotContain("delegate_to_helper");
    // the main agent's direct call of an owned tool found no function, and made no mcp_call
    JsonNode mainSaw = asked.get(3).path("messages");
    assertThat(mainSaw.get(mainSaw.size() - 2).path("content").asString())
        .contains("no function 'everything__echo'");
    assertThat(mainSaw.get(mainSaw.size() - 1).path("content").asString())
        .isEqualTo("Echo: hi; I am project:default");
    // the gateway audited the subagent's call for alice
    assertThat(audited(g, "everything", "echo", 1).getFirst().path("principal").asString())
        .isEqualTo("api-key:alice");

    HttpResponse<String> published =
        g.send(
            "POST",
            "/admin/v1/agents/helper/publish?project=default",
            RunningGatehouse.ADMIN_TOKEN,
            "");
    assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
    assertThat(JSON.readTree(published.body()).path("identity").asString())
        .isEqualTo("agent:default/helper");
    run(g, model, alice, "agent:default/helper");
    assertThat(subjects).containsExactly("project:default", "agent:default/helper");
    assertThat(model.pending()).isZero();
  }

  @Test
  void an_approval_asked_inside_the_subagent_is_answered_from_the_next_response() {
    admin(
        g,
        "/admin/v1/agents?project=default",
        "{\"name\":\"adder\",\"model\":\"m1\",\"tools\":[{\"type\":\"mcp\","
            + "\"server_label\":\"everything\",\"route\":\"everything\","
            + "\"require_approval\":{\"always\":[\"get-sum\"]}}]}");
    admin(
        g,
        "/admin/v1/agents?project=default",
        "{\"name\":\"lead\",\"model\":\"m1\",\"subagents\":[\"adder\"]}");
    Predicate<JsonNode> lead = r -> functions(r).contains("delegate_to_adder");
    Predicate<JsonNode> adder = r -> functions(r).contains("everything__get-sum");
    model
        .reply(
            lead.and(ScriptedModel.lastMessageIsUser()),
            Reply.toolCalls(call("delegate_to_adder", "{\"task\":\"add 2 and 3\"}")))
        .reply(
            adder.and(ScriptedModel.lastMessageIsUser()),
            Reply.toolCalls(call("everything__get-sum", "{\"a\":2,\"b\":3}")))
        .reply(adder.and(ScriptedModel.lastMessageIsToolResult()), Reply.text("5"))
        .reply(lead.and(ScriptedModel.lastMessageIsToolResult()), Reply.text("The adder says 5."));

    JsonNode first =
        respond(
            g,
            alice,
            "{\"agent\":{\"type\":\"agent_reference\",\"name\":\"lead\"},"
                + "\"input\":\"what is 2 + 3?\"}");
    assertThat(AgentResponses.types(first))
        .as(first.toString())
        .containsExactly("mcp_list_tools", "mcp_approval_request");
    JsonNode ask = first.path("output").get(1);
    assertThat(ask.at("/agent/agent_name").asString()).isEqualTo("adder");
    assertThat(ask.path("name").asString()).isEqualTo("get-sum");
    assertThat(AgentResponses.audit(g, "everything", "get-sum")).isEmpty();

    JsonNode second =
        respond(
            g, alice, AgentResponses.continuing(first, AgentResponses.approval(ask, true, null)));
    assertThat(AgentResponses.types(second))
        .as(second.toString())
        .containsExactly("mcp_call", "message", "message");
    assertThat(second.at("/output/0/agent/agent_name").asString()).isEqualTo("adder");
    assertThat(second.at("/output/0/output").asString()).isEqualTo("The sum of 2 and 3 is 5.");
    assertThat(second.at("/output/0/approval_request_id").asString())
        .isEqualTo(ask.path("id").asString());
    assertThat(second.at("/output/1/agent/agent_name").asString()).isEqualTo("adder");
    assertThat(second.at("/output/2/content/0/text").asString()).isEqualTo("The adder says 5.");
    assertThat(second.at("/agent/name").asString()).isEqualTo("lead");
    assertThat(AgentResponses.lastMessage(model.requests().getLast())).isEqualTo("5");
    assertThat(model.pending()).isZero();
    assertThat(audited(g, "everything", "get-sum", 1).getFirst().path("principal").asString())
        .isEqualTo("api-key:alice");
  }

  /**
   * Runs the stored agent {@code main} as the holder of {@code key}: it calls an owned tool
   * directly and delegates; the subagent calls echo and whoami and answers with what they said
   * (whoami is expected to say {@code subject}). Asserts the shape shared by every run.
   */
  private static JsonNode run(RunningGatehouse g, ScriptedModel model, String key, String subject) {
    Predicate<JsonNode> main = r -> functions(r).contains("delegate_to_helper");
    Predicate<JsonNode> helper = r -> functions(r).contains("everything__echo");
    String answer = "Echo: hi; I am " + subject;
    model
        .reply(
            main.and(ScriptedModel.lastMessageIsUser()),
            Reply.toolCalls(
                call("everything__echo", "{\"message\":\"direct\"}"),
                call("delegate_to_helper", "{\"task\":\"echo hi, then say who you are\"}")))
        .reply(
            helper.and(ScriptedModel.lastMessageIsUser()),
            Reply.toolCalls(
                call("everything__echo", "{\"message\":\"hi\"}"), call("ident__whoami", "{}")))
        .reply(helper.and(ScriptedModel.lastMessageIsToolResult()), Reply.text(answer))
        .reply(main.and(ScriptedModel.lastMessageIsToolResult()), Reply.text("Done: " + answer));
    JsonNode r =
        respond(
            g,
            key,
            "{\"agent\":{\"type\":\"agent_reference\",\"name\":\"main\"},"
                + "\"input\":\"ask the helper\"}");
    assertThat(r.path("status").asString()).as(r.toString()).isEqualTo("completed");
    assertThat(r.at("/agent/name").asString()).isEqualTo("main");
    assertThat(AgentResponses.types(r))
        .as(r.toString())
        .containsExactly(
            "mcp_list_tools", "mcp_list_tools", "mcp_call", "mcp_call", "message", "message");
    // the subagent's items name it; the main agent's answer is last, untagged
    for (int i = 0; i < 5; i++) {
      assertThat(r.path("output").get(i).at("/agent/agent_name").asString())
          .as("output[%d]", i)
          .isEqualTo("helper");
    }
    assertThat(r.path("output").get(5).has("agent")).isFalse();
    List<JsonNode> calls = items(r, "mcp_call");
    assertThat(calls.get(0).path("name").asString()).isEqualTo("echo");
    assertThat(calls.get(0).path("output").asString()).isEqualTo("Echo: hi");
    assertThat(calls.get(1).path("name").asString()).isEqualTo("whoami");
    assertThat(calls.get(1).path("output").asString()).isEqualTo(subject);
    assertThat(r.at("/output/4/content/0/text").asString()).isEqualTo(answer);
    assertThat(r.at("/output/5/content/0/text").asString()).isEqualTo("Done: " + answer);
    return r;
  }

  private static void admin(RunningGatehouse g, String path, String body) {
    HttpResponse<String> r = g.send("POST", path, RunningGatehouse.ADMIN_TOKEN, body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }
}
