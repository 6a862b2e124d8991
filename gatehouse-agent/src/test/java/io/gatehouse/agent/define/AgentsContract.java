package io.gatehouse.agent.define;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.Problem;
import io.gatehouse.store.testing.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Stored agents, the same on SQLite and on a real PostgreSQL. */
abstract class AgentsContract {
  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Set<String> CONNECTIONS = Set.of("default/docs", "default/crm", "team/docs");
  static final BiPredicate<String, String> EXISTS =
      (project, name) -> CONNECTIONS.contains(project + "/" + name);

  abstract TestDatabases.Throwaway open();

  private TestDatabases.Throwaway store;
  private final TestClock clock = new TestClock(Instant.parse("2026-12-07T10:00:00.123456Z"));
  private Agents agents;

  @BeforeEach
  void start() {
    store = open();
    agents = Agents.open(store.database(), EXISTS, clock);
  }

  @AfterEach
  void stop() {
    store.close();
  }

  static JsonNode json(String text) {
    return JSON.readTree(text.replace('\'', '"'));
  }

  static JsonNode agent(String name, String tools, String subagents) {
    return json(
        "{'name':'"
            + name
            + "','model':'gpt-4.1','instructions':'Be brief.','tools':["
            + tools
            + "],'subagents':["
            + subagents
            + "]}");
  }

  static String tool(String label, String connection) {
    return "{'type':'mcp','server_label':'"
        + label
        + "','project_connection_id':'"
        + connection
        + "'}";
  }

  private static List<Problem> problems(Runnable r) {
    try {
      r.run();
    } catch (GatehouseException e) {
      assertThat(e.error()).isEqualTo(AgentErrors.INVALID_AGENT);
      return e.details();
    }
    throw new AssertionError("expected INVALID_AGENT");
  }

  @Test
  void an_agent_is_created_read_replaced_and_deleted() {
    StoredAgent created =
        agents.create(
            "default",
            json(
                "{'name':'triage','model':'gpt-4.1','instructions':'Sort tickets.','tools':[{'type':"
                    + "'mcp','server_label':'docs','project_connection_id':'docs','allowed_tools':"
                    + "['search'],'require_approval':{'never':['search']}}]}"));
    assertThat(created.managedBy()).isEqualTo("api");
    assertThat(created.createdAt()).isEqualTo(clock.instant());
    assertThat(created.definition().published()).isFalse();
    assertThat(created.definition().identity()).isEqualTo("project:default");
    JsonNode stored = created.definition().tools().getFirst();
    assertThat(stored.get("require_approval"))
        .as("Foundry's list form is stored in OpenAI's filter shape")
        .isEqualTo(json("{'never':{'tool_names':['search']}}"));
    assertThat(agents.get("default", "triage").json().get("instructions").asString())
        .isEqualTo("Sort tickets.");
    assertThat(agents.list("default")).extracting(StoredAgent::name).containsExactly("triage");
    assertThat(agents.list("team")).isEmpty();

    clock.advance(Duration.ofSeconds(5));
    StoredAgent replaced =
        agents.replace("default", "triage", agent("triage", tool("crm", "crm"), ""));
    assertThat(replaced.definition().tools()).hasSize(1);
    assertThat(replaced.definition().tools().getFirst().get("server_label").asString())
        .isEqualTo("crm");
    assertThat(replaced.updatedAt()).isEqualTo(clock.instant());
    assertThat(replaced.createdAt()).isEqualTo(created.createdAt());

    agents.delete("default", "triage");
    assertThat(agents.lookup("default", "triage")).isEmpty();
    assertThat(agents.find("default", "triage")).isEmpty();
    assertThatThrownBy(() -> agents.delete("default", "triage"))
        .isInstanceOf(GatehouseException.class)
        .extracting(e -> ((GatehouseException) e).error())
        .isEqualTo(AgentErrors.AGENT_NOT_FOUND);
  }

  @Test
  void a_name_is_taken_once_per_project() {
    agents.create("default", agent("triage", "", ""));
    assertThatThrownBy(() -> agents.create("default", agent("triage", "", "")))
        .extracting(e -> ((GatehouseException) e).error())
        .isEqualTo(AgentErrors.AGENT_EXISTS);
    assertThat(agents.create("team", agent("triage", "", "")).project()).isEqualTo("team");
    assertThatThrownBy(() -> agents.replace("default", "nobody", agent("nobody", "", "")))
        .extracting(e -> ((GatehouseException) e).error())
        .isEqualTo(AgentErrors.AGENT_NOT_FOUND);
  }

  @Test
  void a_bad_agent_is_refused_with_every_problem_by_field() {
    List<Problem> p =
        problems(
            () ->
                agents.create(
                    "default",
                    json(
                        "{'name':'triage','tools':["
                            + tool("docs", "docs")
                            + ","
                            + tool("docs", "nowhere")
                            + ",{'type':'mcp','server_label':'x','server_url':'https://a.example/mcp',"
                            + "'headers':{'X-Team':'blue'}}]}")));
    assertThat(p)
        .extracting(Problem::field)
        .containsExactlyInAnyOrder(
            "model", "tools[1].server_label", "tools[2].headers", "tools[1].project_connection_id");
    assertThat(p)
        .filteredOn(x -> x.field().equals("tools[1].project_connection_id"))
        .singleElement()
        .extracting(Problem::rule, Problem::message)
        .containsExactly(
            "not-found",
            "tools[1].project_connection_id: project 'default' has no connection 'nowhere'"
                + " (expected: one of GET /admin/v1/connections?project=default)");
    assertThat(agents.list("default")).as("nothing half-written").isEmpty();
  }

  @Test
  void subagents_exist_in_the_project_and_form_no_cycle() {
    agents.create("default", agent("billing", tool("crm", "crm"), ""));
    assertThat(problems(() -> agents.create("default", agent("triage", "", "'billing','ghost'"))))
        .extracting(Problem::field, Problem::rule)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("subagents[1]", "not-found"));
    assertThat(problems(() -> agents.create("team", agent("triage", "", "'billing'"))))
        .as("another project's agent is no subagent")
        .extracting(Problem::rule)
        .containsExactly("not-found");
    assertThat(problems(() -> agents.create("default", agent("self", "", "'self'"))))
        .extracting(Problem::rule)
        .containsExactly("self");

    agents.create("default", agent("triage", tool("docs", "docs"), "'billing'"));
    agents.create("default", agent("lead", "", "'triage'"));
    List<Problem> cycle =
        problems(
            () ->
                agents.replace(
                    "default", "billing", agent("billing", tool("crm", "crm"), "'lead'")));
    assertThat(cycle).singleElement().extracting(Problem::rule).isEqualTo("cycle");
    assertThat(cycle.getFirst().message()).contains("billing -> lead -> triage -> billing");
  }

  @Test
  void a_subagents_tools_are_its_own() {
    agents.create("default", agent("billing", tool("crm", "crm"), ""));
    List<Problem> p =
        problems(
            () ->
                agents.create(
                    "default",
                    agent("triage", tool("docs", "docs") + "," + tool("crm", "crm"), "'billing'")));
    assertThat(p)
        .singleElement()
        .extracting(Problem::field, Problem::rule)
        .containsExactly("tools[1]", "owned-by-subagent");
    assertThat(p.getFirst().message())
        .contains("connection 'crm' is also a tool of its subagent 'billing'");

    agents.create("default", agent("triage", tool("docs", "docs"), "'billing'"));
    assertThat(
            problems(
                () ->
                    agents.replace(
                        "default",
                        "billing",
                        agent("billing", tool("crm", "crm") + "," + tool("docs", "docs"), ""))))
        .as("nor may a subagent take a server of the agent that delegates to it")
        .singleElement()
        .extracting(Problem::field)
        .isEqualTo("tools[1]");
  }

  @Test
  void a_subagent_in_use_is_not_deleted() {
    agents.create("default", agent("billing", "", ""));
    agents.create("default", agent("triage", "", "'billing'"));
    assertThatThrownBy(() -> agents.delete("default", "billing"))
        .isInstanceOf(GatehouseException.class)
        .hasMessageContaining("subagent of [triage]")
        .extracting(e -> ((GatehouseException) e).error())
        .isEqualTo(AgentErrors.AGENT_IN_USE);
    agents.delete("default", "triage");
    agents.delete("default", "billing");
    assertThat(agents.all()).isEmpty();
  }

  @Test
  void publishing_gives_an_agent_its_own_identity_until_it_is_unpublished() {
    agents.create("default", agent("triage", "", ""));
    clock.advance(Duration.ofMinutes(1));
    StoredAgent published = agents.publish("default", "triage", true);
    assertThat(published.definition().identity()).isEqualTo("agent:default/triage");
    assertThat(published.publishedAt()).isEqualTo(clock.instant());
    assertThat(published.json().get("identity").asString()).isEqualTo("agent:default/triage");
    assertThat(agents.find("default", "triage").orElseThrow().published()).isTrue();

    clock.advance(Duration.ofMinutes(1));
    assertThat(agents.publish("default", "triage", true).publishedAt())
        .as("publishing again keeps the first time")
        .isEqualTo(published.publishedAt());
    agents.replace("default", "triage", agent("triage", tool("docs", "docs"), ""));
    assertThat(agents.get("default", "triage").definition().published())
        .as("a replaced definition stays published")
        .isTrue();

    StoredAgent back = agents.publish("default", "triage", false);
    assertThat(back.definition().identity()).isEqualTo("project:default");
    assertThat(back.publishedAt()).isNull();
    assertThat(agents.find("default", "triage").orElseThrow().identity())
        .isEqualTo("project:default");
  }

  @Test
  void another_replica_sees_a_change_within_the_view_ttl_without_a_query_per_lookup() {
    Agents other = Agents.open(store.database(), EXISTS, clock);
    assertThat(other.find("default", "triage")).isEmpty();
    int reads = other.viewStoreReads();

    agents.create("default", agent("triage", "", ""));
    assertThat(agents.find("default", "triage")).as("the writing replica at once").isPresent();
    for (int i = 0; i < 100; i++) {
      assertThat(other.find("default", "triage")).as("within the ttl").isEmpty();
    }
    assertThat(other.viewStoreReads()).as("no store query per lookup").isEqualTo(reads);

    clock.advance(Agents.VIEW_TTL);
    assertThat(other.find("default", "triage")).isPresent();
    assertThat(other.viewStoreReads()).isEqualTo(reads + 1);

    clock.advance(Agents.VIEW_TTL);
    agents.publish("default", "triage", true);
    assertThat(other.find("default", "triage").orElseThrow().published()).isTrue();
  }

  @Test
  void the_configuration_file_creates_updates_publishes_and_deletes_only_its_own_agents() {
    agents.create("default", agent("manual", "", ""));
    List<AgentSync.Wanted> first =
        List.of(
            new AgentSync.Wanted(
                "agents[0]", "default", "triage", agent("triage", "", "'billing'"), true),
            new AgentSync.Wanted(
                "agents[1]", "default", "billing", agent("billing", tool("crm", "crm"), ""), false),
            new AgentSync.Wanted("agents[2]", "default", "manual", agent("manual", "", ""), false));
    AgentSync.Report r = AgentSync.apply(agents, first);
    assertThat(r.created())
        .as("a subagent before the agent that delegates to it")
        .containsExactly("default/billing", "default/triage");
    assertThat(r.problems())
        .singleElement()
        .asString()
        .startsWith(
            "agents[2]: project 'default' has an agent 'manual' made through the admin API");
    assertThat(agents.get("default", "triage").managedBy()).isEqualTo("config");
    assertThat(agents.get("default", "triage").definition().published()).isTrue();
    assertThat(agents.get("default", "manual").managedBy()).isEqualTo("api");

    AgentSync.Report same = AgentSync.apply(agents, first);
    assertThat(same.created()).isEmpty();
    assertThat(same.updated()).as("an agent as the file defines it is left alone").isEmpty();

    AgentSync.Report second =
        AgentSync.apply(
            agents,
            List.of(
                new AgentSync.Wanted(
                    "agents[0]",
                    "default",
                    "billing",
                    agent("billing", tool("docs", "docs"), ""),
                    true)));
    assertThat(second.updated()).containsExactly("default/billing");
    assertThat(second.deleted()).containsExactly("default/triage");
    assertThat(second.problems()).isEmpty();
    assertThat(agents.get("default", "billing").definition().published()).isTrue();
    assertThat(agents.list("default"))
        .extracting(StoredAgent::name)
        .containsExactly("billing", "manual");
  }
}
