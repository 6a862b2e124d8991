package io.gatehouse.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.core.net.Egress;
import io.gatehouse.gateway.UpstreamTransport;
import io.gatehouse.testkit.ScriptedUpstream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Era detection against the test kit's scripted server, which speaks only the legacy era (it
 * answers a request outside a session with 404): the modern probe, the fallback to {@code
 * initialize}, the verdict remembered per URL, and the forced eras. The modern era itself is tested
 * against real modern servers in gatehouse-interop (EraNegotiationInteropTest and the 2026-07-28
 * client conformance suite).
 */
class McpClientEraTest {
  private static final McpClient.Options PLAIN =
      new McpClient.Options(Duration.ofSeconds(5), Map.of(), Map.of());

  @Test
  void probes_with_server_discover_then_initializes_a_legacy_server_and_remembers_it()
      throws Exception {
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> s.noGetStream())) {
      try (McpClient c = open(up.url(), PLAIN)) {
        assertThat(c.protocolVersion()).isEqualTo("2025-11-25");
      }
      List<String> first = methods(up);
      assertThat(first).startsWith("server/discover", "initialize");
      assertThat(up.requests().getFirst().headers())
          .containsEntry("mcp-protocol-version", "2026-07-28")
          .containsEntry("mcp-method", "server/discover")
          .doesNotContainKey("mcp-session-id");
      assertThat(up.requests().getFirst().body())
          .contains("\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"")
          .contains("io.modelcontextprotocol/clientCapabilities");

      try (McpClient again = open(up.url(), PLAIN)) {
        assertThat(again.protocolVersion()).isEqualTo("2025-11-25");
      }
      assertThat(methods(up).subList(first.size(), methods(up).size()))
          .as("the second client to the same URL goes straight to initialize")
          .doesNotContain("server/discover")
          .contains("initialize");
    }
  }

  @Test
  void a_forced_legacy_era_sends_no_probe() throws Exception {
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> s.noGetStream());
        McpClient c = open(up.url(), PLAIN.withEra(ProtocolEra.LEGACY))) {
      assertThat(c.protocolVersion()).isEqualTo("2025-11-25");
      assertThat(methods(up)).first().isEqualTo("initialize");
    }
  }

  @Test
  void a_forced_modern_era_refuses_a_legacy_server_with_a_key() throws Exception {
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> s.noGetStream())) {
      assertThatThrownBy(() -> open(up.url(), PLAIN.withEra(ProtocolEra.MODERN)))
          .isInstanceOfSatisfying(
              McpFailure.class,
              f -> {
                assertThat(f.error().key()).isEqualTo("UPSTREAM_PROTOCOL_UNSUPPORTED");
                assertThat(f.getMessage()).contains("does not speak MCP 2026-07-28");
              });
      assertThat(methods(up)).doesNotContain("initialize");
    }
  }

  @Test
  void the_sse_transport_cannot_be_forced_into_the_modern_era() {
    assertThatThrownBy(
            () ->
                McpClient.open(
                    URI.create("http://127.0.0.1:1/sse"),
                    UpstreamTransport.SSE,
                    Egress.defaults(),
                    PLAIN.withEra(ProtocolEra.MODERN)))
        .isInstanceOfSatisfying(
            McpFailure.class,
            f -> assertThat(f.error().key()).isEqualTo("UPSTREAM_PROTOCOL_UNSUPPORTED"));
  }

  @Test
  void names_the_eras_as_configuration_does() {
    assertThat(ProtocolEra.parse("auto")).isEqualTo(ProtocolEra.AUTO);
    assertThat(ProtocolEra.parse("2026-07-28")).isEqualTo(ProtocolEra.MODERN);
    assertThat(ProtocolEra.parse("2025-11-25")).isEqualTo(ProtocolEra.LEGACY);
    assertThat(ProtocolEra.parse("2024-01-01")).isNull();
  }

  private static McpClient open(URI url, McpClient.Options o) throws McpFailure {
    return McpClient.open(url, UpstreamTransport.STREAMABLE_HTTP, Egress.defaults(), o);
  }

  private static List<String> methods(ScriptedUpstream up) {
    return up.requests().stream()
        .filter(r -> r.httpMethod().equals("POST"))
        .map(r -> method(r.body()))
        .toList();
  }

  private static String method(String body) {
    return tools.jackson.databind.json.JsonMapper.shared()
        .readTree(body)
        .path("method")
        .asString("");
  }
}
