package io.gatehouse.agent.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.agent.define.Agents;
import io.gatehouse.agent.define.StoredAgent;
import io.gatehouse.core.Operator;
import io.gatehouse.core.Principal;
import io.gatehouse.core.Role;
import io.gatehouse.http.ErrorShape;
import io.gatehouse.http.HttpEdge;
import io.gatehouse.http.IoLoops;
import io.gatehouse.store.testing.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The agents' admin API over real HTTP on 127.0.0.1, port 0, on a fresh SQLite store. */
class AgentsAdminApiTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final String admin = "admin-" + UUID.randomUUID();
  private final String reader = "reader-" + UUID.randomUUID();
  private final String writer = "writer-" + UUID.randomUUID();
  private final HttpClient http = HttpClient.newHttpClient();
  private TestDatabases.Throwaway store;
  private IoLoops loops;
  private HttpEdge edge;
  private Agents agents;

  @BeforeEach
  void start() {
    store = TestDatabases.sqlite();
    agents =
        Agents.open(
            store.database(),
            (project, name) -> project.equals("default") && name.equals("docs"),
            Clock.systemUTC());
    Map<String, Operator> operators =
        Map.of(
            admin, Operator.BREAK_GLASS,
            reader, operator("ann", Role.USER),
            writer, operator("bob", Role.CONTRIBUTOR));
    AgentsAdminApi api =
        new AgentsAdminApi(agents, operators::get, Set.of("default", "team")::contains);
    loops = IoLoops.start(1);
    edge =
        HttpEdge.builder(loops)
            .listen("127.0.0.1", 0)
            .mount("/admin/v1/", api, ErrorShape.REST, 1 << 20)
            .start();
  }

  @AfterEach
  void stop() {
    edge.close();
    loops.close();
    store.close();
  }

  private static Operator operator(String who, Role role) {
    return new Operator(
        new Principal(who, Principal.Kind.USER, "default", Set.of(), Set.of(), "api-key"),
        Map.of("default", role));
  }

  private record Answer(int status, JsonNode body, HttpResponse<String> raw) {
    String code() {
      return body.path("error").path("code").asString();
    }
  }

  private Answer call(String method, String path, String credential, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body.replace('\'', '"')));
    if (credential != null) {
      b.header("Authorization", "Bearer " + credential);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json = r.body().isEmpty() ? JSON.missingNode() : JSON.readTree(r.body());
    return new Answer(r.statusCode(), json, r);
  }

  private static final String TRIAGE =
      "{'name':'triage','model':'gpt-4.1','instructions':'Sort tickets.','tools':[{'type':'mcp',"
          + "'server_label':'docs','project_connection_id':'docs','require_approval':"
          + "{'always':['delete']}}]}";

  @Test
  void contributors_write_and_users_read() throws Exception {
    Answer created = call("POST", "/admin/v1/agents", writer, TRIAGE);
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.body().get("identity").asString()).isEqualTo("project:default");
    assertThat(created.body().get("tools").get(0).get("require_approval"))
        .isEqualTo(JSON.readTree("{\"always\":{\"tool_names\":[\"delete\"]}}"));
    assertThat(created.raw().headers().firstValue("Cache-Control")).hasValue("no-store");

    Answer list = call("GET", "/admin/v1/agents", reader, null);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body().get("agents")).hasSize(1);
    assertThat(
            call("GET", "/admin/v1/agents/triage?project=default", reader, null)
                .body()
                .get("instructions")
                .asString())
        .isEqualTo("Sort tickets.");

    Answer refused = call("POST", "/admin/v1/agents/triage/publish", reader, null);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.code()).isEqualTo("FORBIDDEN");
    assertThat(call("GET", "/admin/v1/agents?project=team", reader, null).status())
        .as("no role in that project")
        .isEqualTo(403);
    Answer anonymous = call("GET", "/admin/v1/agents", null, null);
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.raw().headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    assertThat(call("GET", "/admin/v1/agents?project=nope", admin, null).status()).isEqualTo(404);
  }

  @Test
  void a_bad_agent_gets_every_problem_in_details() throws Exception {
    Answer a =
        call(
            "POST",
            "/admin/v1/agents",
            writer,
            "{'name':'triage','tools':[{'type':'mcp','server_label':'x','project_connection_id':"
                + "'crm','authorization':'x'}],'subagents':['ghost']}");
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.code()).isEqualTo("INVALID_AGENT");
    assertThat(a.body().path("error").path("details").findValuesAsString("field"))
        .containsExactlyInAnyOrder(
            "model", "tools[0].authorization", "tools[0].project_connection_id", "subagents[0]");
    assertThat(a.body().path("error").path("hint").asString()).contains("docs/agents.md");
    assertThat(call("POST", "/admin/v1/agents", writer, "not json").code())
        .isEqualTo("INVALID_JSON");
    assertThat(call("GET", "/admin/v1/agents", reader, null).body().get("agents")).isEmpty();
  }

  @Test
  void publishing_shows_the_agents_own_identity() throws Exception {
    call("POST", "/admin/v1/agents", writer, TRIAGE);
    Answer published = call("POST", "/admin/v1/agents/triage/publish", writer, null);
    assertThat(published.status()).isEqualTo(200);
    assertThat(published.body().get("published").asBoolean()).isTrue();
    assertThat(published.body().get("identity").asString()).isEqualTo("agent:default/triage");
    assertThat(published.body().has("publishedAt")).isTrue();
    assertThat(agents.find("default", "triage").orElseThrow().identity())
        .isEqualTo("agent:default/triage");

    Answer back = call("POST", "/admin/v1/agents/triage/unpublish", writer, null);
    assertThat(back.body().get("identity").asString()).isEqualTo("project:default");
    assertThat(call("GET", "/admin/v1/agents/triage/publish", writer, null).code())
        .isEqualTo("METHOD_NOT_ALLOWED");
    assertThat(call("POST", "/admin/v1/agents/ghost/publish", writer, null).code())
        .isEqualTo("AGENT_NOT_FOUND");
  }

  @Test
  void an_agent_is_replaced_and_deleted() throws Exception {
    call("POST", "/admin/v1/agents", writer, TRIAGE);
    Answer replaced =
        call("PUT", "/admin/v1/agents/triage", writer, "{'model':'gpt-5','tools':[]}");
    assertThat(replaced.status()).isEqualTo(200);
    assertThat(replaced.body().get("model").asString()).isEqualTo("gpt-5");
    assertThat(replaced.body().get("tools")).isEmpty();
    assertThat(call("POST", "/admin/v1/agents", writer, TRIAGE).code()).isEqualTo("AGENT_EXISTS");

    assertThat(call("DELETE", "/admin/v1/agents/triage", writer, null).status()).isEqualTo(204);
    Answer gone = call("GET", "/admin/v1/agents/triage", reader, null);
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.code()).isEqualTo("AGENT_NOT_FOUND");
  }

  @Test
  void an_agent_of_the_configuration_file_is_changed_there_only() throws Exception {
    agents.create(
        "default",
        JSON.readTree("{\"name\":\"ops\",\"model\":\"gpt-4.1\"}"),
        StoredAgent.BY_CONFIG);
    assertThat(call("GET", "/admin/v1/agents/ops", reader, null).body().get("managedBy").asString())
        .isEqualTo("config");
    for (String[] change :
        new String[][] {
          {"PUT", "/admin/v1/agents/ops", "{'model':'gpt-5'}"},
          {"DELETE", "/admin/v1/agents/ops", null},
          {"POST", "/admin/v1/agents/ops/publish", null}
        }) {
      Answer a = call(change[0], change[1], admin, change[2]);
      assertThat(a.status()).as(change[0] + " " + change[1]).isEqualTo(409);
      assertThat(a.code()).isEqualTo("AGENT_MANAGED_BY_CONFIG");
    }
    assertThat(agents.get("default", "ops").definition().model()).isEqualTo("gpt-4.1");
  }
}
