package io.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import com.sun.net.httpserver.HttpServer;
import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Secrets never leave the vault except toward the upstream they are for: a whole run with every
 * kind of credential (a vault secret in a route's header, connection keys, OAuth client credentials
 * and the tokens they yield, workload tokens), through the admin API, the data plane, validation,
 * failures, the command line, {@code catalog export} and a master-key rotation, and then every
 * answer, every log line and every byte of the store are searched for the values: none is found.
 * The connections keep working across {@code vault rotate}.
 */
class SecretsNeverLeakTest {
  static final String TOKEN = RunningGatehouse.ADMIN_TOKEN;
  static final String PAT = "pat-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
  static final String KEY = "key-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
  static final String CLIENT_SECRET =
      "cs-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
  static final String ACCESS_TOKEN =
      "at-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
  static final List<String> SECRETS = List.of(PAT, KEY, CLIENT_SECRET, ACCESS_TOKEN);

  final List<String> seen = new CopyOnWriteArrayList<>();

  /** Captures every log line, with its exception, as the console would print it. */
  final class Capture extends AppenderBase<ILoggingEvent> {
    @Override
    protected void append(ILoggingEvent e) {
      seen.add(
          e.getFormattedMessage()
              + (e.getThrowableProxy() == null
                  ? ""
                  : ThrowableProxyUtil.asString(e.getThrowableProxy())));
    }
  }

  /** A token endpoint that knows one client and its secret (client_secret_basic). */
  static HttpServer tokenEndpoint() throws Exception {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    String good =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(("svc:" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
    s.createContext(
        "/token",
        x -> {
          boolean ok = good.equals(x.getRequestHeaders().getFirst("Authorization"));
          byte[] body =
              (ok
                      ? "{\"access_token\":\"" + ACCESS_TOKEN + "\",\"expires_in\":3600}"
                      : "{\"error\":\"invalid_client\",\"error_description\":\"bad secret\"}")
                  .getBytes(StandardCharsets.UTF_8);
          x.getResponseHeaders().set("Content-Type", "application/json");
          x.sendResponseHeaders(ok ? 200 : 401, body.length);
          x.getResponseBody().write(body);
          x.close();
        });
    s.start();
    return s;
  }

  String answer(HttpResponse<String> r) {
    seen.add(r.headers().map().toString());
    seen.add(r.body());
    return r.body();
  }

  String cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    seen.add(out.toString());
    seen.add(err.toString());
    assertThat(exit).as(String.join(" ", args) + ": " + err).isZero();
    return out.toString();
  }

  String call(RunningGatehouse g, String route) {
    McpWire.Session s = McpWire.session(g.route(route), "{}");
    return answer(
        McpWire.send(
            McpWire.post(s.url(), s.id(), McpWire.toolCall(2, "echo", "{\"message\":\"hi\"}"))
                .header("Authorization", "Bearer caller-token")));
  }

  @Test
  void no_answer_log_line_export_or_store_byte_holds_a_secret(@TempDir Path dir) throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Capture capture = new Capture();
    capture.start();
    root.addAppender(capture);
    List<String> upstreamSaw = new ArrayList<>();
    HttpServer as = tokenEndpoint();
    URI tokenUrl = URI.create("http://127.0.0.1:" + as.getAddress().getPort() + "/token");
    try (ScriptedUpstream upstream =
            ScriptedUpstream.start(
                s ->
                    s.authorize(
                        a -> {
                          upstreamSaw.add(String.valueOf(a));
                          return a != null
                              && (a.equals("Bearer " + PAT)
                                  || a.equals("Bearer " + KEY)
                                  || a.equals("Bearer " + ACCESS_TOKEN)
                                  || a.startsWith("Bearer eyJ"));
                        }));
        RunningGatehouse g =
            RunningGatehouse.start(
                dir,
                "routes:\n"
                    + "  - name: pat\n"
                    + "    upstream: {url: '"
                    + upstream.url()
                    + "', transport: streamable-http, headers: {Authorization: 'Bearer"
                    + " ${secret:pat}'}}\n"
                    + "  - {name: key, connection: key}\n"
                    + "  - {name: cc, connection: cc}\n"
                    + "  - {name: wl, connection: wl}\n")) {
      answer(
          g.send(
              "PUT",
              "/admin/v1/projects/default/secrets/pat",
              TOKEN,
              "{\"value\":\"" + PAT + "\"}"));
      String url = upstream.url().toString();
      answer(
          g.send(
              "POST",
              "/admin/v1/connections",
              TOKEN,
              "{\"name\":\"key\",\"url\":\"%s\",\"auth\":{\"type\":\"key\",\"headers\":{\"Authorization\":{\"value\":\"Bearer %s\"}}}}"
                  .formatted(url, KEY)));
      String cc =
          "{\"name\":\"%s\",\"url\":\"%s\",\"auth\":{\"type\":\"oauth-client-credentials\",\"tokenUrl\":\"%s\",\"clientId\":\"svc\",\"clientSecret\":{\"value\":\"%s\"}}}";
      answer(
          g.send(
              "POST",
              "/admin/v1/connections",
              TOKEN,
              cc.formatted("cc", url, tokenUrl, CLIENT_SECRET)));
      answer(
          g.send(
              "POST",
              "/admin/v1/connections",
              TOKEN,
              cc.formatted("wrong", url, tokenUrl, CLIENT_SECRET + "-not")));
      answer(
          g.send(
              "POST",
              "/admin/v1/connections",
              TOKEN,
              "{\"name\":\"wl\",\"url\":\"%s\",\"auth\":{\"type\":\"workload\"}}".formatted(url)));
      for (String route : List.of("pat", "key", "cc", "wl")) {
        assertThat(call(g, route)).contains("Echo: hi");
      }
      for (String name : List.of("key", "cc", "wl", "wrong")) {
        answer(g.send("POST", "/admin/v1/connections/" + name + "/validate", TOKEN, ""));
        answer(g.get("/admin/v1/connections/" + name, TOKEN));
        answer(g.get("/admin/v1/connections/" + name + "/checks", TOKEN));
      }
      answer(g.get("/admin/v1/connections", TOKEN));
      answer(g.get("/admin/v1/projects/default/secrets", TOKEN));
      answer(g.get("/admin/v1/projects/default/secrets/pat", TOKEN));
      answer(g.get("/.well-known/jwks.json", null));
      String config = g.configFile().toString();
      cli("catalog", "export", "--config", config);
      cli("secrets", "list", "--config", config);
      cli("vault", "status", "--config", config);

      // a master-key rotation while running: every connection still works
      cli("vault", "rotate", "--config", config);
      for (String name : List.of("key", "cc", "wl")) {
        assertThat(answer(g.send("POST", "/admin/v1/connections/" + name + "/validate", TOKEN, "")))
            .contains("\"status\":\"Connected\"");
      }
      for (String route : List.of("pat", "key", "cc", "wl")) {
        assertThat(call(g, route)).contains("Echo: hi");
      }
      answer(
          g.send(
              "PUT",
              "/admin/v1/projects/default/secrets/pat",
              TOKEN,
              "{\"value\":\"" + PAT + "\"}"));
      assertThat(call(g, "pat")).contains("Echo: hi");
    } finally {
      as.stop(0);
      root.detachAppender(capture);
    }

    assertThat(upstreamSaw).as("the upstream got the credentials").isNotEmpty();
    assertThat(upstreamSaw).noneMatch(a -> a.contains("caller-token"));
    assertThat(seen).as("answers, log lines and command output").hasSizeGreaterThan(50);
    for (String secret : SECRETS) {
      assertThat(seen)
          .as("nothing seen holds " + secret.substring(0, 3) + "...")
          .noneMatch(s -> s.contains(secret));
    }
    try (Stream<Path> files = Files.walk(dir.resolve("data"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        for (String secret : SECRETS) {
          assertThat(bytes)
              .as(f.getFileName() + " holds no secret in the clear")
              .doesNotContain(secret);
        }
      }
    }
  }
}
