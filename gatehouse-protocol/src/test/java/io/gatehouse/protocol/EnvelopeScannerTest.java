package io.gatehouse.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvelopeScannerTest {

  private static JsonRpcMessage scan(String json) {
    return EnvelopeScanner.scan(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void reads_the_per_request_protocol_version_of_a_2026_request() {
    JsonRpcMessage m =
        scan(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"_meta\":"
                + "{\"io.modelcontextprotocol/clientCapabilities\":{},"
                + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}}}");
    assertThat(m.metaProtocolVersion()).isEqualTo("2026-07-28");
    assertThat(Era.of(m.metaProtocolVersion())).isEqualTo(Era.MODERN);
    assertThat(
            scan("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}").metaProtocolVersion())
        .isNull();
  }

  @Test
  void a_tool_is_named_by_params_name_and_a_resource_by_params_uri_whatever_comes_first() {
    assertThat(
            scan("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                    + "\"params\":{\"uri\":\"allowed\",\"name\":\"hidden\"}}")
                .toolName())
        .isEqualTo("hidden");
    assertThat(
            scan("{\"jsonrpc\":\"2.0\",\"id\":1,\"params\":{\"name\":\"allowed\","
                    + "\"uri\":\"file:///hidden\"},\"method\":\"resources/read\"}")
                .name())
        .isEqualTo("file:///hidden");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"a\",\"name\":\"b\"}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"a\"},\"params\":{\"name\":\"b\"}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"method\":\"tools/call\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"id\":2,\"method\":\"ping\"}"
      })
  void a_member_that_decisions_read_may_not_appear_twice(String json) {
    assertThatThrownBy(() -> scan(json))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("appears twice");
  }

  @Test
  void reads_a_tool_call_request_with_its_name_and_progress_token() {
    JsonRpcMessage m =
        scan(
            """
        {"jsonrpc":"2.0","id":7,"method":"tools/call",
         "params":{"name":"echo","arguments":{"name":"not-this","nested":[1,{"a":2}]},"_meta":{"progressToken":"p-1"}}}""");

    assertThat(m.kind()).isEqualTo(MessageKind.REQUEST);
    assertThat(m.id()).isEqualTo(JsonRpcId.of(7));
    assertThat(m.method()).isEqualTo("tools/call");
    assertThat(m.toolName()).isEqualTo("echo");
    assertThat(m.progressToken()).isEqualTo(JsonRpcId.of("p-1"));
  }

  @Test
  void keeps_string_and_numeric_ids_apart() {
    assertThat(scan("{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"method\":\"ping\"}").id())
        .isEqualTo(JsonRpcId.of("1"))
        .isNotEqualTo(JsonRpcId.of(1));
    assertThat(JsonRpcId.of("a\"b").toJson()).isEqualTo("\"a\\\"b\"");
  }

  @Test
  void reads_notifications_and_the_request_they_cancel() {
    JsonRpcMessage m =
        scan(
            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":12,\"reason\":\"x\"}}");

    assertThat(m.kind()).isEqualTo(MessageKind.NOTIFICATION);
    assertThat(m.id()).isNull();
    assertThat(m.cancelledRequestId()).isEqualTo(JsonRpcId.of(12));
  }

  @Test
  void reads_responses_and_error_responses() {
    assertThat(scan("{\"jsonrpc\":\"2.0\",\"id\":\"s-1\",\"result\":{\"content\":[]}}").kind())
        .isEqualTo(MessageKind.RESPONSE);
    JsonRpcMessage error =
        scan("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"x\"}}");
    assertThat(error.isResponse()).isTrue();
    assertThat(error.error()).isTrue();
    assertThat(error.id()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"{", "{\"jsonrpc\":\"2.0\",}", "not json", "{\"a\":1} trailing", ""})
  void rejects_malformed_json_with_parse_error(String body) {
    assertThatThrownBy(() -> scan(body))
        .isInstanceOfSatisfying(
            ProtocolException.class, e -> assertThat(e.code()).isEqualTo(-32700));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"hello\":\"world\"}",
        "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]",
        "42",
        "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":5}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":\"x\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{},\"error\":{}}",
        "{\"jsonrpc\":\"2.0\",\"result\":{}}"
      })
  void rejects_json_that_is_not_one_json_rpc_message_with_invalid_request(String body) {
    assertThatThrownBy(() -> scan(body))
        .isInstanceOfSatisfying(
            ProtocolException.class, e -> assertThat(e.code()).isEqualTo(-32600));
  }

  @Test
  void an_invalid_request_keeps_its_id_for_the_error_response() {
    assertThatThrownBy(() -> scan("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":[]}"))
        .isInstanceOfSatisfying(
            ProtocolException.class, e -> assertThat(e.id()).isEqualTo(JsonRpcId.of(9)));
  }

  @Test
  void writes_error_responses_with_key_and_hint() {
    byte[] body =
        JsonRpcErrors.response(
            JsonRpcId.of("r\"1"),
            -32001,
            "Session not found",
            "SESSION_NOT_FOUND",
            "re-initialize");

    assertThat(new String(body, StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"jsonrpc\":\"2.0\",\"id\":\"r\\\"1\",\"error\":{\"code\":-32001,\"message\":\"Session not found\","
                + "\"data\":{\"key\":\"SESSION_NOT_FOUND\",\"hint\":\"re-initialize\"}}}");
    assertThat(scan(new String(body, StandardCharsets.UTF_8)).error()).isTrue();
  }
}
