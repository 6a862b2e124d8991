package io.gatehouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingTableTest {
  private static RouteDefinition route(String name, String source) {
    return new RouteDefinition(
        name,
        UpstreamDefinition.of(URI.create("http://127.0.0.1:1/mcp"), UpstreamTransport.AUTO),
        RouteTimeouts.DEFAULT,
        source);
  }

  @Test
  void merges_sources_and_replaces_one_source_at_a_time() {
    RoutingTable table = new RoutingTable();
    table.publish("config", List.of(route("a", "config")));
    RoutingSnapshot before = table.current();
    table.publish("catalog", List.of(route("b", "catalog")));
    table.publish("config", List.of(route("c", "config")));

    assertThat(table.current().routes()).containsOnlyKeys("b", "c");
    assertThat(table.current().version()).isGreaterThan(before.version());
    assertThat(before.routes()).containsOnlyKeys("a");
  }

  @Test
  void refuses_a_name_another_source_publishes_and_changes_nothing() {
    RoutingTable table = new RoutingTable();
    table.publish("config", List.of(route("a", "config")));

    assertThatThrownBy(() -> table.publish("catalog", List.of(route("a", "catalog"))))
        .hasMessage("route name: 'a' is already published by config");
    assertThat(table.current().routes()).containsOnlyKeys("a");
  }

  @Test
  void route_names_follow_the_url_rule() {
    assertThatThrownBy(() -> route("Has Space", "x"))
        .hasMessageStartingWith("route name: 'Has Space' (expected:");
    assertThatThrownBy(() -> route("-lead", "x")).isInstanceOf(IllegalArgumentException.class);
    assertThat(route("a".repeat(63), "x").name()).hasSize(63);
  }

  @Test
  void a_decorator_applies_to_every_source_now_and_later_and_keeps_what_was_published() {
    RoutingTable table = new RoutingTable();
    RouteDefinition a = route("a", "config");
    table.publish("config", List.of(a));
    McpPolicy marker = new McpPolicy() {};
    table.decorate(r -> r.withPolicies(RoutePolicies.of(Phase.AUDIT, marker)));
    table.publish("catalog", List.of(route("b", "catalog")));

    assertThat(table.current().route("a").policies().in(Phase.AUDIT)).containsExactly(marker);
    assertThat(table.current().route("b").policies().in(Phase.AUDIT)).containsExactly(marker);
    assertThat(table.published("a")).isSameAs(a);
    assertThat(table.published("missing")).isNull();

    long before = table.current().version();
    table.decorate(r -> r);
    assertThat(table.current().route("a")).isEqualTo(a);
    assertThat(table.current().version()).isGreaterThan(before);
  }
}
