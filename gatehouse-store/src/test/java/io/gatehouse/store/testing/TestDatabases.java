package io.gatehouse.store.testing;

import io.gatehouse.store.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * Throwaway databases for tests: an SQLite file in a fresh directory, or a fresh database with a
 * random name on the PostgreSQL server at {@code GATEHOUSE_TEST_POSTGRES_URL} (default: the
 * machine's service on 127.0.0.1:5432, user postgres), dropped again on close. When PostgreSQL is
 * unreachable the test FAILS if the environment variable {@code CI} is {@code true}, and is skipped
 * with a message otherwise.
 */
public final class TestDatabases {
  static final String DEFAULT_ADMIN_URL =
      "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres&connectTimeout=3";

  private TestDatabases() {}

  /** A database of one kind, dropped or deleted on close. */
  public interface Throwaway extends AutoCloseable {
    Database database();

    String jdbcUrl();

    @Override
    void close();
  }

  public static Throwaway sqlite() {
    try {
      Path dir = Files.createTempDirectory("gatehouse-store");
      String url = "jdbc:sqlite:" + dir.resolve("gatehouse.db");
      Database db = Database.open(url);
      return new Simple(db, url);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Throwaway postgres() {
    String admin = adminUrl();
    String name =
        "gatehouse_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    execute(admin, "CREATE DATABASE " + name, true);
    String url = admin.replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + name);
    try {
      return new Dropping(Database.open(url), url, admin, name);
    } catch (RuntimeException e) {
      execute(admin, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)", false);
      throw e;
    }
  }

  static String adminUrl() {
    String configured = System.getenv("GATEHOUSE_TEST_POSTGRES_URL");
    return configured == null || configured.isBlank() ? DEFAULT_ADMIN_URL : configured;
  }

  private static void execute(String adminUrl, String sql, boolean reachabilityCheck) {
    try (Connection c = DriverManager.getConnection(adminUrl);
        Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      if (!reachabilityCheck) {
        throw new IllegalStateException(sql + ": " + e.getMessage(), e);
      }
      unreachable(adminUrl, e);
    }
  }

  private static void unreachable(String adminUrl, SQLException e) {
    String message =
        "PostgreSQL is not usable at "
            + adminUrl
            + " ("
            + e.getMessage()
            + "); start it or set GATEHOUSE_TEST_POSTGRES_URL";
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError(message + ". CI=true, so PostgreSQL tests must run: failing.", e);
    }
    Assumptions.abort(message + ". Skipped because CI is not set; with CI=true this fails.");
  }

  private record Simple(Database database, String jdbcUrl) implements Throwaway {
    @Override
    public void close() {
      database.close();
    }
  }

  private record Dropping(Database database, String jdbcUrl, String adminUrl, String name)
      implements Throwaway {
    @Override
    public void close() {
      database.close();
      execute(adminUrl, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)", false);
    }
  }
}
