package io.gatehouse.connect.oauth;

import static java.util.Objects.requireNonNull;

import io.gatehouse.connect.Diagnosis;
import io.gatehouse.connect.McpFailure;
import io.gatehouse.core.Secret;
import io.gatehouse.core.net.Egress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Asks an authorization server's token endpoint for a token (OAuth 2.1 §3.2): any grant ({@code
 * client_credentials}, {@code authorization_code} with its PKCE {@code code_verifier}, {@code
 * refresh_token}, ...) with the client authenticated as {@link ClientAuth} says. The grant's
 * parameters, {@code scope}, {@code resource} (RFC 8707) and {@code audience} included, are the
 * caller's; this class adds only the client authentication. A refusal is an {@link McpFailure} with
 * {@link Diagnosis#TOKEN_FAILED} carrying the server's {@code error} and {@code error_description},
 * never a secret.
 */
public final class TokenEndpoint {
  private final OAuthHttp http;

  /** Connects only where {@code egress} allows, each request waiting at most {@code timeout}. */
  public TokenEndpoint(Egress egress, Duration timeout) {
    this(new OAuthHttp(egress, timeout));
  }

  TokenEndpoint(OAuthHttp http) {
    this.http = requireNonNull(http, "http");
  }

  /**
   * POSTs {@code grantParams} (which must hold {@code grant_type}) to {@code tokenUrl}, with the
   * client authenticated by {@code auth}.
   */
  public TokenResponse request(URI tokenUrl, ClientAuth auth, Map<String, String> grantParams)
      throws McpFailure {
    requireNonNull(tokenUrl, "tokenUrl");
    requireNonNull(auth, "auth");
    String grant = requireNonNull(grantParams, "grantParams").get("grant_type");
    if (grant == null) {
      throw new IllegalArgumentException("grantParams: no grant_type (expected: a grant type)");
    }
    Map<String, String> form = new LinkedHashMap<>(grantParams);
    HttpRequest.Builder b = http.formPost(tokenUrl);
    switch (auth) {
      case ClientAuth.Basic a -> b.header("Authorization", basic(a.clientId(), a.secret()));
      case ClientAuth.Post a -> {
        form.put("client_id", a.clientId());
        form.put("client_secret", a.secret().reveal());
      }
      case ClientAuth.None a -> form.put("client_id", a.clientId());
      case ClientAuth.PrivateKeyJwt a -> {
        form.put("client_id", a.clientId());
        form.put("client_assertion_type", ClientAssertion.TYPE);
        form.put("client_assertion", ClientAssertion.sign(a, tokenUrl));
      }
    }
    OAuthHttp.Answer answer = http.send(b, form, tokenUrl);
    JsonNode body = answer.json();
    if (answer.status() / 100 != 2) {
      throw refused(tokenUrl, grant, answer.status(), body, auth, form);
    }
    String access = text(body, "access_token");
    if (access == null) {
      throw new McpFailure(
          Diagnosis.TOKEN_FAILED,
          tokenUrl + " answered the " + grant + " grant without an access_token",
          Map.of("grantType", grant));
    }
    String refresh = text(body, "refresh_token");
    return new TokenResponse(
        Secret.of(access),
        text(body, "token_type") == null ? "Bearer" : text(body, "token_type"),
        body.path("expires_in").canConvertToLong()
            ? Duration.ofSeconds(body.path("expires_in").asLong())
            : null,
        text(body, "scope"),
        refresh == null ? null : Secret.of(refresh));
  }

  /** RFC 6749 §2.3.1: id and secret are form-encoded before they are joined and encoded. */
  private static String basic(String id, Secret secret) {
    String pair = OAuthHttp.formEncode(id) + ":" + OAuthHttp.formEncode(secret.reveal());
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(OAuthHttp.UTF_8));
  }

  private static McpFailure refused(
      URI url, String grant, int status, JsonNode body, ClientAuth auth, Map<String, String> form) {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("grantType", grant);
    facts.put("status", Integer.toString(status));
    String error = OAuthHttp.scrub(text(body, "error"), auth, form);
    String description = OAuthHttp.scrub(text(body, "error_description"), auth, form);
    if (error != null) {
      facts.put("error", error);
    }
    if (description != null) {
      facts.put("errorDescription", description);
    }
    return new McpFailure(
        Diagnosis.TOKEN_FAILED,
        url
            + " refused the "
            + grant
            + " grant (HTTP "
            + status
            + (error == null ? "" : ", " + error)
            + (description == null ? "" : ": " + description)
            + ")",
        facts);
  }

  static String text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isString() && !v.stringValue().isEmpty() ? v.stringValue() : null;
  }
}
