package io.gatehouse.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.core.Secret;
import io.gatehouse.policy.SecretValues;
import io.gatehouse.store.testing.TestDatabases;
import io.gatehouse.vault.Keyring;
import io.gatehouse.vault.Vault;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The routes' cache of vault values, over a real vault on SQLite, with a clock the test moves. */
class SecretCacheTest {
  @TempDir Path dir;
  final AtomicLong now = new AtomicLong(1_000_000_000L);

  void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }

  @Test
  void values_load_refresh_in_the_background_and_go_when_deleted_or_too_old() {
    try (TestDatabases.Throwaway db = TestDatabases.sqlite()) {
      Vault vault =
          Vault.open(db.database(), Keyring.fromFile(dir.resolve("k"), true), Clock.systemUTC());
      SecretCache cache = new SecretCache(now::get);
      assertThat(cache.lookup("default", "pat")).isInstanceOf(SecretValues.Unavailable.class);
      cache.bind(vault);
      assertThat(cache.lookup("default", "pat")).isInstanceOf(SecretValues.NeedsLoad.class);
      cache.load("default", "pat");
      assertThat(cache.lookup("default", "pat")).isInstanceOf(SecretValues.Missing.class);

      vault.put("default", "pat", Secret.of("one"));
      cache.invalidate("default", "pat");
      cache.load("default", "pat");
      assertThat(value(cache)).isEqualTo("one");

      vault.put("default", "pat", Secret.of("two"));
      assertThat(value(cache)).as("fresh for REFRESH").isEqualTo("one");
      advance(SecretCache.REFRESH.plusSeconds(1));
      assertThat(value(cache)).as("the old value while the refresh runs").isEqualTo("one");
      await().atMost(Duration.ofSeconds(5)).until(() -> "two".equals(value(cache)));

      vault.delete("default", "pat");
      advance(SecretCache.REFRESH.plusSeconds(1));
      cache.lookup("default", "pat");
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> cache.lookup("default", "pat") instanceof SecretValues.Missing);

      vault.put("default", "pat", Secret.of("three"));
      cache.invalidate("default", "pat");
      cache.load("default", "pat");
      advance(SecretCache.MAX_AGE.plusSeconds(1));
      assertThat(cache.lookup("default", "pat")).isInstanceOf(SecretValues.NeedsLoad.class);
    }
  }

  @Test
  void a_store_that_fails_before_the_first_read_is_said_not_guessed() {
    TestDatabases.Throwaway db = TestDatabases.sqlite();
    Vault vault =
        Vault.open(db.database(), Keyring.fromFile(dir.resolve("k"), true), Clock.systemUTC());
    SecretCache cache = new SecretCache(now::get);
    cache.bind(vault);
    db.close();
    cache.load("default", "pat");
    assertThat(cache.lookup("default", "pat")).isInstanceOf(SecretValues.Unavailable.class);
  }

  private static String value(SecretCache cache) {
    return ((SecretValues.Ready) cache.lookup("default", "pat")).value().reveal();
  }
}
