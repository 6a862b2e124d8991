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
    ChildProcess p =
        ChildProcess.start(
            "modern-fixture",
            List.of(tools.node().toString(), tools.nodeScript("modern-fixture.mjs").toString()),
            Map.of());
    String port = p.awaitLine(LISTENING, Duration.ofSeconds(30)).group(1);
    return new ModernFixture(p, URI.create("http://127.0.0.1:" + port + "/mcp"));
  }

  URI url() {
    return url;
  }

  @Override
  public void close() {
    process.close();
  }
}
