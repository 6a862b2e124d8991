package io.gatehouse.http;

import static java.util.Objects.requireNonNull;

import io.gatehouse.core.GatehouseException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a REST service answers: a status, headers and a whole body. JSON answers are {@code
 * no-store} unless a header says otherwise.
 */
public final class HttpResponse {
  private final int status;
  private final List<Map.Entry<String, String>> headers = new ArrayList<>(4);
  private final byte[] body;
  private StreamWriter writer;

  /** Writes a streamed answer's body, piece by piece, on the service's own virtual thread. */
  @FunctionalInterface
  public interface StreamWriter {
    void write(Chunks out) throws Exception;
  }

  /** Where a streamed answer's pieces go: each is sent (and flushed) as it is given. */
  @FunctionalInterface
  public interface Chunks {
    void send(byte[] chunk);
  }

  private HttpResponse(int status, byte[] body) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status: " + status + " (expected: 100-599)");
    }
    this.status = status;
    this.body = body == null ? new byte[0] : body;
  }

  public static HttpResponse json(int status, byte[] json) {
    return new HttpResponse(status, requireNonNull(json, "json"))
        .header("Content-Type", "application/json")
        .header("Cache-Control", "no-store");
  }

  public static HttpResponse json(int status, String json) {
    return json(status, json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A page for a person (consent pages): never cached, never framed, no scripts, and the page's URL
   * (which may hold a one-time id) never sent on as a referrer.
   */
  public static HttpResponse html(int status, String html) {
    return new HttpResponse(status, html.getBytes(StandardCharsets.UTF_8))
        .header("Content-Type", "text/html; charset=utf-8")
        .header("Cache-Control", "no-store")
        .header(
            "Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
        .header("Referrer-Policy", "no-referrer")
        .header("X-Content-Type-Options", "nosniff");
  }

  /** A body of any other type, such as the Prometheus text format; never cached. */
  public static HttpResponse of(int status, String contentType, byte[] body) {
    return new HttpResponse(status, requireNonNull(body, "body"))
        .header("Content-Type", requireNonNull(contentType, "contentType"))
        .header("Cache-Control", "no-store");
  }

  /**
   * An answer streamed as {@code writer} produces it ({@code Transfer-Encoding: chunked}), such as
   * server-sent events; never cached. The head goes first, then each piece as it is sent; the
   * answer ends when {@code writer} returns (or throws, which is logged: the head is already sent).
   */
  public static HttpResponse stream(int status, String contentType, StreamWriter writer) {
    HttpResponse r =
        new HttpResponse(status, null)
            .header("Content-Type", requireNonNull(contentType, "contentType"))
            .header("Cache-Control", "no-store");
    r.writer = requireNonNull(writer, "writer");
    return r;
  }

  /** The writer of a streamed answer, or null for a whole body. */
  public StreamWriter writer() {
    return writer;
  }

  public static HttpResponse empty(int status) {
    return new HttpResponse(status, null);
  }

  /** The error of {@code e}'s key in {@code shape}, with the key's HTTP status. */
  public static HttpResponse error(GatehouseException e, ErrorShape shape) {
    return json(e.error().httpStatus(), shape.body(e));
  }

  /** Adds a header (several with one name are kept in order). */
  public HttpResponse header(String name, String value) {
    headers.add(Map.entry(requireNonNull(name, "name"), requireNonNull(value, "value")));
    return this;
  }

  public int status() {
    return status;
  }

  public List<Map.Entry<String, String>> headers() {
    return headers;
  }

  /** The first value of a header, or null. */
  public String header(String name) {
    return headers.stream()
        .filter(e -> e.getKey().equalsIgnoreCase(name))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }

  public byte[] body() {
    return body;
  }
}
