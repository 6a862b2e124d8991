package io.gatehouse.policy.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.protocol.EnvelopeScanner;
import io.gatehouse.protocol.JsonRpcMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ParamChecksTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final ValidationSettings SMALL =
      new ValidationSettings(true, ValidationSettings.OutputCheck.OFF, 1 << 20, 4, 10, 3);

  private static List<Violations.Violation> limits(String body, ValidationSettings s) {
    Violations v = new Violations();
    ParamLimits.check(body.getBytes(StandardCharsets.UTF_8), s, v);
    return v.list();
  }

  private static List<Violations.Violation> shape(String method, String params) {
    Violations v = new Violations();
    ParamShape.check(method, params == null ? null : JSON.readTree(params), v);
    return v.list();
  }

  private static List<String> paths(List<Violations.Violation> v) {
    return v.stream().map(Violations.Violation::path).toList();
  }

  @Test
  void methods_2026_07_28_removed_are_left_to_the_upstream_in_that_revision_only() {
    String meta2026 = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}";
    JsonRpcMessage modern =
        EnvelopeScanner.scan(
            ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"logging/setLevel\",\"params\":{"
                    + meta2026
                    + "}}")
                .getBytes(StandardCharsets.UTF_8));
    JsonRpcMessage legacy =
        EnvelopeScanner.scan(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"logging/setLevel\",\"params\":{}}"
                .getBytes(StandardCharsets.UTF_8));
    assertThat(ParamShape.knows(modern)).isFalse();
    assertThat(ParamShape.knows(legacy)).isTrue();
    assertThat(paths(shape("logging/setLevel", "{}"))).containsExactly("/level");
  }

  @Test
  void params_within_every_limit_pass() {
    assertThat(
            limits(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"x\","
                    + "\"arguments\":{\"a\":[1,2,3],\"b\":{\"c\":\"0123456789\"}}}}",
                SMALL))
        .isEmpty();
  }

  @Test
  void a_too_deep_container_is_named_once_and_not_read_further() {
    // params(1) > arguments(2) > a(3) > b(4) > c(5): c is one level too deep.
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"x\","
            + "\"arguments\":{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":1}},\"ok\":true}}}}}";
    List<Violations.Violation> v = limits(body, SMALL);
    assertThat(paths(v)).containsExactly("/arguments/a/b/c");
    assertThat(v.get(0).message()).contains("deeper than 4 levels (validation.max-depth)");
  }

  @Test
  void long_strings_and_member_names_are_named_by_where_they_are() {
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"x\","
            + "\"arguments\":{\"list\":[\"short\",\"a-string-that-is-too-long\"],"
            + "\"a-member-name-too-long\":1}}}";
    List<Violations.Violation> v = limits(body, SMALL);
    assertThat(paths(v)).containsExactly("/arguments/list/1", "/arguments");
    assertThat(v.get(0).message())
        .isEqualTo("a string of 25 characters (at most 10: validation.max-string-length)");
    assertThat(v.get(1).message()).startsWith("a member name of 22 characters");
    assertThat(v.toString()).doesNotContain("a-string-that-is-too-long");
  }

  @Test
  void a_long_array_is_named_once_whatever_its_length() {
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\",\"params\":{\"a\":[[1,2,3,4,5,6],{\"b\":[]}]}}";
    List<Violations.Violation> v = limits(body, SMALL);
    assertThat(paths(v)).containsExactly("/a/0");
    assertThat(v.get(0).message()).contains("more than 3 items");
  }

  @Test
  void pointers_escape_slash_and_tilde() {
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\",\"params\":{\"a/b~c\":\"0123456789ABC\"}}";
    assertThat(paths(limits(body, SMALL))).containsExactly("/a~1b~0c");
  }

  @Test
  void members_outside_params_are_not_counted() {
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":\"an-id-longer-than-ten\",\"method\":\"ping\",\"params\":{}}";
    assertThat(limits(body, SMALL)).isEmpty();
  }

  @Test
  void tools_call_needs_a_string_name_and_object_arguments() {
    assertThat(shape("tools/call", "{\"name\":\"echo\",\"arguments\":{}}")).isEmpty();
    assertThat(shape("tools/call", "{\"name\":\"echo\"}")).isEmpty();
    assertThat(paths(shape("tools/call", "{\"name\":7,\"arguments\":[1]}")))
        .containsExactly("/name", "/arguments");
    assertThat(paths(shape("tools/call", null))).containsExactly("/name");
    assertThat(paths(shape("tools/call", "[1]"))).containsExactly("");
  }

  @Test
  void prompts_get_arguments_are_strings() {
    assertThat(shape("prompts/get", "{\"name\":\"p\",\"arguments\":{\"a\":\"1\"}}")).isEmpty();
    assertThat(paths(shape("prompts/get", "{\"name\":\"p\",\"arguments\":{\"a\":1,\"b/c\":{}}}")))
        .containsExactly("/arguments/a", "/arguments/b~1c");
  }

  @Test
  void resource_methods_need_a_uri() {
    for (String m : List.of("resources/read", "resources/subscribe", "resources/unsubscribe")) {
      assertThat(shape(m, "{\"uri\":\"file:///a\"}")).isEmpty();
      assertThat(paths(shape(m, "{\"url\":\"file:///a\"}"))).containsExactly("/uri");
    }
  }

  @Test
  void completion_needs_a_ref_and_an_argument() {
    assertThat(
            shape(
                "completion/complete",
                "{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"p\"},"
                    + "\"argument\":{\"name\":\"a\",\"value\":\"x\"},"
                    + "\"context\":{\"arguments\":{\"b\":\"y\"}}}"))
        .isEmpty();
    assertThat(
            paths(
                shape(
                    "completion/complete",
                    "{\"ref\":{\"type\":\"ref/resource\"},\"argument\":{\"name\":1},"
                        + "\"context\":{\"arguments\":{\"b\":2}}}")))
        .containsExactly("/ref/uri", "/argument/name", "/argument/value", "/context/arguments/b");
    assertThat(paths(shape("completion/complete", "{\"ref\":{\"type\":\"ref/other\"}}")))
        .containsExactly("/ref/type", "/argument");
  }

  @Test
  void set_level_takes_the_syslog_levels() {
    for (String level : ParamShape.LEVELS) {
      assertThat(shape("logging/setLevel", "{\"level\":\"" + level + "\"}")).isEmpty();
    }
    assertThat(paths(shape("logging/setLevel", "{\"level\":\"verbose\"}")))
        .containsExactly("/level");
  }

  @Test
  void list_cursors_are_strings_and_meta_is_an_object() {
    for (String m :
        List.of("tools/list", "prompts/list", "resources/list", "resources/templates/list")) {
      assertThat(shape(m, null)).isEmpty();
      assertThat(shape(m, "{\"cursor\":\"abc\",\"_meta\":{}}")).isEmpty();
      assertThat(paths(shape(m, "{\"cursor\":3,\"_meta\":[]}")))
          .containsExactly("/_meta", "/cursor");
    }
  }

  @Test
  void initialize_needs_its_version_capabilities_and_client_info() {
    assertThat(
            shape(
                "initialize",
                "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                    + "\"clientInfo\":{\"name\":\"c\",\"version\":\"1\"}}"))
        .isEmpty();
    assertThat(paths(shape("initialize", "{\"protocolVersion\":1,\"clientInfo\":{}}")))
        .containsExactly(
            "/protocolVersion", "/capabilities", "/clientInfo/name", "/clientInfo/version");
  }

  @Test
  void client_notifications_have_their_shapes() {
    assertThat(shape("notifications/cancelled", "{\"requestId\":3,\"reason\":\"x\"}")).isEmpty();
    assertThat(paths(shape("notifications/cancelled", "{\"requestId\":{}}")))
        .containsExactly("/requestId");
    assertThat(shape("notifications/progress", "{\"progressToken\":\"t\",\"progress\":0.5}"))
        .isEmpty();
    assertThat(paths(shape("notifications/progress", "{\"progress\":\"half\"}")))
        .containsExactly("/progressToken", "/progress");
  }

  @Test
  void unknown_methods_pass_whatever_their_params() {
    assertThat(shape("vendor/thing", "[1,2]")).isEmpty();
    assertThat(shape("vendor/thing", "{\"a\":1}")).isEmpty();
  }

  @Test
  void a_violation_list_is_bounded_and_says_how_many_more() {
    Violations v = new Violations();
    for (int i = 0; i < Violations.KEPT + 5; i++) {
      v.add("/a/" + i, "expected a string");
    }
    assertThat(v.list()).hasSize(Violations.KEPT);
    assertThat(v.count()).isEqualTo(Violations.KEPT + 5);
    assertThat(v.summary())
        .isEqualTo("/a/0: expected a string (and " + (Violations.KEPT + 4) + " more)");
    JsonNode json = JSON.readTree(v.json());
    assertThat(json.size()).isEqualTo(Violations.KEPT);
    assertThat(json.get(0).get("path").stringValue()).isEqualTo("/a/0");
  }
}
