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
   * @param clientSecret the vault secret holding the client secret, or (for {@code
   *     private_key_jwt}) the client's PKCS#8 private key in PEM
   * @param method {@code client_secret_basic}, {@code client_secret_post} or {@code
   *     private_key_jwt}
   * @param scopes the scopes asked for, none to take the server's default
   * @param resource the RFC 8707 resource indicator, or null
   * @param audience the {@code audience} parameter some servers take instead, or null
   * @param keyId for {@code private_key_jwt}: the {@code kid} naming the key at the server, or null
   * @param assertionAudience for {@code private_key_jwt}: the assertion's {@code aud} (the server's
   *     issuer), or null for the token URL
   */
  record ClientCredentials(
      URI tokenUrl,
      String clientId,
      String clientSecret,
      String method,
      List<String> scopes,
      String resource,
      String audience,
      String keyId,
      String assertionAudience)
      implements ConnectionAuth {
    public static final String BASIC = "client_secret_basic";
    public static final String POST = "client_secret_post";
    public static final String PRIVATE_KEY_JWT = "private_key_jwt";

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
   * @param identity {@code project:NAME}, {@code agent:PROJECT/NAME}, or {@link #CALLING_AGENT} for
   *     the identity of the agent making each call
   * @param audience the {@code aud} the upstream expects
   * @param exchange where to get the identity's tokens instead of signing them here, or null
   */
  record Workload(String identity, String audience, Exchange exchange) implements ConnectionAuth {
    /** The identity of "the agent making the call": its own once published, else its project's. */
    public static final String CALLING_AGENT = "agent";

    /** Whether each call speaks as the agent making it ({@code CallingAgent} on the exchange). */
    public boolean callingAgent() {
      return CALLING_AGENT.equals(identity);
    }

    @Override
    public String type() {
      return "workload";
    }
  }

  /**
   * Tokens for a workload identity from an external authorization server: the client credentials
   * grant, the client authenticated by {@code private_key_jwt} signed with Gatehouse's workload key
   * (the server knows Gatehouse's keys from {@code /.well-known/jwks.json}).
   *
   * @param clientId the identity's client at that server
   * @param scopes the scopes asked for, none for the server's default
   * @param resource the RFC 8707 resource indicator, or null
   * @param audience the {@code audience} parameter, or null
   * @param assertionAudience the client assertion's {@code aud}: the server's issuer identifier, or
   *     null for the token URL (servers differ in which they take)
   */
  record Exchange(
      URI tokenUrl,
      String clientId,
      List<String> scopes,
      String resource,
      String audience,
      String assertionAudience) {
    public Exchange {
      scopes = List.copyOf(scopes);
    }
  }

  /**
   * Per-user OAuth (identity passthrough): each user consents once, through the authorization
   * server, and Gatehouse sends that user's own token upstream, refreshing it as it expires.
   *
   * @param authorizationUrl where users consent, or null to discover it (and the token URL)
   * @param refreshUrl where refresh tokens are redeemed (the token URL unless given)
   * @param clientId Gatehouse's client there, or null to register one dynamically (discovered)
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

    /**
     * Whether the servers are found as the MCP authorization spec says (the upstream's Protected
     * Resource Metadata, then the authorization server's metadata) rather than configured.
     */
    public boolean discovered() {
      return authorizationUrl == null;
    }

    @Override
    public String type() {
      return "oauth-user";
    }
  }
}
