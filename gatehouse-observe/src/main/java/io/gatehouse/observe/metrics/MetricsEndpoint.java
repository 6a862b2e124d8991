package io.gatehouse.observe.metrics;

import static java.util.Objects.requireNonNull;

import io.gatehouse.core.Errors;
import io.gatehouse.core.GatehouseException;
import io.gatehouse.http.ErrorShape;
import io.gatehouse.http.HttpRequest;
import io.gatehouse.http.HttpResponse;
import io.gatehouse.http.HttpService;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics}: every meter in the Prometheus text format (version 0.0.4), for a Prometheus
 * server to scrape. It runs on a virtual thread, as every REST service does, so gauges that ask the
 * store do not hold an I/O thread.
 */
public final class MetricsEndpoint implements HttpService {
  static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;

  public MetricsEndpoint(PrometheusMeterRegistry registry) {
    this.registry = requireNonNull(registry, "registry");
  }

  @Override
  public HttpResponse serve(HttpRequest request) {
    if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
      return HttpResponse.error(
              new GatehouseException(
                  Errors.METHOD_NOT_ALLOWED,
                  request.method() + " is not allowed here (expected: GET)"),
              ErrorShape.REST)
          .header("Allow", "GET, HEAD");
    }
    byte[] body = registry.scrape(TEXT_FORMAT).getBytes(StandardCharsets.UTF_8);
    return HttpResponse.of(200, TEXT_FORMAT, body);
  }
}
