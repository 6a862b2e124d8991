package io.gatehouse.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/** Plain HTTP calls for API tests, asserting on what a client sees on the wire. */
final class Http {
  static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private Http() {}

  /** A response with its body parsed as JSON (null when empty). */
  record Answer(int status, JsonNode json, HttpResponse<String> raw) {
    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  static Answer get(URI url) {
    return send(HttpRequest.newBuilder(url).GET());
  }

  static Answer get(URI url, String token) {
    return send(HttpRequest.newBuilder(url).header("Authorization", "Bearer " + token).GET());
  }

  static Answer send(String method, URI url, String token, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(url)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return send(b);
  }

  static Answer send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r =
          CLIENT.send(
              request.timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString());
      boolean isJson =
          r.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
      JsonNode json = r.body().isEmpty() || !isJson ? null : SharedRegistry.JSON.readTree(r.body());
      return new Answer(r.statusCode(), json, r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
