package io.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gatehouse.server.config.ConfigException;
import io.gatehouse.server.config.ConfigLoader;
import io.gatehouse.server.config.ConnectionSettings;
import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.ScriptedUpstream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Connections as configuration: the file's {@code connections:} applied at start and on reload,
 * secrets only as references, and {@code gatehouse connections ...} on the same store.
 */
class ConnectionsConfigTest {
  static final String TOKEN = RunningGatehouse.ADMIN_TOKEN;
  static final String KEY = "k-5be09d13aa";

  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  static Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(exit, out.toString(), err.toString());
  }

  static String connection(String name, ScriptedUpstream up, String auth) {
    return "  - name: "
        + name
        + "\n    url: '"
        + up.url()
        + "'\n    transport: streamable-http\n"
        + (auth == null ? "" : "    auth: " + auth + "\n");
  }

  static JsonNode json(HttpResponse<String> r) {
    return JsonMapper.shared().readTree(r.body());
  }

  @Test
  void the_file_creates_updates_and_deletes_its_own_connections_and_leaves_the_apis_alone()
      throws Exception {
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> {});
        RunningGatehouse gh =
            RunningGatehouse.start(
                dir,
                "connections:\n"
                    + connection(
                        "docs", up, "{type: key, headers: {X-API-Key: '${secret:docs-key}'}}"))) {
      JsonNode docs = json(gh.get("/admin/v1/connections/docs", TOKEN));
      assertThat(docs.path("managedBy").asString()).isEqualTo("config");
      assertThat(docs.path("auth").path("headers").path("X-API-Key").asString())
          .isEqualTo("${secret:docs-key}");
      gh.send(
          "PUT",
          "/admin/v1/projects/default/secrets/docs-key",
          TOKEN,
          "{\"value\":\"" + KEY + "\"}");
      JsonNode v = json(gh.send("POST", "/admin/v1/connections/docs/validate", TOKEN, ""));
      assertThat(v.path("status").asString()).as(v.toString()).isEqualTo("Connected");
      assertThat(up.requests())
          .anySatisfy(q -> assertThat(q.headers().get("x-api-key")).isEqualTo(KEY));

      HttpResponse<String> put =
          gh.send("PUT", "/admin/v1/connections/docs", TOKEN, "{\"url\":\"" + up.url() + "\"}");
      assertThat(put.statusCode()).isEqualTo(409);
      assertThat(json(put).path("error").path("code").asString())
          .isEqualTo("CONNECTION_MANAGED_BY_CONFIG");
      assertThat(gh.send("DELETE", "/admin/v1/connections/docs", TOKEN, "").statusCode())
          .isEqualTo(409);
      HttpResponse<String> mine =
          gh.send(
              "POST",
              "/admin/v1/connections",
              TOKEN,
              "{\"name\":\"mine\",\"url\":\"" + up.url() + "\"}");
      assertThat(mine.statusCode()).isEqualTo(201);

      // the file drops docs, adds wiki, and names mine (which the API made)
      gh.rewriteConfig(
          "connections:\n" + connection("wiki", up, null) + connection("mine", up, null));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> gh.server().lastReload() != null && gh.server().lastReload().applied());

      assertThat(gh.get("/admin/v1/connections/docs", TOKEN).statusCode()).isEqualTo(404);
      assertThat(json(gh.get("/admin/v1/connections/wiki", TOKEN)).path("managedBy").asString())
          .isEqualTo("config");
      assertThat(json(gh.get("/admin/v1/connections/mine", TOKEN)).path("managedBy").asString())
          .isEqualTo("api");
      assertThat(gh.server().lastReload().message())
          .contains("created [default/wiki]")
          .contains("deleted [default/docs]")
          .contains("connections[1]")
          .contains("made through the admin API");
      // the file's connection is validated once applied, off the reload's thread
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  json(gh.get("/admin/v1/connections/wiki/checks", TOKEN))
                      .path("checks")
                      .toString()
                      .contains("\"trigger\":\"config\""));
    }
  }

  @Test
  void the_file_takes_a_tool_schema_a_metadata_url_and_a_protocol_and_names_a_bad_tool()
      throws Exception {
    try (ScriptedUpstream up = ScriptedUpstream.start(ScriptedUpstream.Script::noTools);
        RunningGatehouse gh =
            RunningGatehouse.start(
                dir,
                "connections:\n"
                    + connection("pinned", up, null)
                    + "    tool-schema:\n"
                    + "      - {name: lookup, inputSchema: {type: object}}\n"
                    + connection("published", up, null)
                    + "    metadata-url: 'http://127.0.0.1:9/tools.json'\n"
                    + "    protocol: '2025-11-25'\n")) {
      JsonNode pinned = json(gh.get("/admin/v1/connections/pinned", TOKEN));
      assertThat(pinned.path("toolSchema").toString()).contains("lookup");
      JsonNode v = json(gh.send("POST", "/admin/v1/connections/pinned/validate", TOKEN, ""));
      assertThat(v.path("toolsFrom").asString()).as(v.toString()).isEqualTo("schema");
      assertThat(v.path("tools").toString()).isEqualTo("[\"lookup\"]");
      JsonNode published = json(gh.get("/admin/v1/connections/published", TOKEN));
      assertThat(published.path("metadataUrl").asString())
          .isEqualTo("http://127.0.0.1:9/tools.json");
      assertThat(published.path("protocol").asString()).isEqualTo("2025-11-25");
    }
    Path file =
        Files.writeString(
            dir.resolve("bad.yaml"),
            "data-dir: "
                + dir
                + "\nconnections:\n"
                + "  - {name: a, url: 'http://127.0.0.1:9/mcp', tool-schema: [{name: x}]}\n");
    assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("connections[0].toolSchema[0].inputSchema: expected");
  }

  @Test
  void literal_secrets_and_every_other_problem_are_listed_with_their_keys() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("g.yaml"),
            "data-dir: "
                + dir
                + "\nconnections:\n"
                + "  - {name: a, url: 'http://127.0.0.1:9/mcp', auth: {type: key, headers: {X-API-Key: abc}}}\n"
                + "  - {name: b, url: 'ftp://u:pw9@x', auth: {type: oauth-client-credentials,"
                + " token-url: 'http://127.0.0.1:9/t', client-id: c, client-secret: {value: s3cr3t}}}\n"
                + "  - {name: a, url: 'http://127.0.0.1:9/mcp', colour: red, tls: {client-key: k3y}}\n"
                + "  - {name: c, from: {server: s, version: '1', environment: prod},"
                + " auth: {value: l1teral}}\n"
                + "  - {name: d, url: 'http://127.0.0.1:9/mcp', proxy: 'http://127.0.0.1:3128',"
                + " proxy-auth: 'alice:pr0xy'}\n");

    assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("connections[0].auth.headers.X-API-Key: a literal value")
        .hasMessageContaining("connections[1].auth.clientSecret: a literal value")
        .hasMessageContaining("connections[1].url: credentials do not belong in the URL")
        .hasMessageContaining("connections[2].colour: unknown")
        .hasMessageContaining("connections[2].name: 'a' is defined twice")
        .hasMessageContaining("connections[3].auth.value: a literal value")
        .hasMessageContaining("connections[2].tls.clientKey: a literal value")
        .hasMessageContaining("connections[4].proxyAuth: a literal value")
        .message()
        .doesNotContain("abc")
        .doesNotContain("s3cr3t")
        .doesNotContain("l1teral")
        .doesNotContain("pw9")
        .doesNotContain("k3y")
        .doesNotContain("pr0xy");
  }

  @Test
  void env_references_become_values_kept_in_the_vault_and_settings_sit_beside_define()
      throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("g.yaml"),
            "data-dir: "
                + dir
                + "\nconnections:\n  validate-every: 1h\n  define:\n"
                + "    - {project: team, name: a, url: 'http://127.0.0.1:9/mcp',"
                + " auth: {type: key, headers: {Authorization: 'Bearer ${env:A_TOKEN}'}}}\n"
                + "    - {name: b, url: 'http://127.0.0.1:9/mcp', auth: {type:"
                + " oauth-client-credentials, token-url: 'http://127.0.0.1:9/t', client-id: c,"
                + " client-secret: '${secret:b-secret}'}}\n");

    ConnectionSettings s = new ConfigLoader(Map.of("A_TOKEN", "t-1")).load(file).connections();

    assertThat(s.validateEvery()).isEqualTo(Duration.ofHours(1));
    assertThat(s.defined()).hasSize(2);
    assertThat(s.defined().get(0).project()).isEqualTo("team");
    assertThat(s.defined().get(0).body().path("auth").path("headers").path("Authorization"))
        .hasToString("{\"value\":\"Bearer t-1\"}");
    assertThat(s.defined().get(1).body().path("auth").path("clientSecret"))
        .hasToString("{\"secret\":\"b-secret\"}");
  }

  @Test
  void the_cli_lists_shows_validates_and_deletes_on_the_same_store() throws Exception {
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> {});
        RunningGatehouse gh =
            RunningGatehouse.start(dir, "connections:\n" + connection("docs", up, null))) {
      gh.send(
          "POST",
          "/admin/v1/connections",
          TOKEN,
          "{\"name\":\"mine\",\"url\":\"" + up.url() + "\"}");
      String config = gh.configFile().toString();

      Run list = cli("connections", "list", "--config", config);
      assertThat(list.exit()).as(list.err()).isZero();
      assertThat(list.out()).contains("docs").contains("config").contains("mine").contains("api");
      Run show = cli("connections", "show", "mine", "--config", config);
      assertThat(show.out()).contains("\"managedBy\" : \"api\"").contains("Connected");
      Run check = cli("connections", "validate", "--config", config);
      assertThat(check.exit()).as(check.err()).isZero();
      Run handshake = cli("connections", "validate", "docs", "--config", config);
      assertThat(handshake.exit()).as(handshake.err()).isZero();
      assertThat(handshake.out()).startsWith("Connected");

      Run refused = cli("connections", "delete", "docs", "--config", config);
      assertThat(refused.exit()).isEqualTo(1);
      assertThat(refused.err()).contains("CONNECTION_MANAGED_BY_CONFIG");
      Run deleted = cli("connections", "delete", "mine", "--config", config);
      assertThat(deleted.exit()).as(deleted.err()).isZero();
      assertThat(gh.get("/admin/v1/connections/mine", TOKEN).statusCode()).isEqualTo(404);
      assertThat(cli("connections", "show", "nope", "--config", config).err())
          .contains("CONNECTION_NOT_FOUND");
    }
  }
}
