package io.gatehouse.kit;

import static java.util.Objects.requireNonNull;

import io.gatehouse.core.Problem;
import io.gatehouse.kit.internal.KitJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Publishes a {@code server.json} into a Gatehouse catalog (or any MCP registry): {@code POST
 * <catalog>/v0.1/publish} with a bearer token, the catalog's admin token or a contributor's key.
 */
public final class Publisher {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private Publisher() {}

  /** What the catalog answered: the published name and version, and its warnings. */
  public record Published(String name, String version, List<String> warnings) {}

  /**
   * @param catalog the catalog's base URL, without {@code /v0.1}
   * @throws KitException {@code PUBLISH_FAILED}, with the catalog's error key and details
   */
  public static Published publish(URI catalog, String token, JsonNode serverJson) {
    requireNonNull(catalog, "catalog");
    requireNonNull(token, "token");
    requireNonNull(serverJson, "serverJson");
    URI endpoint = URI.create(catalog.toString().replaceAll("/+$", "") + "/v0.1/publish");
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(TIMEOUT)
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(serverJson.toString()))
            .build();
    HttpResponse<String> answer;
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build()) {
      answer = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new KitException(
          KitErrors.PUBLISH_FAILED,
          "POST "
              + endpoint
              + ": "
              + e.getClass().getSimpleName()
              + " (expected: a reachable catalog)",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KitException(KitErrors.PUBLISH_FAILED, "POST " + endpoint + ": interrupted", e);
    }
    JsonNode body = parse(answer.body());
    if (answer.statusCode() != 200) {
      throw refused(endpoint, answer.statusCode(), body);
    }
    List<String> warnings = new ArrayList<>();
    body.path("warnings").forEach(w -> warnings.add(w.path("message").asString(w.toString())));
    JsonNode server = body.path("server");
    return new Published(
        server.path("name").asString(), server.path("version").asString(), List.copyOf(warnings));
  }

  private static KitException refused(URI endpoint, int status, JsonNode body) {
    JsonNode error = body.path("error");
    String code =
        body.path("code").isString()
            ? body.path("code").asString()
            : error.path("code").asString("HTTP_" + status);
    String message = error.isString() ? error.asString() : error.path("message").asString("");
    List<Problem> details = new ArrayList<>();
    JsonNode listed = body.has("details") ? body.path("details") : error.path("details");
    listed.forEach(
        d ->
            details.add(
                new Problem(
                    d.path("field").asString(""),
                    d.path("rule").asString(""),
                    d.path("message").asString(""))));
    return new KitException(
        KitErrors.PUBLISH_FAILED,
        "POST " + endpoint + ": " + status + " " + code + (message.isEmpty() ? "" : ": " + message),
        details);
  }

  private static JsonNode parse(String body) {
    try {
      return KitJson.MAPPER.readTree(body == null || body.isEmpty() ? "{}" : body);
    } catch (JacksonException e) {
      return KitJson.MAPPER.createObjectNode();
    }
  }
}
