package io.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rotating a connection's key: a new value is a new version in the vault; within the key's overlap
 * the previous version is tried when the upstream refuses the new one with 401 (rotated here before
 * the upstream knew it); and validation warns ahead of a key's expiry date.
 */
class KeyRotationTest {
  static final String TOKEN = RunningGatehouse.ADMIN_TOKEN;
  final Set<String> accepted = ConcurrentHashMap.newKeySet();

  static String key(String url, String value, String extra) {
    return "{\"name\":\"tools\",\"url\":\""
        + url
        + "\",\"transport\":\"streamable-http\",\"auth\":{\"type\":\"key\",\"headers\":"
        + "{\"Authorization\":{\"value\":\"Bearer "
        + value
        + "\"}}"
        + extra
        + "}}";
  }

  static String call(RunningGatehouse g) {
    McpWire.Session s = McpWire.session(g.route("tools"), "{}");
    return McpWire.answer(
        McpWire.send(
            McpWire.post(s.url(), s.id(), McpWire.toolCall(2, "echo", "{\"message\":\"hi\"}"))));
  }

  static List<String> sent(ScriptedUpstream up) {
    return up.requests().stream().map(r -> r.headers().get("authorization")).toList();
  }

  @Test
  void within_the_overlap_the_previous_key_is_tried_after_a_401(@TempDir Path dir) {
    accepted.add("Bearer old");
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> s.authorize(accepted::contains));
        RunningGatehouse g =
            RunningGatehouse.start(dir, "routes:\n  - {name: tools, connection: tools}\n")) {
      String url = up.url().toString();
      HttpResponse<String> created =
          g.send("POST", "/admin/v1/connections", TOKEN, key(url, "old", ",\"overlap\":\"1h\""));
      assertThat(created.body())
          .contains("\"status\":\"Connected\"")
          .contains("\"overlap\":\"PT1H\"");
      assertThat(call(g)).contains("Echo: hi");

      // rotated here first: the upstream still takes only the old key
      assertThat(
              g.send(
                      "PUT",
                      "/admin/v1/connections/tools",
                      TOKEN,
                      key(url, "new", ",\"overlap\":\"1h\""))
                  .statusCode())
          .isEqualTo(200);
      int before = up.requests().size();
      assertThat(call(g)).contains("Echo: hi");
      List<String> afterRotation = sent(up).subList(before, up.requests().size());
      assertThat(afterRotation).startsWith("Bearer new", "Bearer old");

      // the upstream learns the new key: it goes first and alone
      accepted.clear();
      accepted.add("Bearer new");
      before = up.requests().size();
      assertThat(call(g)).contains("Echo: hi");
      assertThat(sent(up).subList(before, up.requests().size())).containsOnly("Bearer new");
    }
  }

  @Test
  void without_an_overlap_a_refused_key_is_refused(@TempDir Path dir) {
    accepted.add("Bearer old");
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> s.authorize(accepted::contains));
        RunningGatehouse g =
            RunningGatehouse.start(dir, "routes:\n  - {name: tools, connection: tools}\n")) {
      String url = up.url().toString();
      g.send("POST", "/admin/v1/connections", TOKEN, key(url, "old", ""));
      g.send("PUT", "/admin/v1/connections/tools", TOKEN, key(url, "new", ""));
      HttpResponse<String> init =
          McpWire.send(McpWire.post(g.route("tools"), null, McpWire.initializeBody(1)));
      assertThat(init.body()).contains("UPSTREAM_ERROR").contains("401");
      assertThat(sent(up)).doesNotContain((String) null).last().isEqualTo("Bearer new");
    }
  }

  @Test
  void validation_warns_ahead_of_a_keys_expiry_and_after_it(@TempDir Path dir) {
    accepted.add("Bearer k");
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> s.authorize(accepted::contains));
        RunningGatehouse g = RunningGatehouse.start(dir, "")) {
      String url = up.url().toString();
      JsonNode soon =
          JsonMapper.shared()
              .readTree(
                  g.send(
                          "POST",
                          "/admin/v1/connections",
                          TOKEN,
                          key(url, "k", ",\"expiresAt\":\"" + today.plusDays(3) + "\""))
                      .body());
      assertThat(soon.path("validation").path("status").asString()).isEqualTo("Connected");
      assertThat(soon.path("validation").path("warnings").get(0).asString())
          .startsWith("KEY_EXPIRING")
          .contains(today.plusDays(3).toString());
      g.send(
          "PUT",
          "/admin/v1/connections/tools",
          TOKEN,
          key(url, "k", ",\"expiresAt\":\"" + today.minusDays(1) + "\""));
      JsonNode past =
          JsonMapper.shared()
              .readTree(g.send("POST", "/admin/v1/connections/tools/validate", TOKEN, "").body());
      assertThat(past.path("warnings").get(0).asString()).startsWith("KEY_EXPIRED");
      g.send(
          "PUT",
          "/admin/v1/connections/tools",
          TOKEN,
          key(url, "k", ",\"expiresAt\":\"" + today.plusDays(60) + "\""));
      JsonNode later =
          JsonMapper.shared()
              .readTree(g.send("POST", "/admin/v1/connections/tools/validate", TOKEN, "").body());
      assertThat(later.has("warnings")).isFalse();
    }
  }
}
