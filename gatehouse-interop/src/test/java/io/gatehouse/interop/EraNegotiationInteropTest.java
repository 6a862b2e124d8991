package io.gatehouse.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.connect.McpClient;
import io.gatehouse.connect.McpFailure;
import io.gatehouse.connect.ProtocolEra;
import io.gatehouse.core.net.Egress;
import io.gatehouse.gateway.UpstreamTransport;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Gatehouse's MCP client against servers no one on the team wrote, one of each era: the TypeScript
 * SDK v2 server (2026-07-28, stateless) is spoken to in the modern era without a handshake, and
 * server-everything (2025-11-25 only) through the fallback to {@code initialize}.
 */
class EraNegotiationInteropTest {
  private static final Pattern LISTENING = Pattern.compile("listening (http://\\S+)");
  private static final JsonMapper JSON = JsonMapper.shared();
  private static final McpClient.Options OPTIONS =
      new McpClient.Options(Duration.ofSeconds(20), Map.of(), Map.of());

  @Test
  void speaks_2026_07_28_to_a_modern_server_without_initialize() throws Exception {
    NodeTools tools = NodeTools.require();
    try (ChildProcess server = modernServer(tools, "reject")) {
      URI url = url(server);
      try (McpClient client =
          McpClient.open(url, UpstreamTransport.STREAMABLE_HTTP, Egress.defaults(), OPTIONS)) {
        assertThat(client.protocolVersion()).isEqualTo("2026-07-28");
        assertThat(client.serverInfo().path("name").asString()).isEqualTo("sdk-v2-modern");
        assertThat(client.listTools()).extracting(t -> t.path("name").asString()).contains("echo");
        JsonNode result = client.callTool("echo", JSON.readTree("{\"text\":\"modern\"}"));
        assertThat(result.toString()).contains("echo: modern").doesNotContain("isError\":true");
      }
      // the server logs each POST as it reads it; its output is read on another thread
      server.awaitLine(
          Pattern.compile("POST tools/call mcp-method=tools/call"), Duration.ofSeconds(10));
      assertThat(server.stdout())
          .contains(
              "POST server/discover mcp-method=server/discover",
              "POST tools/list mcp-method=tools/list",
              "POST tools/call mcp-method=tools/call")
          .noneMatch(line -> line.contains("initialize"));
    }
  }

  @Test
  void falls_back_to_initialize_for_a_server_of_2025_11_25() throws Exception {
    NodeTools tools = NodeTools.require();
    try (ServerEverything server = ServerEverything.start(tools, UpstreamMode.STREAMABLE_HTTP)) {
      for (int open = 0; open < 2; open++) {
        try (McpClient client =
            McpClient.open(
                server.url(), UpstreamTransport.STREAMABLE_HTTP, Egress.defaults(), OPTIONS)) {
          assertThat(client.protocolVersion()).isEqualTo("2025-11-25");
          JsonNode result = client.callTool("echo", JSON.readTree("{\"message\":\"legacy\"}"));
          assertThat(result.toString()).contains("Echo: legacy");
        }
      }
    }
  }

  @Test
  void a_connection_forcing_the_legacy_era_initializes_even_where_modern_is_spoken()
      throws Exception {
    NodeTools tools = NodeTools.require();
    try (ChildProcess server = modernServer(tools, "stateless")) {
      try (McpClient client =
          McpClient.open(
              url(server),
              UpstreamTransport.STREAMABLE_HTTP,
              Egress.defaults(),
              OPTIONS.withEra(ProtocolEra.LEGACY))) {
        assertThat(client.protocolVersion()).isEqualTo("2025-11-25");
        assertThat(client.callTool("echo", JSON.readTree("{\"text\":\"old\"}")).toString())
            .contains("echo: old");
      }
      assertThat(server.stdout()).noneMatch(line -> line.contains("server/discover"));
    }
  }

  @Test
  void a_connection_forcing_2026_07_28_refuses_a_server_that_speaks_only_2025_11_25() {
    NodeTools tools = NodeTools.require();
    try (ServerEverything server = ServerEverything.start(tools, UpstreamMode.STREAMABLE_HTTP)) {
      assertThatThrownBy(
              () ->
                  McpClient.open(
                      server.url(),
                      UpstreamTransport.STREAMABLE_HTTP,
                      Egress.defaults(),
                      OPTIONS.withEra(ProtocolEra.MODERN)))
          .isInstanceOfSatisfying(
              McpFailure.class,
              f -> assertThat(f.error().key()).isEqualTo("UPSTREAM_PROTOCOL_UNSUPPORTED"));
    }
  }

  private static ChildProcess modernServer(NodeTools tools, String legacy) {
    return ChildProcess.start(
        "sdk-v2 server",
        List.of(
            tools.node().toString(), tools.nodeScript("modern-mcp-server.mjs").toString(), legacy),
        Map.of());
  }

  private static URI url(ChildProcess server) {
    Matcher m = server.awaitLine(LISTENING, Duration.ofSeconds(20));
    return URI.create(m.group(1));
  }
}
