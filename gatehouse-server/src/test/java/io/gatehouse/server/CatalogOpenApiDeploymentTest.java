package io.gatehouse.server;

import static io.gatehouse.testkit.McpWire.answer;
import static io.gatehouse.testkit.McpWire.post;
import static io.gatehouse.testkit.McpWire.send;
import static io.gatehouse.testkit.McpWire.toolCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.McpWire;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A catalog deployment of transport {@code openapi}: an OpenAPI document uploaded through the admin
 * API, read as a whole when the deployment is written, served as tools at the deployment's route
 * and calling a real REST server.
 */
class CatalogOpenApiDeploymentTest {
  private static final JsonMapper JSON = JsonMapper.shared();
  private static final String TOKEN = RunningGatehouse.ADMIN_TOKEN;
  private static final String DOCUMENT =
      "{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"Items\",\"version\":\"1\"},\"paths\":{"
          + "\"/items/{id}\":{\"get\":{\"operationId\":\"getItem\",\"tags\":[\"items\"],"
          + "\"parameters\":[{\"name\":\"id\",\"in\":\"path\",\"required\":true,"
          + "\"schema\":{\"type\":\"integer\",\"maximum\":99}}],"
          + "\"responses\":{\"200\":{\"description\":\"the item\"}}}},"
          + "\"/admin/reset\":{\"post\":{\"operationId\":\"reset\",\"tags\":[\"admin\"],"
          + "\"responses\":{\"204\":{\"description\":\"done\"}}}}}}";

  private HttpServer api;
  private final List<String> heard = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startApi() throws Exception {
    api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    api.createContext(
        "/",
        ex -> {
          heard.add(ex.getRequestMethod() + " " + ex.getRequestURI());
          byte[] body =
              ("{\"id\":"
                      + ex.getRequestURI().getPath().replaceAll("\\D", "")
                      + ",\"name\":\"saw\"}")
                  .getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    api.start();
  }

  @AfterEach
  void stopApi() {
    api.stop(0);
  }

  private String apiUrl() {
    return "http://127.0.0.1:" + api.getAddress().getPort();
  }

  private static String deployment(String route, String document, String more) {
    return "{\"server\":\"io.github.user/items\",\"version\":\"1.0.0\",\"environment\":\"prod\","
        + "\"route\":\""
        + route
        + "\",\"upstream\":{\"transport\":\"openapi\",\"document\":"
        + document
        + more
        + "}}";
  }

  private static void catalog(RunningGatehouse g) {
    assertThat(
            g.send(
                    "POST",
                    "/v0.1/publish",
                    TOKEN,
                    "{\"name\":\"io.github.user/items\",\"description\":\"Items\",\"version\":\"1.0.0\"}")
                .statusCode())
        .isEqualTo(200);
    assertThat(
            g.send("POST", "/admin/v1/environments", TOKEN, "{\"name\":\"prod\",\"kind\":\"prod\"}")
                .statusCode())
        .isEqualTo(201);
  }

  @Test
  void an_uploaded_document_becomes_a_route_whose_tools_call_the_api() {
    try (RunningGatehouse g = RunningGatehouse.start("")) {
      catalog(g);
      HttpResponse<String> created =
          g.send(
              "POST",
              "/admin/v1/deployments",
              TOKEN,
              deployment(
                  "items",
                  DOCUMENT,
                  ",\"baseUrl\":\"" + apiUrl() + "\",\"exclude\":{\"tags\":[\"admin\"]}"));
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      JsonNode d = JSON.readTree(created.body());
      assertThat(d.path("upstream").path("transport").asString()).isEqualTo("openapi");
      assertThat(d.path("upstream").path("url").asString()).isEqualTo(apiUrl());
      assertThat(d.path("upstream").path("title").asString()).isEqualTo("Items");
      assertThat(d.path("upstream").has("document")).isFalse();
      String id = d.path("id").asString();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> !List.of("pending", "discovering").contains(status(g, id)));
      assertThat(status(g, id))
          .as(g.get("/admin/v1/deployments/" + id, TOKEN).body())
          .isEqualTo("ready");
      String tools = g.get("/admin/v1/deployments/" + id + "/tools", TOKEN).body();
      assertThat(tools).contains("\"getItem\"").doesNotContain("\"reset\"");

      URI route = g.route("items");
      String session = McpWire.open(route);
      send(post(route, session, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"));
      JsonNode item =
          JSON.readTree(answer(send(post(route, session, toolCall(2, "getItem", "{\"id\":7}")))));
      assertThat(item.path("result").path("structuredContent").path("name").asString())
          .as(item.toString())
          .isEqualTo("saw");
      assertThat(heard).contains("GET /items/7");
      // the document's own bounds hold before the API is called
      JsonNode refused =
          JSON.readTree(answer(send(post(route, session, toolCall(3, "getItem", "{\"id\":500}")))));
      assertThat(refused.path("error").path("data").path("key").asString())
          .isEqualTo("INVALID_ARGUMENTS");
      assertThat(heard).doesNotContain("GET /items/500");

      // the export carries the whole document, so the catalog can be rebuilt from it
      JsonNode exported =
          g.server()
              .catalog()
              .documents()
              .export()
              .path("servers")
              .get(0)
              .path("deployments")
              .get(0)
              .path("upstream");
      assertThat(exported.path("document").path("paths").has("/items/{id}")).isTrue();

      assertThat(g.send("DELETE", "/admin/v1/deployments/" + id, TOKEN, "").statusCode())
          .isEqualTo(204);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> send(post(route, null, McpWire.initializeBody(1))).statusCode() == 404);
    }
  }

  @Test
  void a_document_that_cannot_be_served_is_refused_as_a_whole_and_nothing_is_written() {
    try (RunningGatehouse g = RunningGatehouse.start("")) {
      catalog(g);
      HttpResponse<String> noPaths =
          g.send(
              "POST",
              "/admin/v1/deployments",
              TOKEN,
              deployment(
                  "items",
                  "{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"x\",\"version\":\"1\"}}",
                  ",\"baseUrl\":\"" + apiUrl() + "\""));
      assertThat(noPaths.statusCode()).as(noPaths.body()).isEqualTo(400);
      assertThat(JSON.readTree(noPaths.body()).path("error").path("code").asString())
          .isEqualTo("OPENAPI_SPEC_INVALID");

      HttpResponse<String> noServer =
          g.send("POST", "/admin/v1/deployments", TOKEN, deployment("items", DOCUMENT, ""));
      assertThat(noServer.statusCode()).isEqualTo(400);
      assertThat(noServer.body())
          .contains("upstream.document: servers[0].url")
          .doesNotContain("openapi-deployments");

      HttpResponse<String> notAnObject =
          g.send("POST", "/admin/v1/deployments", TOKEN, deployment("items", "\"paths: {}\"", ""));
      assertThat(notAnObject.statusCode()).isEqualTo(400);
      assertThat(notAnObject.body()).contains("upstream.document");

      assertThat(JSON.readTree(g.get("/admin/v1/deployments", TOKEN).body()).path("deployments"))
          .isEmpty();
      assertThat(heard).isEmpty();
    }
  }

  private static String status(RunningGatehouse g, String id) {
    return JSON.readTree(g.get("/admin/v1/deployments/" + id, TOKEN).body())
        .path("status")
        .asString();
  }
}
