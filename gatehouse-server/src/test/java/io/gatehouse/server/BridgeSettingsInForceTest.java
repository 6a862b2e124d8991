package io.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.ConformanceFixtureServer;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code gateway.bridge:} set in {@code gatehouse.yaml} is what the running bridge holds to: with
 * {@code max-sessions: 1}, a second caller finds the pool full while the first one's call is held
 * for input (the default, 1024, would have opened a session for it).
 */
class BridgeSettingsInForceTest {
  static ConformanceFixtureServer fixture;
  static RunningGatehouse gatehouse;

  @BeforeAll
  static void start() {
    fixture = ConformanceFixtureServer.start();
    gatehouse =
        RunningGatehouse.start(
            "gateway: {bridge: {max-sessions: 1, idle: 10m}}\nroutes:\n"
                + BridgeReplicasTest.legacyRoute("legacy", fixture.url()));
  }

  @AfterAll
  static void stop() {
    gatehouse.close();
    fixture.close();
  }

  @Test
  void max_sessions_from_the_file_bounds_the_pool() throws Exception {
    JsonNode held = BridgeReplicasTest.call(gatehouse.route("legacy"), 1, null, null);
    assertThat(held.path("result").path("resultType").asString())
        .as(held.toString())
        .isEqualTo("input_required");

    // an anonymous caller at another address needs a session of its own
    HttpClient elsewhere =
        HttpClient.newBuilder().localAddress(InetAddress.getByName("127.0.0.5")).build();
    JsonNode second =
        BridgeReplicasTest.call(elsewhere, gatehouse.route("legacy"), 2, null, null, Map.of());
    assertThat(second.path("error").path("data").path("key").asString())
        .as(second.toString())
        .isEqualTo("BRIDGE_POOL_FULL");
  }
}
