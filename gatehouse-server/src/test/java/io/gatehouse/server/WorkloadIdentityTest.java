package io.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Workload identity: Gatehouse signs a short-lived JWT per identity and an upstream verifies it
 * with the keys Gatehouse publishes at {@code /.well-known/jwks.json}, using a JOSE library of its
 * own (nimbus), fetching the keys over HTTP as any relying party would.
 */
class WorkloadIdentityTest {
  static final String TOKEN = RunningGatehouse.ADMIN_TOKEN;
  static final String AUDIENCE = "https://tools.example/mcp";

  final AtomicReference<URI> issuer = new AtomicReference<>();
  final List<JWTClaimsSet> verified = new CopyOnWriteArrayList<>();

  /** Verifies as the upstream would: signature by the issuer's published keys, iss, aud, exp. */
  boolean verify(String authorization) {
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return false;
    }
    try {
      URI iss = issuer.get();
      DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
      p.setJWSKeySelector(
          new JWSVerificationKeySelector<>(
              JWSAlgorithm.ES256,
              JWKSourceBuilder.create(iss.resolve("/.well-known/jwks.json").toURL()).build()));
      p.setJWTClaimsSetVerifier(
          new DefaultJWTClaimsVerifier<>(
              AUDIENCE,
              new JWTClaimsSet.Builder().issuer(iss.toString()).build(),
              Set.of("sub", "exp", "iat", "jti")));
      verified.add(p.process(authorization.substring(7), null));
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  static String workload(String name, URI url, String identity) {
    return "{\"name\":\""
        + name
        + "\",\"url\":\""
        + url
        + "\",\"transport\":\"streamable-http\",\"auth\":{\"type\":\"workload\",\"identity\":\""
        + identity
        + "\",\"audience\":\""
        + AUDIENCE
        + "\"}}";
  }

  @Test
  void each_identity_gets_its_own_subject_verified_against_the_published_keys(@TempDir Path dir) {
    try (ScriptedUpstream upstream =
            ScriptedUpstream.start(
                s ->
                    s.authorize(this::verify)
                        .tool("whoami", (c, out) -> out.result(ScriptedUpstream.text("ok"))));
        RunningGatehouse g =
            RunningGatehouse.start(
                dir,
                "routes:\n"
                    + "  - {name: one, connection: agent-one}\n"
                    + "  - {name: two, connection: agent-two}\n"
                    + "  - {name: proj, connection: proj}\n")) {
      issuer.set(g.server().url());
      for (String[] c :
          List.of(
              new String[] {"agent-one", "agent:one"},
              new String[] {"agent-two", "agent:two"},
              new String[] {"proj", "project"})) {
        HttpResponse<String> created =
            g.send("POST", "/admin/v1/connections", TOKEN, workload(c[0], upstream.url(), c[1]));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode validation = JsonMapper.shared().readTree(created.body()).path("validation");
        assertThat(validation.path("status").asString()).as(created.body()).isEqualTo("Connected");
      }
      verified.clear();
      for (String route : List.of("one", "two", "proj")) {
        McpWire.Session s = McpWire.session(g.route(route), "{}");
        String answer =
            McpWire.answer(
                McpWire.send(McpWire.post(s.url(), s.id(), McpWire.toolCall(2, "whoami", "{}"))));
        assertThat(answer).contains("\"ok\"");
      }
      assertThat(verified.stream().map(JWTClaimsSet::getSubject).distinct().toList())
          .containsExactly("agent:default/one", "agent:default/two", "project:default");

      HttpResponse<String> jwks = g.get("/.well-known/jwks.json", null);
      assertThat(jwks.statusCode()).isEqualTo(200);
      JsonNode keys = JsonMapper.shared().readTree(jwks.body()).path("keys");
      assertThat(keys).hasSize(1);
      assertThat(keys.get(0).has("d")).as("the private part is never published").isFalse();
      assertThat(keys.get(0).path("kid").asString()).isNotEmpty();
    }
  }

  @Test
  void a_project_cannot_speak_as_another_project(@TempDir Path dir) {
    try (RunningGatehouse g = RunningGatehouse.start(dir, "")) {
      HttpResponse<String> r =
          g.send(
              "POST",
              "/admin/v1/connections",
              TOKEN,
              workload("x", URI.create("http://127.0.0.1:9/mcp"), "project:other"));
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).contains("INVALID_CONNECTION").contains("auth.identity");
    }
  }

  @Test
  void an_upstream_that_expects_another_audience_is_diagnosed_unauthorized(@TempDir Path dir) {
    try (ScriptedUpstream upstream = ScriptedUpstream.start(s -> s.authorize(this::verify));
        RunningGatehouse g = RunningGatehouse.start(dir, "")) {
      issuer.set(g.server().url());
      String body =
          workload("elsewhere", upstream.url(), "project").replace(AUDIENCE, "https://other/aud");
      HttpResponse<String> r = g.send("POST", "/admin/v1/connections", TOKEN, body);
      assertThat(r.statusCode()).isEqualTo(201);
      JsonNode v = JsonMapper.shared().readTree(r.body()).path("validation");
      assertThat(v.path("diagnosis").asString()).isEqualTo("UPSTREAM_UNAUTHORIZED");
      assertThat(v.path("details").path("wwwAuthenticate").asString()).contains("invalid_token");
    }
  }
}
