package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.UpstreamProtocol;
import io.gatehouse.gateway.UpstreamTransport;
import io.gatehouse.protocol.Era;
import io.gatehouse.protocol.Json;
import io.gatehouse.protocol.JsonRpcErrors;
import io.gatehouse.protocol.JsonRpcMessage;
import io.gatehouse.protocol.McpMethods;
import io.gatehouse.protocol.ProtocolVersions;
import io.gatehouse.protocol.sse.SseEvent;
import io.netty.channel.EventLoop;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The protocol era of each route's upstream: fixed by {@code upstream.protocol}, or detected
 * modern-first (transports, 2026-07-28, "Era detection on HTTP"): a {@code server/discover} probe
 * answered with a result, or with a 2026-07-28 error ({@code -32020}, {@code -32021}, {@code
 * -32022}), means the stateless era; any other answer means the session era. The verdict is kept
 * per upstream URL on this replica and forgotten when a request to it fails, so the next one probes
 * again. Beside the era it keeps whether the upstream refused a session-era client's {@code
 * initialize} ({@link #refusesSessions}): a server of both eras is 2026-07-28 too, but serves
 * session-era clients itself, so only one that refuses them is reverse-bridged.
 */
final class UpstreamEras {
  private static final Logger log = LoggerFactory.getLogger(UpstreamEras.class);
  static final byte[] PROBE =
      ("{\"jsonrpc\":\"2.0\",\"id\":\"gatehouse-era-probe\",\"method\":\"server/discover\","
              + "\"params\":{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
              + "\"io.modelcontextprotocol/clientCapabilities\":{},"
              + "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"gatehouse\",\"version\":\"1\"}}}}")
          .getBytes(StandardCharsets.UTF_8);

  /** How long a session-era verdict holds before the next 2026-07-28 request probes again. */
  static final long LEGACY_RECHECK_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(5);

  /** What is known of one upstream; {@code refusesSessions} only with the 2026-07-28 era. */
  private record Learned(Era era, long atNanos, boolean refusesSessions) {}

  private final Upstreams upstreams;
  private final Map<URI, Learned> known = new ConcurrentHashMap<>();

  UpstreamEras(Upstreams upstreams) {
    this.upstreams = upstreams;
  }

  /** The era, when it is fixed or already known here; null when it must be probed. */
  Era known(RouteDefinition route) {
    UpstreamProtocol p = route.upstream().protocol();
    if (p.era() != null) {
      return p.era();
    }
    if (route.upstream().transport() == UpstreamTransport.SSE) {
      return Era.LEGACY;
    }
    Learned l = known.get(route.upstream().url());
    if (l == null) {
      return null;
    }
    // A session-era upstream sees no 2026-07-28 traffic that could fail and make it forgotten, so
    // the verdict ages out instead: an upstream upgraded in place is found within minutes.
    if (l.era() == Era.LEGACY && System.nanoTime() - l.atNanos() > LEGACY_RECHECK_NANOS) {
      known.remove(route.upstream().url(), l);
      return null;
    }
    return l.era();
  }

  /**
   * Whether session-era clients of {@code route} are served by the reverse bridge: the route fixes
   * its upstream to 2026-07-28, or it is {@code auto} and its upstream refused an {@code
   * initialize} that a probe then showed to be a 2026-07-28 server's refusal.
   */
  boolean refusesSessions(RouteDefinition route) {
    UpstreamProtocol p = route.upstream().protocol();
    if (p != UpstreamProtocol.AUTO) {
      return p == UpstreamProtocol.MODERN;
    }
    Learned l = known.get(route.upstream().url());
    return l != null && l.refusesSessions();
  }

  /**
   * Keeps that {@code route}'s upstream speaks 2026-07-28 only: its session-era clients go to the
   * reverse bridge until a request to it fails.
   */
  void sessionsRefused(RouteDefinition route) {
    Learned before =
        known.put(route.upstream().url(), new Learned(Era.MODERN, System.nanoTime(), true));
    if (before == null || !before.refusesSessions()) {
      log.info(
          "route {}: the upstream refuses the 2025-11-25 session era; its session-era clients are"
              + " bridged",
          route.name());
    }
  }

  /** The versions a caller of {@code route} can use now, for a {@code -32022} answer. */
  List<String> supported(RouteDefinition route) {
    // a session-era upstream speaks 2026-07-28 too, through the bridge
    return known(route) == Era.LEGACY ? ProtocolVersions.ALL : List.of(ProtocolVersions.MODERN);
  }

  /**
   * Calls {@code then} with the era of {@code ex}'s upstream on {@code loop}, probing it first when
   * it is not known; {@code failed} when the probe could not reach it.
   */
  void resolve(
      EventLoop loop, McpExchange ex, Consumer<Era> then, Consumer<GatewayException> failed) {
    Era era = known(ex.route());
    if (era != null) {
      then.accept(era);
      return;
    }
    probe(loop, ex, then, failed);
  }

  /**
   * Probes {@code ex}'s upstream with {@code server/discover} whatever is known of it, keeps the
   * verdict and calls {@code then} with it on {@code loop}; {@code failed} when the probe could not
   * reach it or its answer decides nothing.
   */
  void probe(
      EventLoop loop, McpExchange ex, Consumer<Era> then, Consumer<GatewayException> failed) {
    Forwarded fwd =
        new Forwarded(
            ProtocolVersions.MODERN, List.of(Map.entry("Mcp-Method", McpMethods.SERVER_DISCOVER)));
    upstreams.post(
        loop,
        ex,
        ex.route().upstream().url(),
        null,
        PROBE,
        fwd,
        new Probe(ex.route(), then, failed));
  }

  /** Forgets what was learned about {@code route}'s upstream: its next request probes again. */
  void forget(RouteDefinition route) {
    if (route.upstream().protocol() == UpstreamProtocol.AUTO
        && known.remove(route.upstream().url()) != null) {
      log.info("route {}: upstream protocol era forgotten after a failure", route.name());
    }
  }

  /**
   * Whether an answer to {@code initialize} may be a refusal of the whole session era: a JSON-RPC
   * error a 2026-07-28-only server answers it with ({@code -32022} unsupported version, the
   * TypeScript SDK v2's; {@code -32601} method not found; {@code -32020}, {@code -32021}), or
   * {@code -32602} naming the versions it supports, none of the session era. A server of both eras
   * answers a malformed {@code initialize} with a plain {@code -32602}, and a refusal whose {@code
   * data.supported} names a session-era version is about the version asked, not the era: neither
   * may move the route's session-era clients onto the reverse bridge. Even so this only says a
   * probe is worth it, never what the era is.
   */
  static boolean mayRefuseSessions(byte[] json) {
    Integer code = Json.errorCode(json);
    if (code == null) {
      return false;
    }
    List<String> supported = supportedVersions(json);
    if (supported != null && supported.stream().anyMatch(ProtocolVersions::isSupported)) {
      return false;
    }
    if (code == JsonRpcErrors.INVALID_PARAMS) {
      return supported != null;
    }
    return code == JsonRpcErrors.METHOD_NOT_FOUND || isModernAnswer(json);
  }

  /** An error answer's {@code data.supported} versions; null when it names none. */
  private static List<String> supportedVersions(byte[] json) {
    JsonNode supported;
    try {
      supported = ReverseJson.JSON.readTree(json).path("error").path("data").path("supported");
    } catch (JacksonException e) {
      return null;
    }
    if (!supported.isArray()) {
      return null;
    }
    return supported.valueStream().filter(JsonNode::isString).map(JsonNode::asString).toList();
  }

  /** Whether an answer body is a 2026-07-28 one: a result, or an error only that era has. */
  static boolean isModernAnswer(byte[] json) {
    Integer code = Json.errorCode(json);
    if (code == null) {
      JsonRpcMessage m = Messages.of(json);
      return m != null && m.isResponse() && !m.error();
    }
    return code == JsonRpcErrors.HEADER_MISMATCH
        || code == JsonRpcErrors.MISSING_REQUIRED_CLIENT_CAPABILITY
        || code == JsonRpcErrors.UNSUPPORTED_PROTOCOL_VERSION;
  }

  /** Reads the probe's answer into a verdict. */
  private final class Probe implements Answer {
    private final RouteDefinition route;
    private final Consumer<Era> then;
    private final Consumer<GatewayException> failed;
    private boolean done;

    Probe(RouteDefinition route, Consumer<Era> then, Consumer<GatewayException> failed) {
      this.route = route;
      this.then = then;
      this.failed = failed;
    }

    private void verdict(Era era) {
      if (done) {
        return;
      }
      done = true;
      Learned before =
          known.put(route.upstream().url(), new Learned(era, System.nanoTime(), false));
      if (before == null || before.era() != era) {
        log.info(
            "route {}: upstream speaks the {} protocol era",
            route.name(),
            era == Era.MODERN ? "2026-07-28" : "2025-11-25");
      }
      then.accept(era);
    }

    @Override
    public void accepted(String upstreamSessionId) {
      verdict(Era.LEGACY);
    }

    @Override
    public void message(String upstreamSessionId, byte[] json) {
      verdict(isModernAnswer(json) ? Era.MODERN : Era.LEGACY);
    }

    @Override
    public void streamStarted(String upstreamSessionId) {}

    @Override
    public void event(SseEvent e) {
      if (e.hasData() && e.isMessage()) {
        message(null, e.data());
      }
    }

    @Override
    public void streamEnded() {
      verdict(Era.LEGACY);
    }

    /**
     * A 2026-07-28 error means that era; 400, 404 or 405 otherwise is how a session-era server
     * refuses a request outside a session. Anything else (401, 429, 5xx) says nothing about the
     * era, so nothing is kept and the caller gets the failure.
     */
    @Override
    public void refused(int status, byte[] body, boolean json) {
      if (json && isModernAnswer(body)) {
        verdict(Era.MODERN);
      } else if (status == 400 || status == 404 || status == 405) {
        verdict(Era.LEGACY);
      } else {
        failed(Relay.failure(route, null, status, body, json));
      }
    }

    @Override
    public void failed(GatewayException e) {
      if (!done) {
        done = true;
        failed.accept(e);
      }
    }
  }
}
