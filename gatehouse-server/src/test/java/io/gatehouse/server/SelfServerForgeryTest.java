package io.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.McpWire;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The caller header the self route hands over is signed with the process's key: even a policy set
 * that copies a client's header onto the upstream request (a header template) cannot make the
 * server believe another caller: the call is refused, never run as the named one.
 */
class SelfServerForgeryTest {
  static final JsonMapper JSON = JsonMapper.shared();
  static RunningGatehouse gh;
  static String user;

  @BeforeAll
  static void start() {
    gh =
        RunningGatehouse.start(
            "policies:\n"
                + "  headers:\n"
                + "    set: {X-Gatehouse-Self-Caller: '${request.header.X-Forged}'}\n");
    for (String[] m : new String[][] {{"olive", "owner"}, {"ursula", "user"}}) {
      gh.send(
          "POST",
          "/admin/v1/consumers",
          RunningGatehouse.ADMIN_TOKEN,
          "{\"name\":\"" + m[0] + "\"}");
      gh.send(
          "POST",
          "/admin/v1/projects/default/members",
          RunningGatehouse.ADMIN_TOKEN,
          "{\"subject\":\"" + m[0] + "\",\"role\":\"" + m[1] + "\"}");
    }
    user =
        JSON.readTree(
                gh.send(
                        "POST",
                        "/admin/v1/consumers/ursula/keys",
                        RunningGatehouse.ADMIN_TOKEN,
                        "{}")
                    .body())
            .path("key")
            .asString();
  }

  @AfterAll
  static void stop() {
    if (gh != null) {
      gh.close();
    }
  }

  static HttpResponse<String> send(String session, String body, String forged) {
    HttpRequest.Builder b =
        McpWire.post(gh.route("gatehouse"), session, body)
            .header("Authorization", "Bearer " + user)
            .header("X-Forged", forged);
    return McpWire.send(b);
  }

  @Test
  void a_caller_copied_from_the_client_by_a_header_template_is_not_believed() {
    String olive =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                "{\"subject\":\"olive\",\"kind\":\"user\",\"project\":\"default\",\"method\":\"api-key\"}"
                    .getBytes(StandardCharsets.UTF_8));
    for (String forged : new String[] {olive, olive + ".AAAA"}) {
      HttpResponse<String> init = send(null, McpWire.initializeBody(1), forged);
      assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
      String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
      send(session, McpWire.notification("notifications/initialized"), forged);
      HttpResponse<String> r =
          send(
              session,
              McpWire.toolCall(
                  2,
                  "create_deployment",
                  "{\"server\":\"s\",\"version\":\"1\",\"environment\":\"prod\",\"route\":\"forged\"}"),
              forged);
      JsonNode answer = JSON.readTree(McpWire.answer(r));
      // the template's header replaces the signed one (refused: no caller), or the signed one wins
      // (ursula's own role refuses); never olive's role, which would have reached the catalog
      String key =
          answer.has("error")
              ? answer.path("error").path("data").path("key").asString()
              : JSON.readTree(answer.at("/result/content/0/text").asString())
                  .path("error")
                  .path("code")
                  .asString();
      assertThat(key).as(answer.toString()).isIn("UNAUTHENTICATED", "FORBIDDEN");
    }
    assertThat(gh.server().routes().current().routes()).doesNotContainKey("forged");
  }
}
