package io.gatehouse.catalog.internal.http;

import io.gatehouse.catalog.CatalogErrors;
import io.gatehouse.catalog.CatalogException;
import io.gatehouse.catalog.internal.Jsons;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import tools.jackson.databind.JsonNode;

/**
 * One HTTP exchange of the catalog's APIs on Jetty's core API: the path as raw segments each
 * percent-decoded on its own (so {@code com.example%2Fmy-server} stays one segment and {@code +} in a
 * version stays a plus), query parameters, a size-limited JSON body, the bearer token, JSON answers.
 */
final class HttpExchange {
  static final int MAX_BODY = 1024 * 1024;

  final Request request;
  final Response response;
  final Callback callback;
  private Fields query;

  HttpExchange(Request request, Response response, Callback callback) {
    this.request = request;
    this.response = response;
    this.callback = callback;
  }

  String method() {
    return request.getMethod();
  }

  /** The path below {@code prefix} as decoded segments; null if the path is not under the prefix. */
  List<String> segments(String prefix) {
    String raw = request.getHttpURI().getPath();
    if (raw == null || !(raw.equals(prefix) || raw.startsWith(prefix + "/"))) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (String s : raw.substring(prefix.length()).split("/")) {
      if (!s.isEmpty()) {
        out.add(decode(s));
      }
    }
    return out;
  }

  static String decode(String segment) {
    try {
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new CatalogException(CatalogErrors.INVALID_REQUEST, "the path segment '" + segment + "' is not valid percent-encoding");
    }
  }

  /** A query parameter, or null. */
  String param(String name) {
    if (query == null) {
      query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
    }
    return query.getValue(name);
  }

  /** The bearer token of the Authorization header, or null. */
  String bearer() {
    String h = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (h == null || h.length() < 7 || !h.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
      return null;
    }
    return h.substring(7).trim();
  }

  /** The body as JSON; {@code INVALID_JSON} if it is not, {@code BODY_TOO_LARGE} past {@value #MAX_BODY} bytes. */
  JsonNode json() {
    if (request.getLength() > MAX_BODY) {
      throw tooLarge();
    }
    byte[] body;
    try (InputStream in = Content.Source.asInputStream(request)) {
      body = in.readNBytes(MAX_BODY + 1);
    } catch (IOException e) {
      throw new CatalogException(CatalogErrors.INVALID_REQUEST, "the request body could not be read: " + e.getMessage());
    }
    if (body.length > MAX_BODY) {
      throw tooLarge();
    }
    JsonNode node = Jsons.parseOrNull(body);
    if (node == null || node.isMissingNode()) {
      throw new CatalogException(CatalogErrors.INVALID_JSON, "the request body is not JSON; send a JSON object with Content-Type: application/json");
    }
    return node;
  }

  private static CatalogException tooLarge() {
    return new CatalogException(CatalogErrors.BODY_TOO_LARGE, "the request body is larger than " + MAX_BODY + " bytes");
  }

  void header(String name, String value) {
    response.getHeaders().put(name, value);
  }

  void json(int status, JsonNode body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(Jsons.MAPPER.writeValueAsBytes(body)), callback);
  }

  void json(int status, byte[] body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  void empty(int status) {
    response.setStatus(status);
    response.write(true, null, callback);
  }
}
