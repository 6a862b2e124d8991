package io.gatehouse.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.UpstreamDefinition;
import io.gatehouse.gateway.UpstreamTransport;
import io.gatehouse.testkit.ConformanceFixtureServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Catalog and gateway together: deployments become routes at once, and their tools land in the
 * catalog.
 */
class CatalogGatewayTest {
  static final String NAME = "io.github.user/weather";
  ConformanceFixtureServer upstream;
  CatalogUnderTest server;

  @BeforeEach
  void start() {
    upstream = ConformanceFixtureServer.start();
    server = CatalogUnderTest.start();
    server.catalog.registry().publish(Docs.withRemote(NAME, "1.0.0", upstream.url().toString()));
    assertThat(admin("POST", "/environments", "{\"name\":\"prod\",\"kind\":\"prod\"}").status())
        .isEqualTo(201);
  }

  @AfterEach
  void stop() {
    server.close();
    upstream.close();
  }

  Http.Answer admin(String method, String path, String body) {
    return Http.send(method, server.url("/admin/v1" + path), CatalogUnderTest.TOKEN, body);
  }

  Http.Answer deploy(String route, URI upstreamUrl) {
    return admin(
        "POST",
        "/deployments",
        "{\"server\":\""
            + NAME
            + "\",\"version\":\"1.0.0\",\"environment\":\"prod\",\"route\":\""
            + route
            + "\",\"upstream\":{\"url\":\""
            + upstreamUrl
            + "\",\"transport\":\"streamable-http\"}}");
  }

  Http.Answer initialize(String route) {
    return Http.send(
        HttpRequest.newBuilder(server.url("/mcp/" + route))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
                        + "\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}")));
  }

  JsonNode awaitStatus(String id, String status) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> admin("GET", "/deployments/" + id, null).json().path("status").asString(),
            status::equals);
    return admin("GET", "/deployments/" + id, null).json();
  }

  @Test
  void a_deployment_is_served_at_once_and_its_tools_are_catalogued() {
    Http.Answer created = deploy("weather", upstream.url());
    assertThat(created.status()).isEqualTo(201);

    Http.Answer init = initialize("weather");
    assertThat(init.status()).isEqualTo(200);
    assertThat(init.raw().body()).contains("\"serverInfo\"");

    String id = created.json().path("id").asString();
    JsonNode ready = awaitStatus(id, "ready");
    assertThat(ready.path("toolsDiscoveredAt").asString()).isNotBlank();
    List<String> tools =
        admin("GET", "/deployments/" + id + "/tools", null)
            .json()
            .path("tools")
            .valueStream()
            .map(t -> t.path("name").asString())
            .toList();
    assertThat(tools).contains("test_simple_text", "test_image_content");
    assertThat(admin("GET", "/tools?search=image%20content", null).json().path("tools"))
        .extracting(t -> t.path("name").asString() + "@" + t.path("route").asString())
        .contains("test_image_content@weather");
  }

  @Test
  void the_registry_advertises_the_gateway_url_never_the_upstream_url() {
    String id = deploy("weather", upstream.url()).json().path("id").asString();
    awaitStatus(id, "ready");

    Http.Answer latest =
        Http.get(server.url("/v0.1/servers/io.github.user%2Fweather/versions/latest"));

    OpenApiSchemas.assertValid("ServerResponse", latest.json());
    assertThat(latest.json().path("server").path("remotes"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.path("type").asString()).isEqualTo("streamable-http");
              assertThat(r.path("url").asString()).isEqualTo(server.url() + "/mcp/weather");
            });
    assertThat(latest.raw().body()).doesNotContain(":" + upstream.port());
    JsonNode deployment =
        latest.json().path("_meta").path("io.gatehouse/catalog").path("deployments").get(0);
    assertThat(deployment.path("environment").asString()).isEqualTo("prod");
    assertThat(deployment.path("tools"))
        .extracting(t -> t.path("name").asString())
        .contains("test_simple_text");
    Http.Answer list = Http.get(server.url("/v0.1/servers?version=latest"));
    OpenApiSchemas.assertValid("ServerList", list.json());
    assertThat(list.raw().body()).doesNotContain(":" + upstream.port());
  }

  @Test
  void a_failed_discovery_is_recorded_on_the_deployment_with_its_key() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }

    String id =
        deploy("broken", URI.create("http://127.0.0.1:" + closed + "/mcp"))
            .json()
            .path("id")
            .asString();

    JsonNode failed = awaitStatus(id, "failed");
    assertThat(failed.path("error").path("code").asString()).isEqualTo("UPSTREAM_UNAVAILABLE");
    assertThat(failed.path("error").path("message").asString()).isNotBlank();
  }

  @Test
  void rediscovering_after_a_failure_recovers_the_tools() throws IOException {
    String id = deploy("weather", upstream.url()).json().path("id").asString();
    awaitStatus(id, "ready");

    Http.Answer again = admin("POST", "/deployments/" + id + "/discover", null);

    assertThat(again.status()).isEqualTo(202);
    awaitStatus(id, "ready");
    assertThat(admin("GET", "/deployments/" + id + "/tools", null).json().path("tools"))
        .isNotEmpty();
  }

  @Test
  void deleting_the_deployment_or_the_version_withdraws_the_route() {
    String id = deploy("weather", upstream.url()).json().path("id").asString();
    assertThat(initialize("weather").status()).isEqualTo(200);

    server
        .catalog
        .registry()
        .setStatus(
            new VersionRef(NAME, "1.0.0"), new StatusChange(VersionStatus.DELETED, "retired"));
    assertThat(initialize("weather").status()).isEqualTo(404);
    server
        .catalog
        .registry()
        .setStatus(new VersionRef(NAME, "1.0.0"), new StatusChange(VersionStatus.ACTIVE, null));
    assertThat(initialize("weather").status()).isEqualTo(200);

    assertThat(admin("DELETE", "/deployments/" + id, null).status()).isEqualTo(204);
    assertThat(initialize("weather").status()).isEqualTo(404);
  }

  @Test
  void refuses_a_route_the_configuration_file_already_serves() {
    server.routes.publish(
        "config",
        List.of(
            RouteDefinition.of(
                "weather", UpstreamDefinition.of(upstream.url(), UpstreamTransport.AUTO))));

    Http.Answer taken = deploy("weather", upstream.url());

    assertThat(taken.status()).isEqualTo(409);
    assertThat(taken.json().path("error").path("code").asString()).isEqualTo("ROUTE_TAKEN");
  }

  @Test
  void
      a_deployment_whose_route_the_configuration_file_serves_waits_failed_until_the_route_is_free() {
    server.routes.publish(
        "config",
        List.of(
            RouteDefinition.of(
                "weather", UpstreamDefinition.of(upstream.url(), UpstreamTransport.AUTO))));
    try (Catalog elsewhere = Catalog.open(server.store.database(), CatalogSettings.offline())) {
      elsewhere
          .deployments()
          .create(
              new NewDeployment(
                  new VersionRef(NAME, "1.0.0"),
                  "prod",
                  upstream.url(),
                  DeploymentTransport.STREAMABLE_HTTP,
                  "weather"));
    }
    String id = server.catalog.deployments().list(NAME, "prod").getFirst().id();

    JsonNode failed = awaitStatus(id, "failed");
    assertThat(failed.path("error").path("code").asString()).isEqualTo("ROUTE_TAKEN");
    assertThat(server.routes.current().route("weather").source()).isNotEqualTo("catalog");

    server.routes.publish("config", List.of());
    awaitStatus(id, "ready");
    assertThat(server.routes.current().route("weather").source()).isEqualTo("catalog");
  }

  @Test
  void changes_written_by_another_process_reach_the_gateway_without_a_restart() {
    try (Catalog elsewhere = Catalog.open(server.store.database(), CatalogSettings.offline())) {
      elsewhere
          .deployments()
          .create(
              new NewDeployment(
                  new VersionRef(NAME, "1.0.0"),
                  "prod",
                  upstream.url(),
                  DeploymentTransport.STREAMABLE_HTTP,
                  "imported"));
    }

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> server.routes.current().route("imported") != null);
    assertThat(initialize("imported").status()).isEqualTo(200);
    String id = server.catalog.deployments().list(NAME, "prod").getFirst().id();
    awaitStatus(id, "ready");
  }
}
