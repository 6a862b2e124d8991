package io.gatehouse.server;

import static io.gatehouse.testkit.McpWire.post;
import static io.gatehouse.testkit.McpWire.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Sealed sessions: many at once, and carried on by another process that holds the same key. */
class SessionsTest {

  @Test
  void one_hundred_concurrent_initializations_give_one_hundred_distinct_sessions_and_no_5xx()
      throws Exception {
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> {});
        RunningGatehouse gh =
            RunningGatehouse.start(
                "routes:\n" + RunningGatehouse.route("r", up.url(), "streamable-http"));
        var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<HttpResponse<String>>> calls =
          IntStream.range(0, 100)
              .mapToObj(
                  i ->
                      pool.submit(() -> send(post(gh.route("r"), null, McpWire.initializeBody(i)))))
              .toList();
      List<HttpResponse<String>> answers =
          calls.stream()
              .map(
                  f -> {
                    try {
                      return f.get(60, TimeUnit.SECONDS);
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                  })
              .toList();

      assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
      Set<String> sessions =
          answers.stream()
              .map(r -> r.headers().firstValue("Mcp-Session-Id").orElseThrow())
              .collect(Collectors.toSet());
      assertThat(sessions).hasSize(100);
      assertThat(up.openSessions()).isEqualTo(100);
    }
  }

  @Test
  void a_second_gateway_process_sharing_the_key_continues_a_session_the_first_started()
      throws Exception {
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> {})) {
      String routes = "routes:\n" + RunningGatehouse.route("r", up.url(), "streamable-http");
      Path dir = Files.createTempDirectory("gatehouse-replicas");
      String session;
      try (RunningGatehouse first = RunningGatehouse.start(dir, routes)) {
        session = McpWire.open(first.route("r"));
      }
      Process second = startProcess(dir.resolve("gatehouse.yaml"));
      try {
        URI base = awaitListening(second);
        HttpResponse<String> r =
            send(
                post(
                    base.resolve("/mcp/r"),
                    session,
                    McpWire.toolCall(2, "echo", "{\"message\":\"carried on\"}")));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(McpWire.answer(r)).contains("Echo: carried on").contains("\"id\":2");
        assertThat(up.openSessions()).isEqualTo(1);
      } finally {
        second.destroy();
        second.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** Runs {@code gatehouse serve} in a new JVM on this test's classpath. */
  private static Process startProcess(Path config) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "serve",
            "--config",
            config.toString())
        .redirectErrorStream(true)
        .start();
  }

  private static URI awaitListening(Process p) throws Exception {
    Pattern listening = Pattern.compile("listening on (http://\\S+)");
    var reader =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    for (String line = reader.readLine();
        line != null && System.nanoTime() < deadline;
        line = reader.readLine()) {
      Matcher m = listening.matcher(line);
      if (m.find()) {
        Thread.ofVirtual().start(() -> reader.lines().forEach(l -> {}));
        return URI.create(m.group(1));
      }
    }
    throw new AssertionError("the second process did not start");
  }
}
