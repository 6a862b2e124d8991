package io.gatehouse.connect.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import io.gatehouse.connect.McpFailure;
import io.gatehouse.core.net.Egress;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OAuthAuthorization against a small authorization server on port 0 that approves every
 * authorization, grants the scope asked for and issues a refresh token.
 */
class OAuthAuthorizationTest {
  private final List<String> scopesAuthorized = new CopyOnWriteArrayList<>();
  private final List<String> grants = new CopyOnWriteArrayList<>();
  private final AtomicInteger issued = new AtomicInteger();
  private volatile String expiresIn = "3600";
  private MetadataServer as;
  private OAuthAuthorization auth;
  private URI mcp;

  @BeforeEach
  void start() {
    as =
        new MetadataServer()
            .serve(
                "/.well-known/oauth-protected-resource/mcp",
                b ->
                    "{\"resource\":\""
                        + b
                        + "/mcp\",\"authorization_servers\":[\""
                        + b
                        + "\"],\"scopes_supported\":[\"read\"]}")
            .serve("/.well-known/oauth-authorization-server", MetadataServer::authServer)
            .handle("/authorize", this::authorize)
            .handle("/token", this::token);
    mcp = as.url("/mcp");
    ClientRegistration client =
        new ClientRegistration("test", URI.create("http://localhost/cb"), "c1", null, null);
    Egress egress = Egress.defaults();
    auth =
        new OAuthAuthorization(
            new Grant.AuthorizationCode(
                client, new HeadlessAuthorizer(egress, Duration.ofSeconds(5))),
            egress,
            Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() {
    as.close();
  }

  @Test
  void first_401_authorizes_with_the_supported_scopes_and_a_later_one_refreshes()
      throws McpFailure {
    assertThat(auth.header()).isNull();

    assertThat(auth.renew(mcp, 401, "Bearer error=\"invalid_token\"")).isTrue();
    assertThat(auth.header()).isEqualTo("Bearer at-1");
    assertThat(auth.renew(mcp, 401, "Bearer error=\"invalid_token\"")).isTrue();

    assertThat(auth.header()).isEqualTo("Bearer at-2");
    assertThat(scopesAuthorized).containsExactly("read");
    assertThat(grants).containsExactly("authorization_code", "refresh_token");
  }

  @Test
  void an_expired_token_is_refreshed_before_it_is_sent() throws McpFailure {
    expiresIn = "0";
    auth.renew(mcp, 401, null);

    assertThat(auth.header()).isEqualTo("Bearer at-2");
    assertThat(grants).containsExactly("authorization_code", "refresh_token");
  }

  @Test
  void steps_up_to_the_scopes_a_403_asks_for_but_not_when_the_token_has_them() throws McpFailure {
    auth.renew(mcp, 401, null);

    assertThat(auth.renew(mcp, 403, "Bearer error=\"insufficient_scope\", scope=\"read\""))
        .isFalse();
    assertThat(auth.renew(mcp, 403, "Bearer error=\"insufficient_scope\", scope=\"write\""))
        .isTrue();

    assertThat(scopesAuthorized).containsExactly("read", "read write");
  }

  @Test
  void stops_stepping_up_after_two_tries() throws McpFailure {
    auth.renew(mcp, 401, null);

    assertThat(auth.renew(mcp, 403, "Bearer error=\"insufficient_scope\", scope=\"a\"")).isTrue();
    assertThat(auth.renew(mcp, 403, "Bearer error=\"insufficient_scope\", scope=\"b\"")).isTrue();
    assertThat(auth.renew(mcp, 403, "Bearer error=\"insufficient_scope\", scope=\"c\"")).isFalse();

    assertThat(scopesAuthorized).hasSize(3);
  }

  private void authorize(HttpExchange ex) throws IOException {
    Map<String, String> q = form(ex.getRequestURI().getRawQuery());
    scopesAuthorized.add(q.get("scope"));
    String back = q.get("redirect_uri") + "?code=code-1&state=" + q.get("state");
    ex.getResponseHeaders().add("Location", back);
    ex.sendResponseHeaders(302, -1);
    ex.close();
  }

  private void token(HttpExchange ex) throws IOException {
    Map<String, String> f =
        form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    grants.add(f.get("grant_type"));
    String scope =
        "authorization_code".equals(f.get("grant_type")) ? scopesAuthorized.getLast() : null;
    byte[] out =
        ("{\"access_token\":\"at-"
                + issued.incrementAndGet()
                + "\",\"token_type\":\"Bearer\",\"refresh_token\":\"rt\",\"expires_in\":"
                + expiresIn
                + (scope == null ? "" : ",\"scope\":\"" + scope + "\"")
                + "}")
            .getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(200, out.length);
    ex.getResponseBody().write(out);
    ex.close();
  }

  private static Map<String, String> form(String raw) {
    Map<String, String> m = new HashMap<>();
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      m.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return m;
  }
}
