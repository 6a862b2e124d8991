package io.gatehouse.catalog;

import static java.util.Objects.requireNonNull;

import io.gatehouse.catalog.internal.AccessRuleRows;
import io.gatehouse.catalog.internal.AttachmentWrites;
import io.gatehouse.catalog.internal.CatalogContext;
import io.gatehouse.catalog.internal.Lookups;
import io.gatehouse.catalog.internal.RevisionRows;
import io.gatehouse.catalog.internal.VersionRows;
import io.gatehouse.core.Problem;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Access rules: which users and groups may discover and use a version. */
public final class AccessRules {
  private final CatalogContext ctx;

  AccessRules(CatalogContext ctx) {
    this.ctx = ctx;
  }

  public List<AccessRule> of(VersionRef version) {
    requireNonNull(version, "version");
    return ctx.db()
        .read(
            tx -> {
              Lookups.version(tx, version);
              return AccessRuleRows.of(tx, version);
            });
  }

  public AccessRule get(String id) {
    return ctx.db()
        .read(tx -> AccessRuleRows.find(tx, requireNonNull(id, "id")))
        .orElseThrow(() -> notFound(id));
  }

  /**
   * Adds a rule; {@link CatalogErrors#ACCESS_RULE_EXISTS} if the principal already has one on the
   * version.
   */
  public AccessRule add(VersionRef version, String principal, Set<AccessRule.Action> actions) {
    requireNonNull(version, "version");
    checkPrincipal(principal);
    if (actions == null || actions.isEmpty()) {
      throw new CatalogException(
          CatalogErrors.INVALID_REQUEST,
          "actions: empty (expected: discover, use or both)",
          List.of(
              new Problem("actions", "invalid-value", "actions: expected discover, use or both")));
    }
    Instant now = ctx.now();
    return ctx.db()
        .write(tx -> AttachmentWrites.accessRule(tx, version, principal, actions, true, now));
  }

  public void remove(String id) {
    ctx.db()
        .write(
            tx -> {
              AccessRule rule =
                  AccessRuleRows.find(tx, requireNonNull(id, "id")).orElseThrow(() -> notFound(id));
              AccessRuleRows.delete(tx, id);
              VersionRows.touch(tx, rule.version(), ctx.now());
              RevisionRows.bump(tx);
              return null;
            });
  }

  static void checkPrincipal(String principal) {
    if (principal == null || !AccessRule.PRINCIPAL.matcher(principal).matches()) {
      throw new CatalogException(
          CatalogErrors.INVALID_REQUEST,
          "principal: "
              + (principal == null ? "missing" : "'" + principal + "'")
              + " (expected: user:NAME or group:NAME)",
          List.of(
              new Problem(
                  "principal",
                  "invalid-principal",
                  "principal: expected user:NAME or group:NAME")));
    }
  }

  private static CatalogException notFound(String id) {
    return new CatalogException(
        CatalogErrors.ACCESS_RULE_NOT_FOUND, "access rule '" + id + "' does not exist");
  }
}
