package io.gatehouse.server;

import static io.gatehouse.testkit.McpWire.post;
import static io.gatehouse.testkit.McpWire.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.limits.testing.RedisProcess;
import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.net.URI;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis stopped while Gatehouse runs (a redis-server child of this test, stopped by its PID): with
 * {@code on-failure: local} calls are counted in process, with {@code closed} they are refused with
 * LIMITS_UNAVAILABLE; both count in Redis again once it is back on the same port.
 */
class LimitsRedisOutageTest {
  private RedisProcess redis;
  private ScriptedUpstream upstream;

  @BeforeEach
  void start() {
    redis = RedisProcess.start();
    upstream =
        ScriptedUpstream.start(
            s -> s.tool("get-weather", (c, out) -> out.result(ScriptedUpstream.text("sunny"))));
  }

  @AfterEach
  void stop() {
    upstream.close();
    redis.close();
  }

  private RunningGatehouse gatehouse(String onFailure) {
    return RunningGatehouse.start(
        "redis: {url: '"
            + redis.url()
            + "', on-failure: "
            + onFailure
            + ", timeout: 2s}\nroutes:\n"
            + RunningGatehouse.route("weather", upstream.url(), "streamable-http")
            + "    policies: {limits: {calls: {rate: 2/minute}}}\n");
  }

  private static String call(URI route, String session) {
    return McpWire.answer(send(post(route, session, McpWire.toolCall(5, "get-weather", "{}"))));
  }

  @Test
  void on_failure_local_counts_in_process_while_redis_is_away_then_in_redis_again() {
    try (RunningGatehouse g = gatehouse("local")) {
      URI route = g.route("weather");
      String s = McpWire.open(route);
      assertThat(call(route, s)).contains("sunny");

      redis.stop();
      assertThat(call(route, s)).contains("sunny");
      assertThat(call(route, s)).contains("sunny");
      assertThat(call(route, s)).as("this process's own bucket of 2").contains("RATE_LIMITED");

      redis.startAgain(); // empty, so its bucket is full while the process's is empty
      Awaitility.await("counting in Redis again")
          .atMost(Duration.ofSeconds(15))
          .until(() -> call(route, s).contains("sunny"));
    }
  }

  @Test
  void on_failure_closed_refuses_with_limits_unavailable_then_recovers() {
    try (RunningGatehouse g = gatehouse("closed")) {
      URI route = g.route("weather");
      String s = McpWire.open(route);
      assertThat(call(route, s)).contains("sunny");

      redis.stop();
      String refused = call(route, s);
      assertThat(refused).contains("\"key\":\"LIMITS_UNAVAILABLE\"").contains("-31052");
      assertThat(refused).doesNotContain("sunny");

      redis.startAgain();
      Awaitility.await("counting in Redis again")
          .atMost(Duration.ofSeconds(15))
          .until(() -> call(route, s).contains("sunny"));
    }
  }
}
