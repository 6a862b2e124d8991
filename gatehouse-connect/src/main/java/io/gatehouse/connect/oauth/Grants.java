package io.gatehouse.connect.oauth;

import io.gatehouse.connect.McpFailure;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runs a {@link Grant} against an authorization server; remembers registered clients. */
final class Grants {
  static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
  static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
  private final TokenEndpoint tokens;
  private final Registrar registrar;
  private final AuthorizationCodeFlow flow;
  private final Map<String, ClientAuth> registered = new HashMap<>();

  Grants(OAuthHttp http) {
    this.tokens = new TokenEndpoint(http);
    this.registrar = new Registrar(http);
    this.flow = new AuthorizationCodeFlow(tokens);
  }

  TokenEndpoint tokens() {
    return tokens;
  }

  /**
   * A token for {@code resource} from {@code server}.
   *
   * @param scope the scope to ask for, or null to omit it
   */
  TokenResponse obtain(Grant grant, AuthServerMetadata server, String resource, String scope)
      throws McpFailure {
    return switch (grant) {
      case Grant.AuthorizationCode g -> {
        ClientAuth client = client(server, g.registration());
        PendingAuthorization p =
            flow.begin(server, client, g.registration().redirectUri(), resource, scope);
        Authorizer.Callback back = g.authorizer().authorize(p.authorizationUrl(), p.redirectUri());
        yield flow.finish(p, back.code(), back.state(), back.iss());
      }
      case Grant.ClientSecret g -> {
        ClientAuth auth =
            "client_secret_post".equals(server.secretMethod())
                ? new ClientAuth.Post(g.clientId(), g.secret())
                : new ClientAuth.Basic(g.clientId(), g.secret());
        yield tokens.request(
            server.tokenEndpoint(), auth, params("client_credentials", resource, scope));
      }
      case Grant.ClientKey g ->
          tokens.request(
              server.tokenEndpoint(),
              new ClientAuth.PrivateKeyJwt(g.clientId(), g.key(), g.alg(), server.issuer()),
              params("client_credentials", resource, scope));
      case Grant.CrossAppAccess g -> crossApp(g, server, resource, scope);
    };
  }

  private ClientAuth client(AuthServerMetadata server, ClientRegistration reg) throws McpFailure {
    String key = server.issuer() + " " + server.tokenEndpoint();
    synchronized (registered) {
      ClientAuth known = registered.get(key);
      if (known == null) {
        known = registrar.clientFor(server, reg);
        registered.put(key, known);
      }
      return known;
    }
  }

  /** SEP-990: RFC 8693 exchange at the identity provider, then RFC 7523 grant at the server. */
  private TokenResponse crossApp(
      Grant.CrossAppAccess g, AuthServerMetadata server, String resource, String scope)
      throws McpFailure {
    Map<String, String> exchange = new LinkedHashMap<>();
    exchange.put("grant_type", TOKEN_EXCHANGE);
    exchange.put("requested_token_type", "urn:ietf:params:oauth:token-type:id-jag");
    exchange.put("subject_token", g.idToken().reveal());
    exchange.put("subject_token_type", "urn:ietf:params:oauth:token-type:id_token");
    exchange.put("audience", server.issuer());
    exchange.put("resource", resource);
    if (scope != null) {
      exchange.put("scope", scope);
    }
    TokenResponse jag =
        tokens.request(g.idpTokenEndpoint(), new ClientAuth.None(g.idpClientId()), exchange);
    Map<String, String> bearer = params(JWT_BEARER, resource, scope);
    bearer.put("assertion", jag.accessToken().reveal());
    return tokens.request(
        server.tokenEndpoint(), new ClientAuth.Basic(g.clientId(), g.clientSecret()), bearer);
  }

  /** Renews with a refresh token (OAuth 2.1 §4.3), for the same resource. */
  TokenResponse refresh(Grant grant, AuthServerMetadata server, TokenResponse old, String resource)
      throws McpFailure {
    ClientAuth client =
        switch (grant) {
          case Grant.AuthorizationCode g -> client(server, g.registration());
          default -> null;
        };
    if (client == null || old.refreshToken() == null) {
      return null;
    }
    Map<String, String> p = new LinkedHashMap<>();
    p.put("grant_type", "refresh_token");
    p.put("refresh_token", old.refreshToken().reveal());
    p.put("resource", resource);
    return tokens.request(server.tokenEndpoint(), client, p);
  }

  private static Map<String, String> params(String grantType, String resource, String scope) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("grant_type", grantType);
    p.put("resource", resource);
    if (scope != null) {
      p.put("scope", scope);
    }
    return p;
  }
}
