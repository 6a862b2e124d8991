package io.gatehouse.policy;

import io.gatehouse.core.Errors;
import io.gatehouse.core.Principal;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Verdict;
import java.util.Set;

/**
 * Admits only the callers a list names, on every HTTP request to the route; runs after
 * authentication. The catalog's {@code use} access rules become one of these on a deployment's
 * route.
 *
 * @param names {@code user:NAME} (the principal's subject), {@code group:NAME} (one of its groups),
 *     or a principal id such as {@code internal:gatehouse-catalog}
 * @param hint what the refusal tells the caller to do
 */
public record CallerRules(Set<String> names, String hint) implements McpPolicy {
  public CallerRules {
    names = Set.copyOf(names);
  }

  @Override
  public Verdict onRequest(McpExchange exchange) {
    Principal p = exchange.principal();
    if (p != null && admits(p)) {
      return Verdict.PROCEED;
    }
    String who = p == null ? "an anonymous caller" : "'" + p.id() + "'";
    return Verdict.refuse(
        Errors.FORBIDDEN,
        "route '" + exchange.route().name() + "' is not open to " + who + "; " + hint);
  }

  boolean admits(Principal p) {
    if (names.contains("user:" + p.subject()) || names.contains(p.id())) {
      return true;
    }
    for (String g : p.groups()) {
      if (names.contains("group:" + g)) {
        return true;
      }
    }
    return false;
  }
}
