package io.gatehouse.testkit;

import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/** Small builders shared by the fixture's tool, resource and prompt classes. */
final class FixtureSpecs {

  /** The input schema of a tool that takes no arguments. */
  static final Map<String, Object> NO_ARGUMENTS = Map.of("type", "object", "properties", Map.of());

  private FixtureSpecs() {}

  static SyncToolSpecification tool(
      String name,
      String description,
      Map<String, Object> inputSchema,
      BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> handler) {
    Tool tool = Tool.builder(name, inputSchema).description(description).build();
    return new SyncToolSpecification(tool, handler);
  }

  /** An object schema with one required string property. */
  static Map<String, Object> oneStringArgument(String name, String description) {
    return Map.of(
        "type", "object",
        "properties", Map.of(name, Map.of("type", "string", "description", description)),
        "required", List.of(name));
  }

  static CallToolResult text(String text) {
    return CallToolResult.builder().addTextContent(text).build();
  }

  static TextContent textContent(String text) {
    return TextContent.builder(text).build();
  }

  static TextResourceContents textResource(String uri, String mimeType, String text) {
    return TextResourceContents.builder(uri, text).mimeType(mimeType).build();
  }

  static String stringArgument(CallToolRequest request, String name) {
    Object value = request.arguments() == null ? null : request.arguments().get(name);
    return value == null ? "" : value.toString();
  }

  static String json(Object value) {
    try {
      return FixtureJson.MAPPER.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write fixture JSON", e);
    }
  }

  /** Pauses a tool handler; the conformance scenarios expect notifications spread over time. */
  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while pausing a fixture tool", e);
    }
  }
}
