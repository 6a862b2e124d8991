package io.gatehouse.server;

import io.gatehouse.gateway.RoutingTable;
import io.gatehouse.http.HttpRequest;
import io.gatehouse.http.HttpResponse;
import io.gatehouse.http.HttpService;
import java.util.function.BooleanSupplier;

/**
 * {@code /healthz} (the process is up) and {@code /readyz} (it can serve: configuration loaded, routes
 * published, store ready). Load balancers and Kubernetes probes poll these.
 */
final class OpsService {
  private final RoutingTable routes;
  private final BooleanSupplier ready;

  OpsService(RoutingTable routes, BooleanSupplier ready) {
    this.routes = routes;
    this.ready = ready;
  }

  HttpService health() {
    return request -> HttpResponse.json(200, "{\"status\":\"ok\"}");
  }

  HttpService readiness() {
    return this::ready;
  }

  private HttpResponse ready(HttpRequest request) {
    boolean ok = ready.getAsBoolean();
    return HttpResponse.json(ok ? 200 : 503, "{\"status\":\"" + (ok ? "ready" : "starting") + "\",\"routes\":"
        + routes.current().routes().size() + "}");
  }
}
