package io.gatehouse.http;

/**
 * A REST surface mounted on the edge under a path prefix: the registry, the admin API, health. It
 * is plain blocking code: each request runs on a virtual thread of its own, never on an I/O thread,
 * with its body already read. A {@link io.gatehouse.core.GatehouseException} it throws becomes the
 * JSON error of its key in the mount's {@link ErrorShape}; anything else is an {@code
 * INTERNAL_ERROR} with an incident id, logged.
 */
@FunctionalInterface
public interface HttpService {
  HttpResponse serve(HttpRequest request) throws Exception;
}
