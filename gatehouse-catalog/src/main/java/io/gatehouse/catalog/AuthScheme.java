package io.gatehouse.catalog;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.List;

/**
 * How a client authenticates to a version. It names where credentials go and which OAuth endpoints
 * and scopes apply; it never holds a secret value.
 */
public sealed interface AuthScheme {
  /** A name unique within the version, such as {@code default} or {@code partner-key}. */
  String name();

  /** Free text, or null. */
  String description();

  /** The wire spelling of the variant: {@code api-key}, {@code oauth2}, {@code http-bearer}. */
  String type();

  /** An API key sent in a header or a query parameter. */
  record ApiKey(String name, Location in, String parameter, String description)
      implements AuthScheme {
    public ApiKey {
      requireNonNull(name, "name");
      requireNonNull(in, "in");
      requireNonNull(parameter, "parameter");
    }

    @Override
    public String type() {
      return "api-key";
    }
  }

  /** Where an API key goes. */
  enum Location {
    HEADER,
    QUERY
  }

  /**
   * OAuth 2.0 (authorization code or client credentials) against these endpoints, asking for these
   * scopes; {@code clientId}, when set, is the (public) client registered for Gatehouse there, so
   * connections made from the scheme only ask their users to consent (managed OAuth).
   */
  record OAuth2(
      String name,
      URI authorizationUrl,
      URI tokenUrl,
      List<String> scopes,
      String description,
      String clientId)
      implements AuthScheme {
    public OAuth2 {
      requireNonNull(name, "name");
      requireNonNull(tokenUrl, "tokenUrl");
      scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }

    public OAuth2(
        String name, URI authorizationUrl, URI tokenUrl, List<String> scopes, String description) {
      this(name, authorizationUrl, tokenUrl, scopes, description, null);
    }

    @Override
    public String type() {
      return "oauth2";
    }
  }

  /** {@code Authorization: Bearer <token>}; the format (such as JWT) is a hint. */
  record HttpBearer(String name, String bearerFormat, String description) implements AuthScheme {
    public HttpBearer {
      requireNonNull(name, "name");
    }

    @Override
    public String type() {
      return "http-bearer";
    }
  }
}
