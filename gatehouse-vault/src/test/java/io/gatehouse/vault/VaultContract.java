package io.gatehouse.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.Secret;
import io.gatehouse.store.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vault on each store: sealing, versions, masks, rotation, and what the store holds. */
abstract class VaultContract {
  static final String VALUE = "ghp_s3cr3t-Value-0123456789abcdef";

  abstract TestDatabases.Throwaway open();

  @TempDir Path dir;
  TestDatabases.Throwaway db;
  Vault vault;

  @BeforeEach
  void openVault() {
    db = open();
    vault =
        Vault.open(
            db.database(), Keyring.fromFile(dir.resolve("master.key"), true), Clock.systemUTC());
  }

  @AfterEach
  void close() {
    db.close();
  }

  /** Every text column of the vault's tables, as stored. */
  List<String> storedText() {
    return db.database()
        .read(
            tx -> {
              List<String> out = new ArrayList<>();
              out.addAll(
                  tx.list(
                      "SELECT project || name || sealed || fingerprint || mask FROM vault_secrets",
                      rs -> rs.getString(1)));
              out.addAll(
                  tx.list(
                      "SELECT id || master_key_id || wrapped FROM vault_data_keys",
                      rs -> rs.getString(1)));
              return out;
            });
  }

  static void assertKey(Runnable r, String key) {
    assertThatThrownBy(r::run)
        .isInstanceOf(GatehouseException.class)
        .satisfies(e -> assertThat(((GatehouseException) e).error().key()).isEqualTo(key));
  }

  @Test
  void a_secret_round_trips_and_the_store_holds_only_ciphertext() {
    SecretInfo info = vault.put("default", "github-pat", Secret.of(VALUE));
    assertThat(info.version()).isEqualTo(1);
    assertThat(info.mask()).isEqualTo("****cdef");
    assertThat(info.fingerprint()).startsWith("hmac-sha256:").hasSize("hmac-sha256:".length() + 16);
    assertThat(info.toString()).doesNotContain(VALUE);
    assertThat(vault.get("default", "github-pat").reveal()).isEqualTo(VALUE);
    assertThat(vault.get("default", "github-pat").toString()).isEqualTo("***");

    String b64 = Base64.getEncoder().encodeToString(VALUE.getBytes());
    assertThat(storedText())
        .isNotEmpty()
        .allSatisfy(
            t -> assertThat(t).doesNotContain(VALUE).doesNotContain(b64).doesNotContain("s3cr3t"));
  }

  @Test
  void versions_are_kept_and_fingerprints_compare_values() {
    SecretInfo one = vault.put("default", "token", Secret.of("first-value"));
    SecretInfo two = vault.put("default", "token", Secret.of("second-value"));
    SecretInfo three = vault.put("default", "token", Secret.of("first-value"));
    assertThat(two.version()).isEqualTo(2);
    assertThat(one.mask()).isEqualTo("****");
    assertThat(three.fingerprint()).isEqualTo(one.fingerprint()).isNotEqualTo(two.fingerprint());
    assertThat(vault.get("default", "token").reveal()).isEqualTo("first-value");
    assertThat(vault.get("default", "token", 2).reveal()).isEqualTo("second-value");
    assertThat(vault.versions("default", "token"))
        .extracting(SecretInfo::version)
        .containsExactly(1L, 2L, 3L);
    assertThat(vault.list("default")).singleElement().extracting(SecretInfo::version).isEqualTo(3L);
    assertThat(vault.list("other")).isEmpty();

    vault.delete("default", "token");
    assertKey(() -> vault.get("default", "token"), "SECRET_NOT_FOUND");
    assertKey(() -> vault.delete("default", "token"), "SECRET_NOT_FOUND");
  }

  @Test
  void bad_names_and_values_are_refused_and_nothing_is_written() {
    assertKey(() -> vault.put("default", "no spaces", Secret.of("x")), "INVALID_SECRET");
    assertKey(() -> vault.put("default", "ok", Secret.of("")), "INVALID_SECRET");
    assertKey(
        () -> vault.put("default", "ok", Secret.of("x".repeat(Vault.MAX_VALUE + 1))),
        "INVALID_SECRET");
    assertThat(vault.list("default")).isEmpty();
  }

  @Test
  void a_value_moved_to_another_name_or_changed_in_the_store_does_not_open() {
    vault.put("default", "a", Secret.of(VALUE));
    vault.put("default", "b", Secret.of("other-value"));
    db.database()
        .write(
            tx ->
                tx.update(
                    "UPDATE vault_secrets SET sealed = (SELECT sealed FROM vault_secrets WHERE name = 'a')"
                        + ", data_key_id = (SELECT data_key_id FROM vault_secrets WHERE name = 'a')"
                        + " WHERE name = 'b'"));
    Vault fresh =
        Vault.open(
            db.database(), Keyring.fromFile(dir.resolve("master.key"), false), Clock.systemUTC());
    assertKey(() -> fresh.get("default", "b"), "VAULT_TAMPERED");
    assertThat(fresh.get("default", "a").reveal()).isEqualTo(VALUE);
  }

  @Test
  void a_rotation_rewraps_every_data_key_and_every_secret_still_opens() throws Exception {
    vault.put("default", "a", Secret.of(VALUE));
    vault.put("payments", "b", Secret.of("second-secret-value"));
    String before = vault.keyring().primaryId();
    // Another process, started before the rotation, still holds only the old key.
    Vault running =
        Vault.open(
            db.database(), Keyring.fromFile(dir.resolve("master.key"), false), Clock.systemUTC());

    Keyring rotated = vault.keyring().rotate();
    assertThat(rotated.ids()).hasSize(2).last().isEqualTo(before);
    Vault after = Vault.open(db.database(), rotated, Clock.systemUTC());
    assertThat(after.rewrap()).isEqualTo(3); // two secrets and the fingerprint key
    assertThat(after.dataKeysByMasterKey()).containsOnlyKeys(rotated.primaryId());
    assertThat(after.get("default", "a").reveal()).isEqualTo(VALUE);
    assertThat(after.rewrap()).isZero();

    // the running process meets the new key id, reads the key file again, and goes on
    Vault runningFresh =
        Vault.open(
            db.database(), Keyring.fromFile(dir.resolve("master.key"), false), Clock.systemUTC());
    assertThat(runningFresh.get("payments", "b").reveal()).isEqualTo("second-secret-value");
    assertThat(running.get("payments", "b").reveal()).isEqualTo("second-secret-value");

    Keyring retired = rotated.retire(before);
    assertThat(retired.ids()).containsExactly(rotated.primaryId());
    assertThat(Vault.open(db.database(), retired, Clock.systemUTC()).get("default", "a").reveal())
        .isEqualTo(VALUE);
  }

  @Test
  void rotations_at_the_same_time_lose_no_key() throws Exception {
    Path file = dir.resolve("master.key");
    Keyring a = Keyring.fromFile(file, false);
    Keyring b = Keyring.fromFile(file, false);
    Thread t1 = Thread.ofPlatform().start(a::rotate);
    Thread t2 = Thread.ofPlatform().start(b::rotate);
    t1.join();
    t2.join();
    assertThat(Keyring.fromFile(file, false).ids()).hasSize(3).doesNotHaveDuplicates();
    try (var listing = Files.list(dir)) {
      assertThat(listing.map(p -> p.getFileName().toString()))
          .as("no temporary file left behind")
          .noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  @Test
  void another_master_key_is_told_apart_from_tampering() {
    vault.put("default", "a", Secret.of(VALUE));
    Keyring other = Keyring.fromSpec(Base64.getEncoder().encodeToString(new byte[32]));
    assertKey(() -> Vault.open(db.database(), other, Clock.systemUTC()), "VAULT_KEY_MISSING");
  }

  @Test
  void the_key_file_is_made_owner_only_and_refused_when_others_can_read_it() throws Exception {
    Path file = dir.resolve("master.key");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertKey(() -> Keyring.fromFile(file, false), "VAULT_LOCKED");
    assertThatThrownBy(() -> Keyring.fromFile(file, false)).hasMessageContaining("chmod 600");
  }

  @Test
  void master_keys_from_the_environment_are_checked_and_never_printed() {
    String k = Base64.getEncoder().encodeToString(new byte[32]);
    Keyring two = Keyring.fromSpec("new:" + k + ",old:" + k);
    assertThat(two.ids()).containsExactly("new", "old");
    assertThat(two.toString()).doesNotContain(k);
    assertKey(() -> Keyring.fromSpec("short"), "VAULT_LOCKED");
    assertThatThrownBy(() -> Keyring.fromSpec(Base64.getEncoder().encodeToString(new byte[16])))
        .hasMessageContaining("32 random bytes");
    assertThatThrownBy(() -> two.rotate()).hasMessageContaining("gatehouse vault rewrap");
  }
}
