package io.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.gatehouse.observe.audit.AuditLog;
import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.store.Database;
import io.gatehouse.store.testing.TestDatabases;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * No secret reaches the audit log, on SQLite and on PostgreSQL: a vault secret injected into a
 * route's upstream header, an API key sent by the caller (as a header and as an argument), and
 * arguments that are credentials by name or by look, on a route that opts into recording argument
 * values. The audit table (every column of every row), the export and every log line (the {@code
 * gatehouse.audit} JSON lines included) are searched for each value: none is found, while the
 * arguments that are not secrets are there.
 */
class AuditSecretsTest {
  static final String PAT = "pat-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
  static final String PASSWORD = "pw-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
  static final String TOKEN_ARG = "tok-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
  static final String BEARER = "br" + Long.toHexString(Double.doubleToLongBits(Math.random()));

  final List<String> logLines = new CopyOnWriteArrayList<>();
  final List<String> auditLines = new CopyOnWriteArrayList<>();

  final class Capture extends AppenderBase<ILoggingEvent> {
    @Override
    protected void append(ILoggingEvent e) {
      logLines.add(e.getFormattedMessage());
      if (e.getLoggerName().equals(AuditLog.LOGGER)) {
        auditLines.add(e.getFormattedMessage());
      }
    }
  }

  @Test
  void sqlite_holds_no_secret_in_its_audit_records(@TempDir Path dir) throws Exception {
    try (TestDatabases.Throwaway db = TestDatabases.sqlite()) {
      run(dir, db.jdbcUrl());
    }
  }

  @Test
  void postgresql_holds_no_secret_in_its_audit_records(@TempDir Path dir) throws Exception {
    try (TestDatabases.Throwaway db = TestDatabases.postgres()) {
      run(dir, db.jdbcUrl());
    }
  }

  void run(Path dir, String storageUrl) throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Capture capture = new Capture();
    capture.start();
    root.addAppender(capture);
    List<String> upstreamSaw = new CopyOnWriteArrayList<>();
    List<String> seen = new ArrayList<>();
    String apiKey;
    try (ScriptedUpstream upstream =
            ScriptedUpstream.start(
                s ->
                    s.authorize(
                        a -> {
                          upstreamSaw.add(String.valueOf(a));
                          return ("Bearer " + PAT).equals(a);
                        }));
        RunningGatehouse g =
            RunningGatehouse.start(
                dir,
                "storage: {url: '"
                    + storageUrl
                    + "'}\nvault: {key-file: '"
                    + dir.resolve("master.key")
                    + "'}\n"
                    + "routes:\n"
                    + "  - name: vaulted\n"
                    + "    upstream: {url: '"
                    + upstream.url()
                    + "', transport: streamable-http, headers: {Authorization: 'Bearer"
                    + " ${secret:pat}'}}\n"
                    + "    auth: [api-key]\n"
                    + "    policies: {audit: {arguments: true}}\n")) {
      ok(
          g.send(
              "PUT", "/admin/v1/projects/default/secrets/pat", t(), "{\"value\":\"" + PAT + "\"}"));
      ok(g.send("POST", "/admin/v1/consumers", t(), "{\"name\":\"alice\",\"kind\":\"user\"}"));
      apiKey =
          JsonMapper.shared()
              .readTree(ok(g.send("POST", "/admin/v1/consumers/alice/keys", t(), "{}")))
              .path("key")
              .asString();
      var init =
          McpWire.send(
              McpWire.post(g.route("vaulted"), null, McpWire.initializeBody(1))
                  .header("Authorization", "Bearer " + apiKey));
      assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
      String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
      String args =
          "{\"message\":\"plain words\",\"password\":\""
              + PASSWORD
              + "\",\"access_token\":\""
              + TOKEN_ARG
              + "\",\"note\":\"Bearer "
              + BEARER
              + "\",\"memo\":\""
              + apiKey
              + "\"}";
      HttpResponse<String> r =
          McpWire.send(
              McpWire.post(g.route("vaulted"), session, McpWire.toolCall(2, "echo", args))
                  .header("Authorization", "Bearer " + apiKey));
      assertThat(r.body()).contains("Echo: plain words");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> ok(g.get("/admin/v1/audit?tool=echo", t())).contains("plain words"));
      seen.add(ok(g.get("/admin/v1/audit?limit=1000", t())));
      String export = ok(g.get("/admin/v1/audit/export", t()));
      seen.add(export);
      JsonNode echo =
          export
              .lines()
              .map(l -> JsonMapper.shared().readTree(l))
              .filter(n -> "echo".equals(n.path("target").asString(null)))
              .findFirst()
              .orElseThrow();
      assertThat(echo.path("arguments").path("message").asString()).isEqualTo("plain words");
      assertThat(echo.path("arguments").path("password").asString()).isEqualTo("[redacted]");
      assertThat(echo.path("result").toString()).contains("Echo: plain words");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> auditLines.stream().anyMatch(l -> l.contains("plain words")));
    } finally {
      root.detachAppender(capture);
    }
    try (Database db = Database.open(storageUrl)) {
      seen.addAll(
          db.read(
              tx ->
                  tx.list(
                      "SELECT * FROM observe_audit",
                      (ResultSet rs) -> {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                          row.append(rs.getString(i)).append('|');
                        }
                        return row.toString();
                      })));
    }
    assertThat(upstreamSaw).as("the upstream got the vault secret").contains("Bearer " + PAT);
    assertThat(seen.stream().filter(s -> s.contains("plain words")).count())
        .as("the searched rows and answers hold the recorded arguments")
        .isGreaterThanOrEqualTo(3);
    assertThat(auditLines).as("the JSON lines of gatehouse.audit").isNotEmpty();
    seen.addAll(logLines);
    for (String secret : List.of(PAT, PASSWORD, TOKEN_ARG, BEARER, apiKey)) {
      assertThat(seen)
          .as("nothing holds " + secret.substring(0, 4) + "...")
          .noneMatch(s -> s.contains(secret));
    }
  }

  static String t() {
    return RunningGatehouse.ADMIN_TOKEN;
  }

  static String ok(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
    return r.body();
  }
}
