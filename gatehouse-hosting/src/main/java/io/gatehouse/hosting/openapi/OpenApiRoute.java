package io.gatehouse.hosting.openapi;

import static java.util.Objects.requireNonNull;

import io.gatehouse.core.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * What one route serves from an OpenAPI document.
 *
 * @param route the route's name
 * @param spec the document: a file path or an http(s) URL
 * @param baseUrl where the API is called; null for the document's first {@code servers} entry
 * @param include operations kept; empty keeps all
 * @param exclude operations left out, after {@code include}
 * @param headers sent on every call to the API
 * @param forwardHeaders names of headers copied from the gateway's request to the API call: the
 *     credentials the gateway injects for the route (its connection's, {@code ${secret:…}} headers)
 *     reach the API this way, without this module ever holding them
 * @param timeout how long one call may take
 */
public record OpenApiRoute(
    String route,
    String spec,
    URI baseUrl,
    Selection include,
    Selection exclude,
    Map<String, Secret> headers,
    Set<String> forwardHeaders,
    Duration timeout) {
  public OpenApiRoute {
    requireNonNull(route, "route");
    requireNonNull(spec, "spec");
    include = include == null ? Selection.NONE : include;
    exclude = exclude == null ? Selection.NONE : exclude;
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    forwardHeaders = forwardHeaders == null ? Set.of() : Set.copyOf(forwardHeaders);
    timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
  }

  /** A route over {@code spec} with every operation, the document's server and no headers. */
  public static OpenApiRoute of(String route, String spec) {
    return new OpenApiRoute(route, spec, null, null, null, null, null, null);
  }

  public OpenApiRoute withBaseUrl(URI url) {
    return new OpenApiRoute(route, spec, url, include, exclude, headers, forwardHeaders, timeout);
  }

  public OpenApiRoute withSelection(Selection include, Selection exclude) {
    return new OpenApiRoute(
        route, spec, baseUrl, include, exclude, headers, forwardHeaders, timeout);
  }

  public OpenApiRoute withHeaders(Map<String, Secret> headers, Set<String> forwardHeaders) {
    return new OpenApiRoute(
        route, spec, baseUrl, include, exclude, headers, forwardHeaders, timeout);
  }
}
