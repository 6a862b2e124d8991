package io.gatehouse.connect.oauth;

import static java.util.Objects.requireNonNull;

import io.gatehouse.core.Secret;
import java.net.URI;
import java.security.PrivateKey;

/** How a client obtains its token once it knows the authorization server. */
public sealed interface Grant {
  /**
   * The authorization code grant with PKCE, for access on behalf of a user: the client is
   * registered as {@code registration} says and the user's agent is {@code authorizer}.
   */
  record AuthorizationCode(ClientRegistration registration, Authorizer authorizer)
      implements Grant {
    public AuthorizationCode {
      requireNonNull(registration, "registration");
      requireNonNull(authorizer, "authorizer");
    }
  }

  /**
   * The client credentials grant (OAuth 2.1 §4.2, the MCP client credentials extension) with a
   * client secret, sent as the server's metadata prefers.
   */
  record ClientSecret(String clientId, Secret secret) implements Grant {
    public ClientSecret {
      requireNonNull(clientId, "clientId");
      requireNonNull(secret, "secret");
    }
  }

  /**
   * The client credentials grant authenticated with {@code private_key_jwt} (RFC 7523 §2.2), the
   * assertion's audience the authorization server's issuer.
   */
  record ClientKey(String clientId, PrivateKey key, String alg) implements Grant {
    public ClientKey {
      requireNonNull(clientId, "clientId");
      requireNonNull(key, "key");
      requireNonNull(alg, "alg");
    }

    @Override
    public String toString() {
      return "ClientKey[clientId=" + clientId + ", alg=" + alg + "]";
    }
  }

  /**
   * Cross-app access (SEP-990, Enterprise-Managed Authorization): the user's identity assertion
   * from the enterprise identity provider is exchanged there (RFC 8693) for an identity assertion
   * authorization grant (ID-JAG), which the MCP server's authorization server takes as an RFC 7523
   * JWT bearer grant from this client.
   *
   * @param idpTokenEndpoint the identity provider's token endpoint
   * @param idpClientId this client's id at the identity provider
   * @param idToken the user's ID token from the identity provider
   */
  record CrossAppAccess(
      URI idpTokenEndpoint,
      String idpClientId,
      Secret idToken,
      String clientId,
      Secret clientSecret)
      implements Grant {
    public CrossAppAccess {
      requireNonNull(idpTokenEndpoint, "idpTokenEndpoint");
      requireNonNull(idpClientId, "idpClientId");
      requireNonNull(idToken, "idToken");
      requireNonNull(clientId, "clientId");
      requireNonNull(clientSecret, "clientSecret");
    }
  }
}
