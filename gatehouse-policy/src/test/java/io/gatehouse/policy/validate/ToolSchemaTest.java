package io.gatehouse.policy.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ToolSchemaTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String SECRET = "sk-live-DO-NOT-ECHO-0123456789";

  private static List<Violations.Violation> check(String schema, String args) {
    Violations v = new Violations();
    new ToolSchema(JSON.readTree(schema), "test").check(JSON.readTree(args), "/arguments", v);
    return v.list();
  }

  @Test
  void names_each_failing_path_under_arguments() {
    String schema =
        """
        {"type":"object","properties":{"count":{"type":"integer"},"name":{"type":"string"},
         "items":{"type":"array","items":{"type":"number"}}},
         "required":["name"],"additionalProperties":false}
        """;
    List<Violations.Violation> v =
        check(schema, "{\"count\":\"three\",\"items\":[1,\"x\"],\"extra\":true}");
    assertThat(v)
        .extracting(Violations.Violation::path)
        .containsExactlyInAnyOrder(
            "/arguments/count", "/arguments/items/1", "/arguments/name", "/arguments/extra");
  }

  @Test
  void a_valid_instance_has_no_violation() {
    assertThat(
            check(
                "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\",\"minimum\":1}}}",
                "{\"n\":2}"))
        .isEmpty();
  }

  @Test
  void messages_never_carry_the_value() {
    String schema =
        """
        {"type":"object","properties":{
          "a":{"type":"string","pattern":"^[0-9]+$"},
          "b":{"type":"string","maxLength":3},
          "c":{"enum":["x","y"]},
          "d":{"const":"z"},
          "e":{"type":"integer"},
          "f":{"type":"string","format":"email"},
          "g":{"type":"string","minLength":100}
        }}
        """;
    String args =
        "{\"a\":\"S\",\"b\":\"S\",\"c\":\"S\",\"d\":\"S\",\"e\":\"S\",\"f\":\"S\",\"g\":\"S\"}"
            .replace("S", SECRET);
    List<Violations.Violation> v = check(schema, args);
    assertThat(v).hasSizeGreaterThanOrEqualTo(6);
    assertThat(v.toString()).doesNotContain(SECRET).doesNotContain("DO-NOT-ECHO");
  }

  @Test
  void draft_07_schemas_are_read_as_draft_07() {
    // dependentRequired is a 2020-12 keyword; draft-07 does not know it and so ignores it.
    String schema =
        """
        {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
         "dependentRequired":{"a":["b"]}}
        """;
    assertThat(check(schema, "{\"a\":1}"))
        .extracting(Violations.Violation::path)
        .containsExactly("/arguments");
    assertThat(
            check(
                schema.replace(
                    "https://json-schema.org/draft/2020-12/schema",
                    "http://json-schema.org/draft-07/schema#"),
                "{\"a\":1}"))
        .isEmpty();
  }

  @Test
  void format_is_an_annotation_in_2020_12_and_an_assertion_in_draft_07() {
    String schema =
        "{\"type\":\"object\",\"properties\":{\"m\":{\"type\":\"string\",\"format\":\"email\"}}}";
    String draft07 =
        schema.replace(
            "{\"type\"", "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\"");
    assertThat(check(schema, "{\"m\":\"" + SECRET + "\"}")).isEmpty();
    List<Violations.Violation> v = check(draft07, "{\"m\":\"" + SECRET + "\"}");
    assertThat(v).extracting(Violations.Violation::path).containsExactly("/arguments/m");
    assertThat(v.toString()).doesNotContain(SECRET);
  }

  @Test
  void a_ref_outside_the_schema_is_never_loaded_and_the_schema_checks_nothing() {
    ToolSchema s =
        new ToolSchema(
            JSON.readTree(
                "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"file:///etc/passwd\"}}}"),
            "test");
    Violations v = new Violations();
    s.check(JSON.readTree("{\"a\":1}"), "/arguments", v);
    assertThat(v.isEmpty()).isTrue();
    assertThat(s.broken()).isTrue();
  }
}
