package io.gatehouse.catalog;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Where versions run: {@code prod}, {@code staging-eu}. Deployments place a version in one.
 *
 * @param name matches {@code [a-z0-9][a-z0-9-]{0,62}}
 * @param description free text, or null
 */
public record Environment(
    String name, EnvironmentKind kind, String description, Instant createdAt, Instant updatedAt) {
  public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  public Environment {
    requireNonNull(name, "name");
    requireNonNull(kind, "kind");
    requireNonNull(createdAt, "createdAt");
    requireNonNull(updatedAt, "updatedAt");
  }
}
