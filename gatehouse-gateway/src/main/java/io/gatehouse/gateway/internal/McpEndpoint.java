package io.gatehouse.gateway.internal;

import io.gatehouse.core.ErrorKey;
import io.gatehouse.core.Errors;
import io.gatehouse.core.GatehouseException;
import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.PolicyPipeline;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.RoutingTable;
import io.gatehouse.http.spi.ChannelEndpoint;
import io.gatehouse.http.spi.EdgeExchange;
import io.gatehouse.protocol.JsonRpcId;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data plane's entry, for everything under {@code /mcp/}: finds the route in the current
 * snapshot, runs the transport guard, and hands the request to the transport it is for. A GET
 * without a session id on {@code /mcp/{route}} is an HTTP+SSE client from before 2025-03-26
 * (transports, "Backwards Compatibility"), so it gets the legacy event stream, as on {@code
 * /mcp/{route}/sse}. It runs on the caller's event loop and never blocks.
 */
final class McpEndpoint implements ChannelEndpoint {
  private static final Logger log = LoggerFactory.getLogger(McpEndpoint.class);
  static final String PREFIX = "/mcp/";

  private final RoutingTable routes;
  private final int maxRequestBytes;
  private final TransportGuard guard;
  private final StreamableHttp streamable;
  private final LegacySse legacy;
  private final PolicyPipeline policies;
  private final boolean fromPeer;

  /**
   * @param fromPeer serves the peer port: only 2026-07-28 POSTs, which the bridge takes only as
   *     retries of calls this replica holds (another replica forwarded them)
   */
  McpEndpoint(
      RoutingTable routes,
      int maxRequestBytes,
      TransportGuard guard,
      StreamableHttp streamable,
      LegacySse legacy,
      PolicyPipeline policies,
      boolean fromPeer) {
    this.fromPeer = fromPeer;
    this.routes = routes;
    this.maxRequestBytes = maxRequestBytes;
    this.guard = guard;
    this.streamable = streamable;
    this.legacy = legacy;
    this.policies = policies;
  }

  @Override
  public int maxBodyBytes() {
    return maxRequestBytes;
  }

  @Override
  public void handle(EdgeExchange edge) {
    String path = edge.path();
    String rest = path.length() > PREFIX.length() ? path.substring(PREFIX.length()) : "";
    int slash = rest.indexOf('/');
    String name = slash < 0 ? rest : rest.substring(0, slash);
    String suffix = slash < 0 || slash == rest.length() - 1 ? "" : rest.substring(slash);
    FullHttpRequest request = edge.request();
    HttpCall call = null;
    try {
      RouteDefinition route = routes.current().route(name);
      if (route == null) {
        throw new GatewayException(GatewayErrors.ROUTE_NOT_FOUND, "no route named '" + name + "'");
      }
      guard.check(request.headers());
      call = new HttpCall(edge, route, request.headers(), policies, fromPeer);
      if (fromPeer
          && !(suffix.isEmpty()
              && request.method().name().equals("POST")
              && statelessCaller(request.headers()))) {
        throw new GatewayException(
            Errors.NOT_FOUND,
            "the peer port serves only retries of calls this replica holds (2026-07-28 POSTs)");
      }
      dispatch(call, suffix, request, edge.query());
    } catch (GatewayException e) {
      answer(edge, call, e.error(), e.getMessage(), e.id(), Map.of());
    } catch (RuntimeException e) {
      String incident = UUID.randomUUID().toString().substring(0, 8);
      log.error("incident {}: {} {}", incident, request.method(), path, e);
      answer(
          edge,
          call,
          GatewayErrors.INTERNAL_ERROR,
          "internal error, incident " + incident,
          null,
          Map.of());
    }
  }

  private void dispatch(HttpCall call, String suffix, FullHttpRequest request, String query) {
    String method = request.method().name();
    if (suffix.isEmpty()
        && (method.equals("GET") || method.equals("DELETE"))
        && statelessCaller(request.headers())) {
      notAllowed(call, "POST");
      return;
    }
    switch (suffix) {
      case "" -> {
        switch (method) {
          case "POST" -> streamable.post(call, request);
          case "GET" -> {
            if (request.headers().get("Mcp-Session-Id") == null) {
              legacy.connect(call);
            } else {
              streamable.get(call, request);
            }
          }
          case "DELETE" -> streamable.delete(call, request);
          case "OPTIONS" -> preflight(call, "GET, POST, DELETE");
          default -> notAllowed(call, "GET, POST, DELETE");
        }
      }
      case "/sse" -> {
        switch (method) {
          case "GET" -> legacy.connect(call);
          case "OPTIONS" -> preflight(call, "GET");
          default -> notAllowed(call, "GET");
        }
      }
      case "/messages" -> {
        switch (method) {
          case "POST" -> legacy.message(call, request, query);
          case "OPTIONS" -> preflight(call, "POST");
          default -> notAllowed(call, "POST");
        }
      }
      default ->
          throw new GatewayException(
              Errors.NOT_FOUND, "no MCP endpoint at " + PREFIX + call.route.name() + suffix);
    }
  }

  /**
   * A 2026-07-28 caller (that version, no session): it has no GET stream and no session to end
   * (transports, 2026-07-28: such servers "SHOULD answer GET/DELETE with 405").
   */
  private static boolean statelessCaller(HttpHeaders h) {
    String v = h.get("MCP-Protocol-Version");
    return v != null
        && h.get("Mcp-Session-Id") == null
        && io.gatehouse.protocol.ProtocolVersions.isModern(v.strip());
  }

  private static void preflight(HttpCall call, String methods) {
    HttpHeaders h = call.answerHeaders(Map.of());
    Cors.preflight(h, methods);
    call.edge.respond(HttpResponseStatus.NO_CONTENT, h, Unpooled.EMPTY_BUFFER);
  }

  private static void notAllowed(HttpCall call, String allow) {
    answer(
        call.edge,
        call,
        GatewayErrors.METHOD_NOT_ALLOWED,
        "use " + allow + " here",
        null,
        Map.of("Allow", allow));
  }

  /** Answers a refusal at the transport: the key's status and a JSON-RPC error body. */
  private static void answer(
      EdgeExchange edge,
      HttpCall call,
      ErrorKey key,
      String message,
      JsonRpcId id,
      Map<String, String> extra) {
    if (call != null) {
      call.refuse(key, message, id, extra);
      return;
    }
    HttpHeaders h = new DefaultHttpHeaders();
    extra.forEach(h::set);
    h.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    edge.respond(
        HttpResponseStatus.valueOf(key.httpStatus()),
        h,
        Unpooled.wrappedBuffer(RpcErrors.body(id, key, message)));
  }

  @Override
  public void refuse(EdgeExchange edge, GatehouseException refusal) {
    ErrorKey key =
        refusal.error().key().equals(GatewayErrors.BODY_TOO_LARGE.key())
            ? GatewayErrors.BODY_TOO_LARGE
            : refusal.error();
    answer(edge, null, key, refusal.getMessage(), null, Map.of());
  }
}
