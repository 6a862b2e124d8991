package io.gatehouse.server;

import static io.gatehouse.testkit.McpWire.post;
import static io.gatehouse.testkit.McpWire.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.limits.testing.RedisProcess;
import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Quotas counted in Redis: kept across a restart of Gatehouse (the counts live in Redis) and listed
 * by the usage API.
 */
class LimitsInRedisTest {

  private static String call(URI route, String session) {
    return McpWire.answer(send(post(route, session, McpWire.toolCall(5, "get-weather", "{}"))));
  }

  @Test
  void a_quota_counted_in_redis_survives_a_restart_and_is_listed() throws Exception {
    try (RedisProcess redis = RedisProcess.start();
        ScriptedUpstream upstream =
            ScriptedUpstream.start(
                s ->
                    s.tool(
                        "get-weather", (c, out) -> out.result(ScriptedUpstream.text("sunny"))))) {
      String yaml =
          "redis: {url: '"
              + redis.url()
              + "', on-failure: closed}\nroutes:\n"
              + RunningGatehouse.route("weather", upstream.url(), "streamable-http")
              + "    policies: {limits: {daily: {quota: 3/day}}}\n";
      Path dir = Files.createTempDirectory("gatehouse-redis-quota");
      try (RunningGatehouse g = RunningGatehouse.start(dir, yaml)) {
        URI route = g.route("weather");
        String s = McpWire.open(route);
        assertThat(call(route, s)).contains("sunny");
        assertThat(call(route, s)).contains("sunny");
      }
      Path other = Files.createTempDirectory("gatehouse-redis-quota-b");
      try (RunningGatehouse g = RunningGatehouse.start(other, yaml)) {
        // A fresh store: only Redis remembers the two calls.
        URI route = g.route("weather");
        String s = McpWire.open(route);
        assertThat(call(route, s)).contains("sunny");
        assertThat(call(route, s)).contains("\"key\":\"QUOTA_EXCEEDED\"");

        Awaitility.await("the window written behind")
            .until(
                () -> {
                  JsonNode q =
                      JsonMapper.shared()
                          .readTree(
                              g.get(
                                      "/admin/v1/usage/quotas?consumer=ip:127.0.0.1",
                                      RunningGatehouse.ADMIN_TOKEN)
                                  .body())
                          .path("quotas");
                  return q.size() == 1
                      && q.get(0).path("used").asLong() == 3
                      && q.get(0).path("quota").asLong() == 3;
                });
      }
    }
  }
}
