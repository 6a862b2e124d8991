package io.gatehouse.server;

import io.gatehouse.core.Errors;
import io.gatehouse.core.GatehouseException;
import io.gatehouse.gateway.RoutingTable;
import io.gatehouse.http.ErrorShape;
import io.gatehouse.http.HttpRequest;
import io.gatehouse.http.HttpResponse;
import io.gatehouse.http.HttpService;
import java.util.function.BooleanSupplier;

/**
 * {@code /healthz} (the process is up) and {@code /readyz} (it can serve: configuration loaded,
 * routes published, store ready). Load balancers and Kubernetes probes poll these.
 */
final class OpsService {
  private final RoutingTable routes;
  private final BooleanSupplier ready;

  OpsService(RoutingTable routes, BooleanSupplier ready) {
    this.routes = routes;
    this.ready = ready;
  }

  HttpService health() {
    return request ->
        readOnly(request) != null
            ? readOnly(request)
            : HttpResponse.json(200, "{\"status\":\"ok\"}");
  }

  HttpService readiness() {
    return request -> readOnly(request) != null ? readOnly(request) : ready(request);
  }

  /** 405 for anything but GET and HEAD, else null. */
  static HttpResponse readOnly(HttpRequest request) {
    if (request.method().equals("GET") || request.method().equals("HEAD")) {
      return null;
    }
    return HttpResponse.error(
            new GatehouseException(
                Errors.METHOD_NOT_ALLOWED,
                request.method() + " is not allowed here (expected: GET)"),
            ErrorShape.REST)
        .header("Allow", "GET, HEAD");
  }

  private HttpResponse ready(HttpRequest request) {
    boolean ok = ready.getAsBoolean();
    return HttpResponse.json(
        ok ? 200 : 503,
        "{\"status\":\""
            + (ok ? "ready" : "starting")
            + "\",\"routes\":"
            + routes.current().routes().size()
            + "}");
  }
}
