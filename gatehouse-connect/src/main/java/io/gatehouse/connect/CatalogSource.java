package io.gatehouse.connect;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * What a connection made from the catalog needs to know: where a version's deployment in an
 * environment has its upstream, and how clients authenticate to that version. Connections do not
 * depend on the catalog; the server implements this over it.
 */
public interface CatalogSource {
  /**
   * The deployment of {@code server} at {@code version} in {@code environment} that {@code project}
   * may use, or empty when there is none.
   */
  Optional<Upstream> find(String project, String server, String version, String environment);

  /**
   * A deployment's upstream (never the gateway route) and the version's auth schemes.
   *
   * @param transport {@code streamable-http}, {@code sse} or {@code auto}
   */
  record Upstream(URI url, String transport, List<Scheme> schemes) {
    public Upstream {
      requireNonNull(url, "url");
      requireNonNull(transport, "transport");
      schemes = List.copyOf(schemes);
    }
  }

  /** How clients authenticate to a version, as far as a connection needs it. */
  sealed interface Scheme {
    String name();

    /** An API key in a header ({@code inHeader}) or a query parameter named {@code parameter}. */
    record ApiKey(String name, boolean inHeader, String parameter) implements Scheme {}

    /** OAuth 2.0; {@code authorizationUrl} is null for a server that only takes client tokens. */
    record OAuth2(
        String name, URI authorizationUrl, URI tokenUrl, List<String> scopes, String clientId)
        implements Scheme {}

    /** {@code Authorization: Bearer <token>}. */
    record Bearer(String name) implements Scheme {}
  }
}
