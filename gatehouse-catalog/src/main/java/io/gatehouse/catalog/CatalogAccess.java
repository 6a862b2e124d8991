package io.gatehouse.catalog;

import io.gatehouse.core.Operator;
import io.gatehouse.gateway.RoutePolicies;
import java.util.Map;
import java.util.Set;

/**
 * How the catalog's access rules become decisions. The catalog knows rules, not credentials: the
 * process serving it supplies who a credential names and the policies that guard a deployment's
 * route. {@link #OPEN} is a catalog without identities (tests, tools).
 */
public interface CatalogAccess {
  /**
   * The policies of the route of a deployment whose version has access rules: authenticate the
   * caller, then admit only those {@code users} names (rule principals such as {@code user:alice}
   * and {@code group:ops}, and {@link #discoveryCaller()}).
   */
  RoutePolicies guard(Deployment deployment, Set<String> users);

  /** The headers tool discovery sends so that a guarded route admits it. */
  Map<String, String> discoveryHeaders();

  /** The name {@link #guard} admits tool discovery under. */
  default String discoveryCaller() {
    return "internal:gatehouse-catalog";
  }

  /**
   * Who a registry or admin API caller is, from the credential they sent ({@code Authorization:
   * Bearer} or {@code X-API-Key}); null when it is not a valid credential.
   */
  Viewer viewer(String credential);

  /**
   * Who an admin API caller other than the admin token is, with their roles; null when the
   * credential is not valid.
   */
  Operator operator(String credential);

  /** No identities: deployments' routes stay open and only the admin token reads everything. */
  CatalogAccess OPEN =
      new CatalogAccess() {
        @Override
        public RoutePolicies guard(Deployment deployment, Set<String> users) {
          return RoutePolicies.NONE;
        }

        @Override
        public Map<String, String> discoveryHeaders() {
          return Map.of();
        }

        @Override
        public Viewer viewer(String credential) {
          return null;
        }

        @Override
        public Operator operator(String credential) {
          return null;
        }
      };
}
