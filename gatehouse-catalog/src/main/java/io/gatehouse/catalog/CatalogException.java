package io.gatehouse.catalog;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A catalog operation was refused or failed. The error key is stable; the message says what to do; the
 * details list every problem with its field (for a refused document, all of them). Never carries secrets.
 */
public final class CatalogException extends RuntimeException {
  private final CatalogError error;
  private final List<Problem> details;

  public CatalogException(CatalogError error, String message) {
    this(error, message, List.of());
  }

  public CatalogException(CatalogError error, String message, List<Problem> details) {
    super(message);
    this.error = requireNonNull(error, "error");
    this.details = List.copyOf(details);
  }

  public CatalogError error() {
    return error;
  }

  public List<Problem> details() {
    return details;
  }
}
