package io.gatehouse.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ClientDescriptionTest {
  private static final JsonMapper JSON = JsonMapper.shared();

  private static JsonNode json(String s) {
    return JSON.readTree(s);
  }

  @Test
  void keeps_the_capabilities_mcp_defines_for_clients_and_drops_the_rest() {
    JsonNode declared =
        json(
            "{\"elicitation\":{\"url\":{},\"form\":{\"x\":1},\"junk\":{}},\"sampling\":{},"
                + "\"roots\":{\"listChanged\":true},\"x1\":{},\"experimental\":{\"a\":{}}}");

    assertThat(ClientDescription.capabilities(declared))
        .isEqualTo(
            json(
                "{\"elicitation\":{\"url\":{},\"form\":{}},\"sampling\":{},"
                    + "\"roots\":{\"listChanged\":true}}"));
  }

  @Test
  void invented_capabilities_describe_the_same_client_so_they_share_a_pooled_session() {
    String a = BridgeJson.canonical(ClientDescription.capabilities(json("{\"x1\":{}}")));
    String b = BridgeJson.canonical(ClientDescription.capabilities(json("{\"x2\":{}}")));

    assertThat(a).isEqualTo(b).isEqualTo("{}");
    assertThat(ClientDescription.capabilities(json("[1]"))).isEmpty();
    assertThat(ClientDescription.capabilities(null)).isEmpty();
  }

  @Test
  void keeps_name_title_and_version_of_client_info_each_bounded() {
    JsonNode info =
        json(
            "{\"name\":\""
                + "n".repeat(1000)
                + "\",\"version\":\"1.0\",\"title\":\"T\",\"icons\":[{\"src\":\"data:x\"}],"
                + "\"description\":\"d\"}");

    JsonNode kept = ClientDescription.info(info);
    assertThat(kept.properties())
        .extracting(java.util.Map.Entry::getKey)
        .containsExactlyInAnyOrder("name", "version", "title");
    assertThat(kept.path("name").asString()).hasSize(256);
  }
}
