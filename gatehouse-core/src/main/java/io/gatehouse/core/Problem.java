package io.gatehouse.core;

import static java.util.Objects.requireNonNull;

/**
 * One thing wrong (or worth a warning) in a document or request; errors list them in {@code
 * details}.
 *
 * @param field where, as a path into the document ({@code packages[0].version}); empty for the
 *     whole document
 * @param rule a stable rule id ({@code version-looks-like-range}), matching the official registry's
 *     where one exists
 * @param message what is wrong and what was expected, naming the field
 */
public record Problem(String field, String rule, String message) {
  public Problem {
    requireNonNull(field, "field");
    requireNonNull(rule, "rule");
    requireNonNull(message, "message");
  }
}
