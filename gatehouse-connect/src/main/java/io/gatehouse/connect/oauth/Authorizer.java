package io.gatehouse.connect.oauth;

import io.gatehouse.connect.McpFailure;
import java.net.URI;

/**
 * How the user's agent visits an authorization URL and comes back with the answer. A person does so
 * in a browser (the code then arrives at Gatehouse's callback, see {@link
 * AuthorizationCodeFlow#finish}); {@link HeadlessAuthorizer} does so where the server approves
 * without one.
 */
public interface Authorizer {
  /** The {@code code} and {@code state} the authorization server redirected back with. */
  Callback authorize(URI authorizationUrl, URI redirectUri) throws McpFailure;

  /**
   * The query parameters of the redirect back to the client.
   *
   * @param iss the authorization server's issuer (RFC 9207), or null when the redirect has none
   */
  record Callback(String code, String state, String iss) {
    public Callback(String code, String state) {
      this(code, state, null);
    }

    @Override
    public String toString() {
      return "Callback[code=***, state=" + state + ", iss=" + iss + "]";
    }
  }
}
