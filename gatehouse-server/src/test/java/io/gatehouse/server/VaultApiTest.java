package io.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.store.testing.TestDatabases;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The vault in the real server: a key file made owner-only on first start, secrets set through the
 * admin API and never shown again, only ciphertext in the store, role checks, a master-key rotation
 * from the command line while the server runs, and a shared store without a key locked rather than
 * guessed.
 */
class VaultApiTest {
  static final String TOKEN = RunningGatehouse.ADMIN_TOKEN;
  static final String VALUE = "pat_Vault-Test-Value-7f3e9a1c5b";

  @TempDir Path dir;

  /** Every log line of the test, to prove no secret value is in any. */
  final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
      new ch.qos.logback.core.read.ListAppender<>();

  static ch.qos.logback.classic.Logger root() {
    return (ch.qos.logback.classic.Logger)
        org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  @org.junit.jupiter.api.BeforeEach
  void captureLogs() {
    lines.start();
    root().addAppender(lines);
    org.slf4j.LoggerFactory.getLogger(VaultApiTest.class).info("log capture on");
  }

  @org.junit.jupiter.api.AfterEach
  void noSecretInAnyLogLine() {
    root().detachAppender(lines);
    assertThat(lines.list)
        .as("the capture works")
        .anyMatch(e -> e.getFormattedMessage().equals("log capture on"));
    for (ch.qos.logback.classic.spi.ILoggingEvent e : lines.list) {
      String text =
          e.getFormattedMessage()
              + (e.getThrowableProxy() == null
                  ? ""
                  : ch.qos.logback.classic.spi.ThrowableProxyUtil.asString(e.getThrowableProxy()));
      assertThat(text).doesNotContain(VALUE).doesNotContain("after-rotation-value");
    }
  }

  static JsonNode json(HttpResponse<String> r) {
    return JsonMapper.shared().readTree(r.body());
  }

  static String put(String value) {
    return "{\"value\":\"" + value + "\"}";
  }

  static int cli(String... args) {
    return Main.run(args, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
  }

  @Test
  void secrets_are_write_only_and_stored_sealed() throws Exception {
    try (RunningGatehouse gh = RunningGatehouse.start(dir, "")) {
      Path keyFile = dir.resolve("data/master.key");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
          .isEqualTo("rw-------");

      HttpResponse<String> first =
          gh.send("PUT", "/admin/v1/projects/default/secrets/github-pat", TOKEN, put(VALUE));
      assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
      assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-store");
      assertThat(json(first).path("mask").asString()).isEqualTo("****1c5b");
      assertThat(first.body()).doesNotContain(VALUE);
      HttpResponse<String> second =
          gh.send("PUT", "/admin/v1/projects/default/secrets/github-pat", TOKEN, put(VALUE + "2"));
      assertThat(second.statusCode()).isEqualTo(200);
      assertThat(json(second).path("version").asInt()).isEqualTo(2);

      HttpResponse<String> listed = gh.get("/admin/v1/projects/default/secrets", TOKEN);
      assertThat(listed.body()).contains("github-pat").doesNotContain(VALUE);
      HttpResponse<String> versions =
          gh.get("/admin/v1/projects/default/secrets/github-pat", TOKEN);
      assertThat(json(versions).path("versions")).hasSize(2);
      assertThat(versions.body()).doesNotContain(VALUE);

      // the server holds the value; the store and the key file do not
      assertThat(gh.server().vault().get("default", "github-pat").reveal()).isEqualTo(VALUE + "2");
      byte[] db = Files.readAllBytes(dir.resolve("data/gatehouse.db"));
      assertThat(new String(db, StandardCharsets.ISO_8859_1)).doesNotContain(VALUE);

      HttpResponse<String> bad =
          gh.send("PUT", "/admin/v1/projects/default/secrets/github-pat", TOKEN, "{\"val\":\"x\"}");
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(json(bad).path("error").path("code").asString()).isEqualTo("INVALID_SECRET");
      assertThat(gh.send("PUT", "/admin/v1/projects/nope/secrets/x", TOKEN, put("v")).statusCode())
          .isEqualTo(404);
      assertThat(
              gh.send("DELETE", "/admin/v1/projects/default/secrets/github-pat", TOKEN, "")
                  .statusCode())
          .isEqualTo(204);
      assertThat(gh.get("/admin/v1/projects/default/secrets/github-pat", TOKEN).statusCode())
          .isEqualTo(404);
    }
  }

  @Test
  void contributors_of_a_project_manage_its_secrets_and_nobody_else_does() {
    try (RunningGatehouse gh = RunningGatehouse.start(dir, "")) {
      gh.send("POST", "/admin/v1/projects", TOKEN, "{\"name\":\"payments\"}");
      for (String c : new String[] {"cody", "uma"}) {
        gh.send(
            "POST",
            "/admin/v1/consumers",
            TOKEN,
            "{\"name\":\"" + c + "\",\"project\":\"payments\"}");
      }
      gh.send(
          "POST",
          "/admin/v1/projects/payments/members",
          TOKEN,
          "{\"subject\":\"cody\",\"role\":\"contributor\"}");
      gh.send(
          "POST",
          "/admin/v1/projects/payments/members",
          TOKEN,
          "{\"subject\":\"uma\",\"role\":\"user\"}");
      String cody =
          json(gh.send("POST", "/admin/v1/consumers/cody/keys", TOKEN, "{}"))
              .path("key")
              .asString();
      String uma =
          json(gh.send("POST", "/admin/v1/consumers/uma/keys", TOKEN, "{}")).path("key").asString();

      assertThat(
              gh.send("PUT", "/admin/v1/projects/payments/secrets/stripe", cody, put(VALUE))
                  .statusCode())
          .isEqualTo(201);
      assertThat(
              gh.send("PUT", "/admin/v1/projects/default/secrets/stripe", cody, put(VALUE))
                  .statusCode())
          .isEqualTo(403);
      assertThat(gh.get("/admin/v1/projects/payments/secrets", uma).statusCode()).isEqualTo(403);
      assertThat(gh.get("/admin/v1/projects/payments/secrets", null).statusCode()).isEqualTo(401);
    }
  }

  @Test
  void a_rotation_from_the_command_line_keeps_the_running_server_reading_its_secrets()
      throws Exception {
    try (RunningGatehouse gh = RunningGatehouse.start(dir, "")) {
      gh.send("PUT", "/admin/v1/projects/default/secrets/a", TOKEN, put(VALUE));
      String config = gh.configFile().toString();
      String before = gh.server().vault().keyring().primaryId();

      assertThat(cli("vault", "rotate", "--config", config)).isZero();
      // its data key was re-wrapped under the new key; the server still reads it
      assertThat(gh.server().vault().get("default", "a").reveal()).isEqualTo(VALUE);
      // the running server wraps new secrets under the new primary too
      gh.send("PUT", "/admin/v1/projects/default/secrets/b", TOKEN, put("after-rotation-value"));
      String now = gh.server().vault().keyring().primaryId();
      assertThat(now).isNotEqualTo(before);
      assertThat(gh.server().vault().dataKeysByMasterKey()).containsOnlyKeys(now);
      assertThat(cli("vault", "retire", now, "--config", config)).as("the primary").isEqualTo(1);
      assertThat(cli("vault", "rewrap", "--config", config)).isZero();
      assertThat(cli("vault", "retire", before, "--config", config)).isZero();
      assertThat(Files.readString(dir.resolve("data/master.key"))).doesNotContain(before);
      assertThat(gh.server().vault().get("default", "b").reveal())
          .isEqualTo("after-rotation-value");
    }
  }

  @Test
  void a_route_sends_a_vault_secret_upstream_and_never_the_callers_credential() throws Exception {
    try (io.gatehouse.testkit.ScriptedUpstream up =
            io.gatehouse.testkit.ScriptedUpstream.start(
                x ->
                    x.tool(
                        "whoami",
                        (c, out) -> out.result(io.gatehouse.testkit.ScriptedUpstream.text("ok"))));
        RunningGatehouse gh =
            RunningGatehouse.start(
                dir,
                "routes:\n"
                    + RunningGatehouse.route("github", up.url(), "streamable-http")
                        .replace(
                            "transport: streamable-http",
                            "transport: streamable-http,"
                                + " headers: {Authorization: 'Bearer ${secret:github-pat}'}")
                    + "    auth: [api-key]\n")) {
      // the route names the secret before it exists: calls are refused, naming it
      gh.send("POST", "/admin/v1/consumers", TOKEN, "{\"name\":\"dev\"}");
      String key =
          json(gh.send("POST", "/admin/v1/consumers/dev/keys", TOKEN, "{}")).path("key").asString();
      java.net.URI route = gh.route("github");
      HttpResponse<String> refused =
          io.gatehouse.testkit.McpWire.send(
              io.gatehouse.testkit.McpWire.post(
                      route, null, io.gatehouse.testkit.McpWire.initializeBody(1))
                  .header("Authorization", "Bearer " + key));
      assertThat(refused.statusCode()).isEqualTo(502);
      assertThat(refused.body()).contains("UPSTREAM_CREDENTIAL_MISSING").contains("github-pat");
      assertThat(up.requests()).isEmpty();

      gh.send("PUT", "/admin/v1/projects/default/secrets/github-pat", TOKEN, put(VALUE));
      HttpResponse<String> init =
          org.awaitility.Awaitility.await()
              .atMost(java.time.Duration.ofSeconds(15))
              .until(
                  () ->
                      io.gatehouse.testkit.McpWire.send(
                          io.gatehouse.testkit.McpWire.post(
                                  route, null, io.gatehouse.testkit.McpWire.initializeBody(1))
                              .header("Authorization", "Bearer " + key)),
                  r -> r.statusCode() == 200);
      assertThat(init.body()).doesNotContain(VALUE);
      assertThat(up.requests())
          .isNotEmpty()
          .allSatisfy(
              r -> {
                String auth =
                    r.headers().entrySet().stream()
                        .filter(h -> h.getKey().equalsIgnoreCase("authorization"))
                        .map(java.util.Map.Entry::getValue)
                        .findFirst()
                        .orElse(null);
                assertThat(auth).isEqualTo("Bearer " + VALUE).doesNotContain(key);
              });

      // deleted here: this process's next request is refused at once, the upstream not called
      int calls = up.requests().size();
      gh.send("DELETE", "/admin/v1/projects/default/secrets/github-pat", TOKEN, "");
      HttpResponse<String> gone =
          io.gatehouse.testkit.McpWire.send(
              io.gatehouse.testkit.McpWire.post(
                      route, null, io.gatehouse.testkit.McpWire.initializeBody(1))
                  .header("Authorization", "Bearer " + key));
      assertThat(gone.statusCode()).isEqualTo(502);
      // a value a header cannot carry is refused, not sent
      gh.send("PUT", "/admin/v1/projects/default/secrets/github-pat", TOKEN, put("line\\nbreak"));
      HttpResponse<String> broken =
          io.gatehouse.testkit.McpWire.send(
              io.gatehouse.testkit.McpWire.post(
                      route, null, io.gatehouse.testkit.McpWire.initializeBody(1))
                  .header("Authorization", "Bearer " + key));
      assertThat(broken.statusCode()).isEqualTo(502);
      assertThat(broken.body()).contains("line break");
      assertThat(up.requests()).hasSize(calls);
    }
  }

  @Test
  void secret_references_stand_only_in_upstream_headers() {
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () ->
                    RunningGatehouse.start(dir, "public-url: 'https://${secret:x}.example.com'\n")))
        .hasStackTraceContaining("public-url: ${secret:x} is read from the vault");
  }

  @Test
  void the_command_line_sets_lists_and_deletes_secrets_without_printing_them() throws Exception {
    try (RunningGatehouse gh = RunningGatehouse.start(dir, "")) {
      String config = gh.configFile().toString();
      Path value = Files.writeString(dir.resolve("value.txt"), VALUE + "\n");
      StringWriter out = new StringWriter();
      int set =
          Main.run(
              new String[] {
                "secrets", "set", "cli-pat", "--from-file", value.toString(), "--config", config
              },
              new PrintWriter(out, true),
              new PrintWriter(new StringWriter(), true));
      assertThat(set).isZero();
      assertThat(out.toString()).contains("default/cli-pat version 1").doesNotContain(VALUE);
      // the trailing newline of the file is not part of the value
      assertThat(gh.server().vault().get("default", "cli-pat").reveal()).isEqualTo(VALUE);
      StringWriter listed = new StringWriter();
      Main.run(
          new String[] {"secrets", "list", "--config", config},
          new PrintWriter(listed, true),
          new PrintWriter(new StringWriter(), true));
      assertThat(listed.toString()).contains("cli-pat").contains("****").doesNotContain(VALUE);
      assertThat(cli("secrets", "delete", "cli-pat", "--config", config)).isZero();
      assertThat(cli("secrets", "delete", "cli-pat", "--config", config)).isEqualTo(1);
    }
  }

  @Test
  void a_second_process_without_the_stores_master_key_is_locked_and_makes_no_key_up()
      throws Exception {
    String store = "storage: {url: 'jdbc:sqlite:" + dir.resolve("shared.db") + "'}\n";
    Files.createDirectories(dir.resolve("a"));
    Files.createDirectories(dir.resolve("b"));
    try (RunningGatehouse a = RunningGatehouse.start(dir.resolve("a"), store)) {
      a.send("PUT", "/admin/v1/projects/default/secrets/x", TOKEN, put(VALUE));
      try (RunningGatehouse b = RunningGatehouse.start(dir.resolve("b"), store)) {
        assertThat(b.server().vault()).isNull();
        assertThat(Files.exists(dir.resolve("b/data/master.key"))).isFalse();
        HttpResponse<String> r =
            b.send("PUT", "/admin/v1/projects/default/secrets/y", TOKEN, put("v"));
        assertThat(json(r).path("error").path("code").asString()).isEqualTo("VAULT_LOCKED");
        // everything else on b works
        assertThat(b.get("/v0.1/servers", null).statusCode()).isEqualTo(200);
      }
      assertThat(a.server().vault().get("default", "x").reveal()).isEqualTo(VALUE);
    }
  }

  @Test
  void a_shared_store_without_a_master_key_leaves_the_vault_locked() {
    try (TestDatabases.Throwaway pg = TestDatabases.postgres();
        RunningGatehouse gh =
            RunningGatehouse.start(dir, "storage: {url: '" + pg.jdbcUrl() + "'}\n")) {
      HttpResponse<String> r =
          gh.send("PUT", "/admin/v1/projects/default/secrets/a", TOKEN, put(VALUE));
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(json(r).path("error").path("code").asString()).isEqualTo("VAULT_LOCKED");
      assertThat(Files.exists(dir.resolve("data/master.key"))).isFalse();
    }
  }
}
