package io.gatehouse.policy;

import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Verdict;
import java.net.InetAddress;

/**
 * The gateway-wide first step of authentication: works out the caller's address (the connection's
 * peer, or what a trusted proxy says; see {@link TrustedProxies}), leaves it on the exchange as
 * {@link IpFilter#CALLER_ADDRESS} for every later policy, and applies the top-level {@code ip:}
 * rules to it.
 */
public record CallerAddress(TrustedProxies proxies, IpRules rules) implements McpPolicy {

  @Override
  public Verdict onRequest(McpExchange exchange) {
    InetAddress caller = exchange.attr(IpFilter.CALLER_ADDRESS);
    if (caller == null && exchange.remoteAddress() != null) {
      caller =
          proxies.caller(
              exchange.remoteAddress().getAddress(),
              exchange.header("Forwarded"),
              exchange.header("X-Forwarded-For"));
      exchange.attr(IpFilter.CALLER_ADDRESS, caller);
    }
    return IpFilter.check(rules, caller, exchange);
  }
}
