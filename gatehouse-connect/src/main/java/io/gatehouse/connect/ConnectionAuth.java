package io.gatehouse.connect;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * How Gatehouse authenticates to a connection's upstream. Secret parts are never held here: they
 * are names of vault secrets of the connection's project ({@code ${secret:NAME}} in templates).
 */
public sealed interface ConnectionAuth {
  /**
   * The configuration spelling: {@code none}, {@code key}, {@code oauth-client-credentials}, {@code
   * workload}.
   */
  String type();

  /** No credential. */
  record None() implements ConnectionAuth {
    @Override
    public String type() {
      return "none";
    }
  }

  /**
   * Keys in headers or query parameters (such as {@code Authorization: Bearer ${secret:pat}},
   * {@code X-API-Key: ${secret:key}} or {@code ?code=${secret:function-key}}).
   *
   * @param headers header name to value template
   * @param query query parameter name to value template
   * @param overlap how long after a secret gets a new version its previous one is still tried, when
   *     the upstream refuses the new one with 401 (a key rotated here before the upstream knows
   *     it); zero for never
   * @param expiresAt when the key stops working upstream, warned about ahead; null when unknown
   */
  record Key(
      Map<String, String> headers,
      Map<String, String> query,
      java.time.Duration overlap,
      java.time.Instant expiresAt)
      implements ConnectionAuth {
    public Key {
      headers = Map.copyOf(headers);
      query = Map.copyOf(query);
      overlap = overlap == null ? java.time.Duration.ZERO : overlap;
    }

    public Key(Map<String, String> headers, Map<String, String> query) {
      this(headers, query, java.time.Duration.ZERO, null);
    }

    @Override
    public String type() {
      return "key";
    }
  }

  /**
   * OAuth 2.0 client credentials (RFC 6749 §4.4): Gatehouse asks {@code tokenUrl} for a token and
   * sends it as {@code Authorization: Bearer}. Tokens are cached until shortly before they expire.
   *
   * @param clientSecret the vault secret holding the client secret
   * @param method {@code client_secret_basic} or {@code client_secret_post}
   * @param scopes the scopes asked for, none to take the server's default
   * @param resource the RFC 8707 resource indicator, or null
   * @param audience the {@code audience} parameter some servers take instead, or null
   */
  record ClientCredentials(
      URI tokenUrl,
      String clientId,
      String clientSecret,
      String method,
      List<String> scopes,
      String resource,
      String audience)
      implements ConnectionAuth {
    public static final String BASIC = "client_secret_basic";
    public static final String POST = "client_secret_post";

    public ClientCredentials {
      scopes = List.copyOf(scopes);
    }

    @Override
    public String type() {
      return "oauth-client-credentials";
    }
  }

  /**
   * A workload identity of Gatehouse: a short-lived JWT signed by Gatehouse itself (keys at {@code
   * /.well-known/jwks.json}) whose subject is the identity.
   *
   * @param identity {@code project:NAME} or {@code agent:NAME}
   * @param audience the {@code aud} the upstream expects
   */
  record Workload(String identity, String audience) implements ConnectionAuth {
    @Override
    public String type() {
      return "workload";
    }
  }

  /**
   * Per-user OAuth (identity passthrough): each user consents once, through the authorization
   * server, and Gatehouse sends that user's own token upstream, refreshing it as it expires.
   *
   * @param refreshUrl where refresh tokens are redeemed (the token URL unless given)
   * @param clientSecret the vault secret holding the client secret, or null for a public client
   * @param method {@code client_secret_basic}, {@code client_secret_post} or {@code none}
   * @param resource the RFC 8707 resource indicator asked for (the connection's URL unless given)
   */
  record UserOAuth(
      URI authorizationUrl,
      URI tokenUrl,
      URI refreshUrl,
      String clientId,
      String clientSecret,
      String method,
      List<String> scopes,
      String resource)
      implements ConnectionAuth {
    public static final String NONE = "none";

    public UserOAuth {
      scopes = List.copyOf(scopes);
    }

    @Override
    public String type() {
      return "oauth-user";
    }
  }
}
