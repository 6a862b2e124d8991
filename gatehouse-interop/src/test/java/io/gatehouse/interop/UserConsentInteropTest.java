package io.gatehouse.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.connect.consent.UserTokens;
import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Per-user OAuth (identity passthrough) end to end with parts we did not write: a real OpenID
 * Provider (oidc-provider, scripted sign-in) and the TypeScript SDK client. Each user of a route
 * gets the URL elicitation error -32042 with their own consent link, consents once, and then the
 * upstream sees that user's own token (verified with the provider's keys); a link is refused to
 * another signed-in user, a state is taken once, an expired token is refreshed, a revoked refresh
 * token asks for consent again, and a user can list and revoke their consents. An MCP 2026-07-28
 * client is asked for the same consent with an {@code input_required} result instead, and its retry
 * goes on once the user consented.
 */
class UserConsentInteropTest {
  static final Pattern STARTED = Pattern.compile("^(\\{\"issuer\".*\\})$");
  static final String CLIENT_SECRET = "gh-users-" + Long.toHexString(System.nanoTime());
  private static final int TOKEN_TTL_SECONDS = 33; // renewed 30 s early: fresh for 3 s
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final JsonMapper JSON = JsonMapper.shared();

  final AtomicReference<JsonNode> idp = new AtomicReference<>();
  final AtomicReference<URI> resource = new AtomicReference<>();
  final Set<String> authorizations = ConcurrentHashMap.newKeySet();

  /** The subject of a valid token for this upstream, or null. */
  String subject(String authorization) {
    if (authorization != null) {
      authorizations.add(authorization);
    }
    return IssuedTokens.subject(authorization, idp.get(), resource.get());
  }

  @Test
  void each_user_consents_once_and_the_upstream_sees_their_own_token() throws Exception {
    NodeTools tools = NodeTools.require();
    try (ScriptedUpstream upstream = ScriptedUpstream.start(s -> whoami(s, this::subject));
        RunningGatehouse g = gatehouse();
        ChildProcess as =
            usersProvider(tools, g, CLIENT_SECRET, Integer.toString(TOKEN_TTL_SECONDS))) {
      idp.set(JSON.readTree(as.awaitLine(STARTED, Duration.ofSeconds(20)).group(1)));
      resource.set(upstream.url());
      String alice = user(g, "alice");
      String bob = user(g, "bob");

      HttpResponse<String> created =
          admin(g, "POST", "/admin/v1/connections", connection(upstream));
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      JsonNode shown = JSON.readTree(created.body());
      assertThat(shown.path("auth").path("redirectUrl").asString())
          .isEqualTo(g.url("/oauth/callback").toString());
      assertThat(shown.path("validation").path("diagnosis").asString())
          .as("the admin token is nobody: it cannot validate a per-user connection")
          .isEqualTo("CONSENT_REQUIRED");

      // alice: -32042 through the SDK, consent, then her own token upstream
      JsonNode a = consentAndCall(tools, g, alice, "alice");
      assertThat(a.path("code").asInt()).isEqualTo(-32042);
      assertThat(a.path("errorClass").asString()).isEqualTo("UrlElicitationRequiredError");
      assertThat(a.path("callbackStatus").asInt()).isEqualTo(200);
      assertThat(a.path("connected").asBoolean()).isTrue();
      assertThat(a.path("result").asString()).isEqualTo("alice");

      // the state of a finished consent is taken once
      HttpResponse<String> replay =
          get(a.path("callbackUrl").asString(), a.path("cookie").asString());
      assertThat(replay.statusCode()).isEqualTo(404);
      assertThat(replay.body()).contains("CONSENT_NOT_FOUND");

      // bob gets his own link; alice signed in cannot use it
      String bobsLink = consentLink(g, bob);
      assertThat(bobsLink).isNotEqualTo(a.path("consentUrl").asString());
      HttpResponse<String> stolen = postForm(bobsLink, "credential=" + alice);
      assertThat(stolen.statusCode()).isEqualTo(403);
      assertThat(stolen.body()).contains("CONSENT_WRONG_USER");
      assertThat(stolen.headers().firstValue("Location")).isEmpty();
      // carol signs in, then declines at the provider: the callback says CONSENT_DECLINED
      String carol = user(g, "carol");
      HttpResponse<String> started = postForm(consentLink(g, carol), "credential=" + carol);
      assertThat(started.statusCode()).isEqualTo(303);
      String state =
          URI.create(started.headers().firstValue("Location").orElseThrow())
              .getQuery()
              .replaceAll(".*(?:^|&)state=([^&]*).*", "$1");
      String callback = g.url("/oauth/callback?error=access_denied&state=" + state).toString();
      // another browser (no cookie, or another's) cannot finish it
      HttpResponse<String> elsewhere = get(callback, "gatehouse_consent=someone-elses");
      assertThat(elsewhere.statusCode()).isEqualTo(403);
      assertThat(elsewhere.body()).contains("CONSENT_WRONG_BROWSER");
      assertThat(get(callback).body()).contains("CONSENT_WRONG_BROWSER");
      String cookie =
          started.headers().firstValue("Set-Cookie").orElseThrow().replaceAll(";.*", "");
      HttpResponse<String> declined = get(callback, cookie);
      assertThat(declined.statusCode()).isEqualTo(400);
      assertThat(declined.body()).contains("CONSENT_DECLINED");
      // a form posted from another site signs nobody in
      HttpResponse<String> crossSite =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(consentLink(g, carol)))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .header("Origin", "http://attacker.example")
                  .POST(HttpRequest.BodyPublishers.ofString("credential=" + carol))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(crossSite.statusCode()).isEqualTo(403);
      assertThat(crossSite.body()).contains("FORBIDDEN_ORIGIN");
      assertThat(JSON.readTree(call(g, carol)).path("error").path("code").asInt())
          .as("carol is asked again")
          .isEqualTo(-32042);

      JsonNode b = consentAndCall(tools, g, bob, "bob");
      assertThat(b.path("result").asString()).isEqualTo("bob");
      assertThat(b.path("consentUrl").asString()).isEqualTo(bobsLink);

      // alice's token expires: the next call refreshes it, still as alice
      long refreshes = grants(as, "refresh_token");
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> whoami(g, alice).contains("alice") && grants(as, "refresh_token") > refreshes);
      assertThat(whoami(g, alice)).contains("\"alice\"");

      // alice's refresh token is revoked at the provider: once her token is stale, she is asked
      // to consent again
      revokeRefreshToken(g, "api-key:alice");
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> whoami(g, alice).contains("-32042"));

      // bob lists his consents and revokes his own
      HttpResponse<String> mine = as(g, "GET", "/admin/v1/me/consents", bob);
      assertThat(JSON.readTree(mine.body()).path("consents").get(0).path("connection").asString())
          .isEqualTo("svc");
      assertThat(mine.body()).doesNotContain("access").doesNotContain("eyJ");
      assertThat(as(g, "DELETE", "/admin/v1/me/consents/default/svc", bob).statusCode())
          .isEqualTo(204);
      assertThat(whoami(g, bob)).contains("-32042");

      // a contributor validates a per-user connection as themselves: Connected with their token,
      // and once the provider is gone and the token stale, the refresh failure is diagnosed
      assertThat(
              g.send(
                      "POST",
                      "/admin/v1/projects/default/members",
                      RunningGatehouse.ADMIN_TOKEN,
                      "{\"subject\":\"alice\",\"role\":\"contributor\"}")
                  .statusCode())
          .isBetween(200, 201);
      assertThat(consentAndCall(tools, g, alice, "alice").path("result").asString())
          .isEqualTo("alice");
      HttpResponse<String> valid = g.send("POST", "/admin/v1/connections/svc/validate", alice, "");
      assertThat(JSON.readTree(valid.body()).path("status").asString())
          .as(valid.body())
          .isEqualTo("Connected");
      as.close();
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  JSON.readTree(
                          g.send("POST", "/admin/v1/connections/svc/validate", alice, "").body())
                      .path("diagnosis")
                      .asString()
                      .equals("CONSENT_REFRESH_FAILED"));

      // no caller credential ever reached the upstream: only provider-signed tokens did
      assertThat(authorizations).noneMatch(h -> h.contains(alice) || h.contains(bob));
      assertThat(created.body() + mine.body()).doesNotContain(CLIENT_SECRET);
    }
  }

  @Test
  void a_2026_client_is_asked_to_consent_with_input_required_and_its_retry_goes_on() {
    NodeTools tools = NodeTools.require();
    try (ScriptedUpstream upstream =
            ScriptedUpstream.start(s -> whoami(s.stateless(), this::subject));
        RunningGatehouse g = gatehouse();
        ChildProcess as = usersProvider(tools, g, CLIENT_SECRET, "300")) {
      idp.set(JSON.readTree(as.awaitLine(STARTED, Duration.ofSeconds(20)).group(1)));
      resource.set(upstream.url());
      String alice = user(g, "alice");
      String bob = user(g, "bob");
      assertThat(admin(g, "POST", "/admin/v1/connections", connection(upstream)).statusCode())
          .isEqualTo(201);

      JsonNode asked = modernCall(g, alice, 1, URL_CAPS, "");
      JsonNode consent = asked.path("result").path("inputRequests").path("gatehouse.consent");
      assertThat(asked.path("result").path("resultType").asString()).isEqualTo("input_required");
      assertThat(consent.path("method").asString()).isEqualTo("elicitation/create");
      assertThat(consent.path("params").path("mode").asString()).isEqualTo("url");
      String link = consent.path("params").path("url").asString();
      assertThat(link).startsWith(g.url("/").toString());
      String state = asked.path("result").path("requestState").asString();

      // a client that cannot open URLs is told so, with the link, and no -32042 (2025-11-25 only)
      JsonNode plain = modernCall(g, alice, 2, "{}", "").path("error");
      assertThat(plain.path("code").asInt()).isEqualTo(-32021);
      assertThat(plain.path("data").path("reason").asString()).isEqualTo("CONSENT_REQUIRED");
      assertThat(plain.path("data").path("url").asString()).isEqualTo(link);

      // retried before consenting: asked again, with a fresh state
      JsonNode early = modernCall(g, alice, 3, URL_CAPS, answer("accept", state));
      assertThat(early.path("result").path("resultType").asString()).isEqualTo("input_required");
      String fresh = early.path("result").path("requestState").asString();
      assertThat(fresh).isNotEqualTo(state);

      // bob cannot use alice's state, nor alice a declined answer
      assertThat(modernCall(g, bob, 4, URL_CAPS, answer("accept", fresh)).toString())
          .contains("REQUEST_STATE_INVALID");
      assertThat(modernCall(g, alice, 5, URL_CAPS, answer("decline", fresh)).toString())
          .contains("INPUT_DECLINED");
      assertThat(whoamiCalls(upstream)).isZero();

      JsonNode browser =
          consentInBrowser(
              tools,
              early
                  .path("result")
                  .path("inputRequests")
                  .path("gatehouse.consent")
                  .path("params")
                  .path("url")
                  .asString(),
              alice,
              "alice");
      assertThat(browser.path("connected").asBoolean()).as(browser.toString()).isTrue();

      JsonNode done = modernCall(g, alice, 6, URL_CAPS, answer("accept", fresh));
      assertThat(done.path("result").path("content").get(0).path("text").asString())
          .as(done.toString())
          .isEqualTo("alice");
      assertThat(whoamiCalls(upstream)).isEqualTo(1);
      assertThat(
              upstream.requests().stream()
                  .filter(q -> q.body().contains("whoami"))
                  .map(ScriptedUpstream.Recorded::body))
          .noneMatch(b -> b.contains("requestState") || b.contains("inputResponses"));
    }
  }

  static final String URL_CAPS = "{\"elicitation\":{\"url\":{}}}";

  static String answer(String action, String state) {
    return "\"inputResponses\":{\"gatehouse.consent\":{\"action\":\""
        + action
        + "\"}},\"requestState\":"
        + JSON.writeValueAsString(state);
  }

  /** A 2026-07-28 tools/call of whoami as the holder of {@code key}: the answer, or the error. */
  static JsonNode modernCall(RunningGatehouse g, String key, int id, String caps, String extra) {
    return JSON.readTree(
        McpWire.answer(
            McpWire.send(
                McpWire.modernCall(
                        g.route("mine"),
                        "whoami",
                        McpWire.modernToolCall(id, "whoami", "{}", caps, extra))
                    .header("Authorization", "Bearer " + key))));
  }

  static long whoamiCalls(ScriptedUpstream upstream) {
    return upstream.requests().stream()
        .filter(q -> q.body().contains("\"tools/call\"") && q.body().contains("whoami"))
        .count();
  }

  /**
   * An upstream admitting only tokens {@code subject} names someone for, whose tool {@code whoami}
   * answers that someone.
   */
  static ScriptedUpstream.Script whoami(
      ScriptedUpstream.Script s, java.util.function.UnaryOperator<String> subject) {
    return s.authorize(a -> subject.apply(a) != null)
        .tool(
            "whoami",
            (c, out) ->
                out.result(ScriptedUpstream.text(subject.apply(c.header("authorization")))));
  }

  /** Gatehouse with route {@code mine}: API-key callers, connection {@code svc}. */
  static RunningGatehouse gatehouse() {
    return RunningGatehouse.start("routes:\n  - {name: mine, connection: svc, auth: [api-key]}\n");
  }

  /** The provider people sign in to (oidc-users.mjs), sending them back to {@code g}. */
  static ChildProcess usersProvider(NodeTools tools, RunningGatehouse g, String... more) {
    List<String> command = new java.util.ArrayList<>();
    command.add(tools.node().toString());
    command.add(tools.nodeScript("oidc-users.mjs").toString());
    command.add(g.url("/oauth/callback").toString());
    command.addAll(List.of(more));
    return ChildProcess.start("oidc-provider", command, Map.of());
  }

  static String connection(ScriptedUpstream upstream) {
    return "{\"name\":\"svc\",\"url\":\"%s\",\"transport\":\"streamable-http\",\"auth\":{"
            .formatted(upstream.url())
        + "\"type\":\"oauth-user\",\"authorizationUrl\":\"AUTHORIZE\",\"tokenUrl\":\"TOKEN\","
        + "\"clientId\":\"gatehouse\",\"clientSecret\":{\"value\":\""
        + CLIENT_SECRET
        + "\"},\"scopes\":[\"offline_access\",\"mcp:tools\"]}}";
  }

  HttpResponse<String> admin(RunningGatehouse g, String method, String path, String body) {
    String b =
        body.replace("AUTHORIZE", idp.get().path("authorize").asString())
            .replace("TOKEN", idp.get().path("token").asString());
    return g.send(method, path, RunningGatehouse.ADMIN_TOKEN, b);
  }

  static String user(RunningGatehouse g, String name) {
    assertThat(
            g.send(
                    "POST",
                    "/admin/v1/consumers",
                    RunningGatehouse.ADMIN_TOKEN,
                    "{\"name\":\"" + name + "\",\"kind\":\"user\"}")
                .statusCode())
        .isEqualTo(201);
    HttpResponse<String> key =
        g.send("POST", "/admin/v1/consumers/" + name + "/keys", RunningGatehouse.ADMIN_TOKEN, "{}");
    return JSON.readTree(key.body()).path("key").asString();
  }

  static JsonNode consentAndCall(NodeTools tools, RunningGatehouse g, String key, String login) {
    try (ChildProcess user =
        ChildProcess.start(
            "consent-user-" + login,
            List.of(
                tools.node().toString(),
                tools.nodeScript("consent-user.mjs").toString(),
                g.route("mine").toString(),
                key,
                login),
            Map.of())) {
      assertThat(user.waitFor(Duration.ofSeconds(60))).as(user.diagnostics()).isTrue();
      assertThat(user.exitCode()).as(user.diagnostics()).isZero();
      return JSON.readTree(user.stdout().getLast());
    }
  }

  /**
   * Plays the holder of {@code key} in a browser given the consent link {@code link}: signs in to
   * Gatehouse, then at the provider as {@code login} and allows, or aborts there when {@code login}
   * is {@code --decline}. Answers {@code {callbackUrl, callbackStatus, connected, declined}}.
   */
  static JsonNode consentInBrowser(NodeTools tools, String link, String key, String login) {
    try (ChildProcess browser =
        ChildProcess.start(
            "consent-browser-" + login,
            List.of(
                tools.node().toString(),
                tools.nodeScript("consent-user.mjs").toString(),
                "--link",
                link,
                key,
                login),
            Map.of())) {
      assertThat(browser.waitFor(Duration.ofSeconds(60))).as(browser.diagnostics()).isTrue();
      assertThat(browser.exitCode()).as(browser.diagnostics()).isZero();
      return JSON.readTree(browser.stdout().getLast());
    }
  }

  /** The consent link a user's tools/call is refused with, read off the -32042 error. */
  static String consentLink(RunningGatehouse g, String key) {
    JsonNode error = JSON.readTree(call(g, key)).path("error");
    assertThat(error.path("code").asInt()).isEqualTo(-32042);
    return error.path("data").path("elicitations").get(0).path("url").asString();
  }

  static String whoami(RunningGatehouse g, String key) {
    return call(g, key);
  }

  /** One tools/call in a new session, as the holder of {@code key}: the answer, or the error. */
  static String call(RunningGatehouse g, String key) {
    HttpResponse<String> init =
        McpWire.send(
            McpWire.post(g.route("mine"), null, McpWire.initializeBody(1))
                .header("Authorization", "Bearer " + key));
    String session = init.headers().firstValue("Mcp-Session-Id").orElse(null);
    if (session == null) {
      return McpWire.answer(init);
    }
    McpWire.send(
        McpWire.post(g.route("mine"), session, McpWire.notification("notifications/initialized"))
            .header("Authorization", "Bearer " + key));
    return McpWire.answer(
        McpWire.send(
            McpWire.post(g.route("mine"), session, McpWire.toolCall(2, "whoami", "{}"))
                .header("Authorization", "Bearer " + key)));
  }

  static HttpResponse<String> as(RunningGatehouse g, String method, String path, String key) {
    return g.send(method, path, key, "");
  }

  static long grants(ChildProcess as, String grant) {
    return as.stdout().stream().filter(l -> l.contains("\"grant\":\"" + grant + "\"")).count();
  }

  /** Revokes the user's refresh token at the provider, as its owner could. */
  void revokeRefreshToken(RunningGatehouse g, String user) throws Exception {
    String stored = g.server().vault().get("default", UserTokens.secretName("svc", user)).reveal();
    String refresh = JSON.readTree(stored).path("refresh").asString();
    String basic =
        Base64.getEncoder()
            .encodeToString(("gatehouse:" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(idp.get().path("revoke").asString()))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + refresh))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(String url, String cookie) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookie).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> postForm(String url, String form) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
