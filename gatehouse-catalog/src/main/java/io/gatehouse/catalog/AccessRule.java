package io.gatehouse.catalog;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who may discover and who may use a version. A version without rules is open; once it has one,
 * only the principals its rules name see it (discover) and call its deployments' routes (use).
 *
 * @param principal {@code user:NAME} or {@code group:NAME}
 * @param actions what the principal may do (at least one)
 */
public record AccessRule(
    String id, VersionRef version, String principal, Set<Action> actions, Instant createdAt) {
  public static final Pattern PRINCIPAL = Pattern.compile("(user|group):[^\\s:][^\\s]{0,199}");

  public AccessRule {
    requireNonNull(id, "id");
    requireNonNull(version, "version");
    requireNonNull(principal, "principal");
    actions = Set.copyOf(actions);
    requireNonNull(createdAt, "createdAt");
  }

  /** What a rule allows. */
  public enum Action {
    /** See the version in the catalog and the registry API. */
    DISCOVER,
    /** Call its tools through the gateway. */
    USE;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
