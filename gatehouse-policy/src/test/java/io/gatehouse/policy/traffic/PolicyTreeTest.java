package io.gatehouse.policy.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PolicyTreeTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static JsonNode json(String text) {
    return JSON.readTree(text.replace('\'', '"'));
  }

  private static final PolicyTree TREE =
      PolicyTree.of(
          json(
              "{'limits': {'calls': {'rate': '100/minute'}, 'daily': {'quota': '1000/day'}},"
                  + " 'tools': {'delete-*': {'limits': {'calls': {'rate': '5/minute'}}}}}"),
          "policies",
          json(
              "{'limits': {'calls': {'burst': 10}, 'daily': null},"
                  + " 'tools': {'delete-all': {'limits': {'calls': {'rate': '1/minute'}}}}}"),
          "routes[0].policies");

  @Test
  void theRouteMergesOverTheGlobalSetMemberByMemberAndNullRemoves() {
    assertThat(TREE.section("limits"))
        .isEqualTo(json("{'calls': {'rate': '100/minute', 'burst': 10}}"));
    assertThat(TREE.section("validation").isMissingNode()).isTrue();
  }

  @Test
  void theMostSpecificToolEntryWinsAndTheRouteOutranksGlobalToolEntries() {
    assertThat(TREE.sectionForTool("limits", "delete-all"))
        .isEqualTo(json("{'calls': {'rate': '1/minute', 'burst': 10}}"));
    // The global entry for delete-* is less specific than the route's own set, which keeps only
    // its burst; the route removed daily.
    assertThat(TREE.sectionForTool("limits", "delete-one"))
        .isEqualTo(json("{'calls': {'rate': '5/minute', 'burst': 10}}"));
    assertThat(TREE.sectionForTool("limits", "get")).isEqualTo(TREE.section("limits"));
  }

  @Test
  void scopedSettingsAreReadPerToolAndEveryEntryIsChecked() {
    Section<String> rate =
        new Section<>() {
          @Override
          public String name() {
            return "limits";
          }

          @Override
          public String read(JsonNode node, String path, Problems problems) {
            String r = node.path("calls").path("rate").asString("");
            if (r.startsWith("1/")) {
              problems.add(path + ".calls.rate", "too strict");
            }
            return r;
          }
        };
    Problems problems = new Problems();
    Scoped<String> scoped = Scoped.read(TREE, rate, problems);
    assertThat(scoped.route()).isEqualTo("100/minute");
    assertThat(scoped.forTool("delete-one")).isEqualTo("5/minute");
    assertThat(scoped.forTool("list")).isEqualTo("100/minute");
    assertThat(problems.list())
        .extracting(Problems.Problem::path)
        .containsExactly("routes[0].policies.tools['delete-all'].limits.calls.rate");
  }

  @Test
  void aBadShapeIsNamedByPath() {
    Problems problems = new Problems();
    PolicyTree.checkShape(
        json("{'tools': {'x': 3, 'y': {'tools': {}}}}"), "routes[1].policies", problems);
    assertThat(problems.list())
        .extracting(Object::toString)
        .containsExactly(
            "routes[1].policies.tools['x']: expected an object of policy sections",
            "routes[1].policies.tools['y'].tools: tool sets do not nest");
  }
}
