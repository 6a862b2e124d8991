package io.gatehouse.policy.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.policy.traffic.PolicyTree;
import io.gatehouse.policy.traffic.Problems;
import io.gatehouse.policy.traffic.Scoped;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

class ValidationSectionTest {
  private static final YAMLMapper YAML = new YAMLMapper();

  private static JsonNode yaml(String text) {
    return YAML.readTree(text);
  }

  @Test
  void reads_every_field_with_sizes_in_units() {
    Problems problems = new Problems();
    ValidationSettings s =
        new ValidationSection()
            .read(
                yaml(
                    """
                    arguments: false
                    output: refuse
                    max-body: 64KiB
                    max-depth: 8
                    max-string-length: 100
                    max-array-length: 10
                    """),
                "policies.validation",
                problems);
    assertThat(problems.list()).isEmpty();
    assertThat(s)
        .isEqualTo(
            new ValidationSettings(
                false, ValidationSettings.OutputCheck.REFUSE, 65536, 8, 100, 10));
  }

  @Test
  void an_absent_section_means_the_defaults() {
    Problems problems = new Problems();
    ValidationSettings s =
        new ValidationSection()
            .read(
                tools.jackson.databind.node.MissingNode.getInstance(),
                "policies.validation",
                problems);
    assertThat(problems.isEmpty()).isTrue();
    assertThat(s).isEqualTo(ValidationSettings.DEFAULTS);
    assertThat(s.arguments()).isTrue();
    assertThat(s.maxBody()).isEqualTo(1L << 20);
  }

  @Test
  void yaml_off_reads_as_output_off() {
    Problems problems = new Problems();
    ValidationSettings s =
        new ValidationSection().read(yaml("output: off"), "policies.validation", problems);
    assertThat(problems.isEmpty()).isTrue();
    assertThat(s.output()).isEqualTo(ValidationSettings.OutputCheck.OFF);
  }

  @Test
  void names_every_problem_with_its_path() {
    Problems problems = new Problems();
    new ValidationSection()
        .read(
            yaml(
                """
                arguments: maybe
                output: loud
                max-body: 3 parsecs
                max-depth: 0
                max-string-length: -1
                max-array-length: many
                colour: blue
                """),
            "routes[0].policies.validation",
            problems);
    assertThat(problems.list())
        .extracting(Problems.Problem::path)
        .containsExactlyInAnyOrder(
            "routes[0].policies.validation.colour",
            "routes[0].policies.validation.arguments",
            "routes[0].policies.validation.output",
            "routes[0].policies.validation.max-body",
            "routes[0].policies.validation.max-depth",
            "routes[0].policies.validation.max-string-length",
            "routes[0].policies.validation.max-array-length");
    assertThat(problems.list().toString())
        .contains("'loud' (expected one of: off, log, refuse)")
        .contains("'3 parsecs' (expected: a size from 1 byte to 2GiB");
  }

  @Test
  void a_section_that_is_not_an_object_is_one_problem() {
    Problems problems = new Problems();
    new ValidationSection().read(yaml("[1, 2]"), "policies.validation", problems);
    assertThat(problems.list())
        .extracting(Problems.Problem::path)
        .containsExactly("policies.validation");
  }

  @Test
  void sizes_take_binary_and_decimal_units() {
    assertThat(ValidationSection.parseSize("1MiB")).isEqualTo(1_048_576L);
    assertThat(ValidationSection.parseSize("64 kib")).isEqualTo(65_536L);
    assertThat(ValidationSection.parseSize("2MB")).isEqualTo(2_000_000L);
    assertThat(ValidationSection.parseSize("512")).isEqualTo(512L);
    assertThat(ValidationSection.parseSize("999999999999GiB")).isNull();
    assertThat(ValidationSection.parseSize("1.5MiB")).isNull();
  }

  @Test
  void a_tool_entry_turns_arguments_off_for_its_tools_only() {
    JsonNode global = yaml("validation: {max-depth: 10}");
    JsonNode route =
        yaml(
            """
            tools:
              'delete-*':
                validation: {arguments: false}
            """);
    Problems problems = new Problems();
    Scoped<ValidationSettings> s =
        Scoped.read(
            PolicyTree.of(global, "policies", route, "routes[0].policies"),
            new ValidationSection(),
            problems);
    assertThat(problems.isEmpty()).isTrue();
    assertThat(s.route().arguments()).isTrue();
    assertThat(s.forTool("delete-file").arguments()).isFalse();
    assertThat(s.forTool("delete-file").maxDepth()).isEqualTo(10);
    assertThat(s.forTool("read-file").arguments()).isTrue();
  }

  @Test
  void a_bad_tool_entry_is_named_by_its_path() {
    JsonNode route =
        yaml(
            """
            tools:
              'delete-*':
                validation: {arguments: nope}
            """);
    Problems problems = new Problems();
    Scoped.read(
        PolicyTree.of(null, "policies", route, "routes[1].policies"),
        new ValidationSection(),
        problems);
    assertThat(problems.list())
        .extracting(Problems.Problem::path)
        .containsExactly("routes[1].policies.tools['delete-*'].validation.arguments");
  }
}
