package io.gatehouse.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.ScriptedUpstream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Per-user OAuth with nothing configured but {@code discover: true}: Gatehouse reads the upstream's
 * 401 and Protected Resource Metadata, then the authorization server's metadata (oidc-provider),
 * registers itself there once (RFC 7591), and each user consents through it; the upstream sees each
 * user's own token. A second user reuses the registration. When the upstream moves to another
 * authorization server, no refresh token of the first ever reaches the second (RFC 9207, MCP
 * 2026-07-28 SEP-2352): the user is asked to consent again, there.
 */
class DiscoveredConsentInteropTest {
  private static final Pattern STARTED = Pattern.compile("^(\\{\"issuer\".*\\})$");
  private static final JsonMapper JSON = JsonMapper.shared();

  final AtomicReference<JsonNode> idp = new AtomicReference<>();
  final AtomicReference<URI> resource = new AtomicReference<>();

  String subject(String authorization) {
    return IssuedTokens.subject(authorization, idp.get(), resource.get());
  }

  @Test
  void gatehouse_discovers_the_server_registers_once_and_each_user_consents() throws Exception {
    NodeTools tools = NodeTools.require();
    try (ScriptedUpstream upstream =
            ScriptedUpstream.start(
                s ->
                    UserConsentInteropTest.whoami(s, this::subject)
                        .protectedResource(
                            () -> URI.create(idp.get().path("issuer").asString()),
                            List.of("offline_access", "mcp:tools")));
        RunningGatehouse g = UserConsentInteropTest.gatehouse();
        ChildProcess as =
            UserConsentInteropTest.usersProvider(
                tools, g, "unused-static-client-secret", "600", "dcr")) {
      idp.set(JSON.readTree(as.awaitLine(STARTED, Duration.ofSeconds(20)).group(1)));
      resource.set(upstream.url());
      String alice = UserConsentInteropTest.user(g, "alice");
      String bob = UserConsentInteropTest.user(g, "bob");

      HttpResponse<String> created =
          g.send(
              "POST",
              "/admin/v1/connections",
              RunningGatehouse.ADMIN_TOKEN,
              "{\"name\":\"svc\",\"url\":\"%s\",\"auth\":{\"type\":\"oauth-user\",\"discover\":true}}"
                  .formatted(upstream.url()));
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      assertThat(JSON.readTree(created.body()).path("auth").path("discover").asBoolean()).isTrue();

      JsonNode a = UserConsentInteropTest.consentAndCall(tools, g, alice, "alice");
      assertThat(a.path("code").asInt()).isEqualTo(-32042);
      assertThat(a.path("result").asString()).isEqualTo("alice");
      JsonNode b = UserConsentInteropTest.consentAndCall(tools, g, bob, "bob");
      assertThat(b.path("result").asString()).isEqualTo("bob");

      List<String> registrations =
          as.stdout().stream().filter(l -> l.startsWith("{\"registered\"")).toList();
      assertThat(registrations).as("one registration, kept for every user").hasSize(1);
      assertThat(g.server().vault().get("default", "connection.svc.registered-client").reveal())
          .contains(JSON.readTree(registrations.getFirst()).path("registered").asString());
    }
  }

  @Test
  void a_move_to_another_authorization_server_never_sends_it_the_old_refresh_token()
      throws Exception {
    NodeTools tools = NodeTools.require();
    AtomicReference<JsonNode> second = new AtomicReference<>();
    AtomicReference<JsonNode> named = new AtomicReference<>();
    try (ScriptedUpstream upstream =
            ScriptedUpstream.start(
                s ->
                    UserConsentInteropTest.whoami(
                            s, a -> IssuedTokens.subject(a, named.get(), resource.get()))
                        .protectedResource(
                            () -> URI.create(named.get().path("issuer").asString()),
                            List.of("offline_access", "mcp:tools")));
        RunningGatehouse g = UserConsentInteropTest.gatehouse();
        ChildProcess as1 = UserConsentInteropTest.usersProvider(tools, g, "unused-1", "33", "dcr");
        ChildProcess as2 =
            UserConsentInteropTest.usersProvider(tools, g, "unused-2", "33", "dcr")) {
      idp.set(JSON.readTree(as1.awaitLine(STARTED, Duration.ofSeconds(20)).group(1)));
      second.set(JSON.readTree(as2.awaitLine(STARTED, Duration.ofSeconds(20)).group(1)));
      named.set(idp.get());
      resource.set(upstream.url());
      String alice = UserConsentInteropTest.user(g, "alice");
      String body =
          "{\"name\":\"svc\",\"url\":\"%s\",\"auth\":{\"type\":\"oauth-user\",\"discover\":true}}"
              .formatted(upstream.url());
      assertThat(
              g.send("POST", "/admin/v1/connections", RunningGatehouse.ADMIN_TOKEN, body)
                  .statusCode())
          .isEqualTo(201);
      assertThat(
              UserConsentInteropTest.consentAndCall(tools, g, alice, "alice")
                  .path("result")
                  .asString())
          .isEqualTo("alice");
      assertThat(UserConsentInteropTest.grants(as1, "authorization_code")).isEqualTo(1);

      // the upstream now names AS2 and admits only its tokens; the same connection is put again
      // (its servers unchanged: alice's tokens are kept, and what was discovered is looked up anew)
      named.set(second.get());
      assertThat(
              g.send("PUT", "/admin/v1/connections/svc", RunningGatehouse.ADMIN_TOKEN, body)
                  .statusCode())
          .isEqualTo(200);
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> UserConsentInteropTest.whoami(g, alice).contains("-32042"));
      assertThat(as2.stdout())
          .as("AS2 never received a refresh token (AS1's, or any)")
          .noneMatch(l -> l.contains("\"refresh_token\""));
      assertThat(as1.stdout())
          .as("nor was it sent back to AS1, which the upstream no longer names")
          .noneMatch(l -> l.contains("\"refresh_token\""));

      // alice consents again, at AS2 this time, and is herself upstream
      assertThat(
              UserConsentInteropTest.consentAndCall(tools, g, alice, "alice")
                  .path("result")
                  .asString())
          .isEqualTo("alice");
      assertThat(UserConsentInteropTest.grants(as2, "authorization_code")).isEqualTo(1);
    }
  }
}
