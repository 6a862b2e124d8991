package io.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.store.testing.TestDatabases;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import io.gatehouse.testkit.TestCertificates;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Connections, their options and per-user consent links on each store: created, shown, kept across
 * a restart, and a deleted connection takes its pending consents with it. The same test on SQLite
 * and on a real PostgreSQL.
 */
class ConnectionStoresTest {
  static final String TOKEN = RunningGatehouse.ADMIN_TOKEN;

  static Stream<Arguments> stores() {
    return Stream.of(
        Arguments.of("sqlite", (Supplier<TestDatabases.Throwaway>) TestDatabases::sqlite),
        Arguments.of("postgresql", (Supplier<TestDatabases.Throwaway>) TestDatabases::postgres));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void connections_options_and_consents_live_in_the_store(
      String kind, Supplier<TestDatabases.Throwaway> store, @TempDir Path dir) throws Exception {
    String expires = LocalDate.now(ZoneOffset.UTC).plusDays(2).toString();
    try (TestDatabases.Throwaway db = store.get();
        ScriptedUpstream up = ScriptedUpstream.start(s -> {})) {
      String yaml =
          "storage: {url: '"
              + db.jdbcUrl()
              + "'}\nvault: {key-file: '"
              + dir.resolve("master.key")
              + "'}\nroutes:\n  - {name: mine, connection: svc, auth: [api-key]}\n";
      String link;
      try (RunningGatehouse g = RunningGatehouse.start(dir, yaml)) {
        g.send("POST", "/admin/v1/consumers", TOKEN, "{\"name\":\"alice\",\"kind\":\"user\"}");
        String alice =
            JsonMapper.shared()
                .readTree(g.send("POST", "/admin/v1/consumers/alice/keys", TOKEN, "{}").body())
                .path("key")
                .asString();
        HttpResponse<String> key =
            g.send(
                "POST",
                "/admin/v1/connections",
                TOKEN,
                "{\"name\":\"k\",\"url\":\"%s\",\"tls\":{\"ca\":%s},\"auth\":{\"type\":\"key\",\"headers\":{\"X-Api-Key\":{\"value\":\"v1\"}},\"overlap\":\"2h\",\"expiresAt\":\"%s\"}}"
                    .formatted(
                        up.url(),
                        JsonMapper.shared()
                            .writeValueAsString(TestCertificates.create("CA").caPem()),
                        expires));
        assertThat(key.statusCode()).as(key.body()).isEqualTo(201);
        assertThat(key.body()).contains("KEY_EXPIRING").contains("\"status\":\"Connected\"");
        HttpResponse<String> user =
            g.send(
                "POST",
                "/admin/v1/connections",
                TOKEN,
                "{\"name\":\"svc\",\"url\":\"%s\",\"auth\":{\"type\":\"oauth-user\",\"authorizationUrl\":\"http://127.0.0.1:9/auth\",\"tokenUrl\":\"http://127.0.0.1:9/token\",\"clientId\":\"gh\",\"scopes\":[\"mcp:tools\"]}}"
                    .formatted(up.url()));
        assertThat(user.statusCode()).as(user.body()).isEqualTo(201);

        String refused =
            McpWire.answer(
                McpWire.send(
                    McpWire.post(g.route("mine"), null, McpWire.initializeBody(1))
                        .header("Authorization", "Bearer " + alice)));
        JsonNode error = JsonMapper.shared().readTree(refused).path("error");
        assertThat(error.path("code").asInt()).as(refused).isEqualTo(-32042);
        link = error.path("data").path("elicitations").get(0).path("url").asString();
        assertThat(page(link).statusCode()).isEqualTo(200);
      }
      // a restart on the same store: everything is still there
      try (RunningGatehouse g = RunningGatehouse.start(dir, yaml)) {
        JsonNode k = JsonMapper.shared().readTree(g.get("/admin/v1/connections/k", TOKEN).body());
        assertThat(k.path("tls").path("ca").asString()).contains("BEGIN CERTIFICATE");
        assertThat(k.path("auth").path("overlap").asString()).isEqualTo("PT2H");
        assertThat(k.path("auth").path("expiresAt").asString()).startsWith(expires);
        URI moved = g.url(URI.create(link).getPath());
        assertThat(page(moved.toString()).statusCode()).isEqualTo(200);
        assertThat(g.send("DELETE", "/admin/v1/connections/svc", TOKEN, "").statusCode())
            .isEqualTo(204);
        HttpResponse<String> gone = page(moved.toString());
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.body()).contains("CONSENT_NOT_FOUND");
      }
    }
  }

  static HttpResponse<String> page(String url) throws Exception {
    return McpWire.HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
