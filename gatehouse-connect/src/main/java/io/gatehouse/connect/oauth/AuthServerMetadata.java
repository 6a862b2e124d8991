package io.gatehouse.connect.oauth;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What the client needs of an authorization server's metadata (RFC 8414 §2, or OpenID Connect
 * Discovery). Lists are empty when the server does not say.
 *
 * @param issuer the issuer identifier; for a 2025-03-26 server without metadata, its base URL
 * @param registrationEndpoint null when the server offers no dynamic client registration
 * @param clientIdMetadataDocumentSupported whether a URL may serve as {@code client_id} (CIMD)
 * @param issParameterSupported whether the server says it puts {@code iss} in its authorization
 *     responses ({@code authorization_response_iss_parameter_supported}, RFC 9207 §3)
 */
public record AuthServerMetadata(
    String issuer,
    URI authorizationEndpoint,
    URI tokenEndpoint,
    URI registrationEndpoint,
    List<String> codeChallengeMethodsSupported,
    List<String> tokenEndpointAuthMethodsSupported,
    List<String> grantTypesSupported,
    List<String> scopesSupported,
    boolean clientIdMetadataDocumentSupported,
    boolean issParameterSupported) {
  public AuthServerMetadata {
    codeChallengeMethodsSupported = List.copyOf(codeChallengeMethodsSupported);
    tokenEndpointAuthMethodsSupported = List.copyOf(tokenEndpointAuthMethodsSupported);
    grantTypesSupported = List.copyOf(grantTypesSupported);
    scopesSupported = List.copyOf(scopesSupported);
  }

  /** Metadata of a server that does not say whether it sends {@code iss}. */
  public AuthServerMetadata(
      String issuer,
      URI authorizationEndpoint,
      URI tokenEndpoint,
      URI registrationEndpoint,
      List<String> codeChallengeMethodsSupported,
      List<String> tokenEndpointAuthMethodsSupported,
      List<String> grantTypesSupported,
      List<String> scopesSupported,
      boolean clientIdMetadataDocumentSupported) {
    this(
        issuer,
        authorizationEndpoint,
        tokenEndpoint,
        registrationEndpoint,
        codeChallengeMethodsSupported,
        tokenEndpointAuthMethodsSupported,
        grantTypesSupported,
        scopesSupported,
        clientIdMetadataDocumentSupported,
        false);
  }

  /** Reads a metadata document; null when it has no token endpoint. */
  static AuthServerMetadata from(JsonNode json) {
    URI token = uri(json.path("token_endpoint"));
    if (token == null) {
      return null;
    }
    return new AuthServerMetadata(
        TokenEndpoint.text(json, "issuer"),
        uri(json.path("authorization_endpoint")),
        token,
        uri(json.path("registration_endpoint")),
        strings(json, "code_challenge_methods_supported"),
        strings(json, "token_endpoint_auth_methods_supported"),
        strings(json, "grant_types_supported"),
        strings(json, "scopes_supported"),
        json.path("client_id_metadata_document_supported").asBoolean(false),
        json.path("authorization_response_iss_parameter_supported").asBoolean(false));
  }

  /**
   * The client authentication to use with a secret: {@code client_secret_basic} unless the server
   * lists only {@code client_secret_post} (RFC 8414 §2: the default is basic).
   */
  String secretMethod() {
    List<String> m = tokenEndpointAuthMethodsSupported;
    return m.isEmpty() || m.contains("client_secret_basic") || !m.contains("client_secret_post")
        ? "client_secret_basic"
        : "client_secret_post";
  }

  static URI uri(JsonNode n) {
    if (!n.isString()) {
      return null;
    }
    try {
      URI u = URI.create(n.stringValue());
      return u.isAbsolute() && u.getHost() != null ? u : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static List<String> strings(JsonNode json, String field) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : json.path(field)) {
      if (n.isString()) {
        out.add(n.stringValue());
      }
    }
    return out;
  }
}
