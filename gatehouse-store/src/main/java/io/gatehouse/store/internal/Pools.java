package io.gatehouse.store.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.gatehouse.store.Dialect;
import io.gatehouse.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.sqlite.SQLiteConfig;

/**
 * Connection pools per dialect. SQLite runs in WAL mode (readers never wait for the writer) with
 * foreign keys on, a busy timeout, and IMMEDIATE transactions, so two writers queue instead of
 * failing on a lock upgrade.
 */
public final class Pools {
  private static final Duration SQLITE_BUSY_TIMEOUT = Duration.ofSeconds(10);

  private Pools() {}

  public static HikariDataSource create(String jdbcUrl, Dialect dialect) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setPoolName("gatehouse-store");
    config.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
    config.setInitializationFailTimeout(Duration.ofSeconds(10).toMillis());
    if (dialect == Dialect.SQLITE) {
      sqlite(config, jdbcUrl);
    } else {
      config.setMaximumPoolSize(10);
    }
    try {
      return new HikariDataSource(config);
    } catch (HikariPool.PoolInitializationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new StoreException(
          StoreException.UNAVAILABLE,
          "cannot open the store at " + Dialect.redact(jdbcUrl) + ": " + cause.getMessage(),
          e);
    }
  }

  private static void sqlite(HikariConfig config, String jdbcUrl) {
    createParentDirectory(jdbcUrl);
    SQLiteConfig sqlite = new SQLiteConfig();
    sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
    sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    sqlite.enforceForeignKeys(true);
    sqlite.setBusyTimeout((int) SQLITE_BUSY_TIMEOUT.toMillis());
    sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    config.setDataSourceProperties(sqlite.toProperties());
    config.setMaximumPoolSize(8);
  }

  private static void createParentDirectory(String jdbcUrl) {
    String file = jdbcUrl.substring("jdbc:sqlite:".length());
    int query = file.indexOf('?');
    file = query < 0 ? file : file.substring(0, query);
    if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) {
      return;
    }
    Path parent = Path.of(file).toAbsolutePath().getParent();
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw new StoreException(
          StoreException.CONFIG,
          "storage.url: cannot create the directory "
              + parent
              + " for the SQLite file: "
              + e.getMessage(),
          e);
    }
  }
}
