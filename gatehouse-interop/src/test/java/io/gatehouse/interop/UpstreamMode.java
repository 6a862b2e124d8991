package io.gatehouse.interop;

/**
 * The transports server-everything can serve, by its CLI argument, and the URL path a client starts
 * at.
 */
enum UpstreamMode {
  STREAMABLE_HTTP("streamableHttp", "/mcp"),
  SSE("sse", "/sse");

  private final String cliArgument;
  private final String path;

  UpstreamMode(String cliArgument, String path) {
    this.cliArgument = cliArgument;
    this.path = path;
  }

  /** The name server-everything's CLI takes, also used in result labels. */
  String cliArgument() {
    return cliArgument;
  }

  String path() {
    return path;
  }
}
