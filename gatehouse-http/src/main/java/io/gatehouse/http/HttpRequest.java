package io.gatehouse.http;

import static java.util.Objects.requireNonNull;

import io.gatehouse.core.Errors;
import io.gatehouse.core.GatehouseException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * One HTTP request to a REST service, body included. The path is as sent, with runs of slashes
 * collapsed ({@code //v0.1/servers} is {@code /v0.1/servers}) and not percent-decoded, so a segment
 * such as {@code com.example%2Fmy-server} stays one segment; {@link #segments} decodes each segment
 * on its own.
 */
public final class HttpRequest {
  private final String method;
  private final String path;
  private final String query;
  private final Function<String, List<String>> headers;
  private final byte[] body;
  private final InetSocketAddress remote;
  private Map<String, List<String>> params;

  /**
   * @param path the normalized path, starting with {@code /}
   * @param query the raw query string without {@code ?}, or null
   * @param headers all values of a header by name, case-insensitively (an empty list when absent)
   */
  public HttpRequest(
      String method,
      String path,
      String query,
      Function<String, List<String>> headers,
      byte[] body,
      InetSocketAddress remote) {
    this.method = requireNonNull(method, "method");
    this.path = requireNonNull(path, "path");
    this.query = query;
    this.headers = requireNonNull(headers, "headers");
    this.body = body == null ? new byte[0] : body;
    this.remote = remote;
  }

  public String method() {
    return method;
  }

  /** The normalized, still percent-encoded path. */
  public String path() {
    return path;
  }

  /** The first value of a header, or null. */
  public String header(String name) {
    List<String> v = headers.apply(name);
    return v.isEmpty() ? null : v.getFirst();
  }

  public List<String> headers(String name) {
    return headers.apply(name);
  }

  /** The body; empty when there is none. Do not modify. */
  public byte[] body() {
    return body;
  }

  /** The peer the connection came from (before any proxy headers are considered). */
  public InetSocketAddress remoteAddress() {
    return remote;
  }

  /** The bearer token of the Authorization header, or null. */
  public String bearerToken() {
    String h = header("Authorization");
    if (h == null
        || h.length() < 7
        || !h.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
      return null;
    }
    String token = h.substring(7).trim();
    return token.isEmpty() ? null : token;
  }

  /**
   * The credential a caller of the REST APIs sent: {@code X-API-Key}, else the bearer token of the
   * Authorization header; null for none.
   */
  public String credential() {
    String key = header("X-API-Key");
    return key != null && !key.isBlank() ? key.trim() : bearerToken();
  }

  /**
   * The path below {@code prefix} as decoded segments, empty segments dropped; null when the path
   * is not {@code prefix} or below it.
   *
   * @throws GatehouseException {@code INVALID_REQUEST} when a segment is not valid percent-encoding
   */
  public List<String> segments(String prefix) {
    if (!(path.equals(prefix) || path.startsWith(prefix.endsWith("/") ? prefix : prefix + "/"))) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (String s : path.substring(prefix.length()).split("/")) {
      if (!s.isEmpty()) {
        out.add(decode(s, false));
      }
    }
    return out;
  }

  /** The first value of a query parameter, decoded, or null. */
  public String query(String name) {
    List<String> v = params().get(name);
    return v == null || v.isEmpty() ? null : v.getFirst();
  }

  private Map<String, List<String>> params() {
    if (params == null) {
      Map<String, List<String>> p = new LinkedHashMap<>();
      if (query != null && !query.isEmpty()) {
        for (String pair : query.split("&")) {
          if (pair.isEmpty()) {
            continue;
          }
          int eq = pair.indexOf('=');
          String k = decode(eq < 0 ? pair : pair.substring(0, eq), true);
          String v = eq < 0 ? "" : decode(pair.substring(eq + 1), true);
          p.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
      }
      params = p;
    }
    return params;
  }

  /**
   * Percent-decodes one path segment ({@code +} stays a plus) or query component ({@code +} is a
   * space).
   */
  public static String decode(String s, boolean plusIsSpace) {
    try {
      return URLDecoder.decode(plusIsSpace ? s : s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new GatehouseException(
          Errors.INVALID_REQUEST, "'" + abbreviate(s) + "' is not valid percent-encoding");
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
