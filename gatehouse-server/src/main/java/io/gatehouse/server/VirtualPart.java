package io.gatehouse.server;

import io.gatehouse.agent.tools.AgentCall;
import io.gatehouse.agent.tools.AgentCallPolicy;
import io.gatehouse.agent.tools.AgentCallSeal;
import io.gatehouse.cluster.PeerKey;
import io.gatehouse.cluster.Peers;
import io.gatehouse.core.Secret;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Phase;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.RoutePolicies;
import io.gatehouse.gateway.UpstreamCall;
import io.gatehouse.gateway.UpstreamDefinition;
import io.gatehouse.gateway.UpstreamTransport;
import io.gatehouse.hosting.virtual.SourceAccess;
import io.gatehouse.hosting.virtual.VirtualHosting;
import io.gatehouse.hosting.virtual.VirtualServer;
import io.gatehouse.http.HttpService;
import io.gatehouse.policy.InboundAuth;
import io.gatehouse.policy.IpFilter;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The virtual routes of the configuration, served by the composer on this process's own edge. A
 * virtual route is published pointing at the composer (with the process's key), with one policy of
 * its own: each upstream request carries the route's caller, sealed with an {@link AgentCallSeal}
 * (the one mechanism that lets a call through the gateway as a user), so the composer can reach
 * every source at {@code /mcp/{source}} as that same caller, with the caller's credential checked
 * again by each source's own authentication.
 *
 * <p>The caller the gateway seals toward the composer is sealed under a key of its own, derived
 * from the session key like the peer key (decision 21), so every replica opens it: a request for a
 * virtual session another replica holds is forwarded there with the caller still sealed. The seal
 * each source sees is the agent runtime's, which never leaves this process.
 */
final class VirtualPart {
  /** What a sealed caller is bound to, so it opens for the composer and for no route. */
  static String sealRoute(String virtualRoute) {
    return "virtual:" + virtualRoute;
  }

  private static final Duration INBOUND_LIFE = Duration.ofMinutes(10);
  private static final Duration SOURCE_LIFE = Duration.ofMinutes(5);
  private static final String CALLER_KEY_LABEL = "gatehouse virtual caller v1";

  private final AgentCallSeal seal;
  private final AgentCallSeal callers;
  private final Clock clock = Clock.systemUTC();
  private final VirtualHosting hosting;
  private volatile URI base;

  /**
   * @param seal the agent runtime's seal, which the sources' gateway opens
   * @param sessionKey the deployment's session key, from which the callers' seal key is derived
   */
  VirtualPart(AgentCallSeal seal, Supplier<URI> gateway, Peers peers, byte[] sessionKey) {
    this.seal = seal;
    this.callers = new AgentCallSeal(PeerKey.deriveShared(sessionKey, CALLER_KEY_LABEL));
    this.hosting = new VirtualHosting(gateway, this::open, peers);
  }

  HttpService service() {
    return hosting.service();
  }

  /** The composer for the peer port (requests of this replica's virtual sessions). */
  HttpService peerService() {
    return hosting.peerService();
  }

  void listening(URI url) {
    this.base = url;
  }

  boolean isListening() {
    return base != null;
  }

  void configure(Map<String, VirtualServer> servers) {
    hosting.configure(servers);
  }

  /** {@code r} pointing at the composer, its caller sealed on every upstream request. */
  RouteDefinition bind(RouteDefinition r) {
    return new RouteDefinition(
        r.name(),
        new UpstreamDefinition(
            VirtualHosting.upstreamUrl(base, r.name()),
            UpstreamTransport.STREAMABLE_HTTP,
            hosting.upstreamHeaders()),
        r.timeouts(),
        r.source(),
        r.policies().plus(RoutePolicies.of(Phase.INJECT_CREDENTIALS, new SealCaller(callers))),
        r.project());
  }

  /** The caller the gateway sealed for {@code virtualRoute}, sealed again for each source. */
  private SourceAccess.Caller open(String sealed, String virtualRoute) {
    if (sealed == null) {
      return SourceAccess.Caller.ANONYMOUS;
    }
    AgentCall call = callers.open(sealed.trim(), sealRoute(virtualRoute), clock.instant());
    if (call == null) {
      return null;
    }
    return new SourceAccess.Caller() {
      @Override
      public String id() {
        return call.principal().id();
      }

      @Override
      public Map<String, String> headers(String sourceRoute) {
        AgentCall forSource =
            new AgentCall(
                call.principal(),
                call.credential(),
                call.callerAddress(),
                sourceRoute,
                call.agentProject(),
                call.agentName(),
                call.published(),
                Map.of(),
                clock.instant().plus(SOURCE_LIFE));
        return Map.of(AgentCallSeal.HEADER, seal.seal(forSource).reveal());
      }
    };
  }

  /**
   * Seals the virtual route's caller (principal, credential, address, the agent if an agent calls)
   * into every upstream request to the composer; an anonymous caller sends none.
   */
  record SealCaller(AgentCallSeal seal) implements McpPolicy {
    @Override
    public void onUpstreamRequest(McpExchange exchange, UpstreamCall upstream) {
      upstream.removeHeader(SourceAccess.CALLER_HEADER);
      if (exchange.principal() == null) {
        return;
      }
      AgentCall agent = exchange.attr(AgentCallPolicy.CALL);
      InetAddress address = exchange.attr(IpFilter.CALLER_ADDRESS);
      AgentCall call =
          new AgentCall(
              exchange.principal(),
              credential(exchange),
              address == null
                  ? agent == null ? null : agent.callerAddress()
                  : address.getHostAddress(),
              sealRoute(exchange.route().name()),
              agent == null ? null : agent.agentProject(),
              agent == null ? null : agent.agentName(),
              agent != null && agent.published(),
              Map.of(),
              Clock.systemUTC().instant().plus(INBOUND_LIFE));
      upstream.setHeader(SourceAccess.CALLER_HEADER, seal.seal(call).reveal());
    }

    @Override
    public boolean readsResponses(McpExchange exchange) {
      return false;
    }

    /** The credential the route's authentication checked: forwarded, an API key or a bearer. */
    private static Secret credential(McpExchange exchange) {
      Secret forwarded = exchange.attr(InboundAuth.FORWARDED_CREDENTIAL);
      if (forwarded != null) {
        return forwarded;
      }
      String key = exchange.header("X-API-Key");
      if (key != null && !key.isBlank()) {
        return Secret.of(key.trim());
      }
      String auth = exchange.header("Authorization");
      if (auth != null
          && auth.length() > 7
          && auth.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
        return Secret.of(auth.substring(7).trim());
      }
      return Secret.of("");
    }
  }
}
