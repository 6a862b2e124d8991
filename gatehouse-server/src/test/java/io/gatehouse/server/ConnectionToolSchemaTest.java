package io.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.ScriptedUpstream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A connection's pinned {@code toolSchema} and {@code metadataUrl}: drift from the upstream's own
 * {@code tools/list} is a warning, and an upstream that lists no tools is reported with the
 * schema's.
 */
class ConnectionToolSchemaTest {
  static final String TOKEN = RunningGatehouse.ADMIN_TOKEN;
  static final String OBJECT = "{\"type\":\"object\"}";

  /** Lists {@code echo}, {@code fetch} and {@code search}, each with {@code {"type": "object"}}. */
  static ScriptedUpstream upstream;

  /** Lists no tools, as many servers do before authentication. */
  static ScriptedUpstream empty;

  static HttpServer metadata;
  static RunningGatehouse gh;

  @BeforeAll
  static void start() throws IOException {
    upstream =
        ScriptedUpstream.start(
            s ->
                s.tool("search", (c, out) -> out.result(ScriptedUpstream.text("found")))
                    .tool("fetch", (c, out) -> out.result(ScriptedUpstream.text("fetched"))));
    empty = ScriptedUpstream.start(ScriptedUpstream.Script::noTools);
    metadata = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    metadata.createContext(
        "/tools.json", ex -> answer(ex, 200, "{\"tools\":[" + tool("lookup", OBJECT) + "]}"));
    metadata.createContext("/missing.json", ex -> answer(ex, 404, ""));
    metadata.start();
    gh =
        RunningGatehouse.start(
            Files.createTempDirectory("gatehouse-toolschema"),
            "connections: {validate-timeout: 2s}\n");
  }

  @AfterAll
  static void stop() {
    gh.close();
    metadata.stop(0);
    upstream.close();
    empty.close();
  }

  static void answer(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  static String tool(String name, String inputSchema) {
    return "{\"name\":\"" + name + "\",\"inputSchema\":" + inputSchema + "}";
  }

  static String metadataUrl(String path) {
    return "http://127.0.0.1:" + metadata.getAddress().getPort() + path;
  }

  static HttpResponse<String> post(String name, String url, String extra) {
    return gh.send(
        "POST",
        "/admin/v1/connections",
        TOKEN,
        "{\"name\":\""
            + name
            + "\",\"url\":\""
            + url
            + "\",\"transport\":\"streamable-http\","
            + extra
            + "}");
  }

  static JsonNode validation(String name, String url, String extra) {
    HttpResponse<String> r = post(name, url, extra);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode v = JsonMapper.shared().readTree(r.body()).path("validation");
    assertThat(v.path("status").asString()).as(v.toString()).isEqualTo("Connected");
    return v;
  }

  @Test
  void a_pinned_schema_the_upstream_matches_gives_no_warning_and_is_shown() {
    JsonNode v =
        validation(
            "same",
            upstream.url().toString(),
            "\"toolSchema\":["
                + tool("search", OBJECT)
                + ","
                + tool("fetch", OBJECT)
                + ","
                + tool("echo", OBJECT)
                + "]");
    assertThat(v.path("warnings").isMissingNode()).as(v.toString()).isTrue();
    assertThat(v.path("toolsFrom").asString()).isEqualTo("upstream");
    JsonNode shown =
        JsonMapper.shared().readTree(gh.get("/admin/v1/connections/same", TOKEN).body());
    assertThat(shown.path("toolSchema").size()).isEqualTo(3);
    assertThat(shown.path("toolSchema").get(0).path("name").asString()).isEqualTo("search");
  }

  @Test
  void drift_from_the_pinned_schema_is_a_warning_naming_the_added_lacking_and_changed_tools() {
    JsonNode v =
        validation(
            "drift",
            upstream.url().toString(),
            "\"toolSchema\":["
                + tool("search", "{\"type\":\"object\",\"required\":[\"q\"]}")
                + ","
                + tool("delete", OBJECT)
                + "]");
    assertThat(v.path("toolsFrom").asString()).isEqualTo("upstream");
    assertThat(v.path("tools").toString()).contains("fetch").contains("search");
    assertThat(v.path("warnings").toString())
        .contains(
            "TOOLS_DIFFER: the upstream adds [echo, fetch], lacks [delete], changes [search]");
  }

  @Test
  void an_upstream_listing_no_tools_is_reported_with_the_pinned_tools() {
    JsonNode v =
        validation(
            "pinned",
            empty.url().toString(),
            "\"toolSchema\":[" + tool("lookup", OBJECT) + "," + tool("index", OBJECT) + "]");
    assertThat(v.path("toolsFrom").asString()).isEqualTo("schema");
    assertThat(v.path("toolCount").asInt()).isEqualTo(2);
    assertThat(v.path("tools").toString()).contains("lookup").contains("index");
    assertThat(v.path("warnings").isMissingNode()).as(v.toString()).isTrue();
  }

  @Test
  void a_metadata_url_is_read_at_validation() {
    JsonNode v =
        validation(
            "published",
            empty.url().toString(),
            "\"metadataUrl\":\"" + metadataUrl("/tools.json") + "\"");
    assertThat(v.path("toolsFrom").asString()).isEqualTo("metadata");
    assertThat(v.path("tools").toString()).isEqualTo("[\"lookup\"]");
    JsonNode shown =
        JsonMapper.shared().readTree(gh.get("/admin/v1/connections/published", TOKEN).body());
    assertThat(shown.path("metadataUrl").asString()).isEqualTo(metadataUrl("/tools.json"));
    // against an upstream that lists its own tools, the metadata is compared with them
    JsonNode listed =
        validation(
            "published-listed",
            upstream.url().toString(),
            "\"metadataUrl\":\"" + metadataUrl("/tools.json") + "\"");
    assertThat(listed.path("toolsFrom").asString()).isEqualTo("upstream");
    assertThat(listed.path("warnings").toString())
        .contains("adds [echo, fetch, search], lacks [lookup], changes []");
  }

  @Test
  void a_metadata_url_that_answers_404_is_a_warning_and_the_connection_stays_connected() {
    JsonNode v =
        validation(
            "unpublished",
            upstream.url().toString(),
            "\"metadataUrl\":\"" + metadataUrl("/missing.json") + "\"");
    assertThat(v.path("toolsFrom").asString()).isEqualTo("upstream");
    assertThat(v.path("tools").toString()).contains("search");
    assertThat(v.path("warnings").toString())
        .contains("TOOL_METADATA_UNREADABLE")
        .contains("/missing.json")
        .contains("404");
  }

  @Test
  void a_bad_tool_schema_is_refused_naming_the_field() {
    String[][] cases = {
      {"[" + tool("ok", OBJECT) + ",{\"name\":\"no\"}]", "toolSchema[1].inputSchema"},
      {"[" + tool("has space", OBJECT) + "]", "toolSchema[0].name"},
      {"[" + tool("twice", OBJECT) + "," + tool("twice", OBJECT) + "]", "toolSchema[1].name"},
      {"[" + tool("array", "{\"type\":\"array\"}") + "]", "toolSchema[0].inputSchema"},
      {"{}", "toolSchema"},
    };
    for (String[] c : cases) {
      HttpResponse<String> r = post("bad", upstream.url().toString(), "\"toolSchema\":" + c[0]);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
      JsonNode e = JsonMapper.shared().readTree(r.body()).path("error");
      assertThat(e.path("code").asString()).isEqualTo("INVALID_CONNECTION");
      assertThat(e.path("message").asString()).as(c[0]).startsWith(c[1] + ":");
    }
    HttpResponse<String> insecure =
        post("bad", upstream.url().toString(), "\"metadataUrl\":\"http://example.com/tools\"");
    assertThat(insecure.statusCode()).isEqualTo(400);
    assertThat(insecure.body()).contains("metadataUrl");
  }
}
