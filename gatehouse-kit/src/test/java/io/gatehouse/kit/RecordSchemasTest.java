package io.gatehouse.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.gatehouse.kit.internal.KitJson;
import io.gatehouse.kit.internal.RecordSchemas;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class RecordSchemasTest {
  enum Size {
    SMALL,
    LARGE
  }

  @Description("Where an order goes")
  record Address(String street, Optional<String> city) {}

  record Order(
      @Description("The order's id") String id,
      int quantity,
      double price,
      boolean gift,
      Size size,
      List<String> tags,
      Set<Integer> codes,
      Map<String, Long> counts,
      Address address,
      List<Address> more,
      Optional<Instant> due,
      Optional<Integer> priority) {}

  record Loop(String name, List<Loop> children) {}

  record Untyped(Object anything) {}

  private static JsonNode schema(Class<?> type) {
    return KitJson.MAPPER.valueToTree(RecordSchemas.of(type));
  }

  @Test
  void a_record_is_an_object_whose_non_optional_components_are_required() {
    JsonNode s = schema(Order.class);

    assertThat(s.path("type").asString()).isEqualTo("object");
    assertThat(s.path("additionalProperties").asBoolean(true)).isFalse();
    assertThat(s.path("required").toString())
        .isEqualTo(
            "[\"id\",\"quantity\",\"price\",\"gift\",\"size\",\"tags\",\"codes\",\"counts\","
                + "\"address\",\"more\"]");
    JsonNode p = s.path("properties");
    assertThat(p.path("id").toString())
        .isEqualTo("{\"type\":\"string\",\"description\":\"The order's id\"}");
    assertThat(p.path("quantity").path("type").asString()).isEqualTo("integer");
    assertThat(p.path("price").path("type").asString()).isEqualTo("number");
    assertThat(p.path("gift").path("type").asString()).isEqualTo("boolean");
    assertThat(p.path("size").toString())
        .isEqualTo("{\"type\":\"string\",\"enum\":[\"SMALL\",\"LARGE\"]}");
    assertThat(p.path("tags").toString())
        .isEqualTo("{\"type\":\"array\",\"items\":{\"type\":\"string\"}}");
    assertThat(p.path("codes").path("uniqueItems").asBoolean()).isTrue();
    assertThat(p.path("counts").toString())
        .isEqualTo("{\"type\":\"object\",\"additionalProperties\":{\"type\":\"integer\"}}");
    assertThat(p.path("address").path("description").asString()).isEqualTo("Where an order goes");
    assertThat(p.path("address").path("required").toString()).isEqualTo("[\"street\"]");
    assertThat(p.path("more").path("items").path("properties").has("city")).isTrue();
    assertThat(p.path("due").toString())
        .isEqualTo("{\"type\":\"string\",\"format\":\"date-time\"}");
    assertThat(p.path("priority").path("type").asString()).isEqualTo("integer");
  }

  @Test
  void the_schema_is_valid_json_schema_2020_12_and_checks_what_it_says() {
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    JsonNode s = schema(Order.class);

    assertThat(
            registry
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"))
                .validate(s))
        .isEmpty();
    JsonNode good =
        KitJson.MAPPER.readTree(
            "{\"id\":\"o-1\",\"quantity\":2,\"price\":1.5,\"gift\":false,\"size\":\"SMALL\","
                + "\"tags\":[],\"codes\":[1],\"counts\":{\"a\":1},\"address\":{\"street\":\"Main\"},"
                + "\"more\":[]}");
    assertThat(registry.getSchema(s).validate(good)).isEmpty();
    JsonNode bad =
        KitJson.MAPPER.readTree(
            "{\"id\":1,\"quantity\":2,\"price\":1.5,\"gift\":false,\"size\":\"HUGE\",\"tags\":[],"
                + "\"codes\":[1],\"counts\":{},\"address\":{},\"more\":[],\"extra\":true}");
    assertThat(registry.getSchema(s).validate(bad)).hasSize(4);
  }

  @Test
  void refuses_a_record_that_contains_itself() {
    assertThatThrownBy(() -> RecordSchemas.of(Loop.class))
        .isInstanceOf(KitException.class)
        .hasMessageContaining("Loop: contains itself")
        .extracting(e -> ((KitException) e).error())
        .isEqualTo(KitErrors.INVALID_TOOL);
  }

  @Test
  void refuses_a_component_type_it_cannot_describe_naming_the_component() {
    assertThatThrownBy(() -> RecordSchemas.of(Untyped.class))
        .isInstanceOf(KitException.class)
        .hasMessageStartingWith("Untyped.anything: type java.lang.Object (expected: ");
    assertThatThrownBy(() -> RecordSchemas.of(String.class))
        .hasMessage("java.lang.String: not a record (expected: a record class)");
  }
}
