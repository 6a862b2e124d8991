package io.gatehouse.policy;

import io.gatehouse.gateway.AttributeKey;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Verdict;
import java.net.InetAddress;

/**
 * Refuses callers whose address {@code rules} do not permit, with 403 {@code IP_FORBIDDEN}, on
 * every HTTP request to an MCP endpoint (POST, stream GET, DELETE, legacy {@code /sse} and {@code
 * /messages}) before anything else about it is looked at. A route's filter ({@code routes[].ip})
 * reads the caller's address that the gateway-wide {@link CallerAddress} left on the exchange, or
 * the connection's peer when there is none.
 */
public record IpFilter(IpRules rules) implements McpPolicy {
  /** The caller's address as {@link CallerAddress} resolved it. */
  public static final AttributeKey<InetAddress> CALLER_ADDRESS = McpExchange.CALLER_ADDRESS;

  @Override
  public Verdict onRequest(McpExchange exchange) {
    return check(rules, caller(exchange), exchange);
  }

  /**
   * The caller's address: as {@link CallerAddress} resolved it, or the peer where it did not run;
   * null when unknown (a trusted proxy named no address).
   */
  public static InetAddress caller(McpExchange exchange) {
    if (exchange.attr(RESOLVED) != null) {
      return exchange.attr(CALLER_ADDRESS);
    }
    return exchange.remoteAddress() == null ? null : exchange.remoteAddress().getAddress();
  }

  /** Set once {@link CallerAddress} has run, whatever it found. */
  public static final AttributeKey<Boolean> RESOLVED =
      AttributeKey.of("caller-resolved", Boolean.class);

  static Verdict check(IpRules rules, InetAddress caller, McpExchange exchange) {
    if (caller == null) {
      return rules.isEmpty()
          ? Verdict.PROCEED
          : Verdict.refuse(
              PolicyErrors.IP_FORBIDDEN,
              "the caller's address is unknown (the forwarding header named no address)");
    }
    if (rules.permits(caller)) {
      return Verdict.PROCEED;
    }
    return Verdict.refuse(
        PolicyErrors.IP_FORBIDDEN,
        "address "
            + caller.getHostAddress()
            + " may not use route '"
            + exchange.route().name()
            + "'");
  }
}
