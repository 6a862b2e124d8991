package io.gatehouse.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Schema;
import io.gatehouse.core.Problem;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ServerJsonValidatorTest {
  private static final Schema SCHEMA = SharedRegistry.serverSchema();

  /** The field each official invalid example gets wrong. */
  private static final Map<String, String> OFFENDING_FIELD =
      Map.of(
          "bad-name-pattern.json", "name",
          "description-too-long.json", "description",
          "missing-name.json", "name",
          "package-version-latest.json", "packages[0].version",
          "positional-argument-missing-value.json", "packages[0].packageArguments[0]");

  static Stream<Path> valid() {
    return SharedRegistry.examples("valid").stream();
  }

  static Stream<Path> invalid() {
    return SharedRegistry.examples("invalid").stream();
  }

  @ParameterizedTest
  @MethodSource("valid")
  void accepts_every_official_valid_example(Path file) {
    JsonNode doc = SharedRegistry.read(file);

    assertThat(ServerJsonValidator.validate(doc).errors()).isEmpty();
    assertThat(SCHEMA.validate(doc)).as("networknt on %s", file).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void refuses_every_official_invalid_example_naming_the_field(Path file) {
    JsonNode doc = SharedRegistry.read(file);
    String field = OFFENDING_FIELD.get(file.getFileName().toString());

    Validation v = ServerJsonValidator.validate(doc);

    assertThat(field).as("expected field for %s (a new example?)", file.getFileName()).isNotNull();
    assertThat(v.errors()).extracting(Problem::field).contains(field);
    assertThat(v.errors()).allSatisfy(p -> assertThat(p.message()).startsWith(p.field() + ": "));
    assertThat(SCHEMA.validate(doc)).as("networknt on %s", file).isNotEmpty();
  }

  @ParameterizedTest
  @MethodSource("agreementCases")
  void agrees_with_the_json_schema_on_shape(String json) {
    JsonNode doc = SharedRegistry.JSON.readTree(json);

    boolean schemaValid = SCHEMA.validate(doc).isEmpty();

    assertThat(ServerJsonValidator.validate(doc).valid())
        .as("ours vs networknt %s", SCHEMA.validate(doc))
        .isEqualTo(schemaValid);
  }

  static List<String> agreementCases() {
    String base = "\"name\":\"com.acme/tool\",\"description\":\"Tools\",\"version\":\"1.0.0\"";
    return List.of(
        "{" + base + "}",
        "{\"name\":\"com.acme/tool\",\"version\":\"1.0.0\"}",
        "{\"name\":\"com.acme/tool\",\"description\":\"Tools\"}",
        "{" + base.replace("\"1.0.0\"", "1") + "}",
        "{" + base + ",\"title\":\"" + "t".repeat(101) + "\"}",
        "{"
            + base
            + ",\"icons\":[{\"src\":\"https://acme.com/i.png\",\"mimeType\":\"image/gif\"}]}",
        "{" + base + ",\"icons\":[{\"src\":\"https://acme.com/i.png\",\"sizes\":[\"big\"]}]}",
        "{" + base + ",\"icons\":[{\"mimeType\":\"image/png\"}]}",
        "{" + base + ",\"repository\":{\"url\":\"https://github.com/acme/tool\"}}",
        "{"
            + base
            + ",\"repository\":{\"url\":\"https://github.com/acme/tool\",\"source\":\"github\"}}",
        "{"
            + base
            + ",\"packages\":[{\"registryType\":\"npm\",\"identifier\":\"@acme/tool\",\"version\":\"1.0.0\"}]}",
        "{"
            + base
            + ",\"packages\":[{\"registryType\":\"npm\",\"identifier\":\"@acme/tool\",\"transport\":{\"type\":\"stdio\"}}]}",
        "{"
            + base
            + ",\"packages\":[{\"registryType\":\"mcpb\",\"identifier\":\"https://github.com/acme/r/releases/download/v1/t.mcpb\",\"transport\":{\"type\":\"stdio\"}}]}",
        "{"
            + base
            + ",\"packages\":[{\"registryType\":\"oci\",\"identifier\":\"ghcr.io/acme/tool:1.0.0\",\"transport\":{\"type\":\"stdio\"}}]}",
        "{"
            + base
            + ",\"packages\":[{\"registryType\":\"npm\",\"identifier\":\"t\",\"version\":\"1.0.0\",\"transport\":{\"type\":\"stdio\"},"
            + "\"packageArguments\":[{\"type\":\"named\"}]}]}",
        "{"
            + base
            + ",\"packages\":[{\"registryType\":\"npm\",\"identifier\":\"t\",\"version\":\"1.0.0\",\"transport\":{\"type\":\"stdio\"},"
            + "\"environmentVariables\":[{\"isSecret\":true}]}]}",
        "{"
            + base
            + ",\"packages\":[{\"registryType\":\"npm\",\"identifier\":\"t\",\"version\":\"1.0.0\",\"transport\":{\"type\":\"stdio\"},"
            + "\"environmentVariables\":[{\"name\":\"K\",\"format\":\"date\"}]}]}",
        "{" + base + ",\"remotes\":[{\"type\":\"streamable-http\"}]}",
        "{" + base + ",\"remotes\":[{\"type\":\"websocket\",\"url\":\"https://acme.com/mcp\"}]}",
        "{"
            + base
            + ",\"remotes\":[{\"type\":\"sse\",\"url\":\"https://acme.com/sse\",\"headers\":[{\"name\":\"X-Key\",\"isSecret\":\"yes\"}]}]}",
        "{" + base + ",\"_meta\":{\"io.modelcontextprotocol.registry/publisher-provided\":[]}}");
  }

  @Test
  void lists_every_problem_not_only_the_first() {
    ObjectNode doc = SharedRegistry.JSON.createObjectNode();
    doc.put("name", "nope")
        .put("description", "d".repeat(101))
        .put("version", "^1.2.3")
        .put("websiteUrl", "ftp://x");

    assertThat(ServerJsonValidator.validate(doc).errors())
        .extracting(Problem::field, Problem::rule)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("name", "invalid-server-name"),
            org.assertj.core.groups.Tuple.tuple("description", "invalid-length"),
            org.assertj.core.groups.Tuple.tuple("version", "version-looks-like-range"),
            org.assertj.core.groups.Tuple.tuple("websiteUrl", "website-url-invalid"));
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {"latest", "^1.2.3", "~1.2", ">=1.0.0", "1.x", "1.2.*", "1 - 2", "1.2 || 1.3", "*"})
  void refuses_versions_that_are_not_one_version(String version) {
    ObjectNode doc =
        SharedRegistry.JSON
            .createObjectNode()
            .put("name", "com.acme/tool")
            .put("description", "Tools")
            .put("version", version);

    assertThat(ServerJsonValidator.validate(doc).errors())
        .extracting(Problem::field)
        .containsExactly("version");
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {"1.0.0", "2.1.0-alpha.1", "1.0.0+20130313144700", "2024.06.01", "Original"})
  void accepts_exact_versions_semver_or_not(String version) {
    ObjectNode doc =
        SharedRegistry.JSON
            .createObjectNode()
            .put("name", "com.acme/tool")
            .put("description", "Tools")
            .put("version", version);

    assertThat(ServerJsonValidator.validate(doc).valid()).isTrue();
  }

  @Test
  void allows_private_hosts_and_http_with_warnings() {
    JsonNode doc =
        SharedRegistry.JSON.readTree(
            "{\"name\":\"com.acme/crm\",\"description\":\"CRM\",\"version\":\"1.0.0\","
                + "\"remotes\":[{\"type\":\"streamable-http\",\"url\":\"http://10.1.2.3:8080/mcp\"},"
                + "{\"type\":\"sse\",\"url\":\"https://crm.internal/sse\"}]}");

    Validation v = ServerJsonValidator.validate(doc);

    assertThat(v.errors()).isEmpty();
    assertThat(v.warnings())
        .extracting(Problem::field, Problem::rule)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("remotes[0].url", "url-not-https"),
            org.assertj.core.groups.Tuple.tuple("remotes[0].url", "private-host"),
            org.assertj.core.groups.Tuple.tuple("remotes[1].url", "private-host"));
  }

  @Test
  void refuses_remote_url_variables_that_are_not_declared() {
    JsonNode doc =
        SharedRegistry.JSON.readTree(
            "{\"name\":\"com.acme/crm\",\"description\":\"CRM\",\"version\":\"1.0.0\","
                + "\"remotes\":[{\"type\":\"streamable-http\",\"url\":\"https://{tenant}.acme.com/mcp\"}]}");

    assertThat(ServerJsonValidator.validate(doc).errors())
        .extracting(Problem::rule)
        .containsExactly("invalid-templated-url");
  }

  @Test
  void refuses_a_body_that_is_not_an_object() {
    assertThat(ServerJsonValidator.validate(SharedRegistry.JSON.readTree("[1]")).errors())
        .extracting(Problem::rule)
        .containsExactly("invalid-document");
  }
}
