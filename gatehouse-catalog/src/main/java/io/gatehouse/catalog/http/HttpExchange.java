package io.gatehouse.catalog.http;

import io.gatehouse.catalog.CatalogErrors;
import io.gatehouse.catalog.CatalogException;
import io.gatehouse.catalog.internal.Jsons;
import io.gatehouse.http.HttpRequest;
import io.gatehouse.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One request to the catalog's APIs and the answer being built for it: the path as segments each
 * percent-decoded on its own (so {@code com.example%2Fmy-server} stays one segment and {@code +} in
 * a version stays a plus), query parameters, the JSON body, the bearer token, and JSON answers.
 */
final class HttpExchange {
  static final int MAX_BODY = 1024 * 1024;

  final HttpRequest request;
  private final List<Map.Entry<String, String>> headers = new ArrayList<>(4);
  private HttpResponse response;

  HttpExchange(HttpRequest request) {
    this.request = request;
  }

  String method() {
    return request.method();
  }

  String path() {
    return request.path();
  }

  /**
   * The path below {@code prefix} as decoded segments; null if the path is not under the prefix.
   */
  List<String> segments(String prefix) {
    return request.segments(prefix);
  }

  /** A query parameter, or null. */
  String param(String name) {
    return request.query(name);
  }

  /** The bearer token of the Authorization header, or null. */
  String bearer() {
    return request.bearerToken();
  }

  /** The credential sent as {@code X-API-Key} or {@code Authorization: Bearer}, or null. */
  String credential() {
    return request.credential();
  }

  /**
   * The body as JSON; {@code INVALID_JSON} if it is not. The edge refuses bodies over {@value
   * #MAX_BODY} bytes.
   */
  JsonNode json() {
    JsonNode node = Jsons.parseOrNull(request.body());
    if (node == null || node.isMissingNode()) {
      throw new CatalogException(
          CatalogErrors.INVALID_JSON,
          "the request body is not JSON; send a JSON object with Content-Type: application/json");
    }
    return node;
  }

  void header(String name, String value) {
    headers.add(Map.entry(name, value));
  }

  void json(int status, JsonNode body) {
    json(status, Jsons.MAPPER.writeValueAsBytes(body));
  }

  void json(int status, byte[] body) {
    response = HttpResponse.json(status, body);
  }

  void empty(int status) {
    response = HttpResponse.empty(status);
  }

  /** The answer, with the headers set along the way. */
  HttpResponse response() {
    HttpResponse r = response == null ? HttpResponse.empty(204) : response;
    headers.forEach(h -> r.header(h.getKey(), h.getValue()));
    return r;
  }
}
