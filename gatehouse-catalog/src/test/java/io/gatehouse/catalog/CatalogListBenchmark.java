package io.gatehouse.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.store.testing.TestDatabases;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import tools.jackson.databind.node.ObjectNode;

/**
 * Measures registry list and search latency over HTTP at 10,000 servers, on SQLite (or PostgreSQL
 * with {@code -Dgatehouse.bench.store=postgres}). It asserts what is returned, never how fast: run
 * it on purpose with {@code ./mvnw -pl gatehouse-catalog -am verify -Dgatehouse.bench=true
 * -Dtest=CatalogListBenchmark -Dsurefire.failIfNoSpecifiedTests=false} and read the percentiles it
 * prints. Seeding uses {@link Registry#publishAll}, the bulk path the benchmark harness uses too.
 */
@EnabledIfSystemProperty(named = "gatehouse.bench", matches = "true")
class CatalogListBenchmark {
  static final int SERVERS = 10_000;
  static final int WARMUP = 300;
  static final int SAMPLES = 2_000;
  static final String[] WORDS = {
    "weather", "maps", "crm", "billing", "search", "files", "calendar", "tickets"
  };

  @Test
  void list_and_search_at_ten_thousand_servers() {
    boolean pg = "postgres".equals(System.getProperty("gatehouse.bench.store"));
    try (CatalogUnderTest server =
        CatalogUnderTest.start(
            pg ? TestDatabases.postgres() : TestDatabases.sqlite(), true, true)) {
      long seeded = seed(server.catalog.registry());
      System.out.printf(
          "catalog bench (%s): seeded %d servers in %d ms%n",
          pg ? "postgresql" : "sqlite", SERVERS, seeded);
      Random random = new Random(7);
      measure("list limit=100, first page", i -> server.url("/v0.1/servers?limit=100"));
      measure(
          "list limit=100, random page",
          i ->
              server.url(
                  "/v0.1/servers?limit=100&cursor="
                      + "com.example.team"
                      + random.nextInt(SERVERS)
                      + "%2Ftool:1.0.0"));
      measure(
          "list limit=100&version=latest, random page",
          i ->
              server.url(
                  "/v0.1/servers?limit=100&version=latest&cursor="
                      + "com.example.team"
                      + random.nextInt(SERVERS)
                      + "%2Ftool:1.0.0"));
      measure(
          "search limit=100 (1 in 8 match)",
          i ->
              server.url(
                  "/v0.1/servers?limit=100&version=latest&search="
                      + WORDS[random.nextInt(WORDS.length)]));
      measure(
          "search limit=100 (1 match)",
          i -> server.url("/v0.1/servers?limit=100&search=team" + random.nextInt(SERVERS) + "%2F"));
      measure(
          "versions/latest",
          i ->
              server.url(
                  "/v0.1/servers/com.example.team"
                      + random.nextInt(SERVERS)
                      + "%2Ftool/versions/latest"));
    }
  }

  private static long seed(Registry registry) {
    long start = System.nanoTime();
    for (int batch = 0; batch < SERVERS; batch += 1000) {
      int from = batch;
      List<ObjectNode> docs =
          IntStream.range(from, from + 1000)
              .mapToObj(
                  i ->
                      Docs.server(
                          "com.example.team" + i + "/tool",
                          "1.0.0",
                          "Tools for " + WORDS[i % WORDS.length] + " number " + i))
              .toList();
      registry.publishAll(docs);
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static void measure(String what, java.util.function.IntFunction<URI> url) {
    for (int i = 0; i < WARMUP; i++) {
      assertThat(Http.get(url.apply(i)).status()).isEqualTo(200);
    }
    long[] nanos = new long[SAMPLES];
    List<Integer> sizes = new ArrayList<>();
    for (int i = 0; i < SAMPLES; i++) {
      URI u = url.apply(i);
      long t = System.nanoTime();
      Http.Answer a = Http.get(u);
      nanos[i] = System.nanoTime() - t;
      assertThat(a.status()).isEqualTo(200);
      sizes.add(a.json().has("servers") ? a.json().path("servers").size() : 1);
    }
    Arrays.sort(nanos);
    System.out.printf(
        "catalog bench: %-45s p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms  (%d requests, %.0f items/page avg)%n",
        what,
        nanos[SAMPLES / 2] / 1e6,
        nanos[(int) (SAMPLES * 0.99)] / 1e6,
        nanos[SAMPLES - 1] / 1e6,
        SAMPLES,
        sizes.stream().mapToInt(Integer::intValue).average().orElse(0));
  }
}
