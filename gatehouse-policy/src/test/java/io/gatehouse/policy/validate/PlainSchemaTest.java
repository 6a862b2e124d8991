package io.gatehouse.policy.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class PlainSchemaTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String SCHEMA =
      """
      {"type":"object","description":"adds","properties":{
        "a":{"type":"integer","description":"first"},"n":{"type":"number"},"s":{"type":"string"},
        "b":{"type":["boolean","null"]},"o":{"type":"object"},"l":{"type":"array"},"any":{}},
       "required":["a","s"],"additionalProperties":false}
      """;

  private static PlainSchema plain(String schema) {
    return PlainSchema.of(JSON.readTree(schema));
  }

  private static boolean passes(String schema, String body, int maxDepth) {
    return CallScan.passes(body.getBytes(StandardCharsets.UTF_8), maxDepth, plain(schema));
  }

  private static String call(String arguments) {
    return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"add\","
        + "\"arguments\":"
        + arguments
        + ",\"_meta\":{\"progressToken\":\"p\"}}}";
  }

  @Test
  void schemas_that_ask_more_than_types_are_not_plain() {
    assertThat(plain(SCHEMA)).isNotNull();
    assertThat(plain("{\"type\":\"object\"}")).isNotNull();
    for (String schema :
        List.of(
            "{\"type\":\"object\",\"properties\":{\"s\":{\"type\":\"string\",\"minLength\":1}}}",
            "{\"type\":\"object\",\"properties\":{\"s\":{\"type\":\"string\",\"format\":\"email\"}}}",
            "{\"type\":\"object\",\"properties\":{\"s\":{\"$ref\":\"#/$defs/x\"}}}",
            "{\"type\":\"object\",\"properties\":{\"s\":{\"enum\":[\"x\"]}}}",
            "{\"type\":\"object\",\"properties\":{\"s\":false}}",
            "{\"type\":\"object\",\"additionalProperties\":{\"type\":\"string\"}}",
            "{\"type\":\"object\",\"minProperties\":1}",
            "{\"type\":\"object\",\"required\":[\"a\",\"a\"]}",
            "{\"properties\":{\"s\":{\"type\":\"string\"}}}",
            "{\"$schema\":\"http://json-schema.org/draft-04/schema#\",\"type\":\"object\"}",
            "{\"type\":\"object\",\"properties\":{\"s\":{\"type\":\"text\"}}}",
            "{\"type\":\"object\",\"properties\":{\"s\":{\"type\":\"String\"}}}",
            "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":[\"Integer\"]}}}")) {
      assertThat(plain(schema)).as(schema).isNull();
    }
    assertThat(plain(requiring(63))).isNotNull();
    assertThat(plain(requiring(64))).as("more required names than it tracks").isNull();
  }

  private static String requiring(int names) {
    StringBuilder b = new StringBuilder("{\"type\":\"object\",\"required\":[");
    for (int i = 0; i < names; i++) {
      b.append(i == 0 ? "" : ",").append("\"m").append(i).append('"');
    }
    return b.append("]}").toString();
  }

  @Test
  void every_required_name_counts_even_the_63rd() {
    StringBuilder args = new StringBuilder("{");
    for (int i = 0; i < 62; i++) {
      args.append(i == 0 ? "" : ",").append("\"m").append(i).append("\":").append(i);
    }
    assertThat(passes(requiring(63), call(args + "}"), 64)).isFalse();
    assertThat(passes(requiring(63), call(args + ",\"m62\":true}"), 64)).isTrue();
  }

  @Test
  void a_call_whose_arguments_fit_passes_in_one_scan() {
    assertThat(
            passes(
                SCHEMA, call("{\"a\":1,\"s\":\"x\",\"b\":null,\"o\":{\"x\":[1]},\"any\":[]}"), 64))
        .isTrue();
    assertThat(passes(SCHEMA, call("{\"s\":\"x\",\"n\":1.5,\"a\":-3,\"l\":[{}],\"b\":true}"), 64))
        .isTrue();
  }

  @Test
  void anything_it_is_not_sure_of_goes_to_the_validator() {
    List<String> unsure =
        List.of(
            call("{\"a\":1}"), // s missing
            call("{\"a\":1.0,\"s\":\"x\"}"), // a fraction's form where an integer is asked
            call("{\"a\":\"1\",\"s\":\"x\"}"),
            call("{\"a\":1,\"s\":\"x\",\"extra\":1}"),
            call("{\"a\":1,\"s\":\"x\",\"a\":2}"), // a member twice
            call("null"),
            call("[]"),
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"add\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":7,"
                + "\"arguments\":{\"a\":1,\"s\":\"x\"}}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"add\","
                + "\"arguments\":{\"a\":1,\"s\":\"x\"},\"_meta\":[]}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"add\","
                + "\"arguments\":{\"a\":1,\"s\":\"x\"}},\"x\":{\"k\":1,\"k\":2}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\"}");
    for (String body : unsure) {
      assertThat(passes(SCHEMA, body, 64)).as(body).isFalse();
    }
    // params, arguments, o, x, y: five levels, as validation.max-depth counts them
    String deep = call("{\"a\":1,\"s\":\"x\",\"o\":{\"x\":{\"y\":{}}}}");
    assertThat(passes(SCHEMA, deep, 4)).isFalse();
    assertThat(passes(SCHEMA, deep, 5)).isTrue();
  }

  @Test
  void what_passes_the_scan_the_validator_accepts_too() {
    List<String> schemas =
        List.of(
            SCHEMA,
            SCHEMA.replace("\"additionalProperties\":false", "\"additionalProperties\":true"),
            "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\","
                + "\"properties\":{\"a\":{\"type\":\"integer\"}},\"required\":[\"a\",\"z\"]}",
            "{\"type\":\"object\"}");
    List<String> values =
        List.of("1", "-2", "1.5", "1.0", "1e3", "\"t\"", "true", "null", "{}", "[1,\"x\"]");
    List<String> names = List.of("a", "n", "s", "b", "o", "l", "any", "z", "extra");
    int passed = 0;
    for (String schema : schemas) {
      ToolSchema full = new ToolSchema(JSON.readTree(schema), "test");
      for (String first : names) {
        for (String second : names) {
          for (String value : values) {
            String args =
                first.equals(second)
                    ? "{\"" + first + "\":" + value + "}"
                    : "{\"" + first + "\":" + value + ",\"" + second + "\":\"s\"}";
            if (passes(schema, call(args), 64)) {
              passed++;
              Violations v = new Violations();
              full.check(JSON.readTree(args), "/arguments", v);
              assertThat(v.list()).as(schema + " " + args).isEmpty();
            }
          }
        }
      }
    }
    assertThat(passed).isGreaterThan(100);
  }
}
