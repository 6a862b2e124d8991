package io.gatehouse.catalog;

import static io.gatehouse.catalog.RegistryContract.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.catalog.AccessRule.Action;
import io.gatehouse.core.Problem;
import io.gatehouse.store.testing.TestDatabases;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * Environments, deployments, auth schemes, access rules and tool snapshots on a real store; one
 * subclass per database.
 */
abstract class AdminContract {
  static final VersionRef WEATHER = new VersionRef("io.github.user/weather", "1.0.0");
  final TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
  TestDatabases.Throwaway store;
  Catalog catalog;

  abstract TestDatabases.Throwaway open();

  @BeforeEach
  void openCatalog() {
    store = open();
    catalog = Catalog.open(store.database(), CatalogSettings.offline().withClock(clock));
    catalog.registry().publish(Docs.server(WEATHER.server(), WEATHER.version()));
    catalog.environments().create("prod", EnvironmentKind.PROD, "Production");
  }

  @AfterEach
  void dropStore() {
    if (store != null) {
      store.close();
    }
  }

  Deployment deploy(VersionRef v, String env, String route) {
    return catalog
        .deployments()
        .create(
            new NewDeployment(
                v,
                env,
                URI.create("http://10.0.0.5:8080/mcp"),
                DeploymentTransport.STREAMABLE_HTTP,
                route));
  }

  long revision() {
    return catalog.database().read(io.gatehouse.catalog.internal.RevisionRows::current);
  }

  @Test
  void creates_updates_and_deletes_environments() {
    catalog.environments().create("staging-eu", EnvironmentKind.STAGING, null);
    catalog.environments().update("staging-eu", EnvironmentKind.TEST, "EU test");

    assertThat(catalog.environments().list())
        .extracting(Environment::name)
        .containsExactly("prod", "staging-eu");
    assertThat(catalog.environments().get("staging-eu").kind()).isEqualTo(EnvironmentKind.TEST);
    assertRefused(
        () -> catalog.environments().create("prod", EnvironmentKind.PROD, null),
        CatalogErrors.ENVIRONMENT_EXISTS);
    assertRefused(
        () -> catalog.environments().create("Prod EU", EnvironmentKind.PROD, null),
        CatalogErrors.INVALID_REQUEST);

    catalog.environments().delete("staging-eu");
    assertRefused(
        () -> catalog.environments().get("staging-eu"), CatalogErrors.ENVIRONMENT_NOT_FOUND);
  }

  @Test
  void refuses_to_delete_an_environment_with_deployments() {
    deploy(WEATHER, "prod", "weather");

    assertRefused(() -> catalog.environments().delete("prod"), CatalogErrors.ENVIRONMENT_IN_USE);
  }

  @Test
  void creates_a_pending_deployment_bumps_the_revision_and_marks_the_version_updated() {
    long before = revision();
    Instant at = clock.advance(Duration.ofMinutes(1));

    Deployment d = deploy(WEATHER, "prod", "weather");

    assertThat(d.status()).isEqualTo(DeploymentStatus.PENDING);
    assertThat(catalog.deployments().get(d.id())).isEqualTo(d);
    assertThat(catalog.deployments().list(WEATHER.server(), null)).containsExactly(d);
    assertThat(revision()).isGreaterThan(before);
    assertThat(catalog.registry().version(WEATHER.server(), WEATHER.version(), false).updatedAt())
        .isEqualTo(at);
  }

  @Test
  void refuses_deployments_that_cannot_be_served() {
    deploy(WEATHER, "prod", "weather");
    catalog.registry().publish(Docs.server(WEATHER.server(), "2.0.0"));
    VersionRef two = new VersionRef(WEATHER.server(), "2.0.0");

    assertRefused(() -> deploy(two, "prod", "weather"), CatalogErrors.ROUTE_TAKEN);
    assertRefused(() -> deploy(WEATHER, "prod", "weather-2"), CatalogErrors.DEPLOYMENT_EXISTS);
    assertRefused(() -> deploy(two, "nowhere", "weather-2"), CatalogErrors.ENVIRONMENT_NOT_FOUND);
    assertRefused(
        () -> deploy(new VersionRef(WEATHER.server(), "9.0.0"), "prod", "weather-9"),
        CatalogErrors.VERSION_NOT_FOUND);
    assertRefused(() -> deploy(two, "prod", "Weather_2"), CatalogErrors.INVALID_REQUEST);
    catalog.registry().setStatus(two, new StatusChange(VersionStatus.DELETED, null));
    assertRefused(() -> deploy(two, "prod", "weather-2"), CatalogErrors.VERSION_DELETED);
    assertThat(catalog.deployments().list(null, null)).hasSize(1);
  }

  @Test
  void a_deployment_naming_a_connection_records_the_connection_and_its_upstream() {
    catalog.bindConnections(
        new FakeConnections()
            .put("default", "weather", "http://127.0.0.1:9000/sse", DeploymentTransport.SSE));

    Deployment d =
        catalog
            .deployments()
            .create(NewDeployment.viaConnection(WEATHER, "prod", "weather", null, "weather"));

    assertThat(d.connection()).isEqualTo("weather");
    assertThat(d.upstreamUrl()).isEqualTo(URI.create("http://127.0.0.1:9000/sse"));
    assertThat(d.transport()).isEqualTo(DeploymentTransport.SSE);
    assertThat(catalog.deployments().get(d.id())).isEqualTo(d);
  }

  @Test
  void refuses_an_unknown_connection_and_both_or_neither_of_upstream_and_connection() {
    catalog.bindConnections(
        new FakeConnections()
            .put("payments", "weather", "http://127.0.0.1:9000/mcp", DeploymentTransport.AUTO));
    URI url = URI.create("http://127.0.0.1:9000/mcp");

    assertRefused(
        () ->
            catalog
                .deployments()
                .create(NewDeployment.viaConnection(WEATHER, "prod", "weather", null, "weather")),
        CatalogErrors.CONNECTION_NOT_FOUND);
    assertThatThrownBy(
            () ->
                catalog
                    .deployments()
                    .create(
                        new NewDeployment(
                            WEATHER, "prod", url, null, "weather", "payments", "weather")))
        .isInstanceOfSatisfying(
            CatalogException.class,
            e -> {
              assertThat(e.error()).isEqualTo(CatalogErrors.INVALID_REQUEST);
              assertThat(e.getMessage()).startsWith("upstream, connection: both are given");
              assertThat(e.details())
                  .extracting(Problem::field)
                  .containsExactly("upstream, connection");
            });
    assertRefused(
        () ->
            catalog
                .deployments()
                .create(new NewDeployment(WEATHER, "prod", null, null, "weather", null, null)),
        CatalogErrors.INVALID_REQUEST);
    assertThat(catalog.deployments().list(null, null)).isEmpty();
  }

  @Test
  void deleting_a_deployment_forgets_its_tools() {
    Deployment d = deploy(WEATHER, "prod", "weather");
    catalog.tools().replace(d.id(), List.of(tool("forecast", "Weather forecast")));

    catalog.deployments().delete(d.id());

    assertRefused(() -> catalog.deployments().get(d.id()), CatalogErrors.DEPLOYMENT_NOT_FOUND);
    assertThat(catalog.tools().search("forecast", 10)).isEmpty();
  }

  @Test
  void stores_a_tool_snapshot_and_marks_the_deployment_ready() {
    Deployment d = deploy(WEATHER, "prod", "weather");
    Tool forecast =
        new Tool(
            "forecast",
            "Forecast",
            "Weather forecast for a city",
            SharedRegistry.JSON.readTree(
                "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}"),
            SharedRegistry.JSON.readTree("{\"readOnlyHint\":true}"));

    catalog.tools().replace(d.id(), List.of(forecast, tool("alerts", null)));
    catalog.tools().replace(d.id(), List.of(forecast));

    assertThat(catalog.tools().of(d.id())).containsExactly(forecast);
    Deployment ready = catalog.deployments().get(d.id());
    assertThat(ready.status()).isEqualTo(DeploymentStatus.READY);
    assertThat(ready.toolsDiscoveredAt()).isNotNull();
  }

  @Test
  void searches_tools_across_the_catalog_by_name_title_or_description() {
    catalog.registry().publish(Docs.server("com.acme/maps", "1.0.0"));
    catalog
        .tools()
        .replace(
            deploy(WEATHER, "prod", "weather").id(),
            List.of(tool("forecast", "Weather FORECAST by city")));
    catalog
        .tools()
        .replace(
            deploy(new VersionRef("com.acme/maps", "1.0.0"), "prod", "maps").id(),
            List.of(tool("route", "Driving directions"), tool("geocode", "City to coordinates")));

    assertThat(catalog.tools().search("city", 10))
        .extracting(m -> m.tool().name(), m -> m.version().server(), ToolMatch::route)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("forecast", WEATHER.server(), "weather"),
            org.assertj.core.groups.Tuple.tuple("geocode", "com.acme/maps", "maps"));
    assertThat(catalog.tools().search("directions", 10))
        .extracting(m -> m.tool().name())
        .containsExactly("route");

    catalog
        .registry()
        .setStatus(
            new VersionRef("com.acme/maps", "1.0.0"),
            new StatusChange(VersionStatus.DELETED, null));
    assertThat(catalog.tools().search("city", 10))
        .extracting(m -> m.tool().name())
        .containsExactly("forecast");
  }

  @Test
  void attaches_each_kind_of_auth_scheme_and_reads_it_back() {
    AuthScheme key =
        new AuthScheme.ApiKey("partner", AuthScheme.Location.HEADER, "X-API-Key", "Partner key");
    AuthScheme oauth =
        new AuthScheme.OAuth2(
            "sso",
            URI.create("https://login.acme.com/authorize"),
            URI.create("https://login.acme.com/token"),
            List.of("weather.read", "weather.write"),
            null);
    AuthScheme bearer = new AuthScheme.HttpBearer("jwt", "JWT", null);

    catalog.authSchemes().attach(WEATHER, key);
    catalog.authSchemes().attach(WEATHER, oauth);
    AttachedAuthScheme b = catalog.authSchemes().attach(WEATHER, bearer);

    assertThat(catalog.authSchemes().of(WEATHER))
        .extracting(AttachedAuthScheme::scheme)
        .containsExactly(bearer, key, oauth);
    assertRefused(
        () -> catalog.authSchemes().attach(WEATHER, bearer), CatalogErrors.AUTH_SCHEME_EXISTS);
    catalog.authSchemes().detach(b.id());
    assertThat(catalog.authSchemes().of(WEATHER)).hasSize(2);
    assertRefused(() -> catalog.authSchemes().detach(b.id()), CatalogErrors.AUTH_SCHEME_NOT_FOUND);
    assertRefused(
        () -> catalog.authSchemes().of(new VersionRef("com.acme/none", "1.0.0")),
        CatalogErrors.VERSION_NOT_FOUND);
  }

  @Test
  void records_who_may_discover_and_use_a_version() {
    AccessRule payments =
        catalog.accessRules().add(WEATHER, "group:payments", Set.of(Action.DISCOVER, Action.USE));
    catalog.accessRules().add(WEATHER, "user:alice", Set.of(Action.DISCOVER));

    assertThat(catalog.accessRules().of(WEATHER))
        .extracting(AccessRule::principal, AccessRule::actions)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "group:payments", Set.of(Action.DISCOVER, Action.USE)),
            org.assertj.core.groups.Tuple.tuple("user:alice", Set.of(Action.DISCOVER)));
    assertRefused(
        () -> catalog.accessRules().add(WEATHER, "group:payments", Set.of(Action.USE)),
        CatalogErrors.ACCESS_RULE_EXISTS);
    assertRefused(
        () -> catalog.accessRules().add(WEATHER, "payments", Set.of(Action.USE)),
        CatalogErrors.INVALID_REQUEST);
    assertRefused(
        () -> catalog.accessRules().add(WEATHER, "user:bob", Set.of()),
        CatalogErrors.INVALID_REQUEST);
    catalog.accessRules().remove(payments.id());
    assertThat(catalog.accessRules().of(WEATHER)).hasSize(1);
  }

  static Tool tool(String name, String description) {
    ObjectNode schema = SharedRegistry.JSON.createObjectNode().put("type", "object");
    return new Tool(name, null, description, schema, null);
  }
}
