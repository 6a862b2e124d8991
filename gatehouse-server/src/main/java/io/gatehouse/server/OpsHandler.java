package io.gatehouse.server;

import io.gatehouse.gateway.RoutingTable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code /healthz} (the process is up) and {@code /readyz} (it can serve: configuration loaded, routes
 * published, store ready). Load balancers and Kubernetes probes poll these.
 */
final class OpsHandler extends Handler.Abstract.NonBlocking {
  private final RoutingTable routes;
  private final BooleanSupplier ready;

  OpsHandler(RoutingTable routes, BooleanSupplier ready) {
    this.routes = routes;
    this.ready = ready;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    switch (path) {
      case "/healthz" -> json(response, callback, 200, "{\"status\":\"ok\"}");
      case "/readyz" -> {
        boolean ok = ready.getAsBoolean();
        json(response, callback, ok ? 200 : 503, "{\"status\":\"" + (ok ? "ready" : "starting") + "\",\"routes\":"
            + routes.current().routes().size() + "}");
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  static void json(Response response, Callback callback, int status, String body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
  }
}
