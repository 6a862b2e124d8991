package io.gatehouse.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.catalog.internal.RevisionRows;
import io.gatehouse.core.Problem;
import io.gatehouse.store.testing.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Catalog-as-code import and export on a real store; one subclass per database. */
abstract class ImportContract {
  static final String CATALOG =
      """
      gatehouse-catalog: 1
      environments:
        - {name: prod, kind: prod, description: Production}
        - {name: dev, kind: dev}
      servers:
        - server:
            $schema: https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json
            name: io.github.user/weather
            description: Weather forecasts
            version: 1.0.0
          status: deprecated
          statusMessage: Use 2.0.0
        - server: {name: io.github.user/weather, description: Weather forecasts, version: 2.0.0}
          deployments:
            - environment: prod
              route: weather
              upstream: {url: 'http://weather.internal:8080/mcp', transport: streamable-http}
            - {environment: dev, route: weather-dev, project: payments, upstream: {url: 'http://localhost:9000/mcp'}}
          authSchemes:
            - {name: partner, type: api-key, in: header, parameter: X-API-Key}
            - {name: sso, type: oauth2, tokenUrl: 'https://login.acme.com/token', scopes: [weather.read]}
          accessRules:
            - {principal: 'group:payments', actions: [discover, use]}
        - server: {name: io.github.user/weather, description: Weather forecasts, version: 3.0.0-beta}
          status: deleted
        - server: {name: com.acme/maps, description: Maps, version: '2024.06'}
      """;

  @TempDir Path dir;
  final TestClock clock = TestClock.at("2026-03-01T00:00:00Z");
  TestDatabases.Throwaway store;
  Catalog catalog;

  abstract TestDatabases.Throwaway open();

  @BeforeEach
  void openCatalog() {
    store = open();
    catalog = Catalog.open(store.database(), CatalogSettings.offline().withClock(clock));
  }

  @AfterEach
  void dropStore() {
    if (store != null) {
      store.close();
    }
  }

  Path file(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  ImportSummary importFiles(Path... files) {
    return catalog.documents().importFiles(List.of(files), Set.of());
  }

  long revision() {
    return catalog.database().read(RevisionRows::current);
  }

  @Test
  void imports_a_document_larger_than_the_yaml_parsers_default_limit() throws IOException {
    // An export of 10,000 servers is over 3 MiB, SnakeYAML's default limit; it must import back.
    String padding = ("# " + "x".repeat(1022) + "\n").repeat(4 * 1024);
    ImportSummary summary = importFiles(file("large.yaml", padding + CATALOG));

    assertThat(summary.versionsPublished()).isEqualTo(4);
  }

  @Test
  void imports_every_part_of_a_catalog_document() throws IOException {
    ImportSummary summary = importFiles(file("catalog.yaml", CATALOG));

    assertThat(summary).isEqualTo(new ImportSummary(2, 4, 0, 2));
    assertThat(catalog.registry().version("io.github.user/weather", "latest", false).version())
        .isEqualTo("2.0.0");
    assertThat(catalog.registry().version("io.github.user/weather", "1.0.0", false).status())
        .isEqualTo(VersionStatus.DEPRECATED);
    assertThat(catalog.deployments().list(null, null))
        .extracting(Deployment::route)
        .containsExactly("weather-dev", "weather");
    VersionRef two = new VersionRef("io.github.user/weather", "2.0.0");
    assertThat(catalog.authSchemes().of(two))
        .extracting(a -> a.scheme().name())
        .containsExactly("partner", "sso");
    assertThat(catalog.accessRules().of(two))
        .extracting(AccessRule::principal)
        .containsExactly("group:payments");
  }

  @Test
  void exports_a_document_that_imports_back_to_the_same_catalog() throws IOException {
    importFiles(file("catalog.yaml", CATALOG));
    JsonNode exported = catalog.documents().export();
    assertThat(exported.toString()).contains("\"route\":\"weather-dev\",\"project\":\"payments\"");
    assertThat(catalog.deployments().list(null, "dev").getFirst().project()).isEqualTo("payments");
    assertThat(catalog.deployments().list(null, "prod").getFirst().project()).isEqualTo("default");
    ByteArrayOutputStream yaml = new ByteArrayOutputStream();
    CatalogDocuments.write(exported, yaml, false);

    try (TestDatabases.Throwaway other = open()) {
      Catalog copy = Catalog.open(other.database(), CatalogSettings.offline());
      copy.documents()
          .importFiles(
              List.of(Files.write(dir.resolve("export.yaml"), yaml.toByteArray())), Set.of());

      assertThat(copy.documents().export()).isEqualTo(exported);
      assertThat(copy.registry().version("io.github.user/weather", "latest", false).version())
          .isEqualTo("2.0.0");
    }
  }

  static final String VIA_CONNECTION =
      """
      gatehouse-catalog: 1
      environments: [{name: prod, kind: prod}]
      servers:
        - server: {name: io.github.user/weather, description: Weather forecasts, version: 1.0.0}
          deployments:
            - {environment: prod, route: weather, project: payments, connection: weather}
      """;

  @Test
  void imports_and_exports_a_deployment_naming_a_connection() throws IOException {
    FakeConnections connections =
        new FakeConnections()
            .put("payments", "weather", "http://127.0.0.1:9000/mcp", DeploymentTransport.SSE);
    catalog.bindConnections(connections);

    importFiles(file("catalog.yaml", VIA_CONNECTION));

    Deployment d = catalog.deployments().list(null, null).getFirst();
    assertThat(d.connection()).isEqualTo("weather");
    assertThat(d.upstreamUrl()).hasToString("http://127.0.0.1:9000/mcp");
    assertThat(d.transport()).isEqualTo(DeploymentTransport.SSE);
    JsonNode exported = catalog.documents().export();
    JsonNode deployment = exported.path("servers").get(0).path("deployments").get(0);
    assertThat(deployment.path("connection").asString()).isEqualTo("weather");
    assertThat(deployment.has("upstream")).isFalse();
    ByteArrayOutputStream yaml = new ByteArrayOutputStream();
    CatalogDocuments.write(exported, yaml, false);
    try (TestDatabases.Throwaway other = open()) {
      Catalog copy = Catalog.open(other.database(), CatalogSettings.offline());
      copy.bindConnections(connections);
      copy.documents()
          .importFiles(
              List.of(Files.write(dir.resolve("export.yaml"), yaml.toByteArray())), Set.of());

      assertThat(copy.documents().export()).isEqualTo(exported);
      assertThat(copy.deployments().list(null, null).getFirst().connection()).isEqualTo("weather");
    }
  }

  static final String HOSTED =
      """
      gatehouse-catalog: 1
      environments: [{name: prod, kind: prod}]
      servers:
        - server:
            name: io.github.user/files
            description: Files
            version: 1.0.0
            packages:
              - registryType: npm
                identifier: '@acme/files'
                version: 1.0.0
                transport: {type: stdio}
                environmentVariables: [{name: FILES_TOKEN, isRequired: true, isSecret: true}]
          deployments:
            - environment: prod
              route: files
              upstream:
                transport: stdio
                env: {FILES_TOKEN: '${secret:files-token}', LOG_LEVEL: debug}
                cwd: /srv/files
      """;

  @Test
  void imports_and_exports_a_deployment_gatehouse_runs_from_its_npm_package() throws IOException {
    importFiles(file("catalog.yaml", HOSTED));

    Deployment d = catalog.deployments().list(null, null).getFirst();
    assertThat(d.transport()).isEqualTo(DeploymentTransport.STDIO);
    assertThat(d.upstreamUrl()).hasToString("stdio:npm:@acme/files@1.0.0");
    assertThat(d.hosted())
        .isEqualTo(
            new HostedPackage(
                "@acme/files",
                java.util.Map.of("FILES_TOKEN", "${secret:files-token}", "LOG_LEVEL", "debug"),
                "/srv/files"));
    JsonNode exported = catalog.documents().export();
    JsonNode upstream = exported.path("servers").get(0).path("deployments").get(0).path("upstream");
    assertThat(upstream.path("transport").asString()).isEqualTo("stdio");
    assertThat(upstream.path("package").asString()).isEqualTo("@acme/files");
    ByteArrayOutputStream yaml = new ByteArrayOutputStream();
    CatalogDocuments.write(exported, yaml, false);
    try (TestDatabases.Throwaway other = open()) {
      Catalog copy = Catalog.open(other.database(), CatalogSettings.offline());
      copy.documents()
          .importFiles(
              List.of(Files.write(dir.resolve("export.yaml"), yaml.toByteArray())), Set.of());

      assertThat(copy.documents().export()).isEqualTo(exported);
      assertThat(copy.deployments().list(null, null).getFirst().hosted()).isEqualTo(d.hosted());
    }
    // importing again changes nothing; without the required secret, nothing is written
    importFiles(file("catalog.yaml", HOSTED));
    assertThat(catalog.documents().export()).isEqualTo(exported);
    assertThat(catalog.deployments().list(null, null).getFirst().id()).isEqualTo(d.id());
    Path missing =
        file("missing.yaml", HOSTED.replace("FILES_TOKEN: '${secret:files-token}', ", ""));
    assertThatThrownBy(() -> importFiles(missing))
        .isInstanceOfSatisfying(
            CatalogException.class,
            e -> assertThat(e.getMessage()).contains("upstream.env.FILES_TOKEN: missing"));
    assertThat(catalog.deployments().list(null, null).getFirst().hosted()).isEqualTo(d.hosted());
  }

  static final String OPENAPI =
      """
      gatehouse-catalog: 1
      environments: [{name: prod, kind: prod}]
      servers:
        - server: {name: io.github.user/items, description: Items, version: 1.0.0}
          deployments:
            - environment: prod
              route: items
              upstream:
                transport: openapi
                baseUrl: 'http://items.internal:8080/api'
                exclude: {tags: [admin]}
                document:
                  openapi: 3.1.0
                  info: {title: Items, version: '1'}
                  paths:
                    /items/{id}:
                      get:
                        operationId: getItem
                        parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
                        responses: {'200': {description: the item}}
      """;

  @Test
  void imports_and_exports_a_deployment_serving_an_openapi_document() throws IOException {
    importFiles(file("catalog.yaml", OPENAPI));

    Deployment d = catalog.deployments().list(null, null).getFirst();
    assertThat(d.transport()).isEqualTo(DeploymentTransport.OPENAPI);
    assertThat(d.upstreamUrl()).hasToString("http://items.internal:8080/api");
    HostedApi api = (HostedApi) d.hosted();
    assertThat(api.document().path("paths").has("/items/{id}")).isTrue();
    assertThat(api.exclude().tags()).containsExactly("admin");
    JsonNode exported = catalog.documents().export();
    ByteArrayOutputStream yaml = new ByteArrayOutputStream();
    CatalogDocuments.write(exported, yaml, false);
    try (TestDatabases.Throwaway other = open()) {
      Catalog copy = Catalog.open(other.database(), CatalogSettings.offline());
      copy.documents()
          .importFiles(
              List.of(Files.write(dir.resolve("export.yaml"), yaml.toByteArray())), Set.of());

      assertThat(copy.documents().export()).isEqualTo(exported);
      assertThat(copy.deployments().list(null, null).getFirst().hosted()).isEqualTo(api);
    }
  }

  @Test
  void refuses_a_connection_the_deployments_project_does_not_have() throws IOException {
    catalog.bindConnections(
        new FakeConnections()
            .put("default", "weather", "http://127.0.0.1:9000/mcp", DeploymentTransport.AUTO));
    Path f = file("catalog.yaml", VIA_CONNECTION);

    assertThatThrownBy(() -> importFiles(f))
        .isInstanceOfSatisfying(
            CatalogException.class,
            e -> {
              assertThat(e.error()).isEqualTo(CatalogErrors.CONNECTION_NOT_FOUND);
              assertThat(e.getMessage())
                  .startsWith(f + ": servers[0].deployments[0]: connection: 'weather'")
                  .contains("project 'payments'");
            });
    assertThat(catalog.deployments().list(null, null)).isEmpty();
  }

  @Test
  void refuses_a_deployment_with_both_upstream_and_connection() throws IOException {
    Path f =
        file(
            "both.yaml",
            VIA_CONNECTION.replace(
                "connection: weather}",
                "connection: weather, upstream: {url: 'http://127.0.0.1:9000/mcp'}}"));

    assertThatThrownBy(() -> importFiles(f))
        .isInstanceOfSatisfying(
            CatalogException.class,
            e -> {
              assertThat(e.error()).isEqualTo(CatalogErrors.IMPORT_INVALID);
              assertThat(e.details())
                  .extracting(Problem::field)
                  .containsExactly(
                      "servers[0].deployments[0].upstream, servers[0].deployments[0].connection");
              assertThat(e.details().getFirst().message()).contains("both are given");
            });
  }

  @Test
  void importing_the_same_files_again_changes_nothing() throws IOException {
    Path f = file("catalog.yaml", CATALOG);
    importFiles(f);
    JsonNode before = catalog.documents().export();

    ImportSummary again = importFiles(f);

    assertThat(again.versionsPublished()).isZero();
    assertThat(again.versionsUnchanged()).isEqualTo(4);
    assertThat(catalog.documents().export()).isEqualTo(before);
  }

  @Test
  void refuses_invalid_files_listing_every_problem_with_file_and_field() throws IOException {
    Path good = file("good.yaml", CATALOG);
    Path bad =
        file(
            "bad.yaml",
            """
        gatehouse-catalog: 1
        environments: [{name: Prod, kind: production}]
        servers:
          - server: {name: nope, description: x, version: latest}
            deployments: [{environment: prod, upstream: {url: 'ftp://x'}}]
          - server: {name: io.github.user/weather, description: Weather forecasts, version: 1.0.0}
        """);

    assertThatThrownBy(() -> importFiles(good, bad))
        .isInstanceOfSatisfying(
            CatalogException.class,
            e -> {
              assertThat(e.error()).isEqualTo(CatalogErrors.IMPORT_INVALID);
              assertThat(e.details())
                  .extracting(Problem::field)
                  .contains(
                      "environments[0].name",
                      "environments[0].kind",
                      "servers[0].server.name",
                      "servers[0].server.version",
                      "servers[0].deployments[0].route",
                      "servers[0].deployments[0].upstream.url",
                      "servers[1].server");
              assertThat(e.details())
                  .allSatisfy(p -> assertThat(p.message()).startsWith(bad.toString() + ": "));
            });
    assertThat(catalog.documents().export().path("servers")).isEmpty();
    assertThat(catalog.environments().list()).isEmpty();
  }

  @Test
  void a_failed_import_writes_nothing_even_when_the_store_refuses_the_last_step()
      throws IOException {
    catalog.registry().publish(Docs.server("com.acme/maps", "2024.06", "Something else"));
    JsonNode before = catalog.documents().export();
    long revision = revision();

    assertThatThrownBy(() -> importFiles(file("catalog.yaml", CATALOG)))
        .isInstanceOfSatisfying(
            CatalogException.class,
            e -> {
              assertThat(e.error()).isEqualTo(CatalogErrors.VERSION_EXISTS);
              assertThat(e.getMessage())
                  .contains("catalog.yaml: servers[3]")
                  .contains("nothing was written");
            });

    assertThat(catalog.documents().export()).isEqualTo(before);
    assertThat(catalog.environments().list()).isEmpty();
    assertThat(catalog.deployments().list(null, null)).isEmpty();
    assertThat(revision()).isEqualTo(revision);
  }

  @Test
  void refuses_a_route_the_configuration_file_serves() throws IOException {
    Path f = file("catalog.yaml", CATALOG);

    assertThatThrownBy(() -> catalog.documents().importFiles(List.of(f), Set.of("weather-dev")))
        .isInstanceOfSatisfying(
            CatalogException.class,
            e -> {
              assertThat(e.error()).isEqualTo(CatalogErrors.ROUTE_TAKEN);
              assertThat(e.getMessage()).startsWith(f + ": servers[1].deployments[1]: ");
            });
    assertThat(catalog.environments().list()).isEmpty();
  }
}
