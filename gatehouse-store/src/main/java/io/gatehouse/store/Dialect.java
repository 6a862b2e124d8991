package io.gatehouse.store;

import static java.util.Objects.requireNonNull;

import java.sql.SQLException;
import java.util.Map;

/**
 * The SQL databases Gatehouse runs on. Migrations are written once for both; the few spellings that
 * differ reach them as Flyway placeholders ({@code ${text_key}} for a byte-ordered key column).
 */
public enum Dialect {
  SQLITE("jdbc:sqlite:", "COLLATE BINARY"),
  POSTGRESQL("jdbc:postgresql:", "COLLATE \"C\"");

  private final String urlPrefix;
  private final String byteOrderCollation;

  Dialect(String urlPrefix, String byteOrderCollation) {
    this.urlPrefix = urlPrefix;
    this.byteOrderCollation = byteOrderCollation;
  }

  /** The dialect of a JDBC URL. */
  public static Dialect of(String jdbcUrl) {
    requireNonNull(jdbcUrl, "jdbcUrl");
    for (Dialect d : values()) {
      if (jdbcUrl.startsWith(d.urlPrefix)) {
        return d;
      }
    }
    throw new StoreException(
        StoreException.CONFIG,
        "storage.url: '"
            + redact(jdbcUrl)
            + "' (expected: jdbc:sqlite:FILE or jdbc:postgresql://HOST:PORT/DATABASE)");
  }

  /**
   * Placeholders every migration may use. {@code text_key} makes key columns compare byte by byte
   * on both databases, so keyset pagination pages in the same order whatever the server's locale.
   */
  public Map<String, String> placeholders() {
    return Map.of("text_key", byteOrderCollation);
  }

  /** Whether the failure is a unique or primary-key violation. */
  public boolean isUniqueViolation(SQLException e) {
    return switch (this) {
      case POSTGRESQL -> "23505".equals(e.getSQLState());
      case SQLITE ->
          e.getErrorCode() == 19
              && e.getMessage() != null
              && (e.getMessage().contains("UNIQUE") || e.getMessage().contains("PRIMARY KEY"));
    };
  }

  /** The URL with any password parameter masked, for messages. */
  public static String redact(String jdbcUrl) {
    return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }
}
