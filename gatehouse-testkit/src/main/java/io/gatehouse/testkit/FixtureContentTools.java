package io.gatehouse.testkit;

import static io.gatehouse.testkit.FixtureSpecs.NO_ARGUMENTS;
import static io.gatehouse.testkit.FixtureSpecs.text;
import static io.gatehouse.testkit.FixtureSpecs.textContent;
import static io.gatehouse.testkit.FixtureSpecs.textResource;
import static io.gatehouse.testkit.FixtureSpecs.tool;

import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.AudioContent;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Content;
import io.modelcontextprotocol.spec.McpSchema.EmbeddedResource;
import io.modelcontextprotocol.spec.McpSchema.ImageContent;
import java.util.List;
import java.util.Map;

/**
 * Fixture tools that answer at once with fixed content: text, image, audio, resources, an error, a
 * schema.
 */
final class FixtureContentTools {

  static final String JSON_SCHEMA_2020_12 = "https://json-schema.org/draft/2020-12/schema";

  private FixtureContentTools() {}

  static List<SyncToolSpecification> all() {
    return List.of(
        tool(
            "test_simple_text",
            "Returns one text content item",
            NO_ARGUMENTS,
            (exchange, request) -> text("This is a simple text response for testing.")),
        tool(
            "test_image_content",
            "Returns one image content item (1x1 PNG)",
            NO_ARGUMENTS,
            (exchange, request) -> result(image())),
        tool(
            "test_audio_content",
            "Returns one audio content item (WAV)",
            NO_ARGUMENTS,
            (exchange, request) ->
                result(
                    AudioContent.builder(FixtureMedia.SILENT_WAV, FixtureMedia.WAV_MIME_TYPE)
                        .build())),
        tool(
            "test_embedded_resource",
            "Returns one embedded text resource",
            NO_ARGUMENTS,
            (exchange, request) ->
                result(
                    embedded(
                        "test://embedded-resource",
                        "text/plain",
                        "This is an embedded resource content."))),
        tool(
            "test_multiple_content_types",
            "Returns text, image and embedded resource content",
            NO_ARGUMENTS,
            (exchange, request) -> mixedContent()),
        tool(
            "test_error_handling",
            "Always fails: returns a result with isError true",
            NO_ARGUMENTS,
            (exchange, request) ->
                CallToolResult.builder()
                    .isError(true)
                    .addTextContent("This tool intentionally returns an error for testing")
                    .build()),
        tool(
            "test_reconnection",
            "Returns at once; the MCP Java SDK cannot close a POST SSE stream"
                + " mid-call, so SEP-1699 resumption is not exercised",
            NO_ARGUMENTS,
            (exchange, request) -> text("Reconnection test completed (stream was not closed).")),
        tool(
            "json_schema_2020_12_tool",
            "Declares an input schema with JSON Schema 2020-12 keywords",
            jsonSchema202012(),
            (exchange, request) ->
                text("json_schema_2020_12_tool called with: " + request.arguments())));
  }

  /** Added a few seconds after start so clients see notifications/tools/list_changed. */
  static SyncToolSpecification dynamicTool() {
    return tool(
        "test_dynamic_tool",
        "A tool added after the server started",
        NO_ARGUMENTS,
        (exchange, request) -> text("This is a dynamically added tool."));
  }

  static ImageContent image() {
    return ImageContent.builder(FixtureMedia.RED_PIXEL_PNG, FixtureMedia.PNG_MIME_TYPE).build();
  }

  static EmbeddedResource embedded(String uri, String mimeType, String text) {
    return EmbeddedResource.builder(textResource(uri, mimeType, text)).build();
  }

  private static CallToolResult result(Content content) {
    return CallToolResult.builder().addContent(content).build();
  }

  private static CallToolResult mixedContent() {
    return CallToolResult.builder()
        .addContent(textContent("Multiple content types test:"))
        .addContent(image())
        .addContent(
            embedded(
                "test://mixed-content-resource",
                "application/json",
                "{\"test\":\"data\",\"value\":123}"))
        .build();
  }

  /** SEP-1613: `$schema`, `$defs` and `additionalProperties` must survive tools/list unchanged. */
  private static Map<String, Object> jsonSchema202012() {
    Map<String, Object> address =
        Map.of(
            "type",
            "object",
            "properties",
            Map.of("street", Map.of("type", "string"), "city", Map.of("type", "string")));
    return Map.of(
        "$schema",
        JSON_SCHEMA_2020_12,
        "type",
        "object",
        "$defs",
        Map.of("address", address),
        "properties",
        Map.of("name", Map.of("type", "string"), "address", Map.of("$ref", "#/$defs/address")),
        "additionalProperties",
        false);
  }
}
