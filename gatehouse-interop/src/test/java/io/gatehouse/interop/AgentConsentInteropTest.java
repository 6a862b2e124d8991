package io.gatehouse.interop;

import static io.gatehouse.interop.AgentResponses.continuing;
import static io.gatehouse.interop.AgentResponses.functions;
import static io.gatehouse.interop.AgentResponses.respond;
import static io.gatehouse.interop.AgentResponses.types;
import static io.gatehouse.interop.UserConsentInteropTest.consentInBrowser;
import static io.gatehouse.testkit.ScriptedModel.call;
import static io.gatehouse.testkit.ScriptedModel.lastMessageIsToolResult;
import static io.gatehouse.testkit.ScriptedModel.lastMessageIsUser;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.ScriptedModel;
import io.gatehouse.testkit.ScriptedModel.Reply;
import io.gatehouse.testkit.ScriptedUpstream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Per-user OAuth consent in the agent runtime, against a real OpenID Provider (oidc-provider, with
 * a scripted sign-in): an agent's tool reaches an {@code oauth-user} connection by {@code
 * project_connection_id}; a user who has not consented gets Foundry's {@code oauth_consent_request}
 * with their own working link; once they have consented, the response continues from {@code
 * previous_response_id} and the tool runs with their own provider-signed token. A user who declines
 * at the provider and continues gets a listing that failed for want of their authorization, and the
 * response still completes.
 */
class AgentConsentInteropTest {
  private static final String MODEL_KEY = "mk-" + Long.toHexString(System.nanoTime());
  private static final JsonMapper JSON = JsonMapper.shared();
  private static final String TOOL =
      "{\"type\":\"mcp\",\"server_label\":\"svc\",\"project_connection_id\":\"svc\","
          + "\"require_approval\":\"never\"}";

  final UserConsentInteropTest provider = new UserConsentInteropTest();
  NodeTools tools;
  ScriptedUpstream upstream;
  ScriptedModel model;
  RunningGatehouse g;
  ChildProcess as;

  @BeforeEach
  void start() {
    tools = NodeTools.require();
    // the provider's state and the upstream's token check (UserConsentInteropTest's machinery)
    upstream = ScriptedUpstream.start(s -> UserConsentInteropTest.whoami(s, provider::subject));
    model = ScriptedModel.start(MODEL_KEY);
    g = RunningGatehouse.start("");
    as =
        UserConsentInteropTest.usersProvider(tools, g, UserConsentInteropTest.CLIENT_SECRET, "600");
    provider.idp.set(
        JSON.readTree(
            as.awaitLine(UserConsentInteropTest.STARTED, Duration.ofSeconds(20)).group(1)));
    provider.resource.set(upstream.url());
    AgentResponses.provider(g, model, MODEL_KEY);
    HttpResponse<String> created =
        provider.admin(
            g, "POST", "/admin/v1/connections", UserConsentInteropTest.connection(upstream));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
  }

  @AfterEach
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {as, g, model, upstream}) {
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
  void each_user_consents_through_their_own_link_and_the_tool_runs_as_them() {
    String alice = AgentResponses.member(g, "alice");
    String bob = AgentResponses.member(g, "bob");
    String carol = AgentResponses.member(g, "carol");

    // alice: the first response stops at her consent, before the model is asked anything
    JsonNode first = ask(g, alice);
    assertThat(types(first)).containsExactly("oauth_consent_request");
    assertThat(first.path("status").asString()).isEqualTo("completed");
    JsonNode request = first.path("output").get(0);
    assertThat(request.path("server_label").asString()).isEqualTo("svc");
    String aliceLink = request.path("consent_link").asString();
    assertThat(aliceLink).startsWith(g.url("/oauth/consent/").toString());
    assertThat(model.requests()).isEmpty();

    // she follows the link: signs in to Gatehouse and at the provider, and allows
    JsonNode consented = consentInBrowser(tools, aliceLink, alice, "alice");
    assertThat(consented.path("callbackStatus").asInt()).as(consented.toString()).isEqualTo(200);
    assertThat(consented.path("connected").asBoolean()).isTrue();

    // the response continues: the tools are listed and whoami runs with her own token
    model
        .reply(Reply.toolCalls(call("svc__whoami", "{}")))
        .reply(lastMessageIsToolResult(), Reply.text("You are alice."));
    JsonNode second = respond(g, alice, continuing(first, "[]"));
    assertThat(types(second)).containsExactly("mcp_list_tools", "mcp_call", "message");
    assertThat(second.at("/output/1/status").asString()).isEqualTo("completed");
    assertThat(second.at("/output/1/output").asString()).isEqualTo("alice");
    assertThat(second.at("/output/2/content/0/text").asString()).isEqualTo("You are alice.");

    // bob gets his own link, consents, and the tool runs as bob
    JsonNode bobs = ask(g, bob);
    assertThat(types(bobs)).containsExactly("oauth_consent_request");
    String bobLink = bobs.at("/output/0/consent_link").asString();
    assertThat(bobLink).isNotEqualTo(aliceLink);
    assertThat(consentInBrowser(tools, bobLink, bob, "bob").path("connected").asBoolean()).isTrue();
    model
        .reply(Reply.toolCalls(call("svc__whoami", "{}")))
        .reply(lastMessageIsToolResult(), Reply.text("You are bob."));
    JsonNode bobsSecond = respond(g, bob, continuing(bobs, "[]"));
    assertThat(bobsSecond.at("/output/1/output").asString()).isEqualTo("bob");

    // carol declines at the provider; continuing, the listing fails for want of her
    // authorization, the model goes on without the tool, and the response completes
    JsonNode carols = ask(g, carol);
    String carolLink = carols.at("/output/0/consent_link").asString();
    JsonNode declined = consentInBrowser(tools, carolLink, carol, "--decline");
    assertThat(declined.path("callbackStatus").asInt()).as(declined.toString()).isEqualTo(400);
    assertThat(declined.path("declined").asBoolean()).isTrue();
    model.reply(lastMessageIsUser(), Reply.text("I cannot reach svc without your consent."));
    JsonNode carolsSecond = respond(g, carol, continuing(carols, "[]"));
    assertThat(carolsSecond.path("status").asString()).isEqualTo("completed");
    assertThat(types(carolsSecond)).containsExactly("mcp_list_tools", "message");
    assertThat(carolsSecond.at("/output/0/error").asString())
        .contains("needs your authorization")
        .contains("svc");
    assertThat(functions(model.requests().getLast())).doesNotContain("svc__whoami");
    assertThat(model.pending()).isZero();

    // only provider-signed tokens reached the upstream: never a Gatehouse key
    assertThat(provider.authorizations)
        .isNotEmpty()
        .noneMatch(h -> h.contains(alice) || h.contains(bob) || h.contains(carol));
  }

  @Test
  void a_subagent_asks_for_consent_under_its_own_name_and_resumes_after_it() {
    String dana = AgentResponses.member(g, "dana");
    agent("{\"name\":\"profile\",\"model\":\"m1\",\"tools\":[" + TOOL + "]}");
    agent("{\"name\":\"desk\",\"model\":\"m1\",\"subagents\":[\"profile\"]}");
    Predicate<JsonNode> desk = r -> functions(r).contains("delegate_to_profile");
    Predicate<JsonNode> profile = r -> functions(r).contains("svc__whoami");
    model
        .reply(
            desk.and(lastMessageIsUser()),
            Reply.toolCalls(call("delegate_to_profile", "{\"task\":\"who is the user?\"}")))
        .reply(profile.and(lastMessageIsUser()), Reply.toolCalls(call("svc__whoami", "{}")))
        .reply(profile.and(lastMessageIsToolResult()), Reply.text("dana"))
        .reply(desk.and(lastMessageIsToolResult()), Reply.text("The user is dana."));

    JsonNode first =
        respond(
            g,
            dana,
            "{\"agent\":{\"type\":\"agent_reference\",\"name\":\"desk\"},"
                + "\"input\":\"who am I?\"}");
    assertThat(types(first)).as(first.toString()).containsExactly("oauth_consent_request");
    JsonNode request = first.path("output").get(0);
    assertThat(request.at("/agent/agent_name").asString()).isEqualTo("profile");
    assertThat(
            consentInBrowser(tools, request.path("consent_link").asString(), dana, "dana")
                .path("connected")
                .asBoolean())
        .isTrue();

    JsonNode second = respond(g, dana, continuing(first, "[]"));
    assertThat(types(second))
        .as(second.toString())
        .containsExactly("mcp_list_tools", "mcp_call", "message", "message");
    assertThat(second.at("/output/1/agent/agent_name").asString()).isEqualTo("profile");
    assertThat(second.at("/output/1/output").asString()).isEqualTo("dana");
    assertThat(second.at("/output/3/content/0/text").asString()).isEqualTo("The user is dana.");
    assertThat(model.pending()).isZero();
  }

  private void agent(String body) {
    HttpResponse<String> r =
        g.send("POST", "/admin/v1/agents?project=default", RunningGatehouse.ADMIN_TOKEN, body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  private static JsonNode ask(RunningGatehouse g, String key) {
    return respond(g, key, "{\"model\":\"m1\",\"input\":\"who am I?\",\"tools\":[" + TOOL + "]}");
  }
}
