package io.gatehouse.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.policy.traffic.PolicyTree;
import io.gatehouse.policy.traffic.Problems;
import io.gatehouse.policy.traffic.Scoped;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The limits section as written in a policy set, and every problem it can have. */
class LimitsSectionTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final LimitsSection section = new LimitsSection();

  private static JsonNode json(String s) {
    return JSON.readTree(s.replace('\'', '"'));
  }

  @Test
  void reads_rates_and_quotas_with_their_defaults() {
    Problems problems = new Problems();
    LimitSet set =
        section.read(
            json(
                "{'calls': {'rate': '100/minute', 'burst': 20, 'per': ['consumer', 'tool'],"
                    + " 'methods': ['tools/call', 'resources/read']},"
                    + " 'daily': {'quota': '10000/day'}, 'all': {'rate': '5/second', 'methods':"
                    + " '*'}}"),
            "policies.limits",
            problems);

    assertThat(problems.list()).isEmpty();
    assertThat(set.byName().get("calls"))
        .isEqualTo(
            new Limit(
                "calls",
                100,
                Duration.ofMinutes(1),
                null,
                20,
                List.of(Limit.Per.CONSUMER, Limit.Per.TOOL),
                Set.of("tools/call", "resources/read")));
    assertThat(set.byName().get("daily"))
        .isEqualTo(
            new Limit(
                "daily",
                10000,
                null,
                QuotaWindow.DAY,
                0,
                List.of(Limit.Per.CONSUMER),
                Set.of("tools/call")));
    Limit all = set.byName().get("all");
    assertThat(all.burst()).isEqualTo(5);
    assertThat(all.counts("ping")).isTrue();
    assertThat(set.byName().get("calls").counts("ping")).isFalse();
  }

  @Test
  void names_every_problem_with_its_path_and_what_would_do() {
    Problems problems = new Problems();
    section.read(
        json(
            "{'a': {'rate': '100/fortnight'}, 'b': {'rate': '1/minute', 'quota': '1/day'},"
                + " 'c': {'quota': '5/day', 'burst': 2}, 'd': {'rate': '0/second'},"
                + " 'e': {'rate': '1/second', 'per': ['team'], 'burst': 0, 'colour': 1}, 'f': {}}"),
        "routes[0].policies.limits",
        problems);

    assertThat(problems.list())
        .extracting(Object::toString)
        .containsExactlyInAnyOrder(
            "routes[0].policies.limits.a.rate: '100/fortnight' (expected: N/second or N/minute,"
                + " such as 100/minute)",
            "routes[0].policies.limits.b: both rate and quota (expected one: split them into two"
                + " named limits)",
            "routes[0].policies.limits.c.burst: a quota has no burst (expected: burst only with"
                + " rate)",
            "routes[0].policies.limits.d.rate: '0/second' (expected: N/second or N/minute, such"
                + " as 100/minute, N at least 1)",
            "routes[0].policies.limits.e.colour: unknown field (expected one of: burst, methods,"
                + " per, quota, rate)",
            "routes[0].policies.limits.e.per[0]: 'team' (expected one of: consumer, project, ip,"
                + " tool)",
            "routes[0].policies.limits.e.burst: 0 is out of range (expected 1 to 1000000000)",
            "routes[0].policies.limits.f: neither rate nor quota (expected one, such as rate:"
                + " 100/minute or quota: 10000/day)");
  }

  @Test
  void a_tool_entry_replaces_fields_of_a_limit_and_null_removes_one() {
    PolicyTree tree =
        PolicyTree.of(
            json(
                "{'limits': {'calls': {'rate': '100/minute'}, 'daily': {'quota': '10/day'}},"
                    + " 'tools': {'delete-*': {'limits': {'calls': {'rate': '5/minute'}}}}}"),
            "policies",
            json("{'tools': {'read': {'limits': {'daily': null}}}}"),
            "routes[0].policies");
    Problems problems = new Problems();
    Scoped<LimitSet> scoped = Scoped.read(tree, section, problems);

    assertThat(problems.list()).isEmpty();
    assertThat(scoped.route().byName().get("calls").amount()).isEqualTo(100);
    Limit deleting = scoped.forTool("delete-user").byName().get("calls");
    assertThat(deleting.amount()).isEqualTo(5);
    assertThat(deleting.burst()).isEqualTo(5);
    assertThat(scoped.forTool("delete-user").byName()).containsKey("daily");
    assertThat(scoped.forTool("read").byName()).containsOnlyKeys("calls");
    assertThat(scoped.forTool("other")).isSameAs(scoped.route());
  }
}
