package io.gatehouse.hosting.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.net.Egress;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The tools an OpenAPI document becomes: names, descriptions, schemas, selections. */
class OpenApiToolsTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final OpenApiHosting hosting = new OpenApiHosting(Egress.defaults());

  static String resource(String name) {
    try {
      return Path.of(
              Objects.requireNonNull(OpenApiToolsTest.class.getResource("/openapi/" + name))
                  .toURI())
          .toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private Map<String, RestTool> tools(String doc, Selection include, Selection exclude) {
    return hosting
        .load(OpenApiRoute.of("inv", resource(doc)).withSelection(include, exclude))
        .stream()
        .collect(
            Collectors.toMap(RestTool::name, t -> t, (a, b) -> a, java.util.LinkedHashMap::new));
  }

  @Test
  void every_operation_becomes_a_tool_named_from_its_operation_id() {
    Map<String, RestTool> tools = tools("inventory.yaml", null, null);
    assertThat(tools.keySet())
        .containsExactly("listItems", "createItem", "getItem", "deleteItem", "set_stock");
    assertThat(tools.get("listItems").description())
        .isEqualTo("List items\n\nLists the items in stock, optionally filtered by category.");
    assertThat(tools.get("getItem").method()).isEqualTo("GET");
    assertThat(tools.get("set_stock").path()).isEqualTo("/items/{itemId}/stock");
  }

  @Test
  void schemas_have_every_parameter_and_the_body_with_refs_resolved() {
    Map<String, RestTool> tools = tools("inventory.yaml", null, null);
    JsonNode list = tools.get("listItems").inputSchema();
    assertThat(list.path("properties").path("limit").path("maximum").asInt()).isEqualTo(100);
    assertThat(list.path("properties").path("limit").path("description").asString())
        .isEqualTo("At most this many items");
    assertThat(list.has("required")).isFalse();

    JsonNode create = tools.get("createItem").inputSchema();
    assertThat(create.path("properties").propertyNames())
        .containsExactlyInAnyOrder("X-Request-Id", "name", "category", "note");
    assertThat(create.path("properties").path("category").path("enum").toString())
        .isEqualTo("[\"tools\",\"parts\"]");
    assertThat(create.path("properties").path("note").path("type").toString())
        .isEqualTo("[\"string\",\"null\"]");
    assertThat(JSON.writeValueAsString(create.path("required")))
        .isEqualTo("[\"X-Request-Id\",\"name\",\"category\"]");

    JsonNode stock = tools.get("set_stock").inputSchema();
    assertThat(stock.path("properties").path("body").path("items").path("required").toString())
        .isEqualTo("[\"warehouse\",\"quantity\"]");
    assertThat(stock.path("required").toString()).isEqualTo("[\"itemId\",\"body\"]");
    assertThat(tools.get("getItem").inputSchema().path("required").toString())
        .isEqualTo("[\"itemId\"]");
    for (RestTool t : tools.values()) {
      assertThat(t.inputSchema().toString()).as(t.name()).doesNotContain("$ref", "nullable");
    }
  }

  @Test
  void every_schema_is_valid_json_schema_2020_12_and_checks_arguments() {
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    Schema meta =
        registry.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
    for (String doc : List.of("inventory.yaml", "notes-3.1.json")) {
      for (RestTool t : tools(doc, null, null).values()) {
        assertThat(meta.validate(t.inputSchema())).as(doc + " " + t.name()).isEmpty();
      }
    }
    Schema create =
        registry.getSchema(tools("inventory.yaml", null, null).get("createItem").inputSchema());
    assertThat(
            create.validate(
                JSON.readTree(
                    "{\"X-Request-Id\":\"req-1\",\"name\":\"saw\",\"category\":\"tools\"}")))
        .isEmpty();
    assertThat(create.validate(JSON.readTree("{\"name\":\"saw\",\"category\":\"food\"}")))
        .hasSize(2);
  }

  @Test
  void names_are_sanitised_shortened_and_made_unique() {
    Map<String, RestTool> tools = tools("notes-3.1.json", null, null);
    assertThat(tools.keySet())
        .containsExactly(
            "updateNote",
            "updateNote_2",
            "post_notes",
            "a-very-long-operation-id-that-goes-on-and-on-well-past-the-sixty");
    assertThat(tools.keySet()).allMatch(n -> n.matches("[a-zA-Z0-9_-]{1,64}"));
  }

  @Test
  void openapi_31_refs_keep_their_siblings_and_a_body_that_collides_is_one_argument() {
    Map<String, RestTool> tools = tools("notes-3.1.json", null, null);
    JsonNode update = tools.get("updateNote").inputSchema().path("properties");
    assertThat(update.propertyNames()).containsExactly("id", "body", "requestBody");
    assertThat(update.path("requestBody").path("description").asString())
        .isEqualTo("The fields to change");
    assertThat(update.path("requestBody").path("properties").path("text").path("type").toString())
        .isEqualTo("[\"string\",\"null\"]");
    assertThat(tools.get("updateNote").args())
        .extracting(RestTool.Arg::in)
        .containsExactly(RestTool.In.PATH, RestTool.In.QUERY, RestTool.In.BODY);
    JsonNode tree =
        tools.get("a-very-long-operation-id-that-goes-on-and-on-well-past-the-sixty").inputSchema();
    JsonNode cut = tree.path("properties");
    assertThat(cut.path("label").path("type").asString()).isEqualTo("string");
    assertThat(cut.path("children").path("items").isObject()).isTrue();
    assertThat(cut.path("children").path("items").isEmpty())
        .as("a recursive schema is cut at its second visit")
        .isTrue();
  }

  @Test
  void include_and_exclude_pick_by_tag_and_operation_id() {
    assertThat(tools("inventory.yaml", new Selection(List.of("admin"), List.of()), null).keySet())
        .containsExactly("deleteItem", "set_stock");
    assertThat(
            tools("inventory.yaml", new Selection(List.of("items"), List.of("set stock!")), null)
                .keySet())
        .containsExactly("listItems", "createItem", "getItem", "deleteItem", "set_stock");
    assertThat(
            tools("inventory.yaml", null, new Selection(List.of("admin"), List.of("createItem")))
                .keySet())
        .containsExactly("listItems", "getItem");
  }

  @Test
  void a_document_that_is_not_openapi_3_is_refused_with_its_key(@TempDir Path dir)
      throws IOException {
    Path swagger = Files.writeString(dir.resolve("s.yaml"), "swagger: '2.0'\npaths: {}\n");
    assertThatThrownBy(() -> hosting.load(OpenApiRoute.of("r", swagger.toString())))
        .isInstanceOf(GatehouseException.class)
        .hasMessageContaining("openapi: '' (expected: an OpenAPI 3.0 or 3.1 document)")
        .extracting(e -> ((GatehouseException) e).error().key())
        .isEqualTo("OPENAPI_SPEC_INVALID");
    Path outside =
        Files.writeString(
            dir.resolve("o.yaml"),
            "openapi: 3.0.0\nservers: [{url: 'http://127.0.0.1:9'}]\npaths:\n  /a:\n    get:\n"
                + "      parameters: [{$ref: 'other.yaml#/p'}]\n      responses: {}\n");
    assertThatThrownBy(() -> hosting.load(OpenApiRoute.of("r", outside.toString())))
        .hasMessageContaining("$ref 'other.yaml#/p' points outside the document");
    assertThatThrownBy(() -> hosting.load(OpenApiRoute.of("r", dir.resolve("none").toString())))
        .hasMessageContaining("cannot be read (NoSuchFileException)");
  }

  @Test
  void a_document_url_is_refused_by_the_egress_rules_before_anything_is_sent() {
    assertThatThrownBy(
            () -> hosting.load(OpenApiRoute.of("r", "http://169.254.169.254/openapi.json")))
        .isInstanceOf(GatehouseException.class)
        .extracting(e -> ((GatehouseException) e).error().key())
        .isEqualTo("EGRESS_FORBIDDEN");
    OpenApiHosting noLoopback =
        new OpenApiHosting(new Egress(List.of(), List.of(), false, true, Egress.SYSTEM));
    assertThatThrownBy(
            () -> noLoopback.load(OpenApiRoute.of("r", "http://127.0.0.1:9/openapi.json")))
        .hasMessageContaining("loopback addresses are refused");
  }
}
