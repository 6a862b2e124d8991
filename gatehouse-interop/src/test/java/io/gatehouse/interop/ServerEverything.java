package io.gatehouse.interop;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code @modelcontextprotocol/server-everything}, the MCP reference server, as a child process on
 * 127.0.0.1 and a port the OS picks: it starts with {@code PORT=0} and our {@code
 * force-loopback.cjs} preload, which binds loopback and prints the real port to stderr.
 */
final class ServerEverything implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("FORCE_LOOPBACK_LISTENING (\\{.*\\})");
  private static final Duration STARTUP = Duration.ofSeconds(20);

  private final ChildProcess process;
  private final UpstreamMode mode;
  private final int port;

  private ServerEverything(ChildProcess process, UpstreamMode mode, int port) {
    this.process = process;
    this.mode = mode;
    this.port = port;
  }

  static ServerEverything start(NodeTools tools, UpstreamMode mode) {
    requireNonNull(mode, "mode");
    List<String> command =
        List.of(
            tools.node().toString(),
            "--require",
            tools.nodeScript("force-loopback.cjs").toString(),
            tools.serverEverythingCli().toString(),
            mode.cliArgument());
    ChildProcess process =
        ChildProcess.start("server-everything " + mode.cliArgument(), command, Map.of("PORT", "0"));
    try {
      Matcher listening = process.awaitLine(LISTENING, STARTUP);
      JsonNode address = JsonMapper.shared().readTree(listening.group(1));
      return new ServerEverything(process, mode, address.path("port").asInt());
    } catch (RuntimeException e) {
      process.close();
      throw e;
    }
  }

  /** Where a client starts: {@code http://127.0.0.1:<port>/mcp} or {@code /sse}. */
  URI url() {
    return URI.create("http://127.0.0.1:" + port + mode.path());
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
