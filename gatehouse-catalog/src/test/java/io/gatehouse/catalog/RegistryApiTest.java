package io.gatehouse.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The registry API over real HTTP, as VS Code, GitHub Copilot and mcp-publisher use it. */
class RegistryApiTest {
  CatalogUnderTest server;

  @BeforeEach
  void start() {
    server = CatalogUnderTest.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  Http.Answer publish(String json) {
    return Http.send("POST", server.url("/v0.1/publish"), CatalogUnderTest.TOKEN, json);
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void serves_a_vs_code_like_client_from_probe_to_install() {
    server
        .catalog
        .registry()
        .publishAll(
            IntStream.range(0, 120)
                .mapToObj(
                    i ->
                        Docs.server(
                            "com.acme/weather-" + i,
                            "1.0.0",
                            i % 2 == 0 ? "Weather forecasts" : "Maps and routes"))
                .toList());
    server
        .catalog
        .registry()
        .publish(Docs.server("com.acme/weather-0", "1.1.0", "Weather forecasts"));

    Http.Answer probe = Http.get(server.url("/v0.1/servers?limit=1"));
    assertThat(probe.status()).isEqualTo(200);
    assertThat(probe.json().path("servers")).hasSize(1);
    OpenApiSchemas.assertValid("ServerList", probe.json());

    List<JsonNode> found = new ArrayList<>();
    String cursor = null;
    do {
      Http.Answer page =
          Http.get(
              server.url(
                  "/v0.1/servers?limit=50&version=latest&search=forecast"
                      + (cursor == null ? "" : "&cursor=" + enc(cursor))));
      assertThat(page.status()).isEqualTo(200);
      OpenApiSchemas.assertValid("ServerList", page.json());
      page.json().path("servers").forEach(found::add);
      cursor = page.json().path("metadata").path("nextCursor").asString(null);
    } while (cursor != null);
    assertThat(found)
        .hasSize(60)
        .allSatisfy(
            s -> {
              assertThat(s.path("server").path("description").asString())
                  .isEqualTo("Weather forecasts");
              assertThat(
                      s.path("_meta")
                          .path("io.modelcontextprotocol.registry/official")
                          .path("isLatest")
                          .asBoolean())
                  .isTrue();
            });

    Http.Answer latest =
        Http.get(server.url("/v0.1/servers/" + enc("com.acme/weather-0") + "/versions/latest"));
    assertThat(latest.status()).isEqualTo(200);
    assertThat(latest.json().path("server").path("version").asString()).isEqualTo("1.1.0");
    OpenApiSchemas.assertValid("ServerResponse", latest.json());
  }

  @Test
  void pages_through_250_published_servers_returning_each_exactly_once() {
    for (int i = 0; i < 250; i++) {
      assertThat(
              publish(
                      Docs.server("io.github.team%03d/tool".formatted(i), "1.0." + (i % 3))
                          .toString())
                  .status())
          .isEqualTo(200);
    }

    Set<String> seen = new HashSet<>();
    int pages = 0;
    String cursor = null;
    do {
      Http.Answer page =
          Http.get(
              server.url(
                  "/v0.1/servers?limit=30" + (cursor == null ? "" : "&cursor=" + enc(cursor))));
      JsonNode servers = page.json().path("servers");
      assertThat(page.json().path("metadata").path("count").asInt()).isEqualTo(servers.size());
      servers.forEach(
          s ->
              assertThat(seen.add(s.path("server").path("name").asString()))
                  .as("seen twice")
                  .isTrue());
      cursor = page.json().path("metadata").path("nextCursor").asString(null);
      pages++;
    } while (cursor != null);

    assertThat(seen).hasSize(250);
    assertThat(pages).isEqualTo(9);
  }

  @Test
  void answers_a_cors_preflight_for_get_and_marks_every_answer_shareable() {
    Http.Answer preflight =
        Http.send(
            HttpRequest.newBuilder(server.url("/v0.1/servers?limit=1"))
                .header("Origin", "vscode-file://vscode-app")
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));

    assertThat(preflight.status()).isEqualTo(204);
    assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("*");
    assertThat(preflight.header("Access-Control-Allow-Methods")).contains("GET");
    assertThat(preflight.header("Access-Control-Allow-Headers")).contains("Authorization");
    assertThat(Http.get(server.url("/v0.1/servers")).header("Access-Control-Allow-Origin"))
        .isEqualTo("*");
    assertThat(
            Http.get(server.url("/v0.1/servers/com.acme%2Fnone/versions"))
                .header("Access-Control-Allow-Origin"))
        .isEqualTo("*");
  }

  @Test
  void reads_names_with_an_encoded_slash_and_versions_with_build_metadata() {
    publish(Docs.server("com.example/my-server", "1.0.0+20130313144700").toString());

    for (String path :
        List.of(
            "/v0.1/servers/com.example%2Fmy-server/versions/1.0.0%2B20130313144700",
            "/v0.1/servers/com.example%2fmy-server/versions/1.0.0+20130313144700",
            "/v0.1/servers/com.example/my-server/versions/1.0.0%2B20130313144700",
            "/v0/servers/com.example%2Fmy-server/versions/latest")) {
      Http.Answer a = Http.get(server.url(path));
      assertThat(a.status()).as(path).isEqualTo(200);
      assertThat(a.json().path("server").path("version").asString())
          .isEqualTo("1.0.0+20130313144700");
    }
    Http.Answer versions = Http.get(server.url("/v0.1/servers/com.example%2Fmy-server/versions"));
    assertThat(versions.json().path("servers")).hasSize(1);
    OpenApiSchemas.assertValid("ServerList", versions.json());
  }

  @Test
  void publishes_every_official_valid_example() throws Exception {
    for (Path file : SharedRegistry.examples("valid")) {
      Http.Answer a = publish(Files.readString(file));

      assertThat(a.status()).as(file.toString()).isEqualTo(200);
      assertThat(a.json().path("server")).isEqualTo(SharedRegistry.read(file));
      OpenApiSchemas.assertValid("ServerResponse", a.json());
    }
  }

  @Test
  void refuses_every_official_invalid_example_naming_the_field() throws Exception {
    for (Path file : SharedRegistry.examples("invalid")) {
      Http.Answer a = publish(Files.readString(file));

      assertThat(a.status()).as(file.toString()).isIn(400, 422);
      assertThat(a.json().path("code").asString()).isEqualTo("INVALID_SERVER_JSON");
      assertThat(a.json().path("error").asString()).isNotBlank();
      assertThat(a.json().path("details"))
          .isNotEmpty()
          .allSatisfy(
              e -> {
                assertThat(e.path("field").asString()).isNotBlank();
                assertThat(e.path("message").asString())
                    .startsWith(e.path("field").asString() + ": ");
              });
    }
    assertThat(Http.get(server.url("/v0.1/servers")).json().path("servers")).isEmpty();
  }

  @Test
  void refuses_a_duplicate_version_with_409() {
    assertThat(publish(Docs.server("com.acme/tool", "1.0.0").toString()).status()).isEqualTo(200);

    Http.Answer again = publish(Docs.server("com.acme/tool", "1.0.0").toString());

    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().path("code").asString()).isEqualTo("VERSION_EXISTS");
  }

  @Test
  void publishing_needs_the_admin_token() {
    String doc = Docs.server("com.acme/tool", "1.0.0").toString();

    Http.Answer none = Http.send("POST", server.url("/v0.1/publish"), null, doc);
    Http.Answer wrong = Http.send("POST", server.url("/v0.1/publish"), "nope", doc);

    assertThat(none.status()).isEqualTo(401);
    assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer");
    assertThat(none.json().path("code").asString()).isEqualTo("UNAUTHENTICATED");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(Http.send("POST", server.url("/v0.1/publish"), null, "not json").status())
        .isEqualTo(401);
    assertThat(Http.get(server.url("/v0.1/servers")).json().path("servers")).isEmpty();
  }

  @Test
  void refuses_a_body_that_is_not_json() {
    Http.Answer a = publish("{\"name\": ");

    assertThat(a.status()).isEqualTo(400);
    assertThat(a.json().path("code").asString()).isEqualTo("INVALID_JSON");
  }

  @Test
  void publishes_a_private_endpoint_with_warnings() {
    Http.Answer a =
        publish(
            Docs.withRemote("com.acme/crm", "1.0.0", "http://crm.internal:8080/mcp").toString());

    assertThat(a.status()).isEqualTo(200);
    assertThat(a.json().path("warnings"))
        .extracting(w -> w.path("rule").asString())
        .containsExactly("url-not-https", "private-host");
  }

  @Test
  void deprecates_deletes_and_restores_versions() {
    publish(Docs.server("com.acme/tool", "1.0.0").toString());
    publish(Docs.server("com.acme/tool", "2.0.0").toString());
    URI two = server.url("/v0.1/servers/com.acme%2Ftool/versions/2.0.0");

    Http.Answer deprecated =
        Http.send(
            "PATCH",
            URI.create(two + "/status"),
            CatalogUnderTest.TOKEN,
            "{\"status\":\"deprecated\",\"statusMessage\":\"Please upgrade\"}");
    assertThat(deprecated.status()).isEqualTo(200);
    OpenApiSchemas.assertValid("ServerResponse", deprecated.json());
    assertThat(
            deprecated
                .json()
                .path("_meta")
                .path("io.modelcontextprotocol.registry/official")
                .path("statusMessage")
                .asString())
        .isEqualTo("Please upgrade");
    assertThat(
            Http.send(
                    "PATCH",
                    URI.create(two + "/status"),
                    CatalogUnderTest.TOKEN,
                    "{\"status\":\"deprecated\",\"statusMessage\":\"Please upgrade\"}")
                .status())
        .isEqualTo(400);

    assertThat(
            Http.send(
                    "PATCH",
                    URI.create(two + "/status"),
                    CatalogUnderTest.TOKEN,
                    "{\"status\":\"deleted\"}")
                .status())
        .isEqualTo(200);
    assertThat(Http.get(two).status()).isEqualTo(404);
    assertThat(Http.get(URI.create(two + "?include_deleted=true")).status()).isEqualTo(200);
    assertThat(Http.get(server.url("/v0.1/servers")).json().path("servers")).hasSize(1);
    assertThat(Http.get(server.url("/v0.1/servers?include_deleted=true")).json().path("servers"))
        .hasSize(2);
    assertThat(
            Http.get(server.url("/v0.1/servers/com.acme%2Ftool/versions/latest"))
                .json()
                .path("server")
                .path("version")
                .asString())
        .isEqualTo("1.0.0");

    Http.Answer all =
        Http.send(
            "PATCH",
            server.url("/v0.1/servers/com.acme%2Ftool/status"),
            CatalogUnderTest.TOKEN,
            "{\"status\":\"active\"}");
    assertThat(all.status()).isEqualTo(200);
    assertThat(all.json().path("updatedCount").asInt()).isEqualTo(2);
    OpenApiSchemas.assertValid("AllVersionsStatusResponse", all.json());
    assertThat(
            Http.get(server.url("/v0.1/servers/com.acme%2Ftool/versions/latest"))
                .json()
                .path("server")
                .path("version")
                .asString())
        .isEqualTo("2.0.0");
  }

  @Test
  void status_changes_need_the_token_and_a_valid_status() {
    publish(Docs.server("com.acme/tool", "1.0.0").toString());
    URI status = server.url("/v0.1/servers/com.acme%2Ftool/versions/1.0.0/status");

    assertThat(Http.send("PATCH", status, null, "{\"status\":\"deleted\"}").status())
        .isEqualTo(401);
    Http.Answer bad = Http.send("PATCH", status, CatalogUnderTest.TOKEN, "{\"status\":\"gone\"}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().path("error").asString()).startsWith("Invalid status value");
    assertThat(
            Http.send(
                    "PATCH",
                    server.url("/v0.1/servers/com.acme%2Fnone/versions/1.0.0/status"),
                    CatalogUnderTest.TOKEN,
                    "{\"status\":\"deleted\"}")
                .status())
        .isEqualTo(404);
  }

  @Test
  void refuses_bad_list_parameters_with_400() {
    assertThat(Http.get(server.url("/v0.1/servers?limit=zero")).status()).isEqualTo(400);
    assertThat(Http.get(server.url("/v0.1/servers?limit=0")).status()).isEqualTo(400);
    assertThat(
            Http.get(server.url("/v0.1/servers?updated_since=yesterday"))
                .json()
                .path("error")
                .asString())
        .startsWith("Invalid updated_since format");
    assertThat(
            Http.get(
                    server.url(
                        "/v0.1/servers?updated_since=2026-01-01T00:00:00Z&include_deleted=false"))
                .status())
        .isEqualTo(400);
    assertThat(Http.get(server.url("/v0.1/servers?cursor=garbage")).status()).isEqualTo(400);
    assertThat(Http.get(server.url("/v0.1/servers?limit=500")).status()).isEqualTo(200);
  }

  @Test
  void lists_deleted_versions_in_an_incremental_sync() {
    publish(Docs.server("com.acme/tool", "1.0.0").toString());
    Http.send(
        "PATCH",
        server.url("/v0.1/servers/com.acme%2Ftool/versions/1.0.0/status"),
        CatalogUnderTest.TOKEN,
        "{\"status\":\"deleted\"}");

    Http.Answer sync = Http.get(server.url("/v0.1/servers?updated_since=2000-01-01T00:00:00Z"));

    assertThat(sync.json().path("servers"))
        .extracting(
            s ->
                s.path("_meta")
                    .path("io.modelcontextprotocol.registry/official")
                    .path("status")
                    .asString())
        .containsExactly("deleted");
  }

  @Test
  void versions_are_immutable_so_put_and_delete_answer_501() {
    publish(Docs.server("com.acme/tool", "1.0.0").toString());
    URI v = server.url("/v0.1/servers/com.acme%2Ftool/versions/1.0.0");

    assertThat(
            Http.send(
                    "PUT",
                    v,
                    CatalogUnderTest.TOKEN,
                    Docs.server("com.acme/tool", "1.0.0").toString())
                .status())
        .isEqualTo(501);
    assertThat(Http.send("DELETE", v, CatalogUnderTest.TOKEN, null).status()).isEqualTo(501);
    assertThat(
            Http.send("POST", server.url("/v0.1/servers"), CatalogUnderTest.TOKEN, "{}").status())
        .isEqualTo(405);
    assertThat(Http.get(server.url("/v0.1/servers/com.acme%2Ftool")).status()).isEqualTo(404);
  }

  @Test
  void always_emits_the_official_and_catalog_meta() {
    publish(Docs.server("com.acme/tool", "1.0.0").toString());

    JsonNode one = Http.get(server.url("/v0.1/servers")).json().path("servers").get(0);

    ObjectNode official =
        (ObjectNode) one.path("_meta").path("io.modelcontextprotocol.registry/official");
    assertThat(official.propertyNames())
        .containsExactlyInAnyOrder(
            "status", "statusChangedAt", "publishedAt", "updatedAt", "isLatest");
    assertThat(one.path("_meta").path("io.gatehouse/catalog").path("deployments")).isEmpty();
  }
}
