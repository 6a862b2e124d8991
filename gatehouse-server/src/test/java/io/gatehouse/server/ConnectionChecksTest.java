package io.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.ScriptedUpstream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Validation on a schedule ({@code connections.validate-every}) and {@code POST .../refresh}, seen
 * through the admin API's history.
 */
class ConnectionChecksTest {
  static final String TOKEN = RunningGatehouse.ADMIN_TOKEN;

  @TempDir Path dir;

  static JsonNode json(HttpResponse<String> r) {
    return JsonMapper.shared().readTree(r.body());
  }

  static JsonNode create(RunningGatehouse gh, String body) {
    HttpResponse<String> r = gh.send("POST", "/admin/v1/connections", TOKEN, body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return json(r);
  }

  static JsonNode checks(RunningGatehouse gh, String name) {
    return json(gh.get("/admin/v1/connections/" + name + "/checks", TOKEN)).path("checks");
  }

  /** The newest check by the schedule after {@code after}, or null. */
  static JsonNode scheduledAfter(RunningGatehouse gh, String name, Instant after) {
    for (JsonNode c : checks(gh, name)) {
      if (c.path("trigger").asString("").equals("schedule")
          && Instant.parse(c.path("checkedAt").asString()).isAfter(after)) {
        return c;
      }
    }
    return null;
  }

  @Test
  void the_schedule_sees_an_upstream_go_down_and_leaves_per_user_connections_alone()
      throws Exception {
    ScriptedUpstream up = ScriptedUpstream.start(s -> {});
    try (RunningGatehouse gh =
        RunningGatehouse.start(
            dir, "connections: {validate-every: 200ms, validate-timeout: 1s}\n")) {
      String base = "http://127.0.0.1:" + up.address().getPort();
      JsonNode user =
          create(
              gh,
              "{\"name\":\"a-user\",\"url\":\""
                  + up.url()
                  + "\",\"auth\":{\"type\":\"oauth-user\",\"authorizationUrl\":\""
                  + base
                  + "/authorize\",\"tokenUrl\":\""
                  + base
                  + "/token\",\"clientId\":\"app\"}}");
      Instant userCreated = Instant.parse(user.path("createdAt").asString());
      JsonNode key = create(gh, "{\"name\":\"z-key\",\"url\":\"" + up.url() + "\"}");
      assertThat(key.path("validation").path("status").asString()).isEqualTo("Connected");

      // a round that began after both existed: it passed over a-user before z-key
      JsonNode connected =
          await()
              .atMost(Duration.ofSeconds(10))
              .until(() -> scheduledAfter(gh, "z-key", userCreated), c -> c != null);
      assertThat(connected.path("status").asString()).isEqualTo("Connected");
      assertThat(checks(gh, "a-user").toString()).doesNotContain("\"schedule\"");

      up.close();
      Instant down = Instant.now();
      JsonNode failed =
          await()
              .atMost(Duration.ofSeconds(10))
              .until(() -> scheduledAfter(gh, "z-key", down), c -> c != null);
      assertThat(failed.path("status").asString()).isEqualTo("Failed");
      assertThat(failed.path("diagnosis").asString()).isEqualTo("UPSTREAM_CONNECTION_REFUSED");
      JsonNode shown = json(gh.get("/admin/v1/connections/z-key", TOKEN)).path("validation");
      assertThat(shown.path("status").asString()).isEqualTo("Failed");
      assertThat(checks(gh, "z-key").size()).isBetween(3, 20);
    } finally {
      up.close();
    }
  }

  @Test
  void validate_every_defaults_to_15m_takes_0_for_never_and_refuses_a_negative() throws Exception {
    io.gatehouse.server.config.ConfigLoader loader =
        new io.gatehouse.server.config.ConfigLoader(java.util.Map.of());
    Path file = dir.resolve("g.yaml");
    java.nio.file.Files.writeString(file, "data-dir: " + dir + "\n");
    assertThat(loader.load(file).connections().validateEvery()).isEqualTo(Duration.ofMinutes(15));
    java.nio.file.Files.writeString(
        file, "data-dir: " + dir + "\nconnections: {validate-every: 0}\n");
    assertThat(loader.load(file).connections().validateEvery()).isZero();
    java.nio.file.Files.writeString(
        file, "data-dir: " + dir + "\nconnections: {validate-every: -5s}\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> loader.load(file))
        .hasMessageContaining("connections.validate-every");
  }

  @Test
  void refresh_lists_the_tools_again_and_says_what_changed() throws Exception {
    AtomicReference<ScriptedUpstream.Script> script = new AtomicReference<>();
    try (ScriptedUpstream up = ScriptedUpstream.start(script::set);
        RunningGatehouse gh = RunningGatehouse.start(dir, "")) {
      create(gh, "{\"name\":\"late\",\"url\":\"" + up.url() + "\"}");
      script.get().tool("arrived", (c, out) -> out.result(ScriptedUpstream.text("here")));

      HttpResponse<String> r = gh.send("POST", "/admin/v1/connections/late/refresh", TOKEN, "");

      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode first = json(r);
      assertThat(first.path("status").asString()).isEqualTo("Connected");
      assertThat(first.path("toolsChanged").asBoolean()).isTrue();
      assertThat(first.path("added").toString()).isEqualTo("[\"arrived\"]");
      assertThat(first.path("removed").size()).isZero();
      JsonNode again = json(gh.send("POST", "/admin/v1/connections/late/refresh", TOKEN, ""));
      assertThat(again.path("toolsChanged").asBoolean()).isFalse();
      JsonNode newest = checks(gh, "late").get(0);
      assertThat(newest.path("trigger").asString()).isEqualTo("refresh");
      assertThat(newest.path("tools").toString()).contains("arrived");
      assertThat(gh.get("/admin/v1/connections/late/refresh", TOKEN).statusCode()).isEqualTo(405);
    }
  }
}
