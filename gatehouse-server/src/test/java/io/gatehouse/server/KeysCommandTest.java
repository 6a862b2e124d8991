package io.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.identity.Identity;
import io.gatehouse.policy.ApiKeys;
import io.gatehouse.store.Database;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gatehouse consumers create} and {@code gatehouse keys ...} against a real store. */
class KeysCommandTest {
  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  Run gatehouse(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void a_key_is_created_printed_once_listed_by_prefix_and_revoked() throws Exception {
    Path config =
        Files.writeString(dir.resolve("g.yaml"), "data-dir: " + dir.resolve("data") + "\n");
    String c = config.toString();
    assertThat(
            gatehouse("consumers", "create", "ci-bot", "--kind", "application", "--config", c)
                .exit())
        .isZero();
    Run created = gatehouse("keys", "create", "ci-bot", "--routes", "weather", "--config", c);
    assertThat(created.exit()).as(created.err()).isZero();
    Matcher key = Pattern.compile("key: +(ghk_\\S+)").matcher(created.out());
    Matcher id = Pattern.compile("id: +(\\S+)").matcher(created.out());
    assertThat(key.find() && id.find()).isTrue();

    Run listed = gatehouse("keys", "list", "ci-bot", "--config", c);
    assertThat(listed.out())
        .contains(id.group(1))
        .contains("routes=weather")
        .doesNotContain(key.group(1));

    try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("data/gatehouse.db"));
        Identity identity = Identity.open(db, Clock.systemUTC(), Duration.ofMinutes(1))) {
      assertThat(identity.apiKeys().check(key.group(1), "weather"))
          .isInstanceOf(ApiKeys.Valid.class);
      assertThat(gatehouse("keys", "revoke", "ci-bot", id.group(1), "--config", c).exit()).isZero();
    }
    try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("data/gatehouse.db"));
        Identity identity = Identity.open(db, Clock.systemUTC(), Duration.ofMinutes(1))) {
      assertThat(identity.apiKeys().check(key.group(1), "weather"))
          .isInstanceOf(ApiKeys.Invalid.class);
    }
  }

  @Test
  void refusals_name_their_key_and_exit_non_zero() throws Exception {
    Path config =
        Files.writeString(dir.resolve("g.yaml"), "data-dir: " + dir.resolve("data") + "\n");
    Run missing = gatehouse("keys", "create", "nobody", "--config", config.toString());
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("CONSUMER_NOT_FOUND");
    Run badDate =
        gatehouse(
            "keys", "create", "nobody", "--expires-at", "tomorrow", "--config", config.toString());
    assertThat(badDate.exit()).isEqualTo(2);
    assertThat(badDate.err()).contains("tomorrow");
    Run badKind =
        gatehouse("consumers", "create", "x", "--kind", "robot", "--config", config.toString());
    assertThat(badKind.exit()).isEqualTo(2);
    assertThat(badKind.err()).contains("expected: user, group or application");
  }
}
