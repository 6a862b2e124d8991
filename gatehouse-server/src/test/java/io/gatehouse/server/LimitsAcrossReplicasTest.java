package io.gatehouse.server;

import static io.gatehouse.testkit.McpWire.post;
import static io.gatehouse.testkit.McpWire.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.gateway.SessionSealer;
import io.gatehouse.limits.testing.RedisProcess;
import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.server.testing.ServeProcess;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Three Gatehouse processes (separate JVMs running {@code Main serve --config ...}) sharing one
 * Redis behind round-robin: a limit of N calls per minute for one consumer and tool admits exactly
 * N of M concurrent calls in total.
 */
class LimitsAcrossReplicasTest {
  private static final int LIMIT = 5;
  private static final int CALLS = 18;

  @Test
  void three_processes_sharing_redis_admit_exactly_the_limit_in_total() throws Exception {
    List<ServeProcess> replicas = new ArrayList<>();
    try (RedisProcess redis = RedisProcess.start();
        ScriptedUpstream upstream =
            ScriptedUpstream.start(
                s ->
                    s.tool(
                        "get-weather", (c, out) -> out.result(ScriptedUpstream.text("sunny"))))) {
      String sessionKey = Base64.getEncoder().encodeToString(SessionSealer.generateKey());
      for (int i = 0; i < 3; i++) {
        // Exactness is the point here, so a generous timeout: a count that times out on a cold JVM
        // is refused (closed) though Redis may have counted it.
        replicas.add(
            ServeProcess.start(
                Files.createTempDirectory("gatehouse-replica-" + i),
                "sessions: {key: "
                    + sessionKey
                    + "}\n"
                    + "redis: {url: '"
                    + redis.url()
                    + "', on-failure: closed, timeout: 10s}\n"
                    + "routes:\n"
                    + RunningGatehouse.route("weather", upstream.url(), "streamable-http")
                    + "    policies: {limits: {calls: {rate: "
                    + LIMIT
                    + "/minute, per: [consumer, tool]}}}\n"));
      }
      List<URI> bases = replicas.stream().map(ServeProcess::awaitListening).toList();

      URI first = bases.getFirst().resolve("/mcp/weather");
      String session = McpWire.open(first);
      List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
      for (int i = 0; i < CALLS; i++) {
        URI route = bases.get(i % 3).resolve("/mcp/weather");
        int id = 100 + i;
        calls.add(() -> send(post(route, session, McpWire.toolCall(id, "get-weather", "{}"))));
      }
      int admitted = 0;
      int limited = 0;
      try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        for (Future<HttpResponse<String>> f : pool.invokeAll(calls)) {
          String answer = McpWire.answer(f.get());
          if (answer.contains("sunny")) {
            admitted++;
          } else if (answer.contains("\"key\":\"RATE_LIMITED\"")) {
            limited++;
          }
        }
      }
      assertThat(admitted).isEqualTo(LIMIT);
      assertThat(limited).isEqualTo(CALLS - LIMIT);
    } finally {
      replicas.forEach(ServeProcess::close);
    }
  }
}
