package io.gatehouse.hosting.virtual;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Lists shown through allow lists and prefixes, names routed back, templates matched. */
class MergingTest {
  private static final JsonMapper JSON = JsonMapper.shared();

  private static List<JsonNode> entries(String json) {
    List<JsonNode> out = new java.util.ArrayList<>();
    JSON.readTree(json).forEach(out::add);
    return out;
  }

  @Test
  void tools_are_allowed_by_glob_and_prefixed_and_keep_their_other_fields() {
    VirtualSource s =
        new VirtualSource("git", "git_", List.of("get_*", "status"), List.of(), List.of());
    List<ObjectNode> shown =
        Listing.TOOLS.shown(
            s,
            entries(
                "[{\"name\":\"get_log\",\"inputSchema\":{\"type\":\"object\"}},"
                    + "{\"name\":\"status\"},{\"name\":\"push\"},{\"title\":\"no name\"}]"));
    assertThat(shown)
        .extracting(t -> t.path("name").asString())
        .containsExactly("git_get_log", "git_status");
    assertThat(shown.getFirst().path("inputSchema").path("type").asString()).isEqualTo("object");
  }

  @Test
  void resources_keep_their_uris_and_templates_their_uri_templates() {
    VirtualSource s = new VirtualSource("docs", "d_", List.of(), List.of(), List.of("file:///a/*"));
    assertThat(
            Listing.RESOURCES.shown(
                s,
                entries("[{\"uri\":\"file:///a/x.md\",\"name\":\"x\"},{\"uri\":\"file:///b/y\"}]")))
        .extracting(r -> r.path("uri").asString())
        .containsExactly("file:///a/x.md");
    assertThat(Listing.TEMPLATES.shown(s, entries("[{\"uriTemplate\":\"file:///a/{name}\"}]")))
        .extracting(r -> r.path("uriTemplate").asString())
        .containsExactly("file:///a/{name}");
  }

  @Test
  void a_name_goes_to_the_source_of_its_longest_prefix_and_the_empty_prefix_takes_the_rest() {
    VirtualServer v =
        new VirtualServer(
            "v",
            List.of(VirtualSource.of("plain", ""), VirtualSource.of("git", "git_")),
            Duration.ofSeconds(5));
    assertThat(v.sourceOf("git_status").route()).isEqualTo("git");
    assertThat(v.sourceOf("echo").route()).isEqualTo("plain");
    VirtualServer prefixed = new VirtualServer("v", List.of(VirtualSource.of("git", "git_")), null);
    assertThat(prefixed.sourceOf("echo")).isNull();
  }

  @Test
  void globs_match_any_run_of_characters_and_nothing_else() {
    assertThat(Globs.matches("get_*", "get_")).isTrue();
    assertThat(Globs.matches("get_*", "get")).isFalse();
    assertThat(Globs.matches("*_log", "git_log")).isTrue();
    assertThat(Globs.matches("a*b*c", "a-b-c")).isTrue();
    assertThat(Globs.matches("a*b*c", "a-c-b")).isFalse();
    assertThat(Globs.matches("a*a", "a")).isFalse();
    assertThat(Globs.matches("echo", "echo")).isTrue();
    assertThat(Globs.any(List.of(), "anything")).isTrue();
  }

  @Test
  void uri_templates_match_uris_with_each_variable_filled() {
    assertThat(Routing.matches("test://static/resource/{id}", "test://static/resource/7")).isTrue();
    assertThat(Routing.matches("test://static/resource/{id}", "test://static/resource/")).isFalse();
    assertThat(Routing.matches("file:///{dir}/{name}.md", "file:///a/b.md")).isTrue();
    assertThat(Routing.matches("file:///{dir}/{name}.md", "file:///a/b.txt")).isFalse();
    assertThat(Routing.matches("x://a.b", "x://aXb")).isFalse();
    assertThat(Routing.matches("x://a.b", "x://a.b")).isTrue();
    assertThat(Routing.matches("x://a.b", "x://a.bc")).isFalse();
    assertThat(Routing.matches("{any}", "x")).isTrue();
    assertThat(Routing.matches("{any}", "")).isFalse();
    assertThat(Routing.matches("db://{a}{b}", "db://x"))
        .as("two variables, two characters")
        .isFalse();
    assertThat(Routing.matches("db://{a}{b}", "db://xy")).isTrue();
    assertThat(Routing.matches("db://{s}/{t}/rows", "db://s/t/x/rows")).isTrue();
    assertThat(Routing.matches("db://{s}/{t}/rows", "db:///t/rows")).isFalse();
    assertThat(Routing.matches("db://{s}/{t}/rows", "db://s/t/rowsx")).isFalse();
    assertThat(Routing.matches("{a}.md{b}", "x.md")).isFalse();
    assertThat(Routing.matches("{a}.md{b}", "x.mdy")).isTrue();
    // a URI a caller made to backtrack a regex: read once, left to right
    String hostile = "db://" + "a/".repeat(500_000);
    assertThat(Routing.matches("db://{schema}/{table}/{x}/{y}/rows", hostile)).isFalse();
  }

  @Test
  void the_check_names_every_problem_with_its_key() {
    List<String> problems =
        VirtualCheck.problems(
            List.of(
                new VirtualServer(
                    "v",
                    List.of(
                        VirtualSource.of("a", "p_"),
                        VirtualSource.of("ghost", "p_x"),
                        VirtualSource.of("w", "w_")),
                    null),
                new VirtualServer("w", List.of(), null)),
            java.util.Set.of("a", "v", "w"));
    assertThat(problems)
        .anyMatch(
            p -> p.contains("'ghost' is not a route") && p.endsWith("(VIRTUAL_SOURCE_UNKNOWN)"))
        .anyMatch(p -> p.contains("'p_x' clashes") && p.endsWith("(VIRTUAL_PREFIX_DUPLICATE)"))
        .anyMatch(
            p -> p.contains("'w' is a virtual route") && p.endsWith("(VIRTUAL_SOURCE_VIRTUAL)"))
        .anyMatch(p -> p.startsWith("route 'w'") && p.endsWith("(VIRTUAL_NO_SOURCES)"))
        .hasSize(4);
  }
}
