package io.gatehouse.catalog;

import static java.util.Objects.requireNonNull;

import io.gatehouse.core.Problem;
import java.util.List;

/**
 * A version the registry accepted, with the warnings about rules it relaxed (private hosts, plain
 * http).
 */
public record Published(ServerVersion version, List<Problem> warnings) {
  public Published {
    requireNonNull(version, "version");
    warnings = List.copyOf(warnings);
  }
}
