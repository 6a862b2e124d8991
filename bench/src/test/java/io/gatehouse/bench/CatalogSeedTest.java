package io.gatehouse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CatalogSeedTest {
  static final int COUNT = 50;
  static JsonNode document;
  static List<JsonNode> servers = new ArrayList<>();

  @BeforeAll
  static void seed(@TempDir Path dir) {
    Path file = dir.resolve("catalog.json");
    CatalogSeed.main(new String[] {"--count", String.valueOf(COUNT), "--out", file.toString()});
    document = JsonMapper.builder().build().readTree(file.toFile());
    document.path("servers").forEach(s -> servers.add(s.path("server")));
  }

  @Test
  void writes_a_catalog_document_of_version_1_with_only_servers() {
    assertThat(document.path("gatehouse-catalog").asInt()).isEqualTo(1);
    assertThat(document.propertyNames()).containsExactlyInAnyOrder("gatehouse-catalog", "servers");
    assertThat(document.path("servers"))
        .allSatisfy(s -> assertThat(s.propertyNames()).containsExactly("server"));
  }

  @Test
  void names_fifty_distinct_reverse_dns_servers_each_with_one_version() {
    List<String> names = servers.stream().map(s -> s.path("name").stringValue()).toList();
    assertThat(names)
        .hasSize(COUNT)
        .doesNotHaveDuplicates()
        .allMatch(n -> n.matches("io\\.gatehouse\\.bench/server-\\d{5}"))
        .contains("io.gatehouse.bench/server-00042");
    assertThat(servers)
        .allSatisfy(s -> assertThat(s.path("version").stringValue()).isEqualTo("1.0.0"));
  }

  @Test
  void gives_each_server_a_streamable_http_remote_and_a_registry_sized_description() {
    assertThat(servers)
        .allSatisfy(
            s -> {
              assertThat(s.path("remotes")).hasSize(1);
              assertThat(s.path("remotes").get(0).path("type").stringValue())
                  .isEqualTo("streamable-http");
              assertThat(s.path("remotes").get(0).path("url").stringValue()).startsWith("https://");
              assertThat(s.path("description").stringValue()).hasSizeBetween(1, 100);
            });
  }

  @Test
  void puts_the_common_word_in_one_description_in_eight_and_the_unique_word_in_one() {
    assertThat(servers.stream().filter(s -> describes(s, CatalogSeed.COMMON_WORD)))
        .hasSize((COUNT + 7) / 8);
    assertThat(servers.stream().filter(s -> describes(s, CatalogSeed.UNIQUE_WORD))).hasSize(1);
  }

  private static boolean describes(JsonNode server, String word) {
    return (server.path("name").stringValue() + " " + server.path("description").stringValue())
        .toLowerCase()
        .contains(word);
  }
}
