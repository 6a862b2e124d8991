package io.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.ScriptedUpstream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Policy sets through {@code /admin/v1/policies}: checked as a whole with every problem listed,
 * refused where the file owns the scope, shown merged, and in force on every replica of a shared
 * store.
 */
class PolicySetsApiTest {
  private static final String TOKEN = RunningGatehouse.ADMIN_TOKEN;
  private static final JsonMapper JSON = JsonMapper.shared();

  @Test
  void a_set_with_problems_is_refused_whole_with_each_one_listed() throws Exception {
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> {});
        RunningGatehouse g =
            RunningGatehouse.start("routes:\n" + RunningGatehouse.route("a", up.url(), "auto"))) {
      var r =
          g.send(
              "PUT",
              "/admin/v1/policies/global",
              TOKEN,
              "{\"limtis\": {}, \"tools\": {\"get-*\": {\"valdation\": {}}, \"x\": 3}}");

      assertThat(r.statusCode()).isEqualTo(400);
      JsonNode error = JSON.readTree(r.body()).get("error");
      assertThat(error.get("code").asString()).isEqualTo("INVALID_POLICY");
      assertThat(error.get("details").findValuesAsString("field"))
          .containsExactlyInAnyOrder(
              "policies/global.tools['x']",
              "policies/global.limtis",
              "policies/global.tools['get-*'].valdation");
      assertThat(JSON.readTree(g.get("/admin/v1/policies", TOKEN).body()).get("sets")).isEmpty();
    }
  }

  @Test
  void the_file_owns_the_scopes_it_sets() throws Exception {
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> {});
        RunningGatehouse g =
            RunningGatehouse.start(
                "routes:\n"
                    + RunningGatehouse.route("a", up.url(), "auto")
                    + "    policies: {tools: {'get-*': {}}}\n")) {
      var refused = g.send("PUT", "/admin/v1/policies/routes/a", TOKEN, "{}");
      assertThat(refused.statusCode()).isEqualTo(409);
      assertThat(refused.body()).contains("POLICY_FROM_CONFIG");

      JsonNode sets = JSON.readTree(g.get("/admin/v1/policies", TOKEN).body()).get("sets");
      assertThat(sets.get(0).get("scope").asString()).isEqualTo("route:a");
      assertThat(sets.get(0).get("source").asString()).isEqualTo("config");
      assertThat(g.send("PUT", "/admin/v1/policies/global", TOKEN, "{}").statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void a_set_made_on_one_replica_is_in_force_on_the_other_and_shown_merged() throws Exception {
    Path shared = Files.createTempDirectory("gatehouse-shared");
    String storage = "storage: {url: 'jdbc:sqlite:" + shared.resolve("store.db") + "'}\n";
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> {});
        RunningGatehouse a =
            RunningGatehouse.start(
                storage + "routes:\n" + RunningGatehouse.route("r", up.url(), "auto"));
        RunningGatehouse b =
            RunningGatehouse.start(
                storage + "routes:\n" + RunningGatehouse.route("r", up.url(), "auto"))) {
      var dry =
          a.send(
              "PUT",
              "/admin/v1/policies/routes/r?dry_run=true",
              TOKEN,
              "{\"tools\": {\"get-*\": {}}}");
      assertThat(dry.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(dry.body()).get("applied").asBoolean()).isFalse();
      assertThat(JSON.readTree(a.get("/admin/v1/policies", TOKEN).body()).get("sets")).isEmpty();

      assertThat(
              a.send("PUT", "/admin/v1/policies/routes/r", TOKEN, "{\"tools\": {\"get-*\": {}}}")
                  .statusCode())
          .isEqualTo(200);

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> b.get("/admin/v1/policies/routes/r", TOKEN).statusCode() == 200);
      JsonNode onB = JSON.readTree(b.get("/admin/v1/policies/routes/r", TOKEN).body());
      assertThat(onB.get("source").asString()).isEqualTo("api");
      assertThat(b.get("/admin/v1/policies/effective?route=r&tool=get-x", TOKEN).statusCode())
          .isEqualTo(200);
      assertThat(b.get("/admin/v1/policies/effective?route=nope", TOKEN).statusCode())
          .isEqualTo(404);

      assertThat(a.send("DELETE", "/admin/v1/policies/routes/r", TOKEN, "").statusCode())
          .isEqualTo(204);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> b.get("/admin/v1/policies/routes/r", TOKEN).statusCode() == 404);
    }
  }
}
