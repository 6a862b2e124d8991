package io.gatehouse.server.config;

import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.Secret;
import io.gatehouse.policy.SecretValues;
import io.gatehouse.vault.Vault;
import io.gatehouse.vault.VaultErrors;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The vault's values as the configured routes' upstream headers use them: in memory, so a request
 * never reads the store. A value older than {@link #REFRESH} is refreshed in the background (one
 * read at a time per secret) while the old one is used, so a changed or deleted secret reaches
 * every route within seconds. Bound to the vault once the store is open; until then, and while the
 * vault has no master key, lookups say why.
 */
public final class SecretCache implements SecretValues {
  static final Duration REFRESH = Duration.ofSeconds(5);

  /** A value not refreshed for this long (the store failing) is not used any more. */
  static final Duration MAX_AGE = Duration.ofSeconds(60);

  private record Key(String project, String name) {}

  private record Entry(Lookup lookup, long loadedAt) {}

  private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
  private final Map<Key, Boolean> refreshing = new ConcurrentHashMap<>();
  private final LongSupplier nanos;
  private volatile Vault vault;
  private volatile String unavailable = "the vault is starting (the store is being opened)";

  public SecretCache() {
    this(System::nanoTime);
  }

  SecretCache(LongSupplier nanos) {
    this.nanos = nanos;
  }

  /** Serves from {@code v}; null when the vault stays locked (no master key). */
  public void bind(Vault v) {
    this.vault = v;
    this.unavailable =
        v == null
            ? "the vault has no master key (set GATEHOUSE_MASTER_KEY or vault.key-file)"
            : null;
    entries.clear();
  }

  @Override
  public Lookup lookup(String project, String name) {
    if (vault == null) {
      return new Unavailable(unavailable);
    }
    Key k = new Key(project, name);
    Entry e = entries.get(k);
    long age = e == null ? Long.MAX_VALUE : nanos.getAsLong() - e.loadedAt();
    if (age > MAX_AGE.toNanos()) {
      return new NeedsLoad();
    }
    if (age > REFRESH.toNanos() && refreshing.putIfAbsent(k, Boolean.TRUE) == null) {
      Thread.ofVirtual()
          .name("gatehouse-secret-refresh")
          .start(
              () -> {
                try {
                  load(project, name);
                } finally {
                  refreshing.remove(k);
                }
              });
    }
    return e.lookup();
  }

  @Override
  public void load(String project, String name) {
    Vault v = vault;
    if (v == null) {
      return;
    }
    Lookup found;
    try {
      Secret s = v.get(project, name);
      found = new Ready(s);
    } catch (GatehouseException e) {
      found =
          new Missing(
              e.error() == VaultErrors.SECRET_NOT_FOUND
                  ? "no secret '" + name + "' in project '" + project + "'"
                  : "secret '" + name + "' cannot be read: " + e.error().key());
    } catch (RuntimeException e) {
      // the store failed: keep what we had (up to MAX_AGE); with nothing, say so
      entries.putIfAbsent(
          new Key(project, name),
          new Entry(
              new Unavailable("the store failed reading secret '" + name + "'; retrying"),
              nanos.getAsLong()));
      return;
    }
    entries.put(new Key(project, name), new Entry(found, nanos.getAsLong()));
  }

  /** Forgets a secret that changed here, so this process's next request reads it again. */
  public void invalidate(String project, String name) {
    entries.remove(new Key(project, name));
  }
}
