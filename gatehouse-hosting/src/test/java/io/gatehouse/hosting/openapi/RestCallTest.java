package io.gatehouse.hosting.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.gatehouse.core.Secret;
import io.gatehouse.core.net.Egress;
import io.gatehouse.http.HttpRequest;
import io.gatehouse.http.HttpResponse;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP request a tool call becomes, as a real server on 127.0.0.1 and port 0 receives it: the
 * path segment encoded, query arrays repeated, headers set and forwarded, the body as JSON.
 */
class RestCallTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private HttpServer server;
  private final AtomicReference<String> seen = new AtomicReference<>();
  private final OpenApiHosting hosting = new OpenApiHosting(Egress.defaults());
  private final String key = hosting.upstreamHeaders().get(OpenApiHosting.KEY_HEADER);

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          seen.set(
              ex.getRequestMethod()
                  + " "
                  + ex.getRequestURI().getRawPath()
                  + "?"
                  + ex.getRequestURI().getRawQuery()
                  + " trace="
                  + ex.getRequestHeaders().getFirst("X-Trace")
                  + " tenant="
                  + ex.getRequestHeaders().getFirst("X-Tenant")
                  + " key="
                  + ex.getRequestHeaders().getFirst("X-Key")
                  + " fixed="
                  + ex.getRequestHeaders().getFirst("X-Fixed")
                  + " type="
                  + ex.getRequestHeaders().getFirst("Content-Type")
                  + " body="
                  + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          byte[] out = "[1,2]".getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(200, out.length);
          ex.getResponseBody().write(out);
          ex.close();
        });
    server.start();
    hosting.load(
        OpenApiRoute.of("echo", OpenApiToolsTest.resource("echo.yaml"))
            .withBaseUrl(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/"))
            .withHeaders(Map.of("X-Fixed", Secret.of("f1")), Set.of("X-Tenant")));
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private JsonNode call(String arguments, Map<String, String> headers) throws Exception {
    return call(arguments, headers, null);
  }

  private JsonNode call(String arguments, Map<String, String> headers, String query)
      throws Exception {
    Map<String, String> all = new java.util.HashMap<>(headers);
    all.put(OpenApiHosting.KEY_HEADER, key);
    HttpResponse r =
        hosting
            .service()
            .serve(
                new HttpRequest(
                    "POST",
                    "/_hosted-openapi/echo/mcp",
                    query,
                    n ->
                        all.entrySet().stream()
                            .filter(e -> e.getKey().equalsIgnoreCase(n))
                            .map(Map.Entry::getValue)
                            .toList(),
                    ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":"
                            + "{\"name\":\"putFile\",\"arguments\":"
                            + arguments
                            + "}}")
                        .getBytes(StandardCharsets.UTF_8),
                    null));
    return JSON.readTree(r.body());
  }

  @Test
  void a_call_becomes_the_request_its_operation_describes() throws Exception {
    JsonNode r =
        call(
            "{\"name\":\"a b/c ✓\",\"tag\":[\"x\",\"y&z\"],\"X-Trace\":\"t-1\",\"size\":3}",
            Map.of("X-Tenant", "acme", "X-Other", "not forwarded"));
    assertThat(seen.get())
        .isEqualTo(
            "POST /v1/files/a%20b%2Fc%20%E2%9C%93?tag=x&tag=y%26z trace=t-1 tenant=acme key=null fixed=f1"
                + " type=application/json body={\"size\":3}");
    assertThat(r.path("result").path("structuredContent").path("result").toString())
        .isEqualTo("[1,2]");
    assertThat(r.path("result").path("content").path(0).path("text").asString()).isEqualTo("[1,2]");
  }

  @Test
  void a_connection_credential_in_headers_or_the_query_is_passed_on_once_named() throws Exception {
    call("{\"name\":\"n\"}", Map.of("X-Key", "k1"), "code=c%201&other=o");
    assertThat(seen.get()).startsWith("POST /v1/files/n?null ").contains(" key=null ");
    hosting.forward("echo", Set.of("X-Key"), Set.of("code"));
    call("{\"name\":\"n\",\"tag\":[\"t\"]}", Map.of("X-Key", "k1"), "code=c%201&other=o");
    assertThat(seen.get()).startsWith("POST /v1/files/n?tag=t&code=c+1 ").contains(" key=k1 ");
    assertThat(seen.get()).doesNotContain("other");
  }

  @Test
  void a_segment_of_dots_cannot_walk_up_the_path() throws Exception {
    call("{\"name\":\"..\"}", Map.of());
    assertThat(seen.get()).startsWith("POST /v1/files/%2E%2E?null ");
  }

  @Test
  void a_header_value_with_a_line_break_is_invalid_params_and_nothing_is_sent() throws Exception {
    JsonNode r = call("{\"name\":\"n\",\"X-Trace\":\"a\\r\\nX-Evil: 1\"}", Map.of());
    assertThat(r.path("error").path("code").asInt()).as(r.toString()).isEqualTo(-32602);
    assertThat(seen.get()).isNull();
  }

  @Test
  void an_api_that_cannot_be_reached_is_an_error_result() throws Exception {
    server.stop(0);
    JsonNode r = call("{\"name\":\"n\"}", Map.of());
    assertThat(r.path("result").path("isError").asBoolean()).isTrue();
    assertThat(r.path("result").path("content").path(0).path("text").asString())
        .contains("UPSTREAM_UNAVAILABLE");
  }
}
