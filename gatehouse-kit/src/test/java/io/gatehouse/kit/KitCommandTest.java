package io.gatehouse.kit;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.kit.KitServerTest.Nothing;
import io.gatehouse.kit.internal.KitJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The command line a kit server's main runs, without its {@code serve} (KitServerTest has that).
 */
class KitCommandTest {
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int run(Map<String, String> environment, String... args) {
    KitServer.Builder server =
        McpKit.server("greeter", "2.0.0")
            .registryName("io.example/greeter")
            .tool("greet", "Greets", Nothing.class, n -> "hi")
            .keys(Keys.fromEnv("GREETER_KEYS"));
    return McpKit.run(
        server,
        args,
        environment,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void help_lists_the_commands() {
    assertThat(run(Map.of(), "--help")).isZero();
    assertThat(out()).contains("serve", "publish --catalog URL --url MCP_URL", "server-json");
  }

  @Test
  void server_json_prints_the_document_publish_would_send_and_needs_no_keys() {
    assertThat(run(Map.of(), "server-json", "--url", "http://127.0.0.1:3001/mcp")).isZero();
    var doc = KitJson.MAPPER.readTree(out());
    assertThat(doc.path("name").asString()).isEqualTo("io.example/greeter");
    assertThat(doc.path("version").asString()).isEqualTo("2.0.0");
    assertThat(doc.path("remotes").path(0).path("url").asString())
        .isEqualTo("http://127.0.0.1:3001/mcp");
  }

  @Test
  void a_usage_error_exits_2_with_its_key_message_and_hint() {
    assertThat(run(Map.of(), "frobnicate")).isEqualTo(2);
    assertThat(err())
        .startsWith(
            "error: USAGE: command: 'frobnicate' (expected: serve, publish, server-json or --help)")
        .contains("hint: ");
  }

  @Test
  void publish_needs_a_catalog_a_url_and_a_token() {
    assertThat(run(Map.of(), "publish", "--url", "http://127.0.0.1:3001/mcp")).isEqualTo(2);
    assertThat(err()).contains("--catalog: missing");
    assertThat(
            run(
                Map.of(),
                "publish",
                "--catalog",
                "http://127.0.0.1:8080",
                "--url",
                "http://127.0.0.1:3001/mcp"))
        .isEqualTo(2);
    assertThat(err()).contains("--token: missing (expected: --token or the GATEHOUSE_TOKEN");
    assertThat(run(Map.of(), "publish", "--catalog", "ftp://x", "--url", "u")).isEqualTo(2);
    assertThat(err()).contains("--catalog: 'ftp://x' (expected: an http or https URL)");
  }

  @Test
  void serve_without_keys_exits_1_naming_the_variable() {
    assertThat(run(Map.of(), "serve", "--port", "0")).isEqualTo(1);
    assertThat(err())
        .startsWith(
            "error: KEYS_MISSING: environment variable GREETER_KEYS: no key (expected: at least"
                + " one)");
  }

  @Test
  void publish_to_a_catalog_that_hangs_up_is_publish_failed() throws Exception {
    try (ServerSocket hangsUp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual()
          .start(
              () -> {
                while (!hangsUp.isClosed()) {
                  try (Socket s = hangsUp.accept()) {
                    s.setSoLinger(true, 0);
                  } catch (IOException e) {
                    return;
                  }
                }
              });
      String catalog = "http://127.0.0.1:" + hangsUp.getLocalPort();

      int status =
          run(
              Map.of("GATEHOUSE_TOKEN", "t"),
              "publish",
              "--catalog",
              catalog,
              "--url",
              "http://127.0.0.1:3001/mcp");

      assertThat(status).isEqualTo(1);
      assertThat(err()).startsWith("error: PUBLISH_FAILED: POST " + catalog + "/v0.1/publish: ");
    }
  }
}
