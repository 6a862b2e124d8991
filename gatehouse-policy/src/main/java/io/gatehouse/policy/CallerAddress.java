package io.gatehouse.policy;

import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Verdict;

/**
 * The gateway-wide first step of authentication: works out the caller's address (the connection's
 * peer, or what a trusted proxy says; see {@link TrustedProxies}), leaves it on the exchange as
 * {@link IpFilter#CALLER_ADDRESS} for every later policy, and applies the top-level {@code ip:}
 * rules to it.
 */
public record CallerAddress(TrustedProxies proxies, IpRules rules) implements McpPolicy {

  @Override
  public Verdict onRequest(McpExchange exchange) {
    if (exchange.attr(IpFilter.RESOLVED) == null && exchange.remoteAddress() != null) {
      exchange.attr(
          IpFilter.CALLER_ADDRESS,
          proxies.caller(
              exchange.remoteAddress().getAddress(),
              exchange.header("Forwarded"),
              exchange.header("X-Forwarded-For")));
      exchange.attr(IpFilter.RESOLVED, true);
    }
    return IpFilter.check(rules, IpFilter.caller(exchange), exchange);
  }
}
