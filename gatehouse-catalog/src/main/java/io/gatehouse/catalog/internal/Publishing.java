package io.gatehouse.catalog.internal;

import io.gatehouse.catalog.AccessRule;
import io.gatehouse.catalog.CatalogErrors;
import io.gatehouse.catalog.CatalogException;
import io.gatehouse.catalog.ServerJsonValidator;
import io.gatehouse.catalog.ServerVersion;
import io.gatehouse.catalog.Validation;
import io.gatehouse.catalog.VersionRef;
import io.gatehouse.store.Tx;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Publishing a validated server.json inside a caller's transaction (the publish endpoint and
 * imports share it).
 */
public final class Publishing {
  private Publishing() {}

  /**
   * Validates {@code document}; throws {@link CatalogErrors#INVALID_SERVER_JSON} listing every
   * problem.
   */
  public static Validation validate(JsonNode document) {
    Validation v = ServerJsonValidator.validate(document);
    if (!v.valid()) {
      throw new CatalogException(
          CatalogErrors.INVALID_SERVER_JSON,
          "the server.json is invalid: "
              + v.errors().size()
              + (v.errors().size() == 1 ? " problem" : " problems")
              + "; fix each field listed and publish again",
          v.errors());
    }
    return v;
  }

  public static VersionRef ref(JsonNode valid) {
    return new VersionRef(valid.get("name").stringValue(), valid.get("version").stringValue());
  }

  /** Stores a new version and recomputes the server's latest; refuses a version that exists. */
  public static ServerVersion publish(Tx tx, ObjectNode document, Instant now) throws SQLException {
    return publish(tx, document, now, now);
  }

  /**
   * As {@link #publish(Tx, ObjectNode, Instant)}, keeping an earlier publication time (imports
   * carry one).
   */
  public static ServerVersion publish(Tx tx, ObjectNode document, Instant publishedAt, Instant now)
      throws SQLException {
    VersionRef ref = ref(document);
    if (VersionRows.find(tx, ref).isPresent()) {
      throw exists(ref);
    }
    ServerRows.ensure(tx, ref.server(), document, now);
    Optional<ServerVersion> previous = VersionRows.latest(tx, ref.server());
    VersionRows.insert(tx, ref, document, publishedAt, now);
    if (previous.isPresent()) {
      inheritRules(tx, previous.get().ref(), ref, now);
    }
    afterChange(tx, ref.server(), now);
    return VersionRows.find(tx, ref).orElseThrow();
  }

  /**
   * A new version starts with the access rules of the server's latest one: a restricted server
   * stays restricted when it publishes again, instead of opening until someone adds the rules.
   */
  private static void inheritRules(Tx tx, VersionRef from, VersionRef to, Instant now)
      throws SQLException {
    List<AccessRule> rules = AccessRuleRows.of(tx, from);
    for (AccessRule r : rules) {
      AccessRuleRows.insert(
          tx, new AccessRule(CatalogContext.newId("acl"), to, r.principal(), r.actions(), now));
    }
    if (!rules.isEmpty()) {
      RevisionRows.bump(tx);
    }
  }

  /**
   * Recomputes the latest version and the server row after any version of {@code server} changed.
   */
  public static void afterChange(Tx tx, String server, Instant now) throws SQLException {
    VersionRows.recomputeLatest(tx, server, now);
    ServerRows.describe(tx, VersionRows.latest(tx, server).orElseThrow(), now);
  }

  public static CatalogException exists(VersionRef ref) {
    return new CatalogException(
        CatalogErrors.VERSION_EXISTS,
        "version "
            + ref.version()
            + " of "
            + ref.server()
            + " is already published; versions are immutable, so publish a new version number");
  }
}
