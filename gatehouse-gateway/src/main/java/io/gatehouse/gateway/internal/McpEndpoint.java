package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.RoutingTable;
import java.util.UUID;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP edge of the data plane, for everything under {@code /mcp/}: finds the route in the current
 * snapshot, runs the transport guard, and hands the request to the transport it is for. A GET without a
 * session id on {@code /mcp/{route}} is an HTTP+SSE client from before 2025-03-26 (transports,
 * "Backwards Compatibility"), so it gets the legacy event stream, as on {@code /mcp/{route}/sse}.
 * Blocking, so Jetty runs it on a virtual thread.
 */
final class McpEndpoint extends Handler.Abstract {
  private static final Logger log = LoggerFactory.getLogger(McpEndpoint.class);
  static final String PREFIX = "/mcp/";

  private final RoutingTable routes;
  private final TransportGuard guard;
  private final StreamableHttpTransport streamable;
  private final LegacySseTransport legacy;

  McpEndpoint(RoutingTable routes, TransportGuard guard, StreamableHttpTransport streamable, LegacySseTransport legacy) {
    super(Invocable.InvocationType.BLOCKING);
    this.routes = routes;
    this.guard = guard;
    this.streamable = streamable;
    this.legacy = legacy;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    if (!path.startsWith(PREFIX)) {
      return false;
    }
    String rest = path.substring(PREFIX.length());
    int slash = rest.indexOf('/');
    String name = slash < 0 ? rest : rest.substring(0, slash);
    String suffix = slash < 0 || slash == rest.length() - 1 ? "" : rest.substring(slash);
    try {
      RouteDefinition route = routes.current().route(name);
      if (route == null) {
        throw new GatewayException(GatewayErrors.ROUTE_NOT_FOUND, "no route named '" + name + "'");
      }
      guard.check(request);
      Cors.allow(request, response);
      dispatch(route, suffix, request, response, callback);
    } catch (GatewayException e) {
      fail(response, callback, e);
    } catch (Exception e) {
      String incident = UUID.randomUUID().toString().substring(0, 8);
      log.error("incident {}: {} {}", incident, request.getMethod(), path, e);
      fail(response, callback, new GatewayException(GatewayErrors.INTERNAL_ERROR, "internal error, incident " + incident));
    }
    return true;
  }

  private void dispatch(RouteDefinition route, String suffix, Request request, Response response, Callback callback)
      throws Exception {
    String method = request.getMethod();
    switch (suffix) {
      case "" -> {
        switch (method) {
          case "POST" -> streamable.post(route, request, response, callback);
          case "GET" -> {
            if (request.getHeaders().get("Mcp-Session-Id") == null) {
              legacy.connect(route, response, callback);
            } else {
              streamable.get(route, request, response, callback);
            }
          }
          case "DELETE" -> streamable.delete(route, request, response, callback);
          case "OPTIONS" -> Cors.preflight(response, callback, "GET, POST, DELETE");
          default -> throw notAllowed(response, "GET, POST, DELETE");
        }
      }
      case "/sse" -> {
        if (method.equals("GET")) {
          legacy.connect(route, response, callback);
        } else if (method.equals("OPTIONS")) {
          Cors.preflight(response, callback, "GET");
        } else {
          throw notAllowed(response, "GET");
        }
      }
      case "/messages" -> {
        if (method.equals("POST")) {
          legacy.message(route, request, response, callback);
        } else if (method.equals("OPTIONS")) {
          Cors.preflight(response, callback, "POST");
        } else {
          throw notAllowed(response, "POST");
        }
      }
      default -> throw new GatewayException(GatewayErrors.ROUTE_NOT_FOUND, "no MCP endpoint at " + PREFIX + route.name() + suffix);
    }
  }

  private static GatewayException notAllowed(Response response, String allow) {
    response.getHeaders().put(HttpHeader.ALLOW, allow);
    return new GatewayException(GatewayErrors.METHOD_NOT_ALLOWED, "use " + allow + " here");
  }

  private static void fail(Response response, Callback callback, GatewayException e) {
    if (response.isCommitted()) {
      callback.failed(e);
    } else {
      HttpIo.writeError(response, callback, e, e.id());
    }
  }
}
