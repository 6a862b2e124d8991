package io.gatehouse.interop;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stoplight Prism mocking an OpenAPI document on 127.0.0.1 and a port of its choosing. It runs with
 * {@code --errors}, so a request that breaks the document (method, path, query, headers, body)
 * answers 422 with the violations instead of an example.
 */
final class Prism implements AutoCloseable {
  private static final Pattern LISTENING =
      Pattern.compile(".*Prism is listening on (http://127\\.0\\.0\\.1:\\d+).*");
  private static final Duration STARTUP = Duration.ofSeconds(60);

  private final ChildProcess process;
  private final URI url;

  private Prism(ChildProcess process, URI url) {
    this.process = process;
    this.url = url;
  }

  static Prism start(NodeTools tools, Path document) {
    List<String> command =
        List.of(
            tools.node().toString(),
            tools.prismCli().toString(),
            "mock",
            "--errors",
            "-h",
            "127.0.0.1",
            "-p",
            "0",
            document.toString());
    ChildProcess process = ChildProcess.start("prism", command, Map.of());
    try {
      Matcher listening = process.awaitLine(LISTENING, STARTUP);
      return new Prism(process, URI.create(listening.group(1)));
    } catch (RuntimeException e) {
      process.close();
      throw e;
    }
  }

  URI url() {
    return url;
  }

  /** Prism's lines so far: each request it received is logged as {@code get /items/3}. */
  List<String> output() {
    return process.stdout();
  }

  String diagnostics() {
    return process.diagnostics();
  }

  @Override
  public void close() {
    process.close();
  }
}
