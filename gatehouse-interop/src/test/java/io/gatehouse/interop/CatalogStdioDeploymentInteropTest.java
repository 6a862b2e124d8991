package io.gatehouse.interop;

import static io.gatehouse.testkit.McpWire.answer;
import static io.gatehouse.testkit.McpWire.post;
import static io.gatehouse.testkit.McpWire.send;
import static io.gatehouse.testkit.McpWire.toolCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.McpWire;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A catalog deployment of transport {@code stdio}: the version's server.json lists
 * server-everything as an npm stdio package, and Gatehouse runs {@code npx -y
 * @modelcontextprotocol/server-everything@2026.8.31 stdio} for it. The test never downloads: the
 * deployment runs in {@code gatehouse-interop} (where npx finds the package installed) with {@code
 * npm_config_offline=true}.
 */
class CatalogStdioDeploymentInteropTest {
  private static final JsonMapper JSON = JsonMapper.shared();
  private static final String TOKEN = RunningGatehouse.ADMIN_TOKEN;
  private static final String SERVER_JSON =
      "{\"name\":\"io.github.modelcontextprotocol/everything\",\"description\":\"Everything\","
          + "\"version\":\"2026.8.31\",\"packages\":["
          + "{\"registryType\":\"npm\",\"identifier\":\"@modelcontextprotocol/server-everything\","
          + "\"version\":\""
          + NodeTools.SERVER_EVERYTHING_VERSION
          + "\",\"transport\":{\"type\":\"stdio\"},"
          + "\"packageArguments\":[{\"type\":\"positional\",\"value\":\"stdio\"}],"
          + "\"environmentVariables\":[{\"name\":\"EVERYTHING_TOKEN\",\"isSecret\":true}]}]}";

  @Test
  void a_deployment_of_an_npm_stdio_package_is_run_discovered_and_called_through_its_route() {
    NodeTools tools = NodeTools.require();
    try (RunningGatehouse g = RunningGatehouse.start("")) {
      assertThat(g.send("POST", "/v0.1/publish", TOKEN, SERVER_JSON).statusCode()).isEqualTo(200);
      assertThat(
              g.send(
                      "POST",
                      "/admin/v1/environments",
                      TOKEN,
                      "{\"name\":\"prod\",\"kind\":\"prod\"}")
                  .statusCode())
          .isEqualTo(201);

      HttpResponse<String> created =
          g.send("POST", "/admin/v1/deployments", TOKEN, deployment("everything", tools, ""));
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      JsonNode d = JSON.readTree(created.body());
      assertThat(d.path("upstream").path("transport").asString()).isEqualTo("stdio");
      assertThat(d.path("upstream").path("package").asString())
          .isEqualTo("@modelcontextprotocol/server-everything");
      assertThat(d.path("upstream").path("url").asString())
          .isEqualTo("stdio:npm:@modelcontextprotocol/server-everything@2026.8.31");

      String id = d.path("id").asString();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> !status(g, id).equals("pending") && !status(g, id).equals("discovering"));
      assertThat(status(g, id))
          .as(g.get("/admin/v1/deployments/" + id, TOKEN).body())
          .isEqualTo("ready");
      assertThat(g.get("/admin/v1/deployments/" + id + "/tools", TOKEN).body())
          .contains("\"echo\"");

      URI route = g.route("everything");
      String session = McpWire.open(route);
      JsonNode echoed =
          JSON.readTree(
              answer(send(post(route, session, toolCall(2, "echo", "{\"message\":\"hi ✓\"}")))));
      assertThat(echoed.path("result").path("content").get(0).path("text").asString())
          .contains("hi ✓");
      assertThat(g.server().hosting().sessions("everything")).isGreaterThanOrEqualTo(1);

      // deleting the deployment withdraws the route and stops its processes
      assertThat(g.send("DELETE", "/admin/v1/deployments/" + id, TOKEN, "").statusCode())
          .isEqualTo(204);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> g.server().hosting().sessions("everything") == 0);
    }
  }

  @Test
  void a_deployment_is_refused_without_an_npm_stdio_package_or_with_a_literal_secret() {
    NodeTools tools = NodeTools.require();
    try (RunningGatehouse g = RunningGatehouse.start("")) {
      assertThat(g.send("POST", "/v0.1/publish", TOKEN, SERVER_JSON).statusCode()).isEqualTo(200);
      assertThat(
              g.send(
                      "POST",
                      "/v0.1/publish",
                      TOKEN,
                      "{\"name\":\"io.github.user/remote\",\"description\":\"R\",\"version\":\"1.0.0\"}")
                  .statusCode())
          .isEqualTo(200);
      g.send("POST", "/admin/v1/environments", TOKEN, "{\"name\":\"prod\",\"kind\":\"prod\"}");

      HttpResponse<String> literal =
          g.send(
              "POST",
              "/admin/v1/deployments",
              TOKEN,
              deployment("everything", tools, ",\"EVERYTHING_TOKEN\":\"plain-text-value\""));
      assertThat(literal.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(literal.body()).path("error").path("code").asString())
          .isEqualTo("INVALID_REQUEST");
      assertThat(literal.body())
          .contains("upstream.env.EVERYTHING_TOKEN: a literal for a secret variable")
          .doesNotContain("plain-text-value");

      HttpResponse<String> none =
          g.send(
              "POST",
              "/admin/v1/deployments",
              TOKEN,
              "{\"server\":\"io.github.user/remote\",\"version\":\"1.0.0\",\"environment\":\"prod\","
                  + "\"route\":\"remote\",\"upstream\":{\"transport\":\"stdio\"}}");
      assertThat(none.statusCode()).isEqualTo(400);
      assertThat(none.body())
          .contains("upstream.package: no npm stdio packages in")
          .contains("registryType npm");

      HttpResponse<String> other =
          g.send(
              "POST",
              "/admin/v1/deployments",
              TOKEN,
              "{\"server\":\"io.github.modelcontextprotocol/everything\",\"version\":\"2026.8.31\","
                  + "\"environment\":\"prod\",\"route\":\"x\",\"upstream\":{\"transport\":\"stdio\","
                  + "\"package\":\"left-pad\"}}");
      assertThat(other.statusCode()).isEqualTo(400);
      assertThat(other.body()).contains("one of @modelcontextprotocol/server-everything");
      assertThat(JSON.readTree(g.get("/admin/v1/deployments", TOKEN).body()).path("deployments"))
          .isEmpty();
    }
  }

  private static String deployment(String route, NodeTools tools, String moreEnv) {
    return "{\"server\":\"io.github.modelcontextprotocol/everything\",\"version\":\"2026.8.31\","
        + "\"environment\":\"prod\",\"route\":\""
        + route
        + "\",\"upstream\":{\"transport\":\"stdio\",\"cwd\":\""
        + tools.repoRoot().resolve("gatehouse-interop").toAbsolutePath()
        + "\",\"env\":{\"npm_config_offline\":\"true\""
        + moreEnv
        + "}}}";
  }

  private static String status(RunningGatehouse g, String id) {
    return JsonMapper.shared()
        .readTree(g.get("/admin/v1/deployments/" + id, TOKEN).body())
        .path("status")
        .asString();
  }
}
