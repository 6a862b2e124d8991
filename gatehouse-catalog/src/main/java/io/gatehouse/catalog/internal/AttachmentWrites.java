package io.gatehouse.catalog.internal;

import io.gatehouse.catalog.AccessRule;
import io.gatehouse.catalog.AttachedAuthScheme;
import io.gatehouse.catalog.AuthScheme;
import io.gatehouse.catalog.CatalogErrors;
import io.gatehouse.catalog.CatalogException;
import io.gatehouse.catalog.VersionRef;
import io.gatehouse.store.Tx;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Attaching auth schemes and access rules to a version inside a caller's transaction. {@code
 * strict} refuses a name or principal that is already attached (the admin API); otherwise the
 * existing one is kept or updated (imports, which must be repeatable).
 */
public final class AttachmentWrites {
  private AttachmentWrites() {}

  public static AttachedAuthScheme authScheme(
      Tx tx, VersionRef ref, AuthScheme scheme, boolean strict, Instant now) throws SQLException {
    Lookups.version(tx, ref);
    Optional<AttachedAuthScheme> existing = AuthSchemeRows.find(tx, ref, scheme.name());
    if (existing.isPresent()) {
      if (strict) {
        throw new CatalogException(
            CatalogErrors.AUTH_SCHEME_EXISTS,
            "auth scheme '"
                + scheme.name()
                + "' is already attached to "
                + ref
                + "; delete it first to replace it");
      }
      if (existing.get().scheme().equals(scheme)) {
        return existing.get();
      }
      AuthSchemeRows.delete(tx, existing.get().id());
    }
    AttachedAuthScheme attached =
        new AttachedAuthScheme(CatalogContext.newId("auth"), ref, scheme, now);
    AuthSchemeRows.insert(tx, attached);
    VersionRows.touch(tx, ref, now);
    return attached;
  }

  public static AccessRule accessRule(
      Tx tx,
      VersionRef ref,
      String principal,
      Set<AccessRule.Action> actions,
      boolean strict,
      Instant now)
      throws SQLException {
    Lookups.version(tx, ref);
    AccessRule rule = new AccessRule(CatalogContext.newId("acl"), ref, principal, actions, now);
    Optional<AccessRule> existing = AccessRuleRows.find(tx, ref, principal);
    if (existing.isPresent()) {
      if (strict) {
        throw new CatalogException(
            CatalogErrors.ACCESS_RULE_EXISTS,
            "a rule for '" + principal + "' on " + ref + " exists; delete it first to replace it");
      }
      AccessRuleRows.setActions(tx, existing.get().id(), rule);
      VersionRows.touch(tx, ref, now);
      // The version's deployments are guarded by its rules: republish them.
      RevisionRows.bump(tx);
      return AccessRuleRows.find(tx, existing.get().id()).orElseThrow();
    }
    AccessRuleRows.insert(tx, rule);
    VersionRows.touch(tx, ref, now);
    RevisionRows.bump(tx);
    return rule;
  }
}
