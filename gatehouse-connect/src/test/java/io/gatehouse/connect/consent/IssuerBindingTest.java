package io.gatehouse.connect.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.connect.Connection;
import io.gatehouse.connect.Connections;
import io.gatehouse.connect.McpFailure;
import io.gatehouse.connect.credential.Credentials;
import io.gatehouse.connect.credential.WorkloadKeys;
import io.gatehouse.connect.credential.WorkloadTokens;
import io.gatehouse.connect.oauth.AccessToken;
import io.gatehouse.connect.oauth.TokenEndpoint;
import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.Secret;
import io.gatehouse.core.net.Egress;
import io.gatehouse.policy.SecretValues;
import io.gatehouse.store.testing.TestDatabases;
import io.gatehouse.testkit.ScriptedUpstream;
import io.gatehouse.vault.Keyring;
import io.gatehouse.vault.Vault;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Per-user tokens and consents are bound to the authorization server that issued them (RFC 9207;
 * MCP 2026-07-28, SEP-2352), with real parts: two authorization servers on loopback ports that
 * record every token request, a scripted upstream whose Protected Resource Metadata names one and
 * then the other, a real SQLite store and vault, and a clock the test moves (past the ten minutes
 * discovered servers are kept). When the upstream moves to AS2, a refresh token from AS1 never
 * reaches AS2 (nor goes anywhere): the user is asked to consent again, at AS2; a consent started at
 * AS1 is finished at AS1, as the client it was started as, even after the move.
 */
class IssuerBindingTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final MovingClock clock = new MovingClock();
  private final AtomicReference<URI> named = new AtomicReference<>();
  private TestDatabases.Throwaway store;
  private Vault vault;
  private RecordingAuthServer as1;
  private RecordingAuthServer as2;
  private ScriptedUpstream upstream;
  private UserOAuthServers servers;
  private UserTokens tokens;
  private Consents consents;
  private Connection svc;

  /** A clock the test moves forward. */
  static final class MovingClock extends Clock {
    private final AtomicLong offset = new AtomicLong();

    void advance(Duration d) {
      offset.addAndGet(d.toMillis());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.now().plusMillis(offset.get());
    }
  }

  @BeforeEach
  void open() throws Exception {
    store = TestDatabases.sqlite();
    Path dir = Files.createTempDirectory("gatehouse-issuer-binding");
    vault = Vault.open(store.database(), Keyring.fromFile(dir.resolve("master.key"), true), clock);
    as1 = new RecordingAuthServer("as1");
    as2 = new RecordingAuthServer("as2");
    named.set(as1.issuerUri());
    upstream =
        ScriptedUpstream.start(
            s ->
                s.noGetStream()
                    .authorize(a -> a != null && a.startsWith("Bearer at-"))
                    .protectedResource(named::get, List.of("mcp:tools")));
    TokenEndpoint endpoint = new TokenEndpoint(Egress.defaults(), TIMEOUT);
    Credentials credentials =
        new Credentials(
            () -> vault,
            new SecretValues() {
              @Override
              public Lookup lookup(String project, String name) {
                return new SecretValues.Missing("no secrets here");
              }

              @Override
              public void load(String project, String name) {}
            },
            new WorkloadTokens(
                new WorkloadKeys(() -> vault, clock),
                () -> URI.create("http://127.0.0.1:1"),
                clock),
            endpoint,
            clock);
    Connections connections =
        Connections.open(
            store.database(),
            () -> vault,
            Egress.defaults(),
            clock,
            TIMEOUT,
            (p, n) -> {},
            credentials);
    URI publicUrl = URI.create("http://127.0.0.1:1/");
    servers =
        new UserOAuthServers(
            () -> vault,
            Egress.defaults(),
            TIMEOUT,
            () -> publicUrl.resolve(Consents.CALLBACK),
            clock);
    tokens = new UserTokens(() -> vault, endpoint, servers, clock);
    consents =
        new Consents(
            store.database(), connections, tokens, endpoint, () -> vault, () -> publicUrl, clock);
    svc =
        connections.create(
            "default",
            JsonMapper.shared()
                .readTree(
                    "{\"name\":\"svc\",\"url\":\"%s\",\"transport\":\"streamable-http\",\"auth\":{\"type\":\"oauth-user\",\"discover\":true}}"
                        .formatted(upstream.url())));
  }

  @AfterEach
  void close() {
    upstream.close();
    as1.close();
    as2.close();
    store.close();
  }

  @Test
  void after_the_upstream_moves_to_another_server_no_refresh_token_goes_there() throws Exception {
    consent("alice");
    assertThat(token("alice")).startsWith("at-as1-");
    assertThat(as1.grants("authorization_code")).isEqualTo(1);

    // while the upstream names AS1, a due token is refreshed there, as ever
    clock.advance(Duration.ofSeconds(45));
    assertThat(token("alice")).startsWith("at-as1-");
    assertThat(as1.grants("refresh_token")).isEqualTo(1);

    // the upstream now names AS2; once what was discovered is stale and the token due
    named.set(as2.issuerUri());
    clock.advance(UserOAuthServers.KEPT.plusSeconds(1));
    assertThat(tokens.get(svc, "alice")).as("asked to consent again").isNull();
    assertThat(as2.tokenRequests).as("AS2 never sees AS1's refresh token").isEmpty();
    assertThat(as1.grants("refresh_token")).as("nor is it sent anywhere").isEqualTo(1);
    assertThat(tokens.describe(svc, "alice")).as("the tokens are forgotten").isEmpty();
    assertThat(servers.resolve(svc).issuer()).isEqualTo(as2.issuer());

    // the consent path: a new link, and this time the user consents at AS2
    Consents.Started again = consents.start(consents.link(svc, "alice").id(), "alice");
    assertThat(again.authorizationUrl().toString()).startsWith(as2.issuer() + "/authorize?");
    finish(again);
    assertThat(token("alice")).startsWith("at-as2-");
    assertThat(tokens.describe(svc, "alice").orElseThrow()).containsEntry("issuer", as2.issuer());
    assertThat(as2.refreshTokensReceived()).noneMatch(t -> t.startsWith("rt-as1-"));
  }

  @Test
  void an_upstream_401_after_the_move_forgets_the_token_instead_of_refreshing_it_elsewhere()
      throws Exception {
    consent("bob");
    AccessToken sent = tokens.get(svc, "bob");
    named.set(as2.issuerUri());
    clock.advance(UserOAuthServers.KEPT.plusSeconds(1));
    // the token is due anyway by now; the upstream refused it (AS2 does not know it)
    assertThat(tokens.renew(svc, "bob", sent)).isFalse();
    assertThat(as2.tokenRequests).isEmpty();
    assertThat(as1.grants("refresh_token")).isZero();
    assertThat(tokens.get(svc, "bob")).isNull();
  }

  @Test
  void a_consent_started_at_one_server_is_finished_there_after_the_upstream_moved()
      throws Exception {
    servers.resolve(svc); // discovered (and registered at AS1) now
    clock.advance(Duration.ofMinutes(9));
    Consents.Started started = consents.start(consents.link(svc, "carol").id(), "carol");
    assertThat(started.authorizationUrl().toString()).startsWith(as1.issuer() + "/authorize?");
    Map<String, String> redirect = authorizeAt(started); // AS1 sends no iss
    Consents.Started other = consents.start(consents.link(svc, "dave").id(), "dave");
    Map<String, String> davesRedirect = authorizeAt(other);

    // the upstream moves to AS2 and what was discovered goes stale: AS2 is the server now, and
    // Gatehouse registers there
    named.set(as2.issuerUri());
    clock.advance(Duration.ofMinutes(1).plusSeconds(1));
    assertThat(servers.resolve(svc).issuer()).isEqualTo(as2.issuer());
    assertThat(as2.registered).hasSize(1);

    consents.finish(
        redirect.get("state"), redirect.get("code"), null, null, started.browserNonce());
    assertThat(as2.tokenRequests).as("AS1's code never goes to AS2").isEmpty();
    assertThat(as1.tokenRequests).hasSize(1);
    RecordingAuthServer.TokenRequest exchanged = as1.tokenRequests.getFirst();
    assertThat(exchanged.form()).containsEntry("code", redirect.get("code"));
    assertThat(exchanged.client())
        .as("as the client the consent was started as")
        .isEqualTo(as1.registered.getFirst());
    assertThat(exchanged.form()).containsEntry("resource", upstream.url().toString());
    assertThat(tokens.describe(svc, "carol").orElseThrow()).containsEntry("issuer", as1.issuer());

    // a redirect naming another issuer than the one the consent was started with is refused
    assertThatThrownBy(
            () ->
                consents.finish(
                    davesRedirect.get("state"),
                    davesRedirect.get("code"),
                    null,
                    as2.issuer(),
                    other.browserNonce()))
        .isInstanceOfSatisfying(
            McpFailure.class, f -> assertThat(f.facts()).containsEntry("error", "iss_mismatch"));
    assertThat(as1.tokenRequests).hasSize(1);
    assertThat(as2.tokenRequests).isEmpty();

    // carol's AS1 token is not refreshed at AS2 either: she consents again when it is due
    clock.advance(Duration.ofSeconds(45));
    assertThat(tokens.get(svc, "carol")).isNull();
    assertThat(as2.tokenRequests).isEmpty();
  }

  @Test
  void tokens_kept_before_issuers_were_are_used_until_due_then_never_refreshed() throws Exception {
    long now = clock.millis();
    keepOldStyle("erin", "old-access", now + Duration.ofMinutes(5).toMillis());
    assertThat(tokens.get(svc, "erin").value().reveal())
        .as("a token still good is used")
        .isEqualTo("old-access");
    clock.advance(Duration.ofMinutes(5));
    assertThat(tokens.get(svc, "erin")).as("due: the user consents again").isNull();
    assertThat(as1.tokenRequests).isEmpty();
    assertThat(as2.tokenRequests).isEmpty();
  }

  @Test
  void a_consent_started_before_the_upgrade_is_started_again() throws Exception {
    Consents.Pending p = consents.link(svc, "frank");
    String browser =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                java.security.MessageDigest.getInstance("SHA-256")
                    .digest("nonce".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    // as a replica before this change started it: no server kept
    store
        .database()
        .write(
            tx ->
                tx.update(
                    "UPDATE connection_consents SET state = ?, status = ?, browser = ?,"
                        + " connection_version = ? WHERE id = ?",
                    "old-state",
                    "started",
                    browser,
                    svc.updatedAt().toEpochMilli(),
                    p.id()));
    assertThatThrownBy(() -> consents.finish("old-state", "code", null, null, "nonce"))
        .isInstanceOfSatisfying(
            GatehouseException.class,
            e -> {
              assertThat(e.error().key()).isEqualTo("CONSENT_NOT_FOUND");
              assertThat(e.getMessage()).contains("start again");
            });
    assertThat(as1.tokenRequests).isEmpty();
  }

  /** Writes the user's tokens as they were kept before the issuer was kept with them. */
  private void keepOldStyle(String user, String access, long expiresAt) {
    vault.put(
        "default",
        UserTokens.secretName("svc", user),
        Secret.of(
            JsonMapper.shared()
                .createObjectNode()
                .put("user", user)
                .put("access", access)
                .put("refresh", "rt-as1-old")
                .put("expiresAt", expiresAt)
                .put("grantedAt", expiresAt - 60_000)
                .toString()));
  }

  private String token(String user) throws McpFailure {
    AccessToken t = tokens.get(svc, user);
    return t == null ? null : t.value().reveal();
  }

  /** The user consents from a fresh link, at whichever server the connection names now. */
  private void consent(String user) throws Exception {
    finish(consents.start(consents.link(svc, user).id(), user));
  }

  private void finish(Consents.Started started) throws Exception {
    Map<String, String> redirect = authorizeAt(started);
    consents.finish(
        redirect.get("state"),
        redirect.get("code"),
        null,
        redirect.get("iss"),
        started.browserNonce());
  }

  /** Plays the browser at the authorization server: the query of the redirect back. */
  private static Map<String, String> authorizeAt(Consents.Started started) throws Exception {
    HttpResponse<Void> r =
        HTTP.send(
            HttpRequest.newBuilder(started.authorizationUrl()).build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(r.statusCode()).isEqualTo(302);
    URI back = URI.create(r.headers().firstValue("Location").orElseThrow());
    return RecordingAuthServer.form(back.getRawQuery());
  }
}
