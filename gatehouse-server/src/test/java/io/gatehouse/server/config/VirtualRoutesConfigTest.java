package io.gatehouse.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.hosting.virtual.VirtualServer;
import io.gatehouse.hosting.virtual.VirtualSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code routes[].upstream} with {@code transport: virtual}: what is read, and what is refused. */
class VirtualRoutesConfigTest {
  @TempDir Path dir;

  private static final String TWO =
      "routes:\n"
          + "  - {name: alpha, upstream: {url: 'http://127.0.0.1:9001/mcp'}}\n"
          + "  - {name: beta, upstream: {url: 'http://127.0.0.1:9002/mcp'}}\n";

  private GatehouseConfig load(String yaml) throws Exception {
    return new ConfigLoader(Map.of()).load(Files.writeString(dir.resolve("gatehouse.yaml"), yaml));
  }

  private void refused(String virtual, String... expected) {
    assertThatThrownBy(() -> load(TWO + virtual))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(expected[0])
        .satisfies(e -> assertThat(e.getMessage()).contains(List.of(expected)));
  }

  @Test
  void reads_sources_prefixes_allow_lists_and_the_request_timeout() throws Exception {
    GatehouseConfig c =
        load(
            TWO
                + "  - name: both\n"
                + "    timeouts: {request: 30s}\n"
                + "    upstream:\n"
                + "      transport: virtual\n"
                + "      sources:\n"
                + "        - {route: alpha, prefix: a_, tools: ['get_*'], prompts: [greet]}\n"
                + "        - {route: beta, prefix: b_, resources: ['file:///docs/*']}\n");
    VirtualServer v = c.virtualRoutes().get("both");
    assertThat(v.sources())
        .containsExactly(
            new VirtualSource("alpha", "a_", List.of("get_*"), List.of("greet"), List.of()),
            new VirtualSource("beta", "b_", List.of(), List.of(), List.of("file:///docs/*")));
    assertThat(v.timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.routes()).extracting(r -> r.name()).containsExactly("alpha", "beta", "both");
    assertThat(c.virtualRoutes()).containsOnlyKeys("both");
  }

  @Test
  void one_source_may_go_without_a_prefix() throws Exception {
    GatehouseConfig c =
        load(TWO + "  - {name: one, upstream: {transport: virtual, sources: [{route: alpha}]}}\n");
    assertThat(c.virtualRoutes().get("one").sources().getFirst().prefix()).isEmpty();
  }

  @Test
  void refuses_an_unknown_route_naming_it_and_the_key() {
    refused(
        "  - {name: v, upstream: {transport: virtual, sources: [{route: gamma, prefix: g_}]}}\n",
        "route 'v': upstream.sources[0].route: 'gamma' is not a route",
        "(VIRTUAL_SOURCE_UNKNOWN)");
  }

  @Test
  void refuses_a_virtual_source_so_there_are_no_cycles() {
    refused(
        "  - {name: v, upstream: {transport: virtual, sources: [{route: w, prefix: w_}]}}\n"
            + "  - {name: w, upstream: {transport: virtual, sources: [{route: v, prefix: v_}]}}\n",
        "'w' is a virtual route",
        "'v' is a virtual route",
        "(VIRTUAL_SOURCE_VIRTUAL)");
    refused(
        "  - {name: v, upstream: {transport: virtual, sources: [{route: v, prefix: v_}]}}\n",
        "'v' is a virtual route");
  }

  @Test
  void refuses_prefixes_that_clash_and_a_route_named_twice() {
    refused(
        "  - {name: v, upstream: {transport: virtual, sources: [{route: alpha, prefix: x_},"
            + " {route: beta, prefix: x_}]}}\n",
        "sources[1].prefix: 'x_' clashes with sources[0].prefix 'x_'",
        "(VIRTUAL_PREFIX_DUPLICATE)");
    refused(
        "  - {name: v, upstream: {transport: virtual, sources: [{route: alpha, prefix: a_},"
            + " {route: beta, prefix: a_b_}]}}\n",
        "(VIRTUAL_PREFIX_DUPLICATE)");
    refused(
        "  - {name: v, upstream: {transport: virtual, sources: [{route: alpha, prefix: a_},"
            + " {route: alpha, prefix: b_}]}}\n",
        "'alpha' is a source already",
        "(VIRTUAL_SOURCE_DUPLICATE)");
  }

  @Test
  void refuses_no_sources_a_missing_prefix_among_several_and_a_url() {
    refused("  - {name: v, upstream: {transport: virtual, sources: []}}\n", "(VIRTUAL_NO_SOURCES)");
    refused(
        "  - {name: v, upstream: {transport: virtual, sources: [{route: alpha},"
            + " {route: beta, prefix: b_}]}}\n",
        "routes[2].upstream.sources[0].prefix: missing");
    refused(
        "  - {name: v, upstream: {transport: virtual, url: 'http://127.0.0.1:1/',"
            + " sources: [{route: alpha}]}}\n",
        "routes[2].upstream: a virtual upstream takes only sources");
    refused(
        "  - {name: v, upstream: {transport: virtual, sources: [{route: alpha, prefix: 'a b'}]}}\n",
        "prefix: 'a b' (expected: letters, digits");
  }
}
