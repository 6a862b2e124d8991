package io.gatehouse.server;

import io.gatehouse.catalog.AttachedAuthScheme;
import io.gatehouse.catalog.AuthScheme;
import io.gatehouse.catalog.Catalog;
import io.gatehouse.catalog.CatalogException;
import io.gatehouse.catalog.Deployment;
import io.gatehouse.catalog.VersionRef;
import io.gatehouse.connect.CatalogSource;
import java.util.List;
import java.util.Optional;

/**
 * The catalog as connections see it: a version's deployment in an environment (its upstream, never
 * the gateway route) and the version's auth schemes, mapped to the connections' own words. Only
 * deployments of the connection's own project are offered, since the answer shows their upstream.
 */
final class CatalogConnections implements CatalogSource {
  private final Catalog catalog;

  CatalogConnections(Catalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public Optional<Upstream> find(
      String project, String server, String version, String environment) {
    Optional<Deployment> d =
        catalog.deployments().list(server, environment).stream()
            .filter(x -> x.version().version().equals(version) && x.project().equals(project))
            .findFirst();
    if (d.isEmpty()) {
      return Optional.empty();
    }
    List<AttachedAuthScheme> schemes;
    try {
      schemes = catalog.authSchemes().of(new VersionRef(server, version));
    } catch (CatalogException e) {
      return Optional.empty();
    }
    return Optional.of(
        new Upstream(
            d.get().upstreamUrl(),
            d.get().transport().configName(),
            schemes.stream().map(a -> scheme(a.scheme())).toList()));
  }

  private static Scheme scheme(AuthScheme s) {
    return switch (s) {
      case AuthScheme.ApiKey k ->
          new Scheme.ApiKey(k.name(), k.in() == AuthScheme.Location.HEADER, k.parameter());
      case AuthScheme.OAuth2 o ->
          new Scheme.OAuth2(o.name(), o.authorizationUrl(), o.tokenUrl(), o.scopes(), o.clientId());
      case AuthScheme.HttpBearer b -> new Scheme.Bearer(b.name());
    };
  }
}
