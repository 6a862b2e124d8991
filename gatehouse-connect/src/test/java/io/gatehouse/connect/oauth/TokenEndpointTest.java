package io.gatehouse.connect.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.gatehouse.connect.McpFailure;
import io.gatehouse.core.Secret;
import io.gatehouse.core.net.Egress;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TokenEndpointTest {
  /** What the token endpoint saw: the Authorization header (or "") and the form. */
  record Seen(String authorization, Map<String, String> form) {}

  private final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
  private HttpServer server;
  private volatile int status = 200;
  private volatile String answer =
      "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
          + "\"scope\":\"mcp:read\",\"refresh_token\":\"rt-1\"}";
  private URI tokenUrl;
  private final TokenEndpoint endpoint =
      new TokenEndpoint(Egress.defaults(), Duration.ofSeconds(5));

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/token",
        ex -> {
          String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String auth = ex.getRequestHeaders().getFirst("Authorization");
          seen.add(new Seen(auth == null ? "" : auth, parse(body)));
          byte[] out = answer.getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(status, out.length);
          ex.getResponseBody().write(out);
          ex.close();
        });
    server.start();
    tokenUrl = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static Map<String, String> parse(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      form.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return form;
  }

  private static Map<String, String> clientCredentials() {
    return Map.of(
        "grant_type", "client_credentials", "scope", "mcp:read", "resource", "http://a/mcp");
  }

  @Test
  void client_secret_basic_sends_form_encoded_pair_in_header_and_grant_in_body() throws Exception {
    TokenResponse t =
        endpoint.request(
            tokenUrl,
            new ClientAuth.Basic("my client", Secret.of("s:e/cret")),
            clientCredentials());

    Seen s = seen.take();
    String pair =
        new String(
            Base64.getDecoder().decode(s.authorization().substring("Basic ".length())),
            StandardCharsets.UTF_8);
    assertThat(pair).isEqualTo("my+client:s%3Ae%2Fcret");
    assertThat(s.form()).isEqualTo(clientCredentials());
    assertThat(t.accessToken().reveal()).isEqualTo("at-1");
    assertThat(t.accessToken()).hasToString("***");
    assertThat(t.refreshToken().reveal()).isEqualTo("rt-1");
    assertThat(t.expiresIn()).isEqualTo(Duration.ofHours(1));
    assertThat(t.scope()).isEqualTo("mcp:read");
    assertThat(t.tokenType()).isEqualTo("Bearer");
  }

  @Test
  void client_secret_post_puts_id_and_secret_in_the_body() throws Exception {
    endpoint.request(tokenUrl, new ClientAuth.Post("c1", Secret.of("s1")), clientCredentials());

    Seen s = seen.take();
    assertThat(s.authorization()).isEmpty();
    assertThat(s.form()).containsEntry("client_id", "c1").containsEntry("client_secret", "s1");
  }

  @Test
  void public_client_sends_only_its_id_with_the_pkce_verifier() throws Exception {
    answer = "{\"access_token\":\"at-2\",\"token_type\":\"Bearer\"}";
    TokenResponse t =
        endpoint.request(
            tokenUrl,
            new ClientAuth.None("c1"),
            Map.of("grant_type", "authorization_code", "code", "xyz", "code_verifier", "v"));

    Seen s = seen.take();
    assertThat(s.authorization()).isEmpty();
    assertThat(s.form())
        .containsEntry("client_id", "c1")
        .containsEntry("code_verifier", "v")
        .doesNotContainKey("client_secret");
    assertThat(t.refreshToken()).isNull();
    assertThat(t.expiresIn()).isNull();
  }

  @Test
  void private_key_jwt_sends_an_assertion_signed_for_the_audience() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair keys = g.generateKeyPair();

    endpoint.request(
        tokenUrl,
        new ClientAuth.PrivateKeyJwt("c1", keys.getPrivate(), "ES256", "http://issuer"),
        clientCredentials());

    Map<String, String> form = seen.take().form();
    assertThat(form)
        .containsEntry(
            "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
    SignedJWT jwt = SignedJWT.parse(form.get("client_assertion"));
    assertThat(jwt.verify(new ECDSAVerifier((ECPublicKey) keys.getPublic()))).isTrue();
    assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("c1");
    assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("c1");
    assertThat(jwt.getJWTClaimsSet().getAudience()).isEqualTo(List.of("http://issuer"));
    assertThat(jwt.getJWTClaimsSet().getExpirationTime()).isInTheFuture();
  }

  @Test
  void refusal_names_the_servers_error_but_never_the_secret() {
    status = 401;
    answer = "{\"error\":\"invalid_client\",\"error_description\":\"bad secret s3cr3t\"}";

    assertThatThrownBy(
            () ->
                endpoint.request(
                    tokenUrl, new ClientAuth.Post("c1", Secret.of("s3cr3t")), clientCredentials()))
        .isInstanceOfSatisfying(
            McpFailure.class,
            f -> {
              assertThat(f.error().key()).isEqualTo("UPSTREAM_TOKEN_FAILED");
              assertThat(f.getMessage()).contains("invalid_client").doesNotContain("s3cr3t");
              assertThat(f.facts())
                  .containsEntry("error", "invalid_client")
                  .containsEntry("errorDescription", "bad secret ***");
            });
  }

  @Test
  void success_without_an_access_token_is_a_token_failure() {
    answer = "{\"token_type\":\"Bearer\"}";

    assertThatThrownBy(
            () -> endpoint.request(tokenUrl, new ClientAuth.None("c1"), clientCredentials()))
        .isInstanceOfSatisfying(
            McpFailure.class, f -> assertThat(f.error().key()).isEqualTo("UPSTREAM_TOKEN_FAILED"));
  }

  @Test
  void refuses_a_token_url_egress_forbids_without_connecting() {
    Egress noLoopback = new Egress(List.of(), List.of(), false, true, Egress.SYSTEM);
    TokenEndpoint guarded = new TokenEndpoint(noLoopback, Duration.ofSeconds(5));

    assertThatThrownBy(
            () -> guarded.request(tokenUrl, new ClientAuth.None("c1"), clientCredentials()))
        .isInstanceOfSatisfying(
            McpFailure.class, f -> assertThat(f.error().key()).isEqualTo("EGRESS_FORBIDDEN"));
    assertThat(seen).isEmpty();
  }
}
