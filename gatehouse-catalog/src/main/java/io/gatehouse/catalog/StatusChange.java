package io.gatehouse.catalog;

import static java.util.Objects.requireNonNull;

/** A requested lifecycle change: the new status and, optionally, why (at most 500 characters). */
public record StatusChange(VersionStatus status, String message) {
  public static final int MAX_MESSAGE = 500;

  public StatusChange {
    requireNonNull(status, "status");
    if (message != null && message.length() > MAX_MESSAGE) {
      throw new CatalogException(
          CatalogErrors.INVALID_REQUEST,
          "statusMessage: "
              + message.length()
              + " characters (expected: at most "
              + MAX_MESSAGE
              + ")");
    }
  }
}
