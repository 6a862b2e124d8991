package io.gatehouse.agent.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.agent.model.ModelProviders;
import io.gatehouse.agent.model.StoredModelUsage;
import io.gatehouse.agent.model.TestClock;
import io.gatehouse.agent.model.Usage;
import io.gatehouse.core.ErrorBodies;
import io.gatehouse.core.Errors;
import io.gatehouse.core.Operator;
import io.gatehouse.core.Principal;
import io.gatehouse.core.Role;
import io.gatehouse.core.net.Egress;
import io.gatehouse.http.ErrorShape;
import io.gatehouse.http.HttpEdge;
import io.gatehouse.http.HttpResponse;
import io.gatehouse.http.IoLoops;
import io.gatehouse.store.testing.TestDatabases;
import io.gatehouse.vault.Keyring;
import io.gatehouse.vault.Vault;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The models admin API over real HTTP on 127.0.0.1, port 0, with the store on SQLite. */
class ModelsAdminApiTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path dir;
  private final TestClock clock = new TestClock(Instant.parse("2026-12-07T09:00:00Z"));
  private final String admin = "t-" + UUID.randomUUID();
  private final String owner = "t-" + UUID.randomUUID();
  private final String contributor = "t-" + UUID.randomUUID();
  private final String reader = "t-" + UUID.randomUUID();
  private final HttpClient client = HttpClient.newHttpClient();
  private TestDatabases.Throwaway db;
  private ModelProviders providers;
  private StoredModelUsage usage;
  private IoLoops loops;
  private HttpEdge edge;
  private ModelsAdminApi api;

  @BeforeEach
  void start() {
    db = TestDatabases.sqlite();
    Vault vault =
        Vault.open(db.database(), Keyring.fromFile(dir.resolve("master.key"), true), clock);
    providers = ModelProviders.open(db.database(), () -> vault, Egress.defaults(), clock);
    usage = StoredModelUsage.open(db.database(), clock);
    Map<String, Operator> ops =
        Map.of(
            admin, Operator.BREAK_GLASS,
            owner, member("alice", Map.of("default", Role.OWNER)),
            contributor, member("bob", Map.of("team", Role.CONTRIBUTOR)),
            reader, member("carol", Map.of("default", Role.USER, "team", Role.USER)));
    api = new ModelsAdminApi(providers, usage, ops::get, clock);
    loops = IoLoops.start(1);
    edge =
        HttpEdge.builder(loops)
            .listen("127.0.0.1", 0)
            .mount(
                "/admin/v1/",
                r ->
                    api.owns(r)
                        ? api.serve(r)
                        : HttpResponse.json(404, ErrorBodies.rest(Errors.NOT_FOUND, "elsewhere")),
                ErrorShape.REST,
                1 << 20)
            .start();
  }

  @AfterEach
  void stop() {
    edge.close();
    loops.close();
    providers.close();
    db.close();
  }

  private static Operator member(String who, Map<String, Role> roles) {
    return new Operator(
        new Principal(who, Principal.Kind.USER, "default", Set.of(), Set.of(), "api-key"), roles);
  }

  private record Answer(int status, JsonNode body, java.net.http.HttpHeaders headers) {
    String code() {
      return body.at("/error/code").asString();
    }
  }

  private Answer call(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    var r = client.send(b.build(), BodyHandlers.ofString());
    return new Answer(
        r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()), r.headers());
  }

  private static String provider(String name, String keyJson) {
    return "{\"name\":\""
        + name
        + "\",\"baseUrl\":\"https://models.example.com/v1\",\"models\":[\"gpt-*\"]"
        + (keyJson == null ? "" : ",\"apiKey\":" + keyJson)
        + "}";
  }

  @Test
  void an_owner_creates_a_provider_and_any_caller_reads_it_without_its_key() throws Exception {
    String key = "k-" + UUID.randomUUID();

    Answer created =
        call("POST", "/admin/v1/models", owner, provider("openai", "{\"value\":\"" + key + "\"}"));

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.body().path("apiKey").toString()).isEqualTo("{\"stored\":true}");
    assertThat(created.body().path("managedBy").asString()).isEqualTo("api");
    assertThat(created.headers().firstValue("Cache-Control")).hasValue("no-store");
    for (String path : List.of("/admin/v1/models", "/admin/v1/models/openai")) {
      Answer read = call("GET", path, reader, null);
      assertThat(read.status()).isEqualTo(200);
      assertThat(read.body().toString()).doesNotContain(key).contains("\"stored\":true");
      assertThat(read.headers().firstValue("Cache-Control")).hasValue("no-store");
    }
    Answer list = call("GET", "/admin/v1/models", contributor, null);
    assertThat(list.body().at("/providers/0/name").asString()).isEqualTo("openai");
    assertThat(list.body().at("/providers/0/timeout").asString()).isEqualTo("60s");
  }

  @Test
  void a_provider_naming_a_vault_secret_shows_the_secret_name_only() throws Exception {
    call("POST", "/admin/v1/models", admin, provider("named", "{\"secret\":\"OPENAI_KEY\"}"));

    Answer read = call("GET", "/admin/v1/models/named", reader, null);

    assertThat(read.body().path("apiKey").toString()).isEqualTo("{\"secret\":\"OPENAI_KEY\"}");
  }

  @Test
  void only_owners_of_project_default_change_providers() throws Exception {
    Answer byReader = call("POST", "/admin/v1/models", reader, provider("x", null));
    Answer byContributor = call("POST", "/admin/v1/models", contributor, provider("x", null));
    Answer anonymous = call("GET", "/admin/v1/models", null, null);
    Answer wrong = call("GET", "/admin/v1/models", "t-" + UUID.randomUUID(), null);

    assertThat(byReader.status()).isEqualTo(403);
    assertThat(byReader.code()).isEqualTo("FORBIDDEN");
    assertThat(byReader.body().at("/error/message").asString())
        .contains("owner")
        .contains("'default'");
    assertThat(byContributor.status()).isEqualTo(403);
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(providers.list()).isEmpty();

    call("POST", "/admin/v1/models", owner, provider("x", null));
    assertThat(call("PUT", "/admin/v1/models/x", contributor, provider("x", null)).status())
        .isEqualTo(403);
    assertThat(call("DELETE", "/admin/v1/models/x", reader, null).status()).isEqualTo(403);
    assertThat(providers.list()).hasSize(1);
  }

  @Test
  void put_replaces_keeping_the_stored_key_and_delete_removes() throws Exception {
    String key = "k-" + UUID.randomUUID();
    call("POST", "/admin/v1/models", owner, provider("p", "{\"value\":\"" + key + "\"}"));

    Answer got = call("GET", "/admin/v1/models/p", owner, null);
    String roundTrip = got.body().toString().replace("\"gpt-*\"", "\"gpt-*\",\"o3\"");
    Answer put = call("PUT", "/admin/v1/models/p", owner, roundTrip);

    assertThat(put.status()).isEqualTo(200);
    assertThat(put.body().path("models").toString()).isEqualTo("[\"gpt-*\",\"o3\"]");
    assertThat(put.body().path("apiKey").toString()).isEqualTo("{\"stored\":true}");
    assertThat(call("PUT", "/admin/v1/models/other", owner, provider("other", null)).code())
        .isEqualTo("MODEL_PROVIDER_NOT_FOUND");
    assertThat(call("POST", "/admin/v1/models", owner, provider("p", null)).status())
        .isEqualTo(409);

    assertThat(call("DELETE", "/admin/v1/models/p", owner, null).status()).isEqualTo(204);
    Answer gone = call("GET", "/admin/v1/models/p", reader, null);
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.code()).isEqualTo("MODEL_PROVIDER_NOT_FOUND");
  }

  @Test
  void the_files_providers_are_refused_with_409_and_named_as_config() throws Exception {
    providers.syncConfig(List.of(JSON.readTree(provider("filed", "{\"secret\":\"FILE_KEY\"}"))));

    Answer put = call("PUT", "/admin/v1/models/filed", admin, provider("filed", null));
    Answer delete = call("DELETE", "/admin/v1/models/filed", admin, null);
    Answer read = call("GET", "/admin/v1/models/filed", reader, null);

    assertThat(put.status()).isEqualTo(409);
    assertThat(put.code()).isEqualTo("MODEL_PROVIDER_MANAGED_BY_CONFIG");
    assertThat(put.body().at("/error/message").asString()).contains("models.providers");
    assertThat(delete.status()).isEqualTo(409);
    assertThat(read.body().path("managedBy").asString()).isEqualTo("config");
  }

  @Test
  void bad_bodies_are_refused_with_their_problems_and_never_echo_a_key() throws Exception {
    String key = "k-" + UUID.randomUUID();
    Answer bad =
        call(
            "POST",
            "/admin/v1/models",
            owner,
            "{\"name\":\"p\",\"baseUrl\":\"ftp://x\",\"apiKey\":\"" + key + "\",\"models\":[]}");
    Answer notJson = call("POST", "/admin/v1/models", owner, "{nope");
    Answer method = call("PATCH", "/admin/v1/models/p", owner, "{}");

    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.code()).isEqualTo("INVALID_MODEL_PROVIDER");
    assertThat(bad.body().at("/error/details").size()).isEqualTo(3);
    assertThat(bad.body().toString()).doesNotContain(key).contains("baseUrl").contains("models");
    assertThat(notJson.code()).isEqualTo("INVALID_JSON");
    assertThat(method.status()).isEqualTo(405);
  }

  @Test
  void contributors_read_their_projects_model_usage_grouped_with_a_total() throws Exception {
    usage.record("r1", "team", "api-key:alice", "helper", "gpt-4o", new Usage(100, 20));
    usage.record("r2", "team", "api-key:alice", "helper", "gpt-4o", new Usage(10, 2));
    usage.record("r3", "team", "api-key:bob", null, "o3", new Usage(5, 1));
    usage.record("r4", "elsewhere", "api-key:eve", null, "o3", new Usage(9, 9));

    Answer a =
        call(
            "GET",
            "/admin/v1/usage/models?project=team&from=2026-12-07&to=2026-12-08",
            contributor,
            null);

    assertThat(a.status()).isEqualTo(200);
    assertThat(a.body().path("project").asString()).isEqualTo("team");
    assertThat(a.body().path("usage").size()).isEqualTo(2);
    JsonNode first = a.body().at("/usage/0");
    assertThat(first.path("model").asString()).isEqualTo("gpt-4o");
    assertThat(first.path("principal").asString()).isEqualTo("api-key:alice");
    assertThat(first.path("agent").asString()).isEqualTo("helper");
    assertThat(first.path("responses").asLong()).isEqualTo(2);
    assertThat(first.path("inputTokens").asLong()).isEqualTo(110);
    assertThat(first.path("outputTokens").asLong()).isEqualTo(22);
    assertThat(a.body().at("/usage/1/agent").isNull()).isTrue();
    assertThat(a.body().at("/total/responses").asLong()).isEqualTo(3);
    assertThat(a.body().at("/total/totalTokens").asLong()).isEqualTo(138);

    clock.advance(java.time.Duration.ofMinutes(1)); // "to" excludes its own instant
    Answer defaults = call("GET", "/admin/v1/usage/models?project=team", contributor, null);
    assertThat(defaults.body().path("from").asString()).isEqualTo("2026-12-06T09:01:00Z");
    assertThat(defaults.body().at("/total/responses").asLong()).isEqualTo(3);
  }

  @Test
  void usage_needs_the_contributor_role_in_the_project_and_a_project() throws Exception {
    Answer user = call("GET", "/admin/v1/usage/models?project=team", reader, null);
    Answer stranger = call("GET", "/admin/v1/usage/models?project=elsewhere", contributor, null);
    Answer none = call("GET", "/admin/v1/usage/models", contributor, null);
    Answer backwards =
        call(
            "GET",
            "/admin/v1/usage/models?project=team&from=2026-12-08&to=2026-12-07",
            contributor,
            null);

    assertThat(user.status()).isEqualTo(403);
    assertThat(stranger.status()).isEqualTo(403);
    assertThat(none.status()).isEqualTo(400);
    assertThat(none.body().at("/error/message").asString()).contains("project");
    assertThat(backwards.status()).isEqualTo(400);
    assertThat(call("GET", "/admin/v1/usage/models?project=team", admin, null).status())
        .isEqualTo(200);
  }

  @Test
  void owns_the_models_paths_and_leaves_the_audit_usage_api_its_own() throws Exception {
    assertThat(call("GET", "/admin/v1/usage", admin, null).body().at("/error/message").asString())
        .isEqualTo("elsewhere");
    assertThat(call("GET", "/admin/v1/models/a/b", admin, null).code()).isEqualTo("NOT_FOUND");
  }
}
