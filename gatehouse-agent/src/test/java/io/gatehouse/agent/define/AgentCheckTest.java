package io.gatehouse.agent.define;

import static io.gatehouse.agent.define.AgentsContract.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.Problem;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** An agent's JSON checked without a store: every problem named by its field, and normalised. */
class AgentCheckTest {
  private static JsonNode stored(String tool) {
    AgentCheck.Checked c =
        AgentCheck.check(json("{'name':'a','model':'m','tools':[" + tool + "]}"), null);
    assertThat(c.problems()).isEmpty();
    return c.definition().get("tools").get(0);
  }

  @Test
  void require_approval_is_stored_in_openai_filter_shape() {
    String base = "{'type':'mcp','server_label':'docs','route':'docs','require_approval':";
    assertThat(stored(base + "'never'}").get("require_approval").asString()).isEqualTo("never");
    assertThat(stored(base + "'always'}").get("require_approval").asString()).isEqualTo("always");
    assertThat(stored(base + "{'always':['delete','write']}}").get("require_approval"))
        .isEqualTo(json("{'always':{'tool_names':['delete','write']}}"));
    assertThat(
            stored(base + "{'never':{'tool_names':['search'],'read_only':true},'always':['drop']}}")
                .get("require_approval"))
        .isEqualTo(
            json(
                "{'never':{'tool_names':['search'],'read_only':true},'always':{'tool_names':['drop']}}"));
  }

  @Test
  void allowed_tools_is_a_list_or_a_filter() {
    String base = "{'type':'mcp','server_label':'docs','server_url':'https://docs.example/mcp',";
    assertThat(stored(base + "'allowed_tools':['search']}").get("allowed_tools"))
        .isEqualTo(json("['search']"));
    assertThat(stored(base + "'allowed_tools':{'read_only':true}}").get("allowed_tools"))
        .isEqualTo(json("{'read_only':true}"));
  }

  @Test
  void every_problem_is_named_by_its_path() {
    assertThat(
            AgentCheck.problems(
                json(
                    "{'name':'Bad Name','model':'','colour':'red','subagents':['ok',3,'ok'],"
                        + "'tools':[{'type':'function','server_label':'a b','route':'docs',"
                        + "'server_url':'ftp://x','authorization':'x','allowed_tools':{'names':[]},"
                        + "'require_approval':{'always':['t'],'never':{'tool_names':['t']},"
                        + "'sometimes':[]}}, 7]}")))
        .extracting(Problem::field, Problem::rule)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("colour", "unknown-field"),
            org.assertj.core.groups.Tuple.tuple("name", "pattern"),
            org.assertj.core.groups.Tuple.tuple("model", "required"),
            org.assertj.core.groups.Tuple.tuple("tools[0].authorization", "credential-in-agent"),
            org.assertj.core.groups.Tuple.tuple("tools[0].type", "type"),
            org.assertj.core.groups.Tuple.tuple("tools[0].server_label", "pattern"),
            org.assertj.core.groups.Tuple.tuple("tools[0]", "one-source"),
            org.assertj.core.groups.Tuple.tuple("tools[0].allowed_tools.names", "unknown-field"),
            org.assertj.core.groups.Tuple.tuple(
                "tools[0].require_approval.sometimes", "unknown-field"),
            org.assertj.core.groups.Tuple.tuple("tools[0].require_approval", "conflict"),
            org.assertj.core.groups.Tuple.tuple("tools[1]", "type"),
            org.assertj.core.groups.Tuple.tuple("subagents[1]", "pattern"),
            org.assertj.core.groups.Tuple.tuple("subagents[2]", "duplicate"));
  }

  @Test
  void a_body_read_back_from_the_api_is_accepted_again() {
    assertThat(
            AgentCheck.check(
                    json(
                        "{'project':'default','name':'a','model':'m','tools':[],'subagents':[],"
                            + "'published':true,'identity':'agent:default/a','managedBy':'api',"
                            + "'createdAt':'2026-12-07T10:00:00Z','updatedAt':'2026-12-07T10:00:00Z'}"),
                    "a")
                .problems())
        .isEmpty();
    assertThat(AgentCheck.check(json("{'name':'b','model':'m'}"), "a").problems())
        .extracting(Problem::rule)
        .containsExactly("name-mismatch");
  }
}
