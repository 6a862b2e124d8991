package io.gatehouse.policy;

import io.gatehouse.core.Errors;
import io.gatehouse.core.Principal;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Verdict;
import io.gatehouse.protocol.JsonRpcMessage;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scopes a token needs to call particular tools ({@code routes[].auth-jwt.tool-scopes}): a
 * {@code tools/call} whose tool matches a glob is refused unless the caller's token grants every
 * scope listed for it, with 403 {@code FORBIDDEN} and {@code WWW-Authenticate: Bearer
 * error="insufficient_scope", scope="..."} on the request itself, so an MCP client can ask the
 * authorization server for a token with more scopes and retry (step-up, MCP 2025-11-25). The
 * challenge names the scopes the call needs and the ones the token already has, so the new token
 * loses nothing.
 *
 * <p>Scopes are what tokens carry: API keys, which have none, are governed by tool rules ({@link
 * ToolAccess}) instead and pass this check.
 *
 * @param rules which scopes which tool names need, in configuration order
 * @param resources where the route's Protected Resource Metadata is
 */
public record ToolScopes(List<Rule> rules, ResourceUrls resources) implements McpPolicy {
  /** A glob and the scopes a matching tool needs. */
  public record Rule(Glob tools, Set<String> scopes) {
    public Rule {
      scopes = Set.copyOf(scopes);
    }
  }

  public ToolScopes {
    rules = List.copyOf(rules);
  }

  /** Every scope any rule names, for {@code scopes_supported}. */
  public Set<String> allScopes() {
    Set<String> all = new LinkedHashSet<>();
    rules.forEach(r -> all.addAll(r.scopes().stream().sorted().toList()));
    return all;
  }

  @Override
  public Verdict onMessage(McpExchange exchange) {
    JsonRpcMessage m = exchange.message();
    Principal p = exchange.principal();
    if (m == null || !"tools/call".equals(m.method()) || p == null || !p.method().equals("jwt")) {
      return Verdict.PROCEED;
    }
    String tool = m.name() == null ? "" : m.name();
    Set<String> needed = new LinkedHashSet<>();
    for (Rule r : rules) {
      if (r.tools().matches(tool)) {
        r.scopes().stream().sorted().forEach(needed::add);
      }
    }
    if (p.scopes().containsAll(needed)) {
      return Verdict.PROCEED;
    }
    Set<String> ask = new LinkedHashSet<>(p.scopes().stream().sorted().toList());
    ask.addAll(needed);
    String route = exchange.route().name();
    return Verdict.refuseHttp(
        Errors.FORBIDDEN,
        "tool '" + tool + "' on route '" + route + "' needs the scopes " + String.join(" ", needed),
        Map.of(
            "WWW-Authenticate",
            "Bearer error=\"insufficient_scope\", scope=\""
                + String.join(" ", ask)
                + "\", resource_metadata=\""
                + resources.metadata(route)
                + "\", error_description=\"tool "
                + tool.replaceAll("[^A-Za-z0-9._:/-]", "_")
                + " needs more scopes\""));
  }
}
