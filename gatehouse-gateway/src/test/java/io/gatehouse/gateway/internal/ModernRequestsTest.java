package io.gatehouse.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.protocol.EnvelopeScanner;
import io.gatehouse.protocol.Era;
import io.gatehouse.protocol.JsonRpcMessage;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModernRequestsTest {
  private static final List<String> SUPPORTED = List.of("2026-07-28");

  private static JsonRpcMessage message(String method, String params) {
    return EnvelopeScanner.scan(
        ("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"" + method + "\",\"params\":" + params + "}")
            .getBytes(StandardCharsets.UTF_8));
  }

  private static String meta(String version) {
    return "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"" + version + "\"}";
  }

  private static HttpHeaders headers(String... pairs) {
    // as the wire decoder hands them over: values with the whitespace around them kept
    HttpHeaders h = DefaultHttpHeadersFactory.headersFactory().withValidation(false).newHeaders();
    for (int i = 0; i < pairs.length; i += 2) {
      h.add(pairs[i], pairs[i + 1]);
    }
    return h;
  }

  @Test
  void a_2026_header_or_meta_without_a_session_is_modern() {
    JsonRpcMessage m = message("tools/list", "{" + meta("2026-07-28") + "}");
    assertThat(ModernRequests.classify(headers("MCP-Protocol-Version", "2026-07-28"), m, SUPPORTED))
        .isEqualTo(Era.MODERN);
    assertThat(
            ModernRequests.classify(
                headers("MCP-Protocol-Version", "2026-07-28"),
                message("tools/list", "{}"),
                SUPPORTED))
        .isEqualTo(Era.MODERN);
  }

  @Test
  void session_era_requests_stay_legacy() {
    JsonRpcMessage init =
        message(
            "initialize",
            "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"c\",\"version\":\"1\"}}");
    assertThat(ModernRequests.classify(headers(), init, SUPPORTED)).isEqualTo(Era.LEGACY);
    assertThat(
            ModernRequests.classify(
                headers("MCP-Protocol-Version", "2025-11-25", "Mcp-Session-Id", "s"),
                message("tools/list", "{}"),
                SUPPORTED))
        .isEqualTo(Era.LEGACY);
    assertThat(
            ModernRequests.classify(
                headers("MCP-Protocol-Version", "2026-07-28", "Mcp-Session-Id", "s"),
                message("tools/list", "{}"),
                SUPPORTED))
        .as("a session id means the session era, whatever the version says")
        .isEqualTo(Era.LEGACY);
  }

  @Test
  void header_and_meta_that_disagree_are_a_header_mismatch() {
    JsonRpcMessage m = message("tools/list", "{" + meta("v999.0.0") + "}");
    assertThatThrownBy(
            () ->
                ModernRequests.classify(
                    headers("MCP-Protocol-Version", "2026-07-28"), m, SUPPORTED))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.error()).isEqualTo(GatewayErrors.HEADER_MISMATCH);
              assertThat(e.error().rpcCode()).isEqualTo(-32020);
              assertThat(e.error().httpStatus()).isEqualTo(400);
              assertThat(e.id().text()).isEqualTo("3");
            });
    assertThatThrownBy(
            () ->
                ModernRequests.classify(
                    headers(), message("tools/list", "{" + meta("2026-07-28") + "}"), SUPPORTED))
        .hasMessageContaining("MCP-Protocol-Version is missing");
  }

  @Test
  void an_unknown_version_with_a_per_request_version_is_32022_naming_what_is_supported() {
    JsonRpcMessage m = message("server/discover", "{" + meta("v999.0.0") + "}");
    assertThatThrownBy(
            () ->
                ModernRequests.classify(headers("MCP-Protocol-Version", "v999.0.0"), m, SUPPORTED))
        .isInstanceOfSatisfying(
            ModernRequests.UnknownVersion.class,
            e -> {
              assertThat(e.error().rpcCode()).isEqualTo(-32022);
              assertThat(e.requested).isEqualTo("v999.0.0");
              assertThat(e.supported).containsExactly("2026-07-28");
            });
  }

  @Test
  void mcp_method_must_be_present_and_equal_to_the_body() {
    JsonRpcMessage m = message("tools/list", "{}");
    ModernRequests.checkHeaders(headers("mcp-method", " tools/list "), m);
    assertThatThrownBy(() -> ModernRequests.checkHeaders(headers(), m))
        .hasMessageContaining("Mcp-Method header is missing");
    assertThatThrownBy(() -> ModernRequests.checkHeaders(headers("Mcp-Method", "prompts/list"), m))
        .hasMessageContaining("'prompts/list'");
    assertThatThrownBy(() -> ModernRequests.checkHeaders(headers("Mcp-Method", "TOOLS/LIST"), m))
        .as("method values are case-sensitive")
        .isInstanceOf(GatewayException.class);
  }

  @Test
  void mcp_name_is_required_for_named_targets_and_must_match() {
    JsonRpcMessage call = message("tools/call", "{\"name\":\"echo\",\"arguments\":{}}");
    ModernRequests.checkHeaders(headers("Mcp-Method", "tools/call", "Mcp-Name", "  echo  "), call);
    assertThatThrownBy(() -> ModernRequests.checkHeaders(headers("Mcp-Method", "tools/call"), call))
        .hasMessageContaining("Mcp-Name header is missing");
    assertThatThrownBy(
            () ->
                ModernRequests.checkHeaders(
                    headers("Mcp-Method", "tools/call", "Mcp-Name", "other"), call))
        .hasMessageContaining("'other'");
    JsonRpcMessage read = message("resources/read", "{\"uri\":\"test://a b\"}");
    String encoded =
        "=?base64?"
            + Base64.getEncoder().encodeToString("test://a b".getBytes(StandardCharsets.UTF_8))
            + "?=";
    ModernRequests.checkHeaders(headers("Mcp-Method", "resources/read", "Mcp-Name", encoded), read);
  }

  @Test
  void base64_header_values_decode_and_malformed_ones_are_refused() {
    assertThat(ModernRequests.decode("=?base64?SGVsbG8=?=")).isEqualTo("Hello");
    assertThat(ModernRequests.decode("SGVsbG8=")).as("no wrapper: literal").isEqualTo("SGVsbG8=");
    assertThat(ModernRequests.decode("=?base64?SGVsbG8?=")).as("bad padding").isNull();
    assertThat(ModernRequests.decode("=?base64?SGVs!!!bG8=?=")).as("bad characters").isNull();
  }

  @Test
  void a_probe_answer_is_modern_only_with_a_result_or_a_2026_error() {
    byte[] result =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"supportedVersions\":[\"2026-07-28\"]}}"
            .getBytes(StandardCharsets.UTF_8);
    byte[] notInitialized =
        "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32000,\"message\":\"Bad Request: Server not initialized\"}}"
            .getBytes(StandardCharsets.UTF_8);
    byte[] headerMismatch =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32020,\"message\":\"m\"}}"
            .getBytes(StandardCharsets.UTF_8);
    assertThat(UpstreamEras.isModernAnswer(result)).isTrue();
    assertThat(UpstreamEras.isModernAnswer(headerMismatch)).isTrue();
    assertThat(UpstreamEras.isModernAnswer(notInitialized)).isFalse();
    assertThat(UpstreamEras.isModernAnswer("not json".getBytes(StandardCharsets.UTF_8))).isFalse();
  }
}
