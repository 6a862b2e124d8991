package io.gatehouse.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our preload {@code src/test/node/force-loopback.cjs}: every way a Node server asks for "all
 * interfaces".
 */
class ForceLoopbackTest {
  private static final Pattern LISTENING =
      Pattern.compile(
          "FORCE_LOOPBACK_LISTENING \\{\"host\":\"([^\"]+)\",\"port\":(\\d+),\"pid\":\\d+}");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "listen(0)",
        "listen('0')",
        "listen()",
        "listen(() => {})",
        "listen(0, '0.0.0.0')",
        "listen(0, '::')",
        "listen({ port: 0 })",
        "listen({ port: 0, host: '' })"
      })
  void binds_loopback_and_reports_the_real_port(String listenCall) throws IOException {
    NodeTools tools = NodeTools.require();
    String server = "require('node:http').createServer((q, s) => s.end('ok'))." + listenCall + ";";
    try (ChildProcess node =
        ChildProcess.start(
            "node " + listenCall,
            List.of(
                tools.node().toString(),
                "--require",
                tools.nodeScript("force-loopback.cjs").toString(),
                "-e",
                server),
            Map.of())) {
      Matcher listening = node.awaitLine(LISTENING, Duration.ofSeconds(10));
      int port = Integer.parseInt(listening.group(2));

      assertThat(listening.group(1)).isEqualTo("127.0.0.1");
      assertThat(port).isPositive();
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        assertThat(socket.isConnected()).isTrue();
      }
    }
  }
}
