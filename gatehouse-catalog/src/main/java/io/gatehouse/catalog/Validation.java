package io.gatehouse.catalog;

import io.gatehouse.core.Problem;
import java.util.List;

/**
 * The verdict on a server.json document: every error (any one refuses it) and every warning (where
 * the catalog relaxes a public-registry rule, such as a private host, and says so).
 */
public record Validation(List<Problem> errors, List<Problem> warnings) {
  public Validation {
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
  }

  public boolean valid() {
    return errors.isEmpty();
  }
}
