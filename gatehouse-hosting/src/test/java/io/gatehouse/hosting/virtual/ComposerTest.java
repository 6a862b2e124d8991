package io.gatehouse.hosting.virtual;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.http.HttpRequest;
import io.gatehouse.http.HttpResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The composer without sockets: only the gateway's key and a caller that opens get in, {@code
 * initialize} answers without reaching any source, and a name no source's prefix starts is refused
 * before anything is sent.
 */
class ComposerTest {
  private static final JsonMapper JSON = JsonMapper.shared();
  private static final String PATH = "/_virtual/both/mcp";

  private final VirtualHosting hosting =
      new VirtualHosting(() -> URI.create("http://127.0.0.1:9"), ComposerTest::open);
  private final String key = hosting.upstreamHeaders().get(VirtualHosting.KEY_HEADER);

  /** A caller sealed as "good" (or none) opens; anything else does not. */
  private static SourceAccess.Caller open(String sealed, String route) {
    return sealed == null || sealed.equals("good") ? SourceAccess.Caller.ANONYMOUS : null;
  }

  ComposerTest() {
    hosting.configure(
        Map.of(
            "both",
            new VirtualServer(
                "both",
                List.of(VirtualSource.of("alpha", "a_"), VirtualSource.of("beta", "b_")),
                null)));
  }

  private HttpResponse post(String path, Map<String, String> sent, String body) throws Exception {
    Map<String, String> headers = new HashMap<>();
    sent.forEach((k, v) -> headers.put(k.toLowerCase(), v));
    return hosting
        .service()
        .serve(
            new HttpRequest(
                "POST",
                path,
                null,
                n ->
                    headers.containsKey(n.toLowerCase())
                        ? List.of(headers.get(n.toLowerCase()))
                        : List.of(),
                body.getBytes(StandardCharsets.UTF_8),
                null));
  }

  private static final String INIT =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\"}}";

  @Test
  void refuses_requests_without_the_key_and_callers_that_do_not_open() throws Exception {
    HttpResponse none = post(PATH, Map.of(), INIT);
    assertThat(none.status()).isEqualTo(403);
    assertThat(new String(none.body(), StandardCharsets.UTF_8)).contains("VIRTUAL_FORBIDDEN");
    HttpResponse wrong = post(PATH, Map.of(VirtualHosting.KEY_HEADER, key + "x"), INIT);
    assertThat(wrong.status()).isEqualTo(403);
    HttpResponse forged =
        post(
            PATH,
            Map.of(VirtualHosting.KEY_HEADER, key, SourceAccess.CALLER_HEADER, "forged"),
            INIT);
    assertThat(forged.status()).isEqualTo(403);
    assertThat(post("/_virtual/nope/mcp", Map.of(VirtualHosting.KEY_HEADER, key), INIT).status())
        .isEqualTo(404);
  }

  @Test
  void initialize_opens_no_source_and_names_a_session() throws Exception {
    HttpResponse r =
        post(
            PATH, Map.of(VirtualHosting.KEY_HEADER, key, SourceAccess.CALLER_HEADER, "good"), INIT);
    assertThat(r.status()).isEqualTo(200);
    // no peers: the id names no replica, so any replica (or this one restarted) serves it
    assertThat(r.header("Mcp-Session-Id")).hasSizeGreaterThan(20).doesNotContain(".");
    JsonNode result = JSON.readTree(r.body()).path("result");
    assertThat(result.path("protocolVersion").asString()).isEqualTo("2025-06-18");
    assertThat(result.path("capabilities").path("tools").path("listChanged").asBoolean()).isTrue();
    assertThat(result.path("serverInfo").path("name").asString())
        .isEqualTo("gatehouse-virtual-both");
  }

  @Test
  void a_name_without_a_sources_prefix_is_an_unknown_tool_and_notifications_are_accepted()
      throws Exception {
    Map<String, String> h = Map.of(VirtualHosting.KEY_HEADER, key, "Mcp-Session-Id", "s1");
    HttpResponse r =
        post(
            PATH,
            h,
            "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"c_x\"}}");
    JsonNode error = JSON.readTree(r.body()).path("error");
    assertThat(error.path("code").asInt()).isEqualTo(-32602);
    assertThat(error.path("message").asString()).isEqualTo("unknown tool: 'c_x'");
    assertThat(
            post(PATH, h, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
                .status())
        .isEqualTo(202);
    HttpResponse noSession =
        post(
            PATH,
            Map.of(VirtualHosting.KEY_HEADER, key),
            "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/list\"}");
    assertThat(noSession.status()).isEqualTo(400);
  }
}
