package io.gatehouse.testkit;

import java.util.List;
import java.util.Map;

/**
 * The requested schemas of the fixture's elicitation tools, as the conformance scenarios expect
 * them.
 */
final class FixtureElicitationSchemas {

  private FixtureElicitationSchemas() {}

  static Map<String, Object> usernameAndEmail() {
    return form(
        Map.of(
            "username", Map.of("type", "string", "description", "User's response"),
            "email", Map.of("type", "string", "description", "User's email address")),
        List.of("username", "email"));
  }

  /** SEP-1034: a default for every primitive type. */
  static Map<String, Object> withDefaults() {
    return form(
        Map.of(
            "name", Map.of("type", "string", "description", "User name", "default", "John Doe"),
            "age", Map.of("type", "integer", "description", "User age", "default", 30),
            "score", Map.of("type", "number", "description", "User score", "default", 95.5),
            "status",
                Map.of(
                    "type",
                    "string",
                    "description",
                    "User status",
                    "enum",
                    List.of("active", "inactive", "pending"),
                    "default",
                    "active"),
            "verified",
                Map.of("type", "boolean", "description", "Verification status", "default", true)),
        List.of());
  }

  /**
   * SEP-1330: untitled and titled single- and multi-select enums, plus the legacy {@code enumNames}
   * form.
   */
  static Map<String, Object> enumVariants() {
    List<String> options = List.of("option1", "option2", "option3");
    return form(
        Map.of(
            "untitledSingle",
                Map.of("type", "string", "description", "Select one option", "enum", options),
            "titledSingle",
                Map.of(
                    "type",
                    "string",
                    "description",
                    "Select one option with titles",
                    "oneOf",
                    titled("First Option", "Second Option", "Third Option")),
            "legacyEnum",
                Map.of(
                    "type",
                    "string",
                    "description",
                    "Select one option (legacy)",
                    "enum",
                    List.of("opt1", "opt2", "opt3"),
                    "enumNames",
                    List.of("Option One", "Option Two", "Option Three")),
            "untitledMulti",
                Map.of(
                    "type",
                    "array",
                    "description",
                    "Select multiple options",
                    "minItems",
                    1,
                    "maxItems",
                    3,
                    "items",
                    Map.of("type", "string", "enum", options)),
            "titledMulti",
                Map.of(
                    "type",
                    "array",
                    "description",
                    "Select multiple options with titles",
                    "minItems",
                    1,
                    "maxItems",
                    3,
                    "items",
                    Map.of("anyOf", titled("First Choice", "Second Choice", "Third Choice")))),
        List.of());
  }

  private static Map<String, Object> form(Map<String, Object> properties, List<String> required) {
    return Map.of("type", "object", "properties", properties, "required", required);
  }

  /** {@code [{const: value1, title: ...}, ...]}, the titled-enum shape of SEP-1330. */
  private static List<Map<String, Object>> titled(String... titles) {
    return List.of(
        Map.of("const", "value1", "title", titles[0]),
        Map.of("const", "value2", "title", titles[1]),
        Map.of("const", "value3", "title", titles[2]));
  }
}
