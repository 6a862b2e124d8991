package io.gatehouse.hosting.openapi;

import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.net.Egress;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads an OpenAPI document from a file or an http(s) URL, JSON or YAML. A URL's host must pass the
 * egress rules before anything is sent to it.
 */
final class SpecLoader {
  static final int MAX_BYTES = 8 * 1024 * 1024;
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  private final Egress egress;
  private final HttpClient client;

  SpecLoader(Egress egress, HttpClient client) {
    this.egress = egress;
    this.client = client;
  }

  JsonNode load(String spec) {
    String text =
        spec.startsWith("http://") || spec.startsWith("https://") ? fetch(spec) : read(spec);
    JsonNode doc = parse(spec, text);
    String version = doc.path("openapi").asString("");
    if (!version.startsWith("3.0") && !version.startsWith("3.1")) {
      throw invalid(
          spec + ": openapi: '" + version + "' (expected: an OpenAPI 3.0 or 3.1 document)");
    }
    if (!doc.path("paths").isObject()) {
      throw invalid(spec + ": paths: missing (expected: a mapping of paths to operations)");
    }
    return doc;
  }

  private String read(String spec) {
    Path file = Path.of(spec);
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw invalid(spec + ": larger than " + MAX_BYTES + " bytes");
      }
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw invalid(spec + ": cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  private String fetch(String spec) {
    URI url;
    try {
      url = URI.create(spec);
    } catch (IllegalArgumentException e) {
      throw invalid("'" + spec + "' is not a URL");
    }
    if (url.getHost() == null) {
      throw invalid("'" + spec + "' has no host");
    }
    try {
      egress.resolve(url.getHost());
      HttpResponse<byte[]> r =
          client.send(
              HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).GET().build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200) {
        throw invalid(spec + ": answered HTTP " + r.statusCode() + " (expected: 200)");
      }
      if (r.body().length > MAX_BYTES) {
        throw invalid(spec + ": larger than " + MAX_BYTES + " bytes");
      }
      return new String(r.body(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw invalid(spec + ": cannot be fetched (" + e.getClass().getSimpleName() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw invalid(spec + ": fetch interrupted");
    }
  }

  private static JsonNode parse(String spec, String text) {
    try {
      JsonNode doc =
          text.stripLeading().startsWith("{") ? JSON.readTree(text) : YAML.readTree(text);
      if (doc == null || !doc.isObject()) {
        throw invalid(spec + ": not a JSON or YAML mapping");
      }
      return doc;
    } catch (JacksonException e) {
      throw invalid(spec + ": not valid JSON or YAML (" + e.getOriginalMessage() + ")");
    }
  }

  static GatehouseException invalid(String message) {
    return new GatehouseException(OpenApiErrors.SPEC_INVALID, message);
  }
}
