package io.gatehouse.vault;

import io.gatehouse.core.Secret;
import io.gatehouse.store.Database;
import io.gatehouse.store.StoreException;
import io.gatehouse.vault.internal.Aead;
import io.gatehouse.vault.internal.VaultRows;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Secrets of projects, encrypted at rest. Each version of a secret is sealed with its own random
 * data key, with its project, name and version as associated data; each data key is wrapped by the
 * keyring's primary master key and names it. {@link #rewrap} moves every data key under the current
 * primary in place, so a master-key rotation touches no secret and stops nothing: a process that
 * has not seen the new key reads it from the key file when it first meets its id.
 *
 * <p>Values come out only as {@link Secret}. What may be shown is {@link SecretInfo}: a mask and a
 * fingerprint, a keyed hash whose key is itself a wrapped data key of this vault.
 */
public final class Vault {
  /** The Flyway location of the vault's tables. */
  public static final String MIGRATIONS = "classpath:db/vault";

  static final int MAX_VALUE = 64 * 1024;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final String FINGERPRINT_KEY = "fingerprint";

  private final Database db;
  private final Keyring keys;
  private final Clock clock;

  /** Unwrapped data keys, the most recently used {@value #CACHED_KEYS}: a bounded heap exposure. */
  private final Map<String, byte[]> unwrapped =
      java.util.Collections.synchronizedMap(
          new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
              return size() > CACHED_KEYS;
            }
          });

  static final int CACHED_KEYS = 1024;

  private Vault(Database db, Keyring keys, Clock clock) {
    this.db = db;
    this.keys = keys;
    this.clock = clock;
  }

  /** Runs the vault's migrations and opens it with {@code keys}. */
  public static Vault open(Database db, Keyring keys, Clock clock) {
    db.migrate("vault", MIGRATIONS);
    Vault v = new Vault(db, keys, clock);
    v.fingerprintKey(); // fails now, not at the first secret, if the keys do not fit the store
    return v;
  }

  /**
   * Whether the store already holds data keys (wrapped by some master key): then a process without
   * that key must not make up a new one.
   */
  public static boolean holdsKeys(Database db) {
    db.migrate("vault", MIGRATIONS);
    return !db.read(VaultRows::countsByMasterKey).isEmpty();
  }

  public Keyring keyring() {
    return keys;
  }

  /** The vault opened on the same store with other keys (after a rotation). */
  public Vault with(Keyring other) {
    return open(db, other, clock);
  }

  /** Stores {@code value} as the next version of the secret. */
  public SecretInfo put(String project, String name, Secret value) {
    check(project, "project");
    check(name, "name");
    byte[] plain = value == null ? new byte[0] : value.reveal().getBytes(StandardCharsets.UTF_8);
    if (plain.length == 0 || plain.length > MAX_VALUE) {
      throw new VaultException(
          VaultErrors.INVALID_SECRET,
          "value: " + plain.length + " bytes (expected: 1 to " + MAX_VALUE + ")");
    }
    String fingerprint = fingerprint(project, name, plain);
    String mask = mask(value.reveal());
    Instant now = Instant.ofEpochMilli(clock.millis());
    for (int attempt = 0; ; attempt++) {
      try {
        VaultRows.Row row =
            db.write(
                tx -> {
                  long version = VaultRows.nextVersion(tx, project, name);
                  byte[] dek = Aead.newKey();
                  String dekId = "dk-" + UUID.randomUUID();
                  VaultRows.insertDataKey(tx, wrap(dekId, dek), now);
                  byte[] sealed = Aead.seal(dek, plain, aad(project, name, version));
                  VaultRows.Row r =
                      new VaultRows.Row(
                          project,
                          name,
                          version,
                          dekId,
                          Base64.getEncoder().encodeToString(sealed),
                          fingerprint,
                          mask,
                          now);
                  VaultRows.insert(tx, r);
                  unwrapped.put(dekId, dek);
                  return r;
                });
        return info(row);
      } catch (StoreException e) {
        // two writers took the same version number: the later one tries the next
        if (!StoreException.CONFLICT.equals(e.code()) || attempt >= 3) {
          throw e;
        }
      }
    }
  }

  /** The latest version's value. */
  public Secret get(String project, String name) {
    VaultRows.Row row =
        db.read(tx -> VaultRows.latest(tx, project, name))
            .orElseThrow(() -> notFound(project, name));
    return open(row);
  }

  /** One version's value. */
  public Secret get(String project, String name, long version) {
    VaultRows.Row row =
        db.read(tx -> VaultRows.version(tx, project, name, version))
            .orElseThrow(() -> notFound(project, name + " version " + version));
    return open(row);
  }

  /** The latest version of each of the project's secrets. */
  public List<SecretInfo> list(String project) {
    return db.read(tx -> VaultRows.latestOf(tx, project)).stream().map(Vault::info).toList();
  }

  public List<SecretInfo> versions(String project, String name) {
    List<SecretInfo> all =
        db.read(tx -> VaultRows.versions(tx, project, name)).stream().map(Vault::info).toList();
    if (all.isEmpty()) {
      throw notFound(project, name);
    }
    return all;
  }

  /** Deletes every version of the secret, and their data keys. */
  public void delete(String project, String name) {
    List<String> dataKeys =
        db.read(tx -> VaultRows.versions(tx, project, name)).stream()
            .map(VaultRows.Row::dataKeyId)
            .toList();
    if (!db.write(tx -> VaultRows.delete(tx, project, name))) {
      throw notFound(project, name);
    }
    dataKeys.forEach(unwrapped::remove);
  }

  /**
   * Wraps every data key that another master key wraps with the keyring's primary, in one
   * transaction; returns how many moved. The secrets themselves are not touched.
   */
  public int rewrap() {
    String primary = keys.primaryId();
    return db.write(
        tx -> {
          int moved = 0;
          for (VaultRows.DataKey k : VaultRows.dataKeysNotUnder(tx, primary)) {
            byte[] dek;
            try {
              dek = unwrap(k);
            } catch (VaultException e) {
              // one data key that does not open must not hold back the others: it stays as it
              // is, and vault status shows the master key it still names
              org.slf4j.LoggerFactory.getLogger(Vault.class)
                  .error("vault: rewrap skips data key {}: {}", k.id(), e.getMessage());
              continue;
            }
            VaultRows.DataKey next = wrap(k.id(), dek);
            if (VaultRows.rewrap(tx, k, next.masterKeyId(), next.wrapped())) {
              moved++;
            }
          }
          return moved;
        });
  }

  /** How many data keys each master key wraps: a key may be retired once it wraps none. */
  public Map<String, Long> dataKeysByMasterKey() {
    Map<String, Long> out = new LinkedHashMap<>();
    db.read(VaultRows::countsByMasterKey).forEach(r -> out.put(r[0], Long.parseLong(r[1])));
    return out;
  }

  private Secret open(VaultRows.Row row) {
    byte[] dek = dataKey(row.dataKeyId());
    try {
      byte[] plain =
          Aead.open(
              dek,
              Base64.getDecoder().decode(row.sealed()),
              aad(row.project(), row.name(), row.version()));
      return Secret.of(new String(plain, StandardCharsets.UTF_8));
    } catch (AEADBadTagException | IllegalArgumentException e) {
      throw new VaultException(
          VaultErrors.VAULT_TAMPERED,
          "secret "
              + row.project()
              + "/"
              + row.name()
              + " version "
              + row.version()
              + " does not open with its data key");
    }
  }

  private byte[] dataKey(String id) {
    byte[] k = unwrapped.get(id);
    if (k != null) {
      return k;
    }
    VaultRows.DataKey stored =
        db.read(tx -> VaultRows.dataKey(tx, id))
            .orElseThrow(
                () ->
                    new VaultException(
                        VaultErrors.VAULT_TAMPERED,
                        "data key " + id + " is missing from the store"));
    k = unwrap(stored);
    unwrapped.put(id, k);
    return k;
  }

  private VaultRows.DataKey wrap(String id, byte[] dek) {
    Keyring.Primary primary = keys.primary();
    byte[] wrapped = Aead.seal(primary.key(), dek, dekAad(id, primary.id()));
    return new VaultRows.DataKey(id, primary.id(), Base64.getEncoder().encodeToString(wrapped));
  }

  private byte[] unwrap(VaultRows.DataKey k) {
    byte[] master = keys.key(k.masterKeyId());
    if (master == null) {
      throw new VaultException(
          VaultErrors.VAULT_KEY_MISSING,
          "data key "
              + k.id()
              + " is wrapped by master key "
              + k.masterKeyId()
              + ", which this process does not have (it has "
              + keys.ids()
              + ")");
    }
    try {
      return Aead.open(
          master, Base64.getDecoder().decode(k.wrapped()), dekAad(k.id(), k.masterKeyId()));
    } catch (AEADBadTagException | IllegalArgumentException e) {
      throw new VaultException(
          VaultErrors.VAULT_TAMPERED,
          "data key " + k.id() + " does not open with master key " + k.masterKeyId());
    }
  }

  /** The vault's fingerprint key: a data key like the others, made on first open. */
  private byte[] fingerprintKey() {
    byte[] k = unwrapped.get(FINGERPRINT_KEY);
    if (k != null) {
      return k;
    }
    if (db.read(tx -> VaultRows.dataKey(tx, FINGERPRINT_KEY)).isEmpty()) {
      try {
        db.write(
            tx -> {
              VaultRows.insertDataKey(
                  tx, wrap(FINGERPRINT_KEY, Aead.newKey()), Instant.ofEpochMilli(clock.millis()));
              return null;
            });
      } catch (StoreException e) {
        if (!StoreException.CONFLICT.equals(e.code())) {
          throw e;
        }
      }
    }
    return dataKey(FINGERPRINT_KEY);
  }

  /**
   * Keyed per secret: the versions of one secret compare (did the value change?), while a value set
   * under another name, or in another project, says nothing about this one.
   */
  private String fingerprint(String project, String name, byte[] plain) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(fingerprintKey(), "HmacSHA256"));
      mac.update((project + "/" + name + "\0").getBytes(StandardCharsets.UTF_8));
      return "hmac-sha256:" + HexFormat.of().formatHex(mac.doFinal(plain), 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available in this JDK", e);
    }
  }

  /** {@code ****}, and the last four characters of a value of 16 or more. */
  static String mask(String value) {
    return value.length() >= 16 ? "****" + value.substring(value.length() - 4) : "****";
  }

  private static byte[] aad(String project, String name, long version) {
    return ("gatehouse-secret:" + project + "/" + name + "#" + version)
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] dekAad(String id, String masterKeyId) {
    return ("gatehouse-data-key:" + id + "@" + masterKeyId).getBytes(StandardCharsets.UTF_8);
  }

  private static SecretInfo info(VaultRows.Row r) {
    return new SecretInfo(
        r.project(), r.name(), r.version(), r.mask(), r.fingerprint(), r.createdAt());
  }

  private static void check(String value, String field) {
    if (value == null || !NAME.matcher(value).matches()) {
      throw new VaultException(
          VaultErrors.INVALID_SECRET,
          field
              + ": '"
              + value
              + "' (expected: 1 to 128 letters, digits and . _ -, starting with a letter or digit)");
    }
  }

  private static VaultException notFound(String project, String what) {
    return new VaultException(
        VaultErrors.SECRET_NOT_FOUND, "project '" + project + "' has no secret " + what);
  }
}
