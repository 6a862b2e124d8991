package io.gatehouse.connect.oauth;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Protected resource metadata (RFC 9728 §2): which resource the MCP server is, the authorization
 * servers that issue tokens for it, and the scopes it knows.
 *
 * @param resource the resource identifier, to send as RFC 8707 {@code resource}
 * @param authorizationServers issuer URLs, at least one for MCP
 * @param scopesSupported empty when the server lists none
 */
public record ResourceMetadata(
    String resource, List<URI> authorizationServers, List<String> scopesSupported) {
  public ResourceMetadata {
    authorizationServers = List.copyOf(authorizationServers);
    scopesSupported = List.copyOf(scopesSupported);
  }

  /** Reads the document; null when it is not one (no resource, no authorization server). */
  static ResourceMetadata from(JsonNode json) {
    String resource = TokenEndpoint.text(json, "resource");
    List<URI> servers = new ArrayList<>();
    for (JsonNode s : json.path("authorization_servers")) {
      URI u = AuthServerMetadata.uri(s);
      if (u != null) {
        servers.add(u);
      }
    }
    if (resource == null || servers.isEmpty()) {
      return null;
    }
    return new ResourceMetadata(
        resource, servers, AuthServerMetadata.strings(json, "scopes_supported"));
  }
}
