package io.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import io.gatehouse.core.net.Egress;
import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.server.testing.Tinyproxy;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import io.gatehouse.testkit.TestCertificates;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A connection's outbound HTTP proxy, against a real one (Debian's tinyproxy, {@link Tinyproxy}):
 * routes tunnel through it with CONNECT (http and https alike), validation goes through it, its
 * credential reaches the proxy and never the upstream, and a proxy that refuses is a clear failure.
 */
class ConnectionProxyTest {
  static final String TOKEN = RunningGatehouse.ADMIN_TOKEN;
  static final String ROUTES = "routes:\n  - {name: tools, connection: tools}\n";
  static final TestCertificates CERTS = TestCertificates.create("Gatehouse Proxy Test CA");
  static final String CREDENTIAL = "alice:proxy-pass-7f3c";

  static ObjectNode connection(URI url, URI proxy) {
    ObjectNode n = JsonMapper.shared().createObjectNode();
    n.put("name", "tools").put("url", url.toString()).put("transport", "streamable-http");
    n.put("proxy", proxy.toString());
    return n;
  }

  static String call(RunningGatehouse g) {
    return McpWire.answer(
        McpWire.send(McpWire.post(g.route("tools"), null, McpWire.initializeBody(1))));
  }

  static Path dir(Path root, String name) throws java.io.IOException {
    return Files.createDirectories(root.resolve(name));
  }

  static void awaitLogged(Tinyproxy proxy, String line) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(proxy.log()).contains(line));
  }

  @Test
  void a_route_tunnels_through_the_proxy_and_validation_connects_through_it(@TempDir Path root)
      throws Exception {
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> {});
        Tinyproxy proxy = Tinyproxy.start(dir(root, "proxy"));
        RunningGatehouse g = RunningGatehouse.start(dir(root, "gatehouse"), ROUTES)) {
      HttpResponse<String> created =
          g.send(
              "POST", "/admin/v1/connections", TOKEN, connection(up.url(), proxy.url()).toString());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      assertThat(created.body())
          .contains("\"status\":\"Connected\"")
          .contains("\"proxy\":\"" + proxy.url() + "\"");
      // the JDK client forwards plain http through the proxy (no tunnel)
      awaitLogged(proxy, "POST " + up.url());
      int validated = up.requests().size();

      assertThat(call(g)).contains("\"protocolVersion\"");
      assertThat(up.requests().size()).isGreaterThan(validated);
      awaitLogged(proxy, "CONNECT 127.0.0.1:" + up.url().getPort() + " ");

      // another proxy: the kept-alive tunnel through the first is not reused for it
      try (Tinyproxy other = Tinyproxy.start(dir(root, "other"))) {
        g.send(
            "PUT",
            "/admin/v1/connections/tools",
            TOKEN,
            connection(up.url(), other.url()).toString());
        assertThat(call(g)).contains("\"protocolVersion\"");
        awaitLogged(other, "CONNECT 127.0.0.1:" + up.url().getPort() + " ");
      }
    }
  }

  @Test
  void an_https_upstream_with_a_private_ca_is_reached_through_an_authenticating_proxy(
      @TempDir Path root) throws Exception {
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> s.tls(CERTS, false));
        Tinyproxy proxy =
            Tinyproxy.start(dir(root, "proxy"), "BasicAuth " + CREDENTIAL.replace(':', ' '));
        RunningGatehouse g = RunningGatehouse.start(dir(root, "gatehouse"), ROUTES)) {
      ObjectNode c = connection(up.url(), proxy.url());
      c.putObject("tls").put("ca", CERTS.caPem());
      c.putObject("proxyAuth").put("value", CREDENTIAL);
      HttpResponse<String> created = g.send("POST", "/admin/v1/connections", TOKEN, c.toString());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      assertThat(created.body())
          .contains("\"proxyAuth\":{\"secret\":\"connection.tools.proxy-auth\"}")
          .doesNotContain("proxy-pass-7f3c");

      assertThat(call(g)).contains("\"protocolVersion\"");
      awaitLogged(proxy, "CONNECT 127.0.0.1:" + up.url().getPort() + " ");
      assertThat(up.requests())
          .isNotEmpty()
          .allSatisfy(r -> assertThat(r.headers().toString()).doesNotContain("Basic"));

      // The JDK client sends Basic to open a tunnel only with a JVM-wide switch (documented)
      String validation = g.send("POST", "/admin/v1/connections/tools/validate", TOKEN, "").body();
      assertThat(validation)
          .contains("\"diagnosis\":\"UPSTREAM_PROXY_FAILED\"")
          .contains("jdk.http.auth.tunneling.disabledSchemes")
          .doesNotContain("proxy-pass-7f3c");
    }
  }

  @Test
  void the_proxy_credential_reaches_the_proxy_and_a_wrong_one_is_refused(@TempDir Path root)
      throws Exception {
    Logger logs = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    List<String> logged = new CopyOnWriteArrayList<>();
    AppenderBase<ILoggingEvent> capture =
        new AppenderBase<>() {
          @Override
          protected void append(ILoggingEvent e) {
            logged.add(
                e.getFormattedMessage()
                    + (e.getThrowableProxy() == null
                        ? ""
                        : ThrowableProxyUtil.asString(e.getThrowableProxy())));
          }
        };
    capture.start();
    logs.addAppender(capture);
    try {
      credentialReachesTheProxyOnly(root);
    } finally {
      logs.detachAppender(capture);
    }
    assertThat(logged).isNotEmpty().noneMatch(l -> l.contains("proxy-pass-7f3c"));
    assertThat(logged).noneMatch(l -> l.contains("wrong-pass"));
    try (Stream<Path> files = Files.walk(root.resolve("gatehouse/data"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1))
            .as(f.getFileName() + " holds no proxy credential in the clear")
            .doesNotContain("proxy-pass-7f3c")
            .doesNotContain("wrong-pass");
      }
    }
  }

  private void credentialReachesTheProxyOnly(Path root) throws Exception {
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> {});
        Tinyproxy proxy =
            Tinyproxy.start(dir(root, "proxy"), "BasicAuth " + CREDENTIAL.replace(':', ' '));
        RunningGatehouse g = RunningGatehouse.start(dir(root, "gatehouse"), ROUTES)) {
      ObjectNode c = connection(up.url(), proxy.url());
      c.putObject("proxyAuth").put("value", CREDENTIAL);
      HttpResponse<String> created = g.send("POST", "/admin/v1/connections", TOKEN, c.toString());
      assertThat(created.body()).as(created.body()).contains("\"status\":\"Connected\"");
      assertThat(call(g)).contains("\"protocolVersion\"");
      assertThat(up.requests())
          .isNotEmpty()
          .allSatisfy(r -> assertThat(r.headers().toString()).doesNotContain("Basic"));

      c.putObject("proxyAuth").put("value", "alice:wrong-pass");
      g.send("PUT", "/admin/v1/connections/tools", TOKEN, c.toString());
      int served = up.requests().size();
      String refused = call(g);
      assertThat(refused)
          .contains("UPSTREAM_UNAVAILABLE")
          .contains("the proxy did not open a tunnel")
          .contains("status: 401") // tinyproxy's answer to a wrong credential (407 to none)
          .doesNotContain("wrong-pass");
      assertThat(g.send("POST", "/admin/v1/connections/tools/validate", TOKEN, "").body())
          // tinyproxy answers a wrong credential with 401 and a Basic challenge, not 407
          .contains("\"diagnosis\":\"UPSTREAM_UNAUTHORIZED\"")
          .contains("wrong proxyAuth")
          .doesNotContain("wrong-pass");
      assertThat(up.requests()).hasSize(served);
    }
  }

  @Test
  void a_proxy_that_refuses_the_tunnel_is_a_clear_failure(@TempDir Path root) throws Exception {
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> {});
        ScriptedUpstream secure = ScriptedUpstream.start(s -> s.tls(CERTS, false));
        Tinyproxy proxy = Tinyproxy.start(dir(root, "proxy"), "ConnectPort 443");
        RunningGatehouse g = RunningGatehouse.start(dir(root, "gatehouse"), ROUTES)) {
      g.send("POST", "/admin/v1/connections", TOKEN, connection(up.url(), proxy.url()).toString());
      int validated = up.requests().size();
      String refused = call(g);
      assertThat(refused)
          .contains("UPSTREAM_UNAVAILABLE")
          .contains("the proxy did not open a tunnel")
          .contains("403");
      awaitLogged(proxy, "CONNECT 127.0.0.1:" + up.url().getPort() + " ");
      assertThat(up.requests()).hasSize(validated);

      ObjectNode c = connection(secure.url(), proxy.url());
      c.putObject("tls").put("ca", CERTS.caPem());
      g.send("PUT", "/admin/v1/connections/tools", TOKEN, c.toString());
      assertThat(g.send("POST", "/admin/v1/connections/tools/validate", TOKEN, "").body())
          .contains("\"diagnosis\":\"UPSTREAM_PROXY_FAILED\"")
          .contains("the proxy 127.0.0.1:")
          .contains("refused the tunnel")
          .contains("403");
      assertThat(secure.requests()).isEmpty();
    }
  }

  @Test
  void a_target_resolving_to_a_refused_address_never_reaches_the_proxy(@TempDir Path root)
      throws Exception {
    InetAddress metadata = InetAddress.getByAddress(new byte[] {(byte) 169, (byte) 254, 9, 9});
    Egress.Resolver names =
        host ->
            host.equals("inside.test")
                ? List.of(metadata)
                : RunningGatehouse.LOCAL_NAMES.resolve(host);
    try (Tinyproxy proxy = Tinyproxy.start(dir(root, "proxy"));
        RunningGatehouse g = RunningGatehouse.start(dir(root, "gatehouse"), ROUTES, names)) {
      HttpResponse<String> created =
          g.send(
              "POST",
              "/admin/v1/connections",
              TOKEN,
              connection(URI.create("https://inside.test/mcp"), proxy.url()).toString());
      assertThat(created.body()).contains("\"diagnosis\":\"EGRESS_FORBIDDEN\"");
      assertThat(call(g)).contains("EGRESS_FORBIDDEN");
      assertThat(proxy.log()).doesNotContain("Request");

      HttpResponse<String> literal =
          g.send(
              "PUT",
              "/admin/v1/connections/tools",
              TOKEN,
              connection(
                      URI.create("https://inside.test/mcp"),
                      URI.create("http://169.254.169.254:3128"))
                  .toString());
      assertThat(literal.statusCode()).isEqualTo(403);
      assertThat(literal.body()).contains("EGRESS_FORBIDDEN").contains("proxy");
    }
  }

  @Test
  void proxy_settings_are_checked_when_set_without_quoting_credentials(@TempDir Path root)
      throws Exception {
    try (RunningGatehouse g = RunningGatehouse.start(dir(root, "gatehouse"), "")) {
      URI url = URI.create("http://127.0.0.1:9/mcp");
      for (String proxy :
          List.of("https://127.0.0.1:3128", "http://127.0.0.1", "http://127.0.0.1:3128/path")) {
        HttpResponse<String> r =
            g.send(
                "POST",
                "/admin/v1/connections",
                TOKEN,
                connection(url, URI.create(proxy)).toString());
        assertThat(r.statusCode()).as(proxy).isEqualTo(400);
        assertThat(r.body()).contains("INVALID_CONNECTION").contains("expected: http://HOST:PORT");
      }
      HttpResponse<String> userInfo =
          g.send(
              "POST",
              "/admin/v1/connections",
              TOKEN,
              connection(url, URI.create("http://alice:pw-in-url@127.0.0.1:3128")).toString());
      assertThat(userInfo.body()).contains("put them in proxyAuth").doesNotContain("pw-in-url");

      ObjectNode noColon = connection(url, URI.create("http://127.0.0.1:3128"));
      noColon.putObject("proxyAuth").put("value", "just-a-token-9d2");
      HttpResponse<String> r = g.send("POST", "/admin/v1/connections", TOKEN, noColon.toString());
      assertThat(r.body()).contains("proxyAuth.value: expected user:password");
      assertThat(r.body()).doesNotContain("just-a-token-9d2");

      ObjectNode alone = connection(url, URI.create("http://127.0.0.1:3128"));
      alone.remove("proxy");
      alone.putObject("proxyAuth").put("secret", "corp-proxy");
      assertThat(g.send("POST", "/admin/v1/connections", TOKEN, alone.toString()).body())
          .contains("proxyAuth: given without a proxy");
    }
  }
}
