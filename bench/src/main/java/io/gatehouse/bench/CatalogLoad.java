package io.gatehouse.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Times the registry API's list and search (docs/catalog.md) against a running Gatehouse seeded by
 * {@link CatalogSeed}: sequential GETs over one HTTP/1.1 client, so each figure is the latency of
 * one request with nothing queued behind it. It pages through the catalog once first, to learn real
 * cursors and names, then measures each case after a warm-up and appends one {@link Measurement}
 * per case.
 *
 * <p>Usage: {@code CatalogLoad --base-url http://127.0.0.1:PORT [--requests N] [--round R] --out
 * FILE [--token T]}.
 */
public final class CatalogLoad {
  static final int WARMUP = 200;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * One request to send and a string its body must hold, so an empty or wrong page counts as an
   * error.
   */
  record Probe(URI uri, String expect) {}

  /** A named stream of probes. */
  record Case(String name, Supplier<Probe> next) {}

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String baseUrl;
  private final String token;

  CatalogLoad(String baseUrl, String token) {
    this.baseUrl = baseUrl.replaceAll("/+$", "");
    this.token = token;
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    Map<String, String> o = Bench.options(args, "base-url", "requests", "round", "out", "token");
    if (!o.containsKey("base-url") || !o.containsKey("out")) {
      throw new IllegalArgumentException("--base-url and --out are required");
    }
    int requests = Integer.parseInt(o.getOrDefault("requests", "2000"));
    int round = Integer.parseInt(o.getOrDefault("round", "1"));
    CatalogLoad load = new CatalogLoad(o.get("base-url"), o.get("token"));
    for (Case c : load.cases(new Random(round))) {
      Measurement m = load.measure(c, requests, round);
      m.appendTo(Path.of(o.get("out")));
      System.out.println(m.summary());
    }
  }

  /** The six cases, over cursors and names read from the server itself. */
  List<Case> cases(Random random) throws IOException, InterruptedException {
    List<String> cursors = new ArrayList<>();
    List<String> names = new ArrayList<>();
    crawl(cursors, names);
    System.out.printf(
        "catalog: %d servers, %d cursors at limit=100%n", names.size(), cursors.size());
    String any = CatalogSeed.NAMESPACE + "/";
    return List.of(
        new Case("list-first", () -> probe("/v0.1/servers?limit=100", any)),
        new Case(
            "list-cursor",
            () -> probe("/v0.1/servers?limit=100&cursor=" + pick(cursors, random), any)),
        new Case(
            "list-latest-cursor",
            () ->
                probe(
                    "/v0.1/servers?limit=100&version=latest&cursor=" + pick(cursors, random), any)),
        new Case(
            "search-common",
            () ->
                probe(
                    "/v0.1/servers?search=" + CatalogSeed.COMMON_WORD + "&limit=100",
                    CatalogSeed.COMMON_WORD)),
        new Case(
            "search-unique",
            () ->
                probe(
                    "/v0.1/servers?search=" + CatalogSeed.UNIQUE_WORD + "&limit=100",
                    CatalogSeed.UNIQUE_WORD)),
        new Case(
            "latest-version",
            () -> {
              String name = names.get(random.nextInt(names.size()));
              return probe("/v0.1/servers/" + encode(name) + "/versions/latest", name);
            }));
  }

  /** Pages through the whole list once, following {@code metadata.nextCursor} to its end. */
  private void crawl(List<String> cursors, List<String> names)
      throws IOException, InterruptedException {
    String cursor = null;
    do {
      URI uri =
          URI.create(
              baseUrl
                  + "/v0.1/servers?limit=100"
                  + (cursor == null ? "" : "&cursor=" + encode(cursor)));
      HttpResponse<String> r = http.send(request(uri), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IOException("GET " + uri + ": " + r.statusCode() + " " + r.body());
      }
      JsonNode page = JSON.readTree(r.body());
      page.path("servers").forEach(s -> names.add(s.path("server").path("name").stringValue()));
      JsonNode next = page.path("metadata").path("nextCursor");
      cursor = next.isString() ? next.stringValue() : null;
      if (cursor != null) {
        cursors.add(cursor);
      }
    } while (cursor != null);
    if (names.isEmpty() || cursors.isEmpty()) {
      throw new IOException(
          "the catalog at "
              + baseUrl
              + " has "
              + names.size()
              + " servers in one page: seed it with CatalogSeed and 'gatehouse catalog import' first");
    }
  }

  /**
   * Warms up, then sends {@code requests} probes one after another, recording successes in
   * microseconds.
   */
  Measurement measure(Case c, int requests, int round) throws InterruptedException {
    Histogram micros = new Histogram(60_000_000L, 3);
    for (int i = 0; i < WARMUP; i++) {
      send(c.next().get());
    }
    long errors = 0;
    long start = System.nanoTime();
    for (int i = 0; i < requests; i++) {
      Probe p = c.next().get();
      long t = System.nanoTime();
      String failure = send(p);
      long elapsed = (System.nanoTime() - t) / 1_000;
      if (failure == null) {
        micros.recordValue(Math.min(elapsed, micros.getHighestTrackableValue()));
      } else if (errors++ == 0) {
        System.err.println("catalog-" + c.name() + ": " + failure);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return Measurement.of("catalog-" + c.name(), "gateway", round, micros, seconds, errors);
  }

  /**
   * Sends one probe; answers null when it was a 200 whose body holds what was expected, else why
   * not.
   */
  private String send(Probe p) throws InterruptedException {
    try {
      HttpResponse<String> r = http.send(request(p.uri()), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200 || !r.body().contains(p.expect())) {
        return "GET "
            + p.uri()
            + ": "
            + r.statusCode()
            + " without '"
            + p.expect()
            + "': "
            + r.body().substring(0, Math.min(200, r.body().length()));
      }
      return null;
    } catch (IOException e) {
      return "GET " + p.uri() + ": " + e;
    }
  }

  private HttpRequest request(URI uri) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .header("Accept", "application/json");
    return (token == null ? b : b.header("Authorization", "Bearer " + token)).GET().build();
  }

  private Probe probe(String pathAndQuery, String expect) {
    return new Probe(URI.create(baseUrl + pathAndQuery), expect);
  }

  private static String pick(List<String> cursors, Random random) {
    return encode(cursors.get(random.nextInt(cursors.size())));
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
