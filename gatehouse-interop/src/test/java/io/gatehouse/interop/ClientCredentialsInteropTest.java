package io.gatehouse.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jwt.JWTClaimsSet;
import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * OAuth client credentials end to end against a real authorization server (oidc-provider): a
 * connection gets a token from its token endpoint, caches it (concurrent calls cause one token
 * request), renews it shortly before it expires, and renews it at once when the upstream refuses it
 * with 401, sending the refused call again. The upstream verifies every token with the server's
 * published keys. The client secret never appears in an answer.
 */
class ClientCredentialsInteropTest {
  private static final Pattern STARTED = Pattern.compile("^(\\{\"issuer\".*\\})$");
  private static final String SECRET = "cc-secret-" + Long.toHexString(System.nanoTime());
  private static final int TOKEN_TTL_SECONDS = 33; // renewed 30 s early: fresh for 3 s

  final AtomicReference<JsonNode> idp = new AtomicReference<>();
  final AtomicReference<URI> resource = new AtomicReference<>();
  final Set<String> revoked = ConcurrentHashMap.newKeySet();
  final Set<String> tokensSeen = ConcurrentHashMap.newKeySet();
  final AtomicInteger refusals = new AtomicInteger();

  boolean verify(String authorization) {
    String token =
        authorization != null && authorization.startsWith("Bearer ")
            ? authorization.substring(7)
            : null;
    if (token == null || revoked.contains(token)) {
      refusals.incrementAndGet();
      return false;
    }
    JWTClaimsSet claims =
        IssuedTokens.verify(
            authorization,
            URI.create(idp.get().path("jwks").asString()),
            idp.get().path("issuer").asString(),
            resource.get().toString(),
            new JWTClaimsSet.Builder().claim("scope", "mcp:tools").build());
    if (claims == null) {
      refusals.incrementAndGet();
      return false;
    }
    tokensSeen.add(token);
    return true;
  }

  static String connection(String name, URI url, JsonNode idp, String client, String secret) {
    return "{\"name\":\""
        + name
        + "\",\"url\":\""
        + url
        + "\",\"transport\":\"streamable-http\",\"auth\":{\"type\":\"oauth-client-credentials\","
        + "\"tokenUrl\":\""
        + idp.path("token").asString()
        + "\",\"clientId\":\""
        + client
        + "\",\"clientSecret\":{\"value\":\""
        + secret
        + "\"},\"method\":\""
        + (client.equals("svc-post") ? "client_secret_post" : "client_secret_basic")
        + "\",\"scopes\":[\"mcp:tools\"],\"resource\":\""
        + url
        + "\"}}";
  }

  /**
   * The provider of machine clients (oidc-service-clients.mjs), its optional clients in {@code
   * env}.
   */
  static ChildProcess serviceProvider(NodeTools tools, String ttl, Map<String, String> env) {
    return ChildProcess.start(
        "oidc-provider",
        List.of(
            tools.node().toString(),
            tools.nodeScript("oidc-service-clients.mjs").toString(),
            SECRET,
            ttl),
        env);
  }

  static long grants(ChildProcess p) {
    return p.stdout().stream().filter(l -> l.startsWith("{\"grant\"")).count();
  }

  static HttpResponse<String> create(RunningGatehouse g, String connection) {
    return g.send("POST", "/admin/v1/connections", RunningGatehouse.ADMIN_TOKEN, connection);
  }

  static String call(RunningGatehouse g, String route) {
    McpWire.Session s = McpWire.session(g.route(route), "{}");
    return McpWire.answer(
        McpWire.send(
            McpWire.post(s.url(), s.id(), McpWire.toolCall(2, "echo", "{\"message\":\"hi\"}"))));
  }

  @Test
  void tokens_are_fetched_once_cached_renewed_before_expiry_and_after_a_401() throws Exception {
    NodeTools tools = NodeTools.require();
    List<String> answers = new ArrayList<>();
    try (ChildProcess as = serviceProvider(tools, Integer.toString(TOKEN_TTL_SECONDS), Map.of());
        ScriptedUpstream upstream = ScriptedUpstream.start(s -> s.authorize(this::verify));
        RunningGatehouse g =
            RunningGatehouse.start(
                "routes:\n  - {name: svc, connection: svc}\n  - {name: post, connection: post}\n")) {
      idp.set(JsonMapper.shared().readTree(as.awaitLine(STARTED, Duration.ofSeconds(20)).group(1)));
      resource.set(upstream.url());

      HttpResponse<String> created =
          create(g, connection("svc", upstream.url(), idp.get(), "svc-basic", SECRET));
      answers.add(created.body());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      assertThat(created.body()).contains("\"status\":\"Connected\"");
      assertThat(grants(as)).isEqualTo(1);

      // eight sessions at once: all served with the one cached token
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<String>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          calls.add(pool.submit(() -> call(g, "svc")));
        }
        for (Future<String> f : calls) {
          assertThat(f.get()).contains("Echo: hi");
        }
      } finally {
        pool.shutdown();
      }
      assertThat(grants(as)).isEqualTo(1);
      assertThat(tokensSeen).hasSize(1);

      // the upstream revokes the token: the call is refused with 401, renewed, and sent again
      revoked.addAll(tokensSeen);
      int refusedBefore = refusals.get();
      assertThat(call(g, "svc")).contains("Echo: hi");
      assertThat(refusals.get()).isEqualTo(refusedBefore + 1);
      assertThat(grants(as)).isEqualTo(2);

      // near expiry the next call takes a new token before the upstream could refuse the old one
      int refusedAfterRevocation = refusals.get();
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> call(g, "svc").contains("Echo: hi") && grants(as) == 3);
      assertThat(refusals.get()).isEqualTo(refusedAfterRevocation);

      // client_secret_post, and a wrong secret diagnosed with the server's own error
      HttpResponse<String> post =
          create(g, connection("post", upstream.url(), idp.get(), "svc-post", SECRET));
      answers.add(post.body());
      assertThat(post.body()).contains("\"status\":\"Connected\"");
      assertThat(call(g, "post")).contains("Echo: hi");

      HttpResponse<String> wrong =
          create(g, connection("wrong", upstream.url(), idp.get(), "svc-basic", "not-the-secret"));
      answers.add(wrong.body());
      JsonNode v = JsonMapper.shared().readTree(wrong.body()).path("validation");
      assertThat(v.path("diagnosis").asString()).isEqualTo("UPSTREAM_TOKEN_FAILED");
      assertThat(v.path("details").path("error").asString()).isEqualTo("invalid_client");

      HttpResponse<String> shown = g.get("/admin/v1/connections/svc", RunningGatehouse.ADMIN_TOKEN);
      answers.add(shown.body());
      assertThat(shown.body()).contains("\"secret\":\"connection.svc.client-secret\"");
      assertThat(answers).allSatisfy(a -> assertThat(a).doesNotContain(SECRET));
    }
  }

  @Test
  void a_workload_identity_gets_its_tokens_from_an_external_server_with_gatehouses_key()
      throws Exception {
    NodeTools tools = NodeTools.require();
    try (ScriptedUpstream upstream = ScriptedUpstream.start(s -> s.authorize(this::verify));
        RunningGatehouse g = RunningGatehouse.start("routes:\n  - {name: wl, connection: wl}\n");
        ChildProcess as =
            serviceProvider(
                tools,
                "600",
                Map.of(
                    "WORKLOAD_JWKS_URI",
                    g.url("/.well-known/jwks.json").toString(),
                    "WORKLOAD_CLIENT_ID",
                    "agent:default/triage"))) {
      idp.set(JsonMapper.shared().readTree(as.awaitLine(STARTED, Duration.ofSeconds(20)).group(1)));
      resource.set(upstream.url());
      String body =
          ("{\"name\":\"wl\",\"url\":\"%s\",\"auth\":{\"type\":\"workload\",\"identity\":"
                  + "\"agent:triage\",\"exchange\":{\"tokenUrl\":\"%s\",\"clientId\":\"agent:default/triage\","
                  + "\"scopes\":[\"mcp:tools\"],\"resource\":\"%s\",\"assertionAudience\":\"%s\"}}}")
              .formatted(
                  upstream.url(),
                  idp.get().path("token").asString(),
                  upstream.url(),
                  idp.get().path("issuer").asString());
      HttpResponse<String> created = create(g, body);
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      assertThat(created.body()).as(as.diagnostics()).contains("\"status\":\"Connected\"");
      assertThat(call(g, "wl")).contains("Echo: hi");
      assertThat(as.stdout()).anyMatch(l -> l.contains("\"client\":\"agent:default/triage\""));
      // another identity's client is refused when written
      HttpResponse<String> other =
          create(
              g,
              body.replace("\"name\":\"wl\"", "\"name\":\"wl2\"")
                  .replace("agent:default/triage", "agent:default/other"));
      assertThat(other.statusCode()).isEqualTo(400);
      assertThat(other.body()).contains("auth.exchange.clientId");
      assertThat(tokensSeen).isNotEmpty();
    }
  }

  @Test
  void a_client_authenticates_with_its_own_private_key() throws Exception {
    NodeTools tools = NodeTools.require();
    com.nimbusds.jose.jwk.ECKey key =
        new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256)
            .keyID("svc-key-1")
            .generate();
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + java.util.Base64.getMimeEncoder().encodeToString(key.toECPrivateKey().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    try (ChildProcess as =
            serviceProvider(
                tools, "600", Map.of("KEY_CLIENT_JWK", key.toPublicJWK().toJSONString()));
        ScriptedUpstream upstream = ScriptedUpstream.start(s -> s.authorize(this::verify));
        RunningGatehouse g = RunningGatehouse.start("routes:\n  - {name: k, connection: k}\n")) {
      idp.set(JsonMapper.shared().readTree(as.awaitLine(STARTED, Duration.ofSeconds(20)).group(1)));
      resource.set(upstream.url());
      var body = JsonMapper.shared().createObjectNode();
      body.put("name", "k").put("url", upstream.url().toString());
      var auth = body.putObject("auth");
      auth.put("type", "oauth-client-credentials")
          .put("tokenUrl", idp.get().path("token").asString())
          .put("clientId", "svc-key")
          .put("method", "private_key_jwt")
          .put("keyId", "svc-key-1")
          .put("assertionAudience", idp.get().path("issuer").asString())
          .put("resource", upstream.url().toString());
      auth.putArray("scopes").add("mcp:tools");
      auth.putObject("privateKey").put("value", pem);
      HttpResponse<String> created = create(g, body.toString());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      assertThat(created.body())
          .as(as.diagnostics())
          .contains("\"status\":\"Connected\"")
          .contains("\"privateKey\":{\"secret\":\"connection.k.private-key\"}")
          .doesNotContain("PRIVATE KEY");
      assertThat(call(g, "k")).contains("Echo: hi");
      assertThat(as.stdout()).anyMatch(l -> l.contains("\"client\":\"svc-key\""));
    }
  }
}
