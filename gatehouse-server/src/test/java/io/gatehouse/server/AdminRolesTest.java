package io.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin API authorised by role: a project's owners manage its members, contributors its
 * consumers and keys, users read it; the catalog is governed by project {@code default}; a consumer
 * reads itself and may revoke its own key; the admin token stays the break-glass owner.
 */
class AdminRolesTest {
  static final String TOKEN = RunningGatehouse.ADMIN_TOKEN;
  static ScriptedUpstream upstream;
  static RunningGatehouse gh;
  static String owner;
  static String contributor;
  static String user;
  static String platform;
  static String auditor;
  static String deployer;

  @BeforeAll
  static void start() {
    upstream =
        ScriptedUpstream.start(
            s -> s.tool("refund", (c, out) -> out.result(ScriptedUpstream.text("refunded"))));
    gh =
        RunningGatehouse.start(
            "routes:\n"
                + RunningGatehouse.route("refunds", upstream.url(), "streamable-http")
                + "    auth: [api-key]\n"
                + "    project: payments\n");
    admin("POST", "/admin/v1/projects", "{\"name\":\"payments\"}");
    owner = consumerWithKey("pat", "payments", "[]");
    contributor = consumerWithKey("cody", "payments", "[]");
    user = consumerWithKey("uma", "payments", "[]");
    platform = consumerWithKey("dora", "default", "[]");
    auditor = consumerWithKey("audra", "default", "[\"auditors\"]");
    deployer = consumerWithKey("devi", "payments", "[]");
    consumerWithKey("gina", "payments", "[\"auditors\"]");
    admin(
        "POST", "/admin/v1/projects/payments/members", "{\"subject\":\"pat\",\"role\":\"owner\"}");
    admin(
        "POST",
        "/admin/v1/projects/payments/members",
        "{\"subject\":\"cody\",\"role\":\"contributor\"}");
    admin("POST", "/admin/v1/projects/payments/members", "{\"subject\":\"uma\",\"role\":\"user\"}");
    // devi deploys: a contributor of the catalog (default) and of payments
    admin(
        "POST",
        "/admin/v1/projects/payments/members",
        "{\"subject\":\"devi\",\"role\":\"contributor\"}");
    admin(
        "POST",
        "/admin/v1/projects/default/members",
        "{\"subject\":\"devi\",\"role\":\"contributor\"}");
    admin(
        "POST", "/admin/v1/projects/default/members", "{\"subject\":\"dora\",\"role\":\"owner\"}");
    admin(
        "POST",
        "/admin/v1/projects/default/members",
        "{\"subject\":\"group:auditors\",\"role\":\"user\"}");
  }

  @AfterAll
  static void stop() {
    gh.close();
    upstream.close();
  }

  static String consumerWithKey(String name, String project, String groups) {
    admin(
        "POST",
        "/admin/v1/consumers",
        "{\"name\":\"" + name + "\",\"project\":\"" + project + "\",\"groups\":" + groups + "}");
    return admin("POST", "/admin/v1/consumers/" + name + "/keys", "{}").path("key").asString();
  }

  static JsonNode admin(String method, String path, String body) {
    HttpResponse<String> r = gh.send(method, path, TOKEN, body);
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
    return r.body().isEmpty() ? null : JsonMapper.shared().readTree(r.body());
  }

  static HttpResponse<String> as(String key, String method, String path, String body) {
    return gh.send(method, path, key, body);
  }

  /** The admin API's error shape ({@code error.code}) or the registry's ({@code code}). */
  static void refused(HttpResponse<String> r, int status, String key) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode body = JsonMapper.shared().readTree(r.body());
    String code =
        body.path("error").isObject()
            ? body.path("error").path("code").asString()
            : body.path("code").asString();
    assertThat(code).as(r.body()).isEqualTo(key);
  }

  @Test
  void a_user_reads_its_project_and_nothing_else() {
    JsonNode projects =
        JsonMapper.shared().readTree(as(user, "GET", "/admin/v1/projects", "").body());
    assertThat(projects.path("projects").findValuesAsString("name")).containsExactly("payments");
    assertThat(as(user, "GET", "/admin/v1/projects/payments", "").statusCode()).isEqualTo(200);
    refused(as(user, "GET", "/admin/v1/projects/default", ""), 403, "FORBIDDEN");
    refused(as(user, "GET", "/admin/v1/projects/payments/members", ""), 403, "FORBIDDEN");
    refused(
        as(user, "POST", "/admin/v1/consumers", "{\"name\":\"x1\",\"project\":\"payments\"}"),
        403,
        "FORBIDDEN");
    refused(as(user, "GET", "/admin/v1/environments", ""), 403, "FORBIDDEN");
    JsonNode consumers =
        JsonMapper.shared().readTree(as(user, "GET", "/admin/v1/consumers", "").body());
    assertThat(consumers.path("consumers").findValuesAsString("name")).containsExactly("uma");
  }

  @Test
  void a_contributor_manages_the_keys_of_its_projects_consumers_no_stronger_than_itself() {
    // consumers are identities that rules name: the platform's owners create them
    refused(
        as(
            contributor,
            "POST",
            "/admin/v1/consumers",
            "{\"name\":\"x1\",\"kind\":\"application\",\"project\":\"payments\"}"),
        403,
        "FORBIDDEN");
    HttpResponse<String> made =
        as(
            platform,
            "POST",
            "/admin/v1/consumers",
            "{\"name\":\"billing-bot\",\"kind\":\"application\",\"project\":\"payments\"}");
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    HttpResponse<String> key =
        as(contributor, "POST", "/admin/v1/consumers/billing-bot/keys", "{}");
    assertThat(key.statusCode()).as(key.body()).isEqualTo(201);
    // a key is as strong as its consumer: not for the project's owner, nor for a consumer in groups
    refused(as(contributor, "POST", "/admin/v1/consumers/pat/keys", "{}"), 403, "FORBIDDEN");
    refused(as(contributor, "POST", "/admin/v1/consumers/gina/keys", "{}"), 403, "FORBIDDEN");
    assertThat(as(owner, "POST", "/admin/v1/consumers/cody/keys", "{}").statusCode())
        .isEqualTo(201);
    refused(as(contributor, "DELETE", "/admin/v1/consumers/billing-bot", ""), 403, "FORBIDDEN");
    // a consumer of another project answers like one that does not exist
    refused(as(contributor, "GET", "/admin/v1/consumers/dora", ""), 404, "CONSUMER_NOT_FOUND");
    refused(
        as(contributor, "POST", "/admin/v1/consumers/dora/keys", "{}"), 404, "CONSUMER_NOT_FOUND");
    refused(as(contributor, "GET", "/admin/v1/consumers/nobody", ""), 404, "CONSUMER_NOT_FOUND");
    refused(
        as(
            contributor,
            "POST",
            "/admin/v1/projects/payments/members",
            "{\"subject\":\"cody\",\"role\":\"owner\"}"),
        403,
        "FORBIDDEN");
    assertThat(as(contributor, "GET", "/admin/v1/projects/payments/members", "").statusCode())
        .isEqualTo(200);
  }

  @Test
  void an_owner_manages_members_but_creating_projects_needs_an_owner_of_default() {
    HttpResponse<String> added =
        as(
            owner,
            "POST",
            "/admin/v1/projects/payments/members",
            "{\"subject\":\"reviewer@example.com\",\"role\":\"user\"}");
    assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
    assertThat(
            as(owner, "DELETE", "/admin/v1/projects/payments/members/reviewer@example.com", "")
                .statusCode())
        .isEqualTo(204);
    refused(as(owner, "POST", "/admin/v1/projects", "{\"name\":\"p1\"}"), 403, "FORBIDDEN");
    assertThat(as(platform, "POST", "/admin/v1/projects", "{\"name\":\"p2\"}").statusCode())
        .isEqualTo(201);
    // whoever creates a project owns it
    assertThat(as(platform, "GET", "/admin/v1/projects/p2/members", "").body())
        .contains("\"subject\":\"dora\"")
        .contains("\"role\":\"owner\"");
  }

  @Test
  void the_catalog_is_read_by_users_of_default_and_changed_by_its_contributors() {
    // the auditors group holds the user role in default
    assertThat(as(auditor, "GET", "/admin/v1/environments", "").statusCode()).isEqualTo(200);
    refused(
        as(auditor, "POST", "/admin/v1/environments", "{\"name\":\"qa\",\"kind\":\"test\"}"),
        403,
        "FORBIDDEN");
    refused(
        as(
            auditor,
            "POST",
            "/v0.1/publish",
            "{\"name\":\"io.github.acme/x\",\"description\":\"x\",\"version\":\"1.0.0\"}"),
        403,
        "FORBIDDEN");
    assertThat(
            as(platform, "POST", "/admin/v1/environments", "{\"name\":\"qa\",\"kind\":\"test\"}")
                .statusCode())
        .isEqualTo(201);
    HttpResponse<String> published =
        as(
            platform,
            "POST",
            "/v0.1/publish",
            "{\"name\":\"io.github.acme/y\",\"description\":\"y\",\"version\":\"1.0.0\"}");
    assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
  }

  @Test
  void a_consumer_reads_itself_and_revokes_its_own_key() {
    String spare = admin("POST", "/admin/v1/consumers/uma/keys", "{}").path("key").asString();
    assertThat(as(spare, "GET", "/admin/v1/consumers/uma", "").statusCode()).isEqualTo(200);
    JsonNode keys =
        JsonMapper.shared().readTree(as(spare, "GET", "/admin/v1/consumers/uma/keys", "").body());
    assertThat(keys.path("keys")).hasSizeGreaterThanOrEqualTo(2);
    assertThat(keys.toString()).doesNotContain(spare);
    refused(as(spare, "POST", "/admin/v1/consumers/uma/keys", "{}"), 403, "FORBIDDEN");
    String spareId =
        keys.path("keys")
            .valueStream()
            .filter(k -> spare.startsWith(k.path("prefix").asString()))
            .findFirst()
            .orElseThrow()
            .path("id")
            .asString();
    assertThat(as(spare, "DELETE", "/admin/v1/consumers/uma/keys/" + spareId, "").statusCode())
        .isEqualTo(204);
    refused(as(spare, "GET", "/admin/v1/consumers/uma", ""), 401, "UNAUTHENTICATED");
  }

  @Test
  void a_route_of_a_project_takes_only_the_keys_of_its_consumers() {
    HttpResponse<String> own = initialize("refunds", user);
    assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
    HttpResponse<String> other = initialize("refunds", platform);
    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(other.body()).contains("FORBIDDEN").contains("belongs to project 'default'");
  }

  @Test
  void deployments_are_changed_by_the_contributors_of_their_project() {
    admin("POST", "/admin/v1/environments", "{\"name\":\"prod\",\"kind\":\"prod\"}");
    admin(
        "POST",
        "/v0.1/publish",
        "{\"name\":\"io.github.acme/refunds\",\"description\":\"r\",\"version\":\"1.0.0\"}");
    admin(
        "POST",
        "/admin/v1/access-rules",
        "{\"server\":\"io.github.acme/refunds\",\"version\":\"1.0.0\",\"principal\":\"user:uma\","
            + "\"actions\":[\"discover\",\"use\"]}");
    String body =
        "{\"server\":\"io.github.acme/refunds\",\"version\":\"1.0.0\",\"environment\":\"prod\","
            + "\"route\":\"cat-refunds\",\"project\":\"%s\",\"upstream\":{\"url\":\""
            + upstream.url()
            + "\",\"transport\":\"streamable-http\"}}";
    // deploying publishes an endpoint under a catalog server's name: a contributor of payments
    // alone may not, a contributor of the catalog may not deploy into a project it is not in
    refused(
        as(contributor, "POST", "/admin/v1/deployments", body.formatted("payments")),
        403,
        "FORBIDDEN");
    refused(
        as(contributor, "POST", "/admin/v1/deployments", body.formatted("default")),
        403,
        "FORBIDDEN");
    refused(
        as(user, "POST", "/admin/v1/deployments", body.formatted("payments")), 403, "FORBIDDEN");
    HttpResponse<String> made =
        as(deployer, "POST", "/admin/v1/deployments", body.formatted("payments"));
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    JsonNode d = JsonMapper.shared().readTree(made.body());
    assertThat(d.path("project").asString()).isEqualTo("payments");
    String id = d.path("id").asString();

    // its users read it; tool discovery reaches its guarded route; its users call it
    assertThat(
            await()
                .atMost(Duration.ofSeconds(30))
                .until(
                    () ->
                        JsonMapper.shared()
                            .readTree(as(user, "GET", "/admin/v1/deployments/" + id, "").body())
                            .path("status")
                            .asString(),
                    "ready"::equals))
        .isEqualTo("ready");
    assertThat(initialize("cat-refunds", user).statusCode()).isEqualTo(200);
    // the version is hidden from the auditors (its rule names uma only): not found, as if absent
    refused(as(auditor, "GET", "/admin/v1/deployments/" + id, ""), 404, "DEPLOYMENT_NOT_FOUND");
    assertThat(as(auditor, "GET", "/admin/v1/deployments", "").body()).doesNotContain(id);
    refused(as(auditor, "GET", "/admin/v1/access-rules", ""), 403, "FORBIDDEN");
    // cody may not discover it either; uma may, but reading is all her role allows
    refused(
        as(contributor, "DELETE", "/admin/v1/deployments/" + id, ""), 404, "DEPLOYMENT_NOT_FOUND");
    refused(as(user, "DELETE", "/admin/v1/deployments/" + id, ""), 403, "FORBIDDEN");
    assertThat(as(deployer, "DELETE", "/admin/v1/deployments/" + id, "").statusCode())
        .isEqualTo(204);
  }

  static HttpResponse<String> initialize(String route, String key) {
    return McpWire.send(
        McpWire.post(gh.route(route), null, McpWire.initializeBody(1))
            .header("Authorization", "Bearer " + key));
  }

  @Test
  void no_credential_or_a_wrong_one_is_refused() {
    refused(as(null, "GET", "/admin/v1/projects", ""), 401, "UNAUTHENTICATED");
    refused(
        as("ghk_AAAAAAAA_" + "x".repeat(43), "GET", "/admin/v1/environments", ""),
        401,
        "UNAUTHENTICATED");
    assertThat(as(TOKEN, "GET", "/admin/v1/projects/payments/members", "").statusCode())
        .isEqualTo(200);
  }
}
