package io.gatehouse.connect.oauth;

import io.gatehouse.connect.Diagnosis;
import io.gatehouse.connect.McpFailure;
import io.gatehouse.core.Secret;
import io.gatehouse.core.net.Egress;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a {@link ClientRegistration} into a client an authorization server knows: the
 * pre-registered one, the metadata document URL where the server supports CIMD, or a dynamic
 * registration (RFC 7591 §3) asking for the authentication method the server supports.
 */
public final class Registrar {
  private final OAuthHttp http;

  public Registrar(Egress egress, Duration timeout) {
    this(new OAuthHttp(egress, timeout));
  }

  Registrar(OAuthHttp http) {
    this.http = http;
  }

  /** The client to use with {@code server}; registers one (RFC 7591) when it has to. */
  public ClientAuth clientFor(AuthServerMetadata server, ClientRegistration reg) throws McpFailure {
    if (reg.clientId() != null) {
      return withSecret(reg.clientId(), reg.clientSecret(), server.secretMethod());
    }
    if (reg.metadataDocument() != null && server.clientIdMetadataDocumentSupported()) {
      return new ClientAuth.None(reg.metadataDocument().toString());
    }
    if (server.registrationEndpoint() == null) {
      throw new McpFailure(
          Diagnosis.AUTHORIZATION_FAILED,
          server.issuer()
              + " offers no client registration: pre-register a client there and configure its id");
    }
    return register(server, reg);
  }

  private ClientAuth register(AuthServerMetadata server, ClientRegistration reg) throws McpFailure {
    String method =
        server.tokenEndpointAuthMethodsSupported().contains("none")
            ? "none"
            : server.secretMethod();
    ObjectNode body = OAuthHttp.JSON.createObjectNode().put("client_name", reg.clientName());
    body.putArray("redirect_uris").add(reg.redirectUri().toString());
    body.putArray("grant_types").add("authorization_code").add("refresh_token");
    body.putArray("response_types").add("code");
    body.put("token_endpoint_auth_method", method);
    body.put("application_type", applicationType(reg.redirectUri()));
    OAuthHttp.Answer a = http.postJson(server.registrationEndpoint(), body);
    JsonNode json = a.json();
    String id = TokenEndpoint.text(json, "client_id");
    if (a.status() / 100 != 2 || id == null) {
      String error = TokenEndpoint.text(json, "error");
      throw new McpFailure(
          Diagnosis.AUTHORIZATION_FAILED,
          server.registrationEndpoint()
              + " refused the client registration (HTTP "
              + a.status()
              + (error == null ? "" : ", " + error)
              + ")",
          error == null ? Map.of() : Map.of("error", error));
    }
    String secret = TokenEndpoint.text(json, "client_secret");
    String granted = TokenEndpoint.text(json, "token_endpoint_auth_method");
    return withSecret(
        id, secret == null ? null : Secret.of(secret), granted != null ? granted : method);
  }

  /**
   * MCP 2026-07-28 (SEP-837): DCR clients MUST send {@code application_type}; {@code native} for a
   * client whose redirect goes to the loopback host (OpenID Connect Registration §2), else {@code
   * web}.
   */
  static String applicationType(java.net.URI redirect) {
    String host = redirect.getHost() == null ? "" : redirect.getHost();
    boolean loopback = host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
    return loopback || !"https".equals(redirect.getScheme()) ? "native" : "web";
  }

  private static ClientAuth withSecret(String id, Secret secret, String method) {
    if (secret == null || "none".equals(method)) {
      return new ClientAuth.None(id);
    }
    return "client_secret_post".equals(method)
        ? new ClientAuth.Post(id, secret)
        : new ClientAuth.Basic(id, secret);
  }
}
