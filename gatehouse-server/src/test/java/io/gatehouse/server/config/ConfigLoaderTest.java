package io.gatehouse.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.gateway.UpstreamProtocol;
import io.gatehouse.gateway.UpstreamTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private GatehouseConfig load(String yaml, Map<String, String> env) throws Exception {
    Path file = Files.writeString(dir.resolve("gatehouse.yaml"), yaml);
    return new ConfigLoader(env).load(file);
  }

  @Test
  void embedded_defaults_listen_on_loopback_8080_with_sqlite_in_gatehouse_data() {
    GatehouseConfig c = new ConfigLoader(Map.of()).load(null);

    assertThat(c.listenHost()).isEqualTo("127.0.0.1");
    assertThat(c.listenPort()).isEqualTo(8080);
    assertThat(c.dataDir()).isEqualTo(Path.of("./gatehouse-data"));
    assertThat(c.storageUrl()).isEqualTo("jdbc:sqlite:./gatehouse-data/gatehouse.db");
    assertThat(c.publicUrl()).hasToString("http://127.0.0.1:8080");
    assertThat(c.gateway().allowedHosts()).contains("localhost", "127.0.0.1", "[::1]");
    assertThat(c.gateway().keepAlive()).isEqualTo(Duration.ofSeconds(15));
    assertThat(c.routes()).isEmpty();
  }

  @Test
  void reads_routes_with_timeouts_and_transports() throws Exception {
    GatehouseConfig c =
        load(
            """
        routes:
          - name: github
            upstream: {url: 'https://mcp.example.com/mcp', transport: streamable-http}
            timeouts: {connect: 500ms, request: PT20M}
          - name: legacy
            upstream: {url: 'http://127.0.0.1:3001/sse', transport: sse}
        """,
            Map.of());

    assertThat(c.routes()).hasSize(2);
    assertThat(c.routes().get(0).timeouts().connect()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.routes().get(0).timeouts().request()).isEqualTo(Duration.ofMinutes(20));
    assertThat(c.routes().get(1).upstream().transport()).isEqualTo(UpstreamTransport.SSE);
    assertThat(c.routes().get(1).timeouts().request()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void upstream_protocol_picks_the_era_or_detects_it() throws Exception {
    GatehouseConfig c =
        load(
            """
        routes:
          - name: modern
            upstream: {url: 'http://127.0.0.1:3001/mcp', protocol: '2026-07-28'}
          - name: legacy
            upstream: {url: 'http://127.0.0.1:3002/mcp', protocol: '2025-11-25'}
          - name: detected
            upstream: {url: 'http://127.0.0.1:3003/mcp'}
        """,
            Map.of());

    assertThat(c.routes().get(0).upstream().protocol()).isEqualTo(UpstreamProtocol.MODERN);
    assertThat(c.routes().get(1).upstream().protocol()).isEqualTo(UpstreamProtocol.LEGACY);
    assertThat(c.routes().get(2).upstream().protocol()).isEqualTo(UpstreamProtocol.AUTO);
    assertThatThrownBy(
            () ->
                load(
                    "routes:\n  - name: a\n    upstream: {url: 'http://x', protocol: '2027-01-01'}\n",
                    Map.of()))
        .hasMessage(
            "routes[0].upstream.protocol: 2027-01-01 (expected: auto, 2026-07-28, 2025-11-25)");
    assertThatThrownBy(
            () ->
                load(
                    "routes:\n  - name: a\n    upstream: {url: 'http://x/sse', transport: sse,"
                        + " protocol: '2026-07-28'}\n",
                    Map.of()))
        .hasMessageStartingWith("routes[0].upstream.protocol: 2026-07-28 (expected:");
  }

  @Test
  void environment_variables_override_any_key_including_list_items_and_dashed_names()
      throws Exception {
    GatehouseConfig c =
        load(
            "routes:\n  - name: a\n    upstream: {url: 'http://127.0.0.1:1/mcp'}\n",
            Map.of(
                "GATEHOUSE_LISTEN_PORT", "9000",
                "GATEHOUSE_PUBLIC_URL", "https://mcp.example.com/",
                "GATEHOUSE_GATEWAY_MAX_REQUEST_SIZE", "1MiB",
                "GATEHOUSE_ROUTES_0_UPSTREAM_URL", "http://127.0.0.1:2/mcp",
                "GATEHOUSE_ADMIN_TOKEN", "from-env"));

    assertThat(c.listenPort()).isEqualTo(9000);
    assertThat(c.publicUrl()).hasToString("https://mcp.example.com");
    assertThat(c.gateway().maxRequestBytes()).isEqualTo(1024 * 1024);
    assertThat(c.routes().getFirst().upstream().url()).hasToString("http://127.0.0.1:2/mcp");
    assertThat(c.adminToken().reveal()).isEqualTo("from-env");
    assertThat(c.adminToken()).hasToString("***");
    assertThat(c.gateway().allowedHosts()).contains("mcp.example.com");
  }

  @Test
  void env_references_resolve_and_missing_ones_name_the_key() throws Exception {
    assertThat(
            load("admin: {token: '${env:MY_TOKEN}'}\n", Map.of("MY_TOKEN", "t0k"))
                .adminToken()
                .reveal())
        .isEqualTo("t0k");
    assertThatThrownBy(() -> load("admin: {token: '${env:MISSING}'}\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "admin.token: ${env:MISSING} refers to an environment variable that is not set");
  }

  @Test
  void bad_values_are_refused_with_the_key_the_value_and_the_expectation() {
    assertThatThrownBy(() -> load("listen: {port: 99999}\n", Map.of()))
        .hasMessage("listen.port: '99999' (expected: a port from 0 to 65535; 0 picks a free one)");
    assertThatThrownBy(() -> load("gateway: {keep-alive: soon}\n", Map.of()))
        .hasMessageStartingWith("gateway.keep-alive: 'soon' (expected: a duration");
    assertThatThrownBy(
            () -> load("routes:\n  - name: Bad Name\n    upstream: {url: 'http://x'}\n", Map.of()))
        .hasMessageStartingWith("routes[0].name: 'Bad Name' (expected:");
    assertThatThrownBy(
            () ->
                load(
                    "routes:\n  - name: a\n    upstream: {url: 'ftp://x', transport: auto}\n",
                    Map.of()))
        .hasMessageContaining("routes[0].upstream.url: ftp://x (expected: an http or https URL)");
    assertThatThrownBy(
            () ->
                load(
                    "routes:\n  - name: a\n    upstream: {url: 'http://x', transport: smoke}\n",
                    Map.of()))
        .hasMessageContaining(
            "routes[0].upstream.transport: smoke (expected: streamable-http, sse, auto)");
    assertThatThrownBy(
            () ->
                load(
                    "routes:\n  - {name: a, upstream: {url: 'http://x'}}\n  - {name: a, upstream: {url: 'http://y'}}\n",
                    Map.of()))
        .hasMessage("routes[1].name: 'a' is used by another route");
    assertThatThrownBy(() -> load("listn: {port: 1}\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("listn");
  }

  @Test
  void a_non_loopback_listener_without_allowed_hosts_accepts_any_host() throws Exception {
    assertThat(load("listen: {host: 0.0.0.0}\n", Map.of()).gateway().allowedHosts()).isEmpty();
    assertThat(
            load("listen: {host: 0.0.0.0}\ngateway: {allowed-hosts: [mcp.internal]}\n", Map.of())
                .gateway()
                .allowedHosts())
        .containsExactlyInAnyOrder("mcp.internal", "127.0.0.1");
  }
}
