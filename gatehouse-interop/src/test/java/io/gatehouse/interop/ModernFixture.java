package io.gatehouse.interop;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Gatehouse's MCP 2026-07-28 fixture server ({@code src/test/node/modern-fixture.mjs}, on the
 * TypeScript SDK v2 server), stateless, on a loopback port it picks and prints.
 */
final class ModernFixture implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("LISTENING (\\d+)");

  private final ChildProcess process;
  private final URI url;

  private ModernFixture(ChildProcess process, URI url) {
    this.process = process;
    this.url = url;
  }

  static ModernFixture start(NodeTools tools) {
    return start(tools, "modern-fixture.mjs");
  }

  /**
   * Another 2026-07-28 server script of ours under {@code src/test/node} that prints {@code
   * LISTENING <port>} the same way, started with {@code args}.
   */
  static ModernFixture start(NodeTools tools, String script, String... args) {
    List<String> command = new java.util.ArrayList<>();
    command.add(tools.node().toString());
    command.add(tools.nodeScript(script).toString());
    command.addAll(List.of(args));
    ChildProcess p = ChildProcess.start(script, command, Map.of());
    String port = p.awaitLine(LISTENING, Duration.ofSeconds(30)).group(1);
    return new ModernFixture(p, URI.create("http://127.0.0.1:" + port + "/mcp"));
  }

  URI url() {
    return url;
  }

  /**
   * What a server that reports the messages it receives ({@code RECEIVED <method> <version>}, as
   * {@code era-matrix-server.mjs} does) got so far: {@code <method> <version>} each, oldest first.
   */
  List<String> received() {
    return process.stdout().stream()
        .filter(line -> line.startsWith("RECEIVED "))
        .map(line -> line.substring("RECEIVED ".length()))
        .toList();
  }

  /** The server's recent output, for failure messages. */
  String diagnostics() {
    return process.diagnostics();
  }

  @Override
  public void close() {
    process.close();
  }
}
