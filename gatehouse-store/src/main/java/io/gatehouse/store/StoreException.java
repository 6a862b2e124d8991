package io.gatehouse.store;

/**
 * The store cannot do what was asked. {@link #code()} is a stable key for operators; the message
 * says what failed and never carries row values or credentials.
 */
public final class StoreException extends RuntimeException {
  /** The storage settings are unusable. */
  public static final String CONFIG = "STORE_CONFIG_INVALID";

  /** The database cannot be reached or refused the connection. */
  public static final String UNAVAILABLE = "STORE_UNAVAILABLE";

  /** A unique key is already taken. */
  public static final String CONFLICT = "STORE_CONFLICT";

  /** A migration failed; the schema stays at its previous version. */
  public static final String MIGRATION = "STORE_MIGRATION_FAILED";

  /** Any other SQL failure. */
  public static final String FAILED = "STORE_FAILED";

  private final String code;

  public StoreException(String code, String message) {
    super(message);
    this.code = code;
  }

  public StoreException(String code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
