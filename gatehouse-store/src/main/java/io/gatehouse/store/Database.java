package io.gatehouse.store;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariDataSource;
import io.gatehouse.store.internal.Pools;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store of one Gatehouse process: a pooled JDBC data source for SQLite (the embedded default)
 * or PostgreSQL, the migrations of each module that owns tables, and units of work that commit
 * whole or not at all. Open one per process and share it.
 */
public final class Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Database.class);
  private final HikariDataSource pool;
  private final Dialect dialect;

  private Database(HikariDataSource pool, Dialect dialect) {
    this.pool = pool;
    this.dialect = dialect;
  }

  /**
   * Opens a pool on {@code jdbcUrl} ({@code jdbc:sqlite:FILE} or {@code jdbc:postgresql://...}) and
   * checks that the database answers.
   *
   * @throws StoreException {@link StoreException#CONFIG} for an unknown URL, {@link
   *     StoreException#UNAVAILABLE} when the database cannot be reached
   */
  public static Database open(String jdbcUrl) {
    Dialect dialect = Dialect.of(jdbcUrl);
    return new Database(Pools.create(jdbcUrl, dialect), dialect);
  }

  /**
   * Loads the JDBC drivers (SQLite unpacks its native library) and the migration engine, so a
   * process can do it on a spare core while it reads its configuration; {@link #open} works without
   * it.
   */
  public static void preload() {
    try {
      Class.forName("org.sqlite.JDBC");
      Class.forName("org.postgresql.Driver");
      org.sqlite.SQLiteJDBCLoader.initialize();
      Flyway.configure();
    } catch (Exception e) {
      log.debug(
          "store: preloading the drivers failed ({}); opening the store will load them",
          e.toString());
    }
  }

  public Dialect dialect() {
    return dialect;
  }

  /**
   * Brings a module's tables up to date with the Flyway migrations at {@code location} (such as
   * {@code classpath:db/catalog}). Each module keeps its own history table, {@code
   * <module>_schema_history}, so modules number their migrations independently.
   */
  public void migrate(String module, String location) {
    requireNonNull(module, "module");
    requireNonNull(location, "location");
    try {
      MigrateResult result =
          Flyway.configure()
              .dataSource(pool)
              .locations(location)
              .table(module + "_schema_history")
              .placeholders(dialect.placeholders())
              .baselineOnMigrate(true)
              .baselineVersion("0")
              .load()
              .migrate();
      log.info(
          "store: {} schema at version {} on {} ({} migration(s) applied now)",
          module,
          result.targetSchemaVersion == null
              ? result.initialSchemaVersion
              : result.targetSchemaVersion,
          dialect.name().toLowerCase(Locale.ROOT),
          result.migrationsExecuted);
    } catch (FlywayException e) {
      throw new StoreException(
          StoreException.MIGRATION,
          module + " migrations (" + location + ") failed: " + e.getMessage(),
          e);
    }
  }

  /**
   * Runs {@code work} in one transaction: it commits if the work returns, and rolls back if it
   * throws.
   */
  public <T> T write(Work<T> work) {
    requireNonNull(work, "work");
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(new Tx(c, dialect));
        c.commit();
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw translate(e);
    }
  }

  /** Runs read-only {@code work}; each statement sees committed data. */
  public <T> T read(Work<T> work) {
    requireNonNull(work, "work");
    try (Connection c = connect()) {
      return work.run(new Tx(c, dialect));
    } catch (SQLException e) {
      throw translate(e);
    }
  }

  private Connection connect() throws SQLException {
    try {
      return pool.getConnection();
    } catch (SQLException e) {
      throw new StoreException(
          StoreException.UNAVAILABLE, "the database is not reachable: " + e.getMessage(), e);
    }
  }

  private StoreException translate(SQLException e) {
    if (dialect.isUniqueViolation(e)) {
      return new StoreException(StoreException.CONFLICT, "a unique key is already taken", e);
    }
    return new StoreException(
        StoreException.FAILED,
        "a database statement failed (SQL state " + e.getSQLState() + ")",
        e);
  }

  @Override
  public void close() {
    pool.close();
  }
}
