package io.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gatehouse.catalog.DeploymentStatus;
import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.store.StoreException;
import io.gatehouse.store.testing.TestDatabases;
import io.gatehouse.testkit.ConformanceFixtureServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog inside the real server: configuration, readiness, tokens, the CLI, and the store it
 * shares.
 */
class CatalogWiringTest {
  static final String PUBLISH =
      "{\"name\":\"io.github.user/weather\",\"description\":\"Weather\",\"version\":\"1.0.0\"}";

  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  static Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(exit, out.toString(), err.toString());
  }

  static String catalogFile(String upstream) {
    return """
        gatehouse-catalog: 1
        environments: [{name: prod, kind: prod}]
        servers:
          - server: {name: io.github.user/weather, description: Weather, version: 1.0.0}
            deployments:
              - {environment: prod, route: weather, upstream: {url: '%s', transport: streamable-http}}
        """
        .formatted(upstream);
  }

  @Test
  void serves_the_registry_and_admin_apis_once_ready() throws Exception {
    try (RunningGatehouse s = RunningGatehouse.start(dir, "")) {
      assertThat(s.get("/readyz", null).statusCode()).isEqualTo(200);
      assertThat(s.get("/v0.1/servers", null).statusCode()).isEqualTo(200);
      assertThat(s.send("POST", "/v0.1/publish", null, PUBLISH).statusCode()).isEqualTo(401);
      assertThat(
              s.send("POST", "/v0.1/publish", RunningGatehouse.ADMIN_TOKEN, PUBLISH).statusCode())
          .isEqualTo(200);
      assertThat(s.get("/v0.1/servers/io.github.user%2Fweather/versions/latest", null).body())
          .contains("\"isLatest\":true");
      assertThat(s.get("/admin/v1/environments", null).statusCode()).isEqualTo(401);
      assertThat(s.get("/admin/v1/environments", RunningGatehouse.ADMIN_TOKEN).statusCode())
          .isEqualTo(200);
      assertThat(Files.exists(dir.resolve("data/gatehouse.db"))).isTrue();
    }
  }

  @Test
  void anonymous_registry_reads_can_be_switched_off() throws Exception {
    try (RunningGatehouse s = RunningGatehouse.start(dir, "registry: {anonymous-read: false}\n")) {
      assertThat(s.get("/v0.1/servers", null).statusCode()).isEqualTo(401);
      assertThat(s.get("/v0.1/servers", RunningGatehouse.ADMIN_TOKEN).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void advertises_deployments_under_the_configured_public_url() throws Exception {
    try (ConformanceFixtureServer upstream = ConformanceFixtureServer.start();
        RunningGatehouse s = RunningGatehouse.start(dir, "public-url: https://mcp.example.com\n")) {
      Files.writeString(dir.resolve("catalog.yaml"), catalogFile(upstream.url().toString()));
      assertThat(
              cli(
                      "catalog",
                      "import",
                      "--config",
                      s.configFile().toString(),
                      dir.resolve("catalog.yaml").toString())
                  .exit())
          .isZero();

      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  s.get("/v0.1/servers", null)
                      .body()
                      .contains("https://mcp.example.com/mcp/weather"));
      assertThat(s.get("/v0.1/servers", null).body()).doesNotContain(upstream.url().toString());
    }
  }

  @Test
  void a_cli_import_reaches_the_running_server_without_a_restart_and_exports_back()
      throws Exception {
    try (ConformanceFixtureServer upstream = ConformanceFixtureServer.start();
        RunningGatehouse s = RunningGatehouse.start(dir, "")) {
      Path file =
          Files.writeString(dir.resolve("catalog.yaml"), catalogFile(upstream.url().toString()));

      Run imported =
          cli("catalog", "import", "--config", s.configFile().toString(), file.toString());

      assertThat(imported.exit()).as(imported.err()).isZero();
      assertThat(imported.out()).contains("1 version(s) published").contains("1 deployment(s)");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> s.server().routes().current().route("weather") != null);
      HttpResponse<String> init =
          s.send(
              "POST",
              "/mcp/weather",
              null,
              "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
                  + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
      assertThat(init.statusCode()).isEqualTo(200);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> s.server().catalog().deployments().list(null, null).getFirst().status(),
              DeploymentStatus.READY::equals);

      Path exported = dir.resolve("export.json");
      assertThat(
              cli(
                      "catalog",
                      "export",
                      "--config",
                      s.configFile().toString(),
                      "--output",
                      exported.toString())
                  .exit())
          .isZero();
      assertThat(Files.readString(exported))
          .contains("\"route\" : \"weather\"")
          .contains("\"gatehouse-catalog\" : 1");
      Run yaml = cli("catalog", "export", "--config", s.configFile().toString());
      assertThat(yaml.out()).startsWith("gatehouse-catalog: 1").contains("route: weather");
    }
  }

  @Test
  void a_failed_cli_import_names_the_file_and_field_and_writes_nothing() throws Exception {
    Path config =
        java.nio.file.Files.writeString(
            dir.resolve("gatehouse.yaml"), RunningGatehouse.header(dir));
    Path good = Files.writeString(dir.resolve("good.yaml"), catalogFile("http://127.0.0.1:9/mcp"));
    Path bad =
        Files.writeString(
            dir.resolve("bad.yaml"),
            "gatehouse-catalog: 1\nservers: [{server: {name: x, version: '1'}}]\n");

    Run run =
        cli("catalog", "import", "--config", config.toString(), good.toString(), bad.toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .contains("IMPORT_INVALID")
        .contains(bad + ": servers[0].server.name")
        .contains(bad + ": servers[0].server.description");
    Run export = cli("catalog", "export", "--config", config.toString(), "--format", "json");
    assertThat(export.out()).contains("\"servers\" : [ ]").contains("\"environments\" : [ ]");
  }

  @Test
  void runs_on_postgresql_when_storage_url_names_it() throws Exception {
    try (TestDatabases.Throwaway pg = TestDatabases.postgres();
        RunningGatehouse s =
            RunningGatehouse.start(dir, "storage: {url: '" + pg.jdbcUrl() + "'}\n")) {
      assertThat(
              s.send("POST", "/v0.1/publish", RunningGatehouse.ADMIN_TOKEN, PUBLISH).statusCode())
          .isEqualTo(200);
      assertThat(s.get("/v0.1/servers", null).body()).contains("io.github.user/weather");
      assertThat(Files.exists(dir.resolve("data/gatehouse.db"))).isFalse();
    }
  }

  @Test
  void refuses_to_start_on_a_store_it_cannot_use_naming_the_key() {
    assertThatThrownBy(
            () ->
                RunningGatehouse.start(
                    dir, "storage: {url: 'jdbc:mysql://db/gatehouse?password=hunter2'}\n"))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> {
              assertThat(e.code()).isEqualTo(StoreException.CONFIG);
              assertThat(e.getMessage()).startsWith("storage.url: ").doesNotContain("hunter2");
            });
  }
}
