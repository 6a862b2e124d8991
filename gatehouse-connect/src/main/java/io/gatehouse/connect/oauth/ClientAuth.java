package io.gatehouse.connect.oauth;

import static java.util.Objects.requireNonNull;

import io.gatehouse.core.Secret;
import java.security.PrivateKey;

/**
 * How a client authenticates to a token endpoint (OAuth 2.1 §2.4, RFC 7523 §2.2); the names are the
 * {@code token_endpoint_auth_method} values of RFC 7591.
 */
public sealed interface ClientAuth {
  String clientId();

  /** The {@code token_endpoint_auth_method} this is. */
  String method();

  /** {@code client_secret_basic}: id and secret in an HTTP Basic header. */
  record Basic(String clientId, Secret secret) implements ClientAuth {
    public Basic {
      requireNonNull(clientId, "clientId");
      requireNonNull(secret, "secret");
    }

    @Override
    public String method() {
      return "client_secret_basic";
    }
  }

  /** {@code client_secret_post}: id and secret in the form body. */
  record Post(String clientId, Secret secret) implements ClientAuth {
    public Post {
      requireNonNull(clientId, "clientId");
      requireNonNull(secret, "secret");
    }

    @Override
    public String method() {
      return "client_secret_post";
    }
  }

  /** {@code none}: a public client, only {@code client_id} in the body. */
  record None(String clientId) implements ClientAuth {
    public None {
      requireNonNull(clientId, "clientId");
    }

    @Override
    public String method() {
      return "none";
    }
  }

  /**
   * {@code private_key_jwt}: a short-lived JWT signed with the client's key (RFC 7523 §2.2).
   *
   * @param alg the JWS algorithm, such as {@code ES256} or {@code RS256}
   * @param audience the {@code aud} claim: the authorization server's issuer, or null for the token
   *     endpoint URL (RFC 7523 §3 allows either)
   * @param keyId the {@code kid} header, naming the key in the client's published key set, or null
   */
  record PrivateKeyJwt(String clientId, PrivateKey key, String alg, String audience, String keyId)
      implements ClientAuth {
    public PrivateKeyJwt {
      requireNonNull(clientId, "clientId");
      requireNonNull(key, "key");
      requireNonNull(alg, "alg");
    }

    /** Without a key id: the server knows one key for the client. */
    public PrivateKeyJwt(String clientId, PrivateKey key, String alg, String audience) {
      this(clientId, key, alg, audience, null);
    }

    @Override
    public String method() {
      return "private_key_jwt";
    }

    @Override
    public String toString() {
      return "PrivateKeyJwt[clientId=" + clientId + ", alg=" + alg + ", audience=" + audience + "]";
    }
  }
}
