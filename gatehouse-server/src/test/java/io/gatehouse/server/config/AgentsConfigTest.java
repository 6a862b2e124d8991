package io.gatehouse.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.agent.define.AgentSync;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file's {@code agents:}: read as the admin API's JSON, every problem named by its key. */
class AgentsConfigTest {
  @TempDir Path dir;

  private GatehouseConfig load(String yaml, Map<String, String> env) throws Exception {
    Path file = Files.writeString(dir.resolve("gatehouse.yaml"), yaml);
    return new ConfigLoader(env).load(file);
  }

  @Test
  void agents_are_read_with_their_project_and_publication() throws Exception {
    GatehouseConfig c =
        load(
            """
            agents:
              - name: triage
                model: ${env:TRIAGE_MODEL}
                instructions: Sort the tickets.
                published: true
                tools:
                  - type: mcp
                    server_label: docs
                    project_connection_id: docs
                    require_approval: {always: [delete]}
                subagents: [billing]
              - project: team-a
                name: billing
                model: gpt-4.1
            """,
            Map.of("TRIAGE_MODEL", "gpt-5"));
    assertThat(c.agents()).hasSize(2);
    AgentSync.Wanted triage = c.agents().getFirst();
    assertThat(triage.key()).isEqualTo("agents[0]");
    assertThat(triage.project()).isEqualTo("default");
    assertThat(triage.name()).isEqualTo("triage");
    assertThat(triage.published()).isTrue();
    assertThat(triage.body().get("model").asString()).isEqualTo("gpt-5");
    assertThat(triage.body().has("published")).as("not part of the definition").isFalse();
    assertThat(triage.body().get("tools").get(0).get("project_connection_id").asString())
        .isEqualTo("docs");
    AgentSync.Wanted billing = c.agents().get(1);
    assertThat(billing.project()).isEqualTo("team-a");
    assertThat(billing.published()).isFalse();
    assertThat(billing.body().has("project")).isFalse();
  }

  @Test
  void no_agents_section_defines_none() {
    assertThat(new ConfigLoader(Map.of()).load(null).agents()).isEmpty();
  }

  @Test
  void every_problem_is_named_by_its_key() {
    assertThatThrownBy(
            () ->
                load(
                    """
                    agents:
                      - name: Triage
                        model: gpt-4.1
                        published: maybe
                        tools:
                          - {type: mcp, server_label: docs, server_url: 'https://docs.example/mcp',
                             headers: {X-Team: blue}}
                      - name: ops
                        model: gpt-4.1
                      - name: ops
                      - just a string
                    """,
                    Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("6 problem(s) in agents: ")
        .hasMessageContaining("agents[0].published: 'maybe' (expected: true or false)")
        .hasMessageContaining("agents[0].name: 'Triage' (expected: [a-z0-9][a-z0-9-]{0,62})")
        .hasMessageContaining(
            "agents[0].tools[0].headers: a stored agent holds no credential (expected: a"
                + " connection that keeps it, named by project_connection_id)")
        .hasMessageContaining("agents[2].model: missing (expected: the model's name)")
        .hasMessageContaining("agents[2].name: 'ops' is defined twice in project 'default'")
        .hasMessageContaining(
            "agents[3]: expected a mapping with name, model, tools and subagents");
  }

  @Test
  void a_vault_reference_in_an_agent_is_refused() {
    assertThatThrownBy(
            () ->
                load(
                    """
                    agents:
                      - name: triage
                        model: gpt-4.1
                        instructions: ${secret:PROMPT}
                    """,
                    Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("agents[0].instructions: ${secret:PROMPT}");
    assertThatThrownBy(() -> load("agents: {name: triage}\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("agents: expected a list of agents");
  }
}
