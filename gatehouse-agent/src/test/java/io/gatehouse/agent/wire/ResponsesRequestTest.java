package io.gatehouse.agent.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The request's shapes: what is taken, normalised, and refused with the parameter named. */
class ResponsesRequestTest {
  private static final JsonMapper JSON = JsonMapper.shared();

  private static ResponsesRequest parse(String json) {
    return ResponsesRequest.parse(JSON.readTree(json));
  }

  private static String param(String json) {
    try {
      parse(json);
    } catch (BadRequest e) {
      return e.param();
    }
    throw new AssertionError("accepted: " + json);
  }

  @Test
  void a_string_input_is_one_user_message_and_defaults_apply() {
    ResponsesRequest r = parse("{\"model\":\"m\",\"input\":\"hi\"}");
    assertThat(r.input()).hasSize(1);
    assertThat(r.input().get(0).at("/content/0/text").asString()).isEqualTo("hi");
    assertThat(r.store()).isTrue();
    assertThat(r.stream()).isFalse();
    assertThat(r.toolChoice().asString()).isEqualTo("auto");
  }

  @Test
  void the_three_approval_shapes_mean_the_same() {
    JsonNode readOnly = JSON.readTree("{\"readOnlyHint\":true}");
    for (String form :
        new String[] {
          "{\"never\":[\"search\"]}",
          "{\"never\":{\"tool_names\":[\"search\"]}}",
          "{\"always\":{\"tool_names\":[\"delete\"]},\"never\":{\"tool_names\":[\"search\"]}}"
        }) {
      ApprovalRule rule =
          parse(
                  "{\"model\":\"m\",\"tools\":[{\"type\":\"mcp\",\"server_label\":\"s\",\"server_url\":\"http://127.0.0.1:1/mcp\",\"require_approval\":"
                      + form
                      + "}]}")
              .tools()
              .get(0)
              .approval();
      assertThat(rule.requires("search", null)).as(form).isFalse();
      assertThat(rule.requires("delete", null)).as(form).isTrue();
      assertThat(rule.requires("other", readOnly)).as(form).isTrue();
    }
    ApprovalRule byHint =
        parse(
                "{\"model\":\"m\",\"tools\":[{\"type\":\"mcp\",\"server_label\":\"s\",\"route\":\"r\",\"require_approval\":{\"never\":{\"read_only\":true}}}]}")
            .tools()
            .get(0)
            .approval();
    assertThat(byHint.requires("any", readOnly)).isFalse();
    assertThat(byHint.requires("any", null)).isTrue();
  }

  @Test
  void credentials_are_taken_for_one_response_and_never_echoed() {
    McpToolSpec spec =
        parse(
                "{\"model\":\"m\",\"tools\":[{\"type\":\"mcp\",\"server_label\":\"s\",\"server_url\":\"http://127.0.0.1:1/mcp\",\"authorization\":\"tok-x\",\"headers\":{\"X-Key\":\"hdr-y\"}}]}")
            .tools()
            .get(0);
    assertThat(spec.authorization().reveal()).isEqualTo("tok-x");
    assertThat(spec.toJson().toString()).doesNotContain("tok-x").doesNotContain("hdr-y");
    assertThat(spec.withoutCredentials().headers()).isEmpty();
    assertThat(spec.toString()).doesNotContain("tok-x").doesNotContain("hdr-y");
  }

  @Test
  void bad_input_names_the_parameter() {
    assertThat(param("{\"input\":\"hi\"}")).isEqualTo("model");
    assertThat(param("{\"model\":\"m\",\"tools\":[{\"type\":\"function\"}]}"))
        .isEqualTo("tools[0].type");
    assertThat(param("{\"model\":\"m\",\"tools\":[{\"type\":\"mcp\",\"server_label\":\"s\"}]}"))
        .isEqualTo("tools[0]");
    assertThat(
            param(
                "{\"model\":\"m\",\"tools\":[{\"type\":\"mcp\",\"server_label\":\"s\",\"route\":\"r\"},{\"type\":\"mcp\",\"server_label\":\"s\",\"route\":\"q\"}]}"))
        .isEqualTo("tools[1].server_label");
    assertThat(
            param(
                "{\"model\":\"m\",\"tools\":[{\"type\":\"mcp\",\"server_label\":\"s\",\"route\":\"r\",\"require_approval\":\"sometimes\"}]}"))
        .isEqualTo("tools[0].require_approval");
    assertThat(
            param(
                "{\"model\":\"m\",\"input\":[{\"type\":\"mcp_approval_response\",\"approve\":true}]}"))
        .isEqualTo("input[0].approval_request_id");
    assertThat(
            param(
                "{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_image\"}]}]}"))
        .isEqualTo("input[0].content[0]");
    assertThat(param("{\"model\":\"m\",\"frobnicate\":1}")).isEqualTo("frobnicate");
    assertThat(param("{\"model\":\"m\",\"background\":true}")).isEqualTo("background");
    assertThat(param("{\"model\":\"m\",\"max_output_tokens\":3}")).isEqualTo("max_output_tokens");
    assertThatThrownBy(() -> parse("[]")).isInstanceOf(BadRequest.class);
  }

  @Test
  void a_stored_agents_tool_holds_no_credential() {
    assertThatThrownBy(
            () ->
                McpToolSpec.parse(
                    JSON.readTree(
                        "{\"type\":\"mcp\",\"server_label\":\"s\",\"route\":\"r\",\"headers\":{\"A\":\"b\"}}"),
                    "tools[0]",
                    false))
        .isInstanceOf(BadRequest.class)
        .hasMessageContaining("connection");
  }
}
