package io.gatehouse.server;

import io.gatehouse.selfmcp.StdioRelay;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.util.List;

/**
 * {@code gatehouse mcp}: Gatehouse's own MCP server over stdio, for IDEs that start local servers:
 * it relays to {@code <url>/mcp/gatehouse} with the token, so the IDE manages Gatehouse with the
 * token's roles. stdout carries MCP messages only; everything else goes to stderr.
 */
final class McpCommand {
  static final String TOKEN_ENV = "GATEHOUSE_TOKEN";

  private static final Cli.Option TOKEN =
      new Cli.Option(
          "token",
          "t",
          "TOKEN",
          "an API key (ghk_...) or a token of auth.jwt; its roles decide what the tools may do"
              + " (default: $GATEHOUSE_TOKEN)");

  private McpCommand() {}

  static Cli.Command command() {
    return Cli.Command.of(
        "mcp",
        "Serve Gatehouse's own MCP server (/mcp/gatehouse) over stdio, for IDEs.",
        List.of(Cli.SERVER_URL, TOKEN),
        null,
        0,
        McpCommand::run);
  }

  private static int run(Cli.Args a, PrintWriter out, PrintWriter err) throws Exception {
    String base = Cli.serverUrl(a.get("url"));
    String token = Cli.first(a.get("token"), System.getenv(TOKEN_ENV), null);
    if (token == null) {
      err.println("gatehouse mcp: needs --token or " + TOKEN_ENV + " (an API key or a token)");
      return 2;
    }
    URI url;
    try {
      url = URI.create(base);
    } catch (IllegalArgumentException e) {
      err.println(
          "gatehouse mcp: --url: '"
              + base
              + "' (expected: a URL such as "
              + "http://127.0.0.1:8080)");
      return 2;
    }
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())
        || url.getHost() == null) {
      err.println("gatehouse mcp: --url: '" + base + "' (expected: an http or https URL)");
      return 2;
    }
    err.flush();
    PrintStream log = System.err;
    return new StdioRelay(StdioRelay.endpointOf(url), token, System.in, System.out, log).run();
  }
}
