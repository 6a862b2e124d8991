package io.gatehouse.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The schema loader itself must reject what the spec forbids, or the conformance tests prove
 * nothing.
 */
class OpenApiSchemasTest {
  @Test
  void rejects_a_response_the_spec_forbids() {
    String official =
        "{\"server\":{\"name\":\"com.acme/t\",\"description\":\"d\",\"version\":\"1\"},"
            + "\"_meta\":{\"io.modelcontextprotocol.registry/official\":{\"status\":\"%s\",\"publishedAt\":\"%s\",\"isLatest\":true%s}}}";

    assertThat(
            OpenApiSchemas.schema("ServerResponse")
                .validate(
                    SharedRegistry.JSON.readTree(
                        official.formatted("active", "2026-01-01T00:00:00Z", ""))))
        .isEmpty();
    assertThat(
            OpenApiSchemas.schema("ServerResponse")
                .validate(
                    SharedRegistry.JSON.readTree(
                        official.formatted("gone", "2026-01-01T00:00:00Z", ""))))
        .isNotEmpty();
    assertThat(
            OpenApiSchemas.schema("ServerResponse")
                .validate(
                    SharedRegistry.JSON.readTree(official.formatted("active", "yesterday", ""))))
        .isNotEmpty();
    assertThat(
            OpenApiSchemas.schema("ServerResponse")
                .validate(
                    SharedRegistry.JSON.readTree(
                        official.formatted("active", "2026-01-01T00:00:00Z", ",\"extra\":1"))))
        .isNotEmpty();
    assertThat(
            OpenApiSchemas.schema("ServerList")
                .validate(SharedRegistry.JSON.readTree("{\"metadata\":{}}")))
        .isNotEmpty();
  }
}
