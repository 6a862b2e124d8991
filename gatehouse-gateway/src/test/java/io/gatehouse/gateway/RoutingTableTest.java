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
}
