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
  void a_legacy_verdict_is_kept_per_headers_and_credential_never_for_the_whole_url()
      throws Exception {
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> s.noGetStream())) {
      McpClient.Options tenantA =
          new McpClient.Options(Duration.ofSeconds(5), Map.of("X-Tenant", "a"), Map.of());
      McpClient.Options tenantB =
          new McpClient.Options(Duration.ofSeconds(5), Map.of("X-Tenant", "b"), Map.of());
      McpClient.Options queried =
          new McpClient.Options(Duration.ofSeconds(5), Map.of("X-Tenant", "a"), Map.of("p", "1"));
      open(up.url(), tenantA).close();
      int before = probes(up);
      open(up.url(), tenantB).close();
      assertThat(probes(up))
          .as("another connection's headers: probed on its own")
          .isEqualTo(before + 1);
      open(up.url(), queried).close();
      assertThat(probes(up)).as("another query: probed on its own").isEqualTo(before + 2);
      open(up.url(), tenantA).close();
      assertThat(probes(up)).as("the same headers: the verdict stands").isEqualTo(before + 2);
    }
    McpClient.Options secret =
        new McpClient.Options(
            Duration.ofSeconds(5),
            Map.of("Authorization", "Bearer s3cr3t-value"),
            Map.of("key", "q-s3cr3t"));
    URI url = URI.create("http://127.0.0.1:1/mcp");
    String key = EraMemory.key(url, secret);
    assertThat(key).startsWith(url.toString()).doesNotContain("s3cr3t");
    assertThat(key).isEqualTo(EraMemory.key(url, secret)).isNotEqualTo(EraMemory.key(url, PLAIN));
  }

  @Test
  void a_wrong_legacy_verdict_is_forgotten_and_the_server_probed_once() throws Exception {
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    com.sun.net.httpserver.HttpServer modernOnly =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    modernOnly.createContext(
        "/mcp",
        ex -> {
          String body =
              new String(
                  ex.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
          String m = method(body);
          if (ex.getRequestMethod().equals("POST")) {
            seen.add(m);
          }
          int id =
              tools.jackson.databind.json.JsonMapper.shared().readTree(body).path("id").asInt();
          byte[] out;
          int status;
          if (m.equals("server/discover")) {
            status = 200;
            out =
                ("{\"jsonrpc\":\"2.0\",\"id\":"
                        + id
                        + ",\"result\":{\"supportedVersions\":"
                        + "[\"2026-07-28\"],\"capabilities\":{},\"serverInfo\":{\"name\":\"m\","
                        + "\"version\":\"1\"}}}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
          } else {
            status = 400; // this server no longer takes initialize
            out =
                ("{\"jsonrpc\":\"2.0\",\"id\":"
                        + id
                        + ",\"error\":{\"code\":-32600,"
                        + "\"message\":\"initialize is not supported\"}}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
          }
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(status, out.length);
          ex.getResponseBody().write(out);
          ex.close();
        });
    modernOnly.start();
    try {
      URI url = URI.create("http://127.0.0.1:" + modernOnly.getAddress().getPort() + "/mcp");
      String key = EraMemory.key(url, PLAIN);
      EraMemory.legacy(key); // a verdict from before the server was upgraded
      try (McpClient c = open(url, PLAIN)) {
        assertThat(c.protocolVersion()).isEqualTo("2026-07-28");
      }
      assertThat(seen)
          .as("the remembered verdict is tried, fails, and the server is probed once")
          .containsExactly("initialize", "server/discover");
      assertThat(EraMemory.knownLegacy(key)).as("the wrong verdict is forgotten").isFalse();
    } finally {
      modernOnly.stop(0);
    }
  }

  private static int probes(ScriptedUpstream up) {
    return (int) methods(up).stream().filter("server/discover"::equals).count();
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
