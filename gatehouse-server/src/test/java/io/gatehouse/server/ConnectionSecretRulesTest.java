package io.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.connect.consent.UserTokens;
import io.gatehouse.core.Secret;
import io.gatehouse.server.testing.RunningGatehouse;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a connection may not do with secrets: refer to another connection's, or to the tokens and
 * client registration Gatehouse keeps for users (which would send them wherever the connection
 * points); nor may the vault API plant them; and a per-user connection repointed elsewhere forgets
 * every user's tokens.
 */
class ConnectionSecretRulesTest {
  static final String TOKEN = RunningGatehouse.ADMIN_TOKEN;

  static String key(String name, String value) {
    return "{\"name\":\""
        + name
        + "\",\"url\":\"http://127.0.0.1:9/mcp\",\"auth\":{\"type\":\"key\",\"headers\":"
        + "{\"Authorization\":"
        + value
        + "}}}";
  }

  static String perUser(String tokenUrl) {
    return "{\"name\":\"svc\",\"url\":\"http://127.0.0.1:9/mcp\",\"auth\":{\"type\":\"oauth-user\","
        + "\"authorizationUrl\":\"http://127.0.0.1:9/auth\",\"tokenUrl\":\""
        + tokenUrl
        + "\",\"clientId\":\"gh\"}}";
  }

  @Test
  void a_connection_refers_to_no_users_tokens_and_no_other_connections_secrets(@TempDir Path dir) {
    try (RunningGatehouse g = RunningGatehouse.start(dir, "")) {
      String user = UserTokens.secretName("svc", "api-key:alice");
      HttpResponse<String> tokens =
          g.send(
              "POST",
              "/admin/v1/connections",
              TOKEN,
              key("k", "\"Bearer ${secret:" + user + "}\""));
      assertThat(tokens.statusCode()).isEqualTo(400);
      assertThat(tokens.body())
          .contains("INVALID_CONNECTION")
          .contains("belongs to connection 'svc'");
      HttpResponse<String> own =
          g.send(
              "POST",
              "/admin/v1/connections",
              TOKEN,
              key("svc", "{\"secret\":\"connection.svc.registered-client\"}"));
      assertThat(own.statusCode()).isEqualTo(400);
      assertThat(own.body()).contains("nothing may refer to");

      HttpResponse<String> planted =
          g.send(
              "PUT",
              "/admin/v1/projects/default/secrets/" + user,
              TOKEN,
              "{\"value\":\"{\\\"user\\\":\\\"api-key:alice\\\",\\\"access\\\":\\\"x\\\"}\"}");
      assertThat(planted.statusCode()).isEqualTo(400);
      assertThat(planted.body()).contains("kept by Gatehouse");
    }
  }

  @Test
  void a_per_user_connection_repointed_forgets_every_users_tokens(@TempDir Path dir) {
    try (RunningGatehouse g = RunningGatehouse.start(dir, "")) {
      assertThat(
              g.send("POST", "/admin/v1/connections", TOKEN, perUser("http://127.0.0.1:9/token"))
                  .statusCode())
          .isEqualTo(201);
      String user = UserTokens.secretName("svc", "api-key:alice");
      g.server().vault().put("default", user, Secret.of("{\"user\":\"api-key:alice\"}"));

      // a change that keeps the servers keeps the tokens
      assertThat(
              g.send(
                      "PUT",
                      "/admin/v1/connections/svc",
                      TOKEN,
                      perUser("http://127.0.0.1:9/token")
                          .replace("\"gh\"", "\"gh\",\"scopes\":[\"a\"]"))
                  .statusCode())
          .isEqualTo(200);
      assertThat(g.server().vault().versions("default", user)).hasSize(1);

      assertThat(
              g.send("PUT", "/admin/v1/connections/svc", TOKEN, perUser("http://127.0.0.1:8/token"))
                  .statusCode())
          .isEqualTo(200);
      assertThatThrownBy(() -> g.server().vault().versions("default", user))
          .hasMessageContaining("has no secret");
    }
  }

  @Test
  void revoking_a_consent_says_the_same_whether_the_connection_exists_or_not(@TempDir Path dir) {
    try (RunningGatehouse g = RunningGatehouse.start(dir, "")) {
      g.send("POST", "/admin/v1/consumers", TOKEN, "{\"name\":\"alice\",\"kind\":\"user\"}");
      String alice =
          JsonMapper.shared()
              .readTree(g.send("POST", "/admin/v1/consumers/alice/keys", TOKEN, "{}").body())
              .path("key")
              .asString();
      g.send("POST", "/admin/v1/connections", TOKEN, perUser("http://127.0.0.1:9/token"));
      HttpResponse<String> none = g.send("DELETE", "/admin/v1/me/consents/default/svc", alice, "");
      HttpResponse<String> missing =
          g.send("DELETE", "/admin/v1/me/consents/default/nothing-here", alice, "");
      assertThat(none.statusCode()).isEqualTo(404);
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(JsonMapper.shared().readTree(missing.body()).path("error").path("code").asString())
          .isEqualTo(
              JsonMapper.shared().readTree(none.body()).path("error").path("code").asString());
    }
  }
}
