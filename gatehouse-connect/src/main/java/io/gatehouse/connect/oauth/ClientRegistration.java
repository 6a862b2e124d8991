package io.gatehouse.connect.oauth;

import static java.util.Objects.requireNonNull;

import io.gatehouse.core.Secret;
import java.net.URI;

/**
 * Who the client is to authorization servers, in the order MCP 2025-11-25 prefers: a pre-registered
 * {@code clientId} (with its secret, or none for a public client); else a Client ID Metadata
 * Document URL, used where the server supports it; else dynamic registration (RFC 7591) as {@code
 * clientName}.
 *
 * @param redirectUri where the authorization server sends the user's agent back with the code
 * @param clientId a pre-registered client id, or null
 * @param clientSecret its secret, or null (a public client)
 * @param metadataDocument an https URL serving this client's metadata (CIMD), or null
 */
public record ClientRegistration(
    String clientName,
    URI redirectUri,
    String clientId,
    Secret clientSecret,
    URI metadataDocument) {
  public ClientRegistration {
    requireNonNull(clientName, "clientName");
    requireNonNull(redirectUri, "redirectUri");
  }

  @Override
  public String toString() {
    return "ClientRegistration[clientName="
        + clientName
        + ", redirectUri="
        + redirectUri
        + ", clientId="
        + clientId
        + ", metadataDocument="
        + metadataDocument
        + "]";
  }
}
