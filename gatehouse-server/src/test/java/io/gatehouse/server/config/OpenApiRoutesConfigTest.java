package io.gatehouse.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.hosting.openapi.OpenApiRoute;
import io.gatehouse.hosting.openapi.Selection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code routes[].upstream} with {@code transport: openapi}: what is read, what is refused. */
class OpenApiRoutesConfigTest {
  @TempDir Path dir;

  private GatehouseConfig load(String yaml) throws Exception {
    Path file = Files.writeString(dir.resolve("gatehouse.yaml"), yaml);
    return new ConfigLoader(Map.of()).load(file);
  }

  @Test
  void reads_the_document_selection_base_url_and_the_headers_that_reach_the_api() throws Exception {
    GatehouseConfig c =
        load(
            "routes:\n"
                + "  - name: inv\n"
                + "    upstream:\n"
                + "      transport: openapi\n"
                + "      spec: apis/inventory.yaml\n"
                + "      base-url: 'http://127.0.0.1:4010/v1'\n"
                + "      include: {tags: [items], operations: [setStock]}\n"
                + "      exclude: {operations: [deleteItem]}\n"
                + "      headers: {X-Tenant: acme}\n"
                + "    timeouts: {request: 20s}\n");
    OpenApiRoute api = c.openApiRoutes().get("inv");
    assertThat(api.spec()).isEqualTo(dir.resolve("apis/inventory.yaml").toString());
    assertThat(api.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:4010/v1"));
    assertThat(api.include()).isEqualTo(new Selection(List.of("items"), List.of("setStock")));
    assertThat(api.exclude()).isEqualTo(new Selection(List.of(), List.of("deleteItem")));
    assertThat(api.forwardHeaders()).containsExactly("X-Tenant");
    assertThat(api.timeout()).hasSeconds(20);
    assertThat(c.routes().getFirst().upstream().headers()).containsEntry("X-Tenant", "acme");
    assertThat(c.routeConnections()).isEmpty();
  }

  @Test
  void refuses_a_route_without_a_document_or_with_a_url() {
    assertThatThrownBy(() -> load("routes:\n  - name: a\n    upstream: {transport: openapi}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("routes[0].upstream.spec");
    assertThatThrownBy(
            () ->
                load(
                    "routes:\n  - name: a\n    upstream: {transport: openapi, spec: a.yaml,"
                        + " url: 'http://127.0.0.1:1/'}\n"))
        .hasMessageContaining("routes[0].upstream.url: not used with transport: openapi");
    assertThatThrownBy(
            () ->
                load(
                    "routes:\n  - name: a\n    upstream: {transport: openapi, spec: a.yaml,"
                        + " base-url: 'ftp://127.0.0.1/'}\n"))
        .hasMessageContaining(
            "routes[0].upstream.base-url: 'ftp://127.0.0.1/' (expected: an http(s) URL)");
  }

  @Test
  void refuses_addresses_the_egress_rules_refuse_and_a_closed_loopback() {
    assertThatThrownBy(
            () ->
                load(
                    "routes:\n  - name: a\n    upstream: {transport: openapi,"
                        + " spec: 'http://169.254.169.254/openapi.json'}\n"))
        .hasMessageContaining("routes[0].upstream.spec")
        .hasMessageContaining("EGRESS_FORBIDDEN");
    assertThatThrownBy(
            () ->
                load(
                    "routes:\n  - name: a\n    upstream: {transport: openapi, spec: a.yaml,"
                        + " base-url: 'http://169.254.169.254/'}\n"))
        .hasMessageContaining("routes[0].upstream.base-url");
    assertThatThrownBy(
            () ->
                load(
                    "egress: {loopback: false}\n"
                        + "routes:\n  - name: a\n    upstream: {transport: openapi, spec: a.yaml}\n"))
        .hasMessageContaining("routes[0].upstream.transport: openapi needs egress.loopback: true");
  }
}
