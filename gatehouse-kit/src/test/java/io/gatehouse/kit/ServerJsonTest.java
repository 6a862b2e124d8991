package io.gatehouse.kit;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.catalog.ServerJsonValidator;
import io.gatehouse.catalog.Validation;
import io.gatehouse.kit.KitServerTest.Nothing;
import java.net.URI;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ServerJsonTest {

  static KitServer.Definition definition() {
    return McpKit.server("greeter", "1.2.0-rc.1")
        .registryName("io.example/greeter")
        .description("Greets people")
        .tool("greet", "Greets someone", Nothing.class, n -> "hello")
        .tools(new KitServerTest.MathTools())
        .keyHeader("X-Greeter-Key")
        .definition();
  }

  @Test
  void the_document_passes_the_catalogs_server_json_rules() {
    JsonNode doc = ServerJson.of(definition(), URI.create("http://127.0.0.1:3001/mcp"));

    Validation v = ServerJsonValidator.validate(doc);

    assertThat(v.errors()).isEmpty();
    assertThat(v.warnings())
        .as("a private catalog relaxes these public-registry rules")
        .allSatisfy(w -> assertThat(w.rule()).isIn("url-not-https", "private-host"));
  }

  @Test
  void it_names_the_server_its_version_its_remote_with_the_key_header_and_its_tools() {
    JsonNode doc = ServerJson.of(definition(), URI.create("https://greeter.example.com/mcp"));

    assertThat(doc.path("name").asString()).isEqualTo("io.example/greeter");
    assertThat(doc.path("version").asString()).isEqualTo("1.2.0-rc.1");
    assertThat(doc.path("description").asString()).isEqualTo("Greets people");
    JsonNode remote = doc.path("remotes").path(0);
    assertThat(remote.path("type").asString()).isEqualTo("streamable-http");
    assertThat(remote.path("url").asString()).isEqualTo("https://greeter.example.com/mcp");
    assertThat(remote.path("headers").path(0).path("name").asString()).isEqualTo("X-Greeter-Key");
    assertThat(remote.path("headers").path(0).path("isSecret").asBoolean()).isTrue();
    assertThat(
            doc.path("_meta")
                .path("io.modelcontextprotocol.registry/publisher-provided")
                .path(ServerJson.META_KEY)
                .path("tools")
                .findValuesAsString("name"))
        .containsExactly("greet", "crash", "refuse", "sum");
    assertThat(ServerJsonValidator.validate(doc).warnings()).isEmpty();
  }

  @Test
  void the_build_version_comes_from_a_build_properties_beside_the_class() {
    assertThat(BuildVersion.of(ServerJsonTest.class)).isEqualTo("9.8.7-test");
  }
}
