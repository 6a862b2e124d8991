package io.gatehouse.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.Principal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ToolAccessTest {
  static final NameRules RULES =
      NameRules.of(
          new NameRules.Lists(List.of(new Glob("get-*")), List.of(new Glob("get-secret"))),
          Map.of(),
          Map.of());

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void a_list_answer_loses_hidden_items_and_keeps_everything_else() {
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"tools\":["
            + "{\"name\":\"get-weather\",\"inputSchema\":{\"type\":\"object\"}},"
            + "{\"name\":\"get-secret\"},{\"name\":\"delete-all\"}],\"nextCursor\":\"c2\"}}";
    byte[] out = ToolAccess.filter(bytes(body), ToolAccess.Kind.TOOLS, RULES, null, null);
    JsonNode n = JsonMapper.shared().readTree(out);
    assertThat(n.path("result").path("tools")).hasSize(1);
    assertThat(n.path("result").path("tools").get(0).path("name").asString())
        .isEqualTo("get-weather");
    assertThat(n.path("result").path("tools").get(0).path("inputSchema").path("type").asString())
        .isEqualTo("object");
    assertThat(n.path("result").path("nextCursor").asString()).isEqualTo("c2");
    assertThat(n.path("id").asInt()).isEqualTo(7);
  }

  @Test
  void an_unreadable_list_answer_becomes_an_error_for_the_same_id() {
    byte[] out =
        ToolAccess.filter(
            bytes("{\"jsonrpc\":\"2.0\",\"id\":4,\"result\":{\"tools\":[{\"name\":"),
            ToolAccess.Kind.TOOLS,
            RULES,
            null,
            io.gatehouse.protocol.JsonRpcId.of(4));
    JsonNode n = JsonMapper.shared().readTree(out);
    assertThat(n.path("id").asInt()).isEqualTo(4);
    assertThat(n.path("error").path("data").path("key").asString())
        .isEqualTo("UPSTREAM_PROTOCOL_ERROR");
    assertThat(n.has("result")).isFalse();
  }

  @Test
  void nothing_hidden_returns_the_same_bytes() {
    byte[] body =
        bytes("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tools\":[{\"name\":\"get-a\"}]}}");
    assertThat(ToolAccess.filter(body, ToolAccess.Kind.TOOLS, RULES, null, null)).isSameAs(body);
  }

  @Test
  void resources_and_templates_are_filtered_by_uri() {
    NameRules r =
        NameRules.of(
            new NameRules.Lists(List.of(new Glob("file:///public/*")), List.of()),
            Map.of(),
            Map.of());
    String list =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"resources\":[{\"uri\":\"file:///public/a\"},"
            + "{\"uri\":\"file:///private/b\"}]}}";
    assertThat(
            new String(
                ToolAccess.filter(bytes(list), ToolAccess.Kind.RESOURCES, r, null, null),
                StandardCharsets.UTF_8))
        .contains("public/a")
        .doesNotContain("private");
    String templates =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"resourceTemplates\":[{\"uriTemplate\":\"file:///public/{p}\"},"
            + "{\"uriTemplate\":\"file:///private/{p}\"}]}}";
    assertThat(
            new String(
                ToolAccess.filter(bytes(templates), ToolAccess.Kind.TEMPLATES, r, null, null),
                StandardCharsets.UTF_8))
        .contains("public/{p}")
        .doesNotContain("private");
  }

  @Test
  void the_caller_decides_which_consumer_lists_apply() {
    NameRules r =
        NameRules.of(
            NameRules.Lists.EMPTY,
            Map.of("ops", new NameRules.Lists(List.of(new Glob("*")), List.of())),
            Map.of());
    String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"prompts\":[{\"name\":\"p\"}]}}";
    Principal ops =
        new Principal("ops", Principal.Kind.APPLICATION, null, Set.of(), Set.of(), "api-key");
    assertThat(ToolAccess.filter(bytes(body), ToolAccess.Kind.PROMPTS, r, ops, null))
        .isEqualTo(bytes(body));
    assertThat(
            new String(
                ToolAccess.filter(bytes(body), ToolAccess.Kind.PROMPTS, r, null, null),
                StandardCharsets.UTF_8))
        .contains("\"prompts\":[]");
  }

  static io.gatehouse.gateway.McpExchange exchange(
      io.gatehouse.gateway.McpExchange.Entry entry, String body) {
    io.gatehouse.gateway.RouteDefinition route =
        io.gatehouse.gateway.RouteDefinition.of(
            "r",
            io.gatehouse.gateway.UpstreamDefinition.of(
                java.net.URI.create("http://127.0.0.1:9/mcp"),
                io.gatehouse.gateway.UpstreamTransport.STREAMABLE_HTTP));
    io.gatehouse.gateway.McpExchange.Builder b =
        io.gatehouse.gateway.McpExchange.builder(route, entry);
    if (body != null) {
      b.message(io.gatehouse.protocol.EnvelopeScanner.scan(bytes(body)), bytes(body));
    }
    return b.build();
  }

  @Test
  void a_notification_naming_a_hidden_tool_is_refused_too() {
    ToolAccess access = new ToolAccess(RULES, NameRules.OPEN, NameRules.OPEN);
    io.gatehouse.gateway.Verdict v =
        access.onMessage(
            exchange(
                io.gatehouse.gateway.McpExchange.Entry.MESSAGE,
                "{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"name\":\"delete-all\"}}"));
    assertThat(v).isInstanceOf(io.gatehouse.gateway.Verdict.Refuse.class);
  }

  @Test
  void completion_naming_a_hidden_prompt_or_resource_is_refused() {
    NameRules prompts =
        NameRules.of(
            new NameRules.Lists(List.of(new Glob("summarize")), List.of()), Map.of(), Map.of());
    NameRules resources =
        NameRules.of(
            new NameRules.Lists(List.of(), List.of(new Glob("file:///secret/*"))),
            Map.of(),
            Map.of());
    ToolAccess access = new ToolAccess(NameRules.OPEN, prompts, resources);
    String prompt =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"completion/complete\",\"params\":{\"ref\":"
            + "{\"type\":\"ref/prompt\",\"name\":\"%s\"},\"argument\":{\"name\":\"a\",\"value\":\"\"}}}";
    String resource =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"completion/complete\",\"params\":{\"ref\":"
            + "{\"type\":\"ref/resource\",\"uri\":\"%s\"},\"argument\":{\"name\":\"a\",\"value\":\"\"}}}";
    io.gatehouse.gateway.McpExchange.Entry e = io.gatehouse.gateway.McpExchange.Entry.MESSAGE;
    assertThat(access.onMessage(exchange(e, prompt.formatted("summarize"))))
        .isSameAs(io.gatehouse.gateway.Verdict.PROCEED);
    assertThat(access.onMessage(exchange(e, prompt.formatted("leak-secrets"))))
        .isInstanceOf(io.gatehouse.gateway.Verdict.Refuse.class);
    assertThat(access.onMessage(exchange(e, resource.formatted("file:///public/{name}"))))
        .isSameAs(io.gatehouse.gateway.Verdict.PROCEED);
    assertThat(access.onMessage(exchange(e, resource.formatted("file:///secret/{name}"))))
        .isInstanceOf(io.gatehouse.gateway.Verdict.Refuse.class);
    // a repeated name cannot smuggle a hidden prompt past the check
    String twice =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"completion/complete\",\"params\":{\"ref\":"
            + "{\"type\":\"ref/prompt\",\"name\":\"summarize\",\"name\":\"leak-secrets\"}}}";
    assertThat(access.onMessage(exchange(e, twice)))
        .isInstanceOf(io.gatehouse.gateway.Verdict.Refuse.class);
    assertThat(
            access.onMessage(
                exchange(
                    e,
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"completion/complete\",\"params\":{}}")))
        .isInstanceOf(io.gatehouse.gateway.Verdict.Refuse.class);
    // with no prompt or resource rules, completion is not read at all
    assertThat(
            new ToolAccess(NameRules.OPEN, NameRules.OPEN, NameRules.OPEN)
                .onMessage(exchange(e, prompt.formatted("anything"))))
        .isSameAs(io.gatehouse.gateway.Verdict.PROCEED);
  }

  @Test
  void on_a_stream_every_list_answer_is_filtered_whatever_it_answers() {
    ToolAccess access = new ToolAccess(RULES, NameRules.OPEN, NameRules.OPEN);
    io.gatehouse.gateway.McpExchange stream =
        exchange(io.gatehouse.gateway.McpExchange.Entry.STREAM, null);
    assertThat(access.readsResponses(stream)).isTrue();
    String answer =
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"tools\":[{\"name\":\"get-a\"},{\"name\":\"delete-all\"}]}}";
    byte[] out =
        access.onResponse(
            stream, io.gatehouse.protocol.EnvelopeScanner.scan(bytes(answer)), bytes(answer));
    assertThat(new String(out, StandardCharsets.UTF_8))
        .contains("get-a")
        .doesNotContain("delete-all");
    assertThat(
            access.readsResponses(
                exchange(
                    io.gatehouse.gateway.McpExchange.Entry.MESSAGE,
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"get-a\"}}")))
        .isFalse();
  }
}
