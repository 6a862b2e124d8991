package io.gatehouse.server;

import static io.gatehouse.testkit.McpWire.post;
import static io.gatehouse.testkit.McpWire.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.McpWire;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * OpenAPI routes in a running server: served at {@code /mcp/{route}} from the document, changed by
 * a reload, kept when a reload brings a document that cannot be used, and a start refused for one.
 */
class OpenApiRoutesTest {
  @TempDir Path dir;

  private static final String DOC =
      "openapi: 3.1.0\n"
          + "info: {title: Tiny, version: '1'}\n"
          + "servers: [{url: 'http://127.0.0.1:9'}]\n"
          + "paths:\n"
          + "  /a: {get: {operationId: getA, tags: [one], responses: {'200': {description: ok}}}}\n"
          + "  /b: {get: {operationId: getB, tags: [two], responses: {'200': {description: ok}}}}\n";

  private static String route(Path spec, String extra) {
    return "routes:\n  - name: tiny\n    upstream: {transport: openapi, spec: '"
        + spec
        + "'"
        + extra
        + "}\n";
  }

  private static List<String> tools(URI route) {
    String session = McpWire.open(route);
    HttpResponse<String> r =
        send(post(route, session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}"));
    List<String> names = new ArrayList<>();
    JsonMapper.shared()
        .readTree(McpWire.answer(r))
        .path("result")
        .path("tools")
        .forEach(t -> names.add(t.path("name").asString()));
    return names;
  }

  @Test
  void a_reload_changes_the_tools_and_a_bad_document_on_reload_keeps_them() throws Exception {
    Path spec = Files.writeString(dir.resolve("tiny.yaml"), DOC);
    Path broken = Files.writeString(dir.resolve("broken.yaml"), "openapi: 2.0\n");
    try (RunningGatehouse gh =
        RunningGatehouse.start(Files.createDirectories(dir.resolve("gh")), route(spec, ""))) {
      assertThat(tools(gh.route("tiny"))).containsExactly("getA", "getB");

      gh.rewriteConfig(route(spec, ", include: {tags: [two]}"));
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> tools(gh.route("tiny")).equals(List.of("getB")));

      gh.rewriteConfig(route(broken, ""));
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  gh.server().lastReload() != null
                      && !gh.server().lastReload().applied()
                      && gh.server().lastReload().message().contains("broken.yaml"));
      assertThat(gh.server().lastReload().message())
          .contains("route 'tiny'")
          .contains("OPENAPI_SPEC_INVALID");
      assertThat(tools(gh.route("tiny"))).containsExactly("getB");
    }
  }

  @Test
  void a_start_with_a_document_that_cannot_be_used_is_refused_naming_the_route() throws Exception {
    Path gh = Files.createDirectories(dir.resolve("gh"));
    assertThatThrownBy(
            () -> RunningGatehouse.start(gh, route(dir.resolve("missing.yaml"), "")).close())
        .hasMessageContaining("route 'tiny'")
        .hasMessageContaining("missing.yaml: cannot be read (NoSuchFileException)");
  }
}
