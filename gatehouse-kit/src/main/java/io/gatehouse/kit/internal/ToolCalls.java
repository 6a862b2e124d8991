package io.gatehouse.kit.internal;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.gatehouse.kit.KitErrors;
import io.gatehouse.kit.ToolError;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A {@link KitTool} as the MCP Java SDK serves it: its schemas generated, each call's arguments
 * checked against the input schema (every violation listed, with its JSON pointer) and bound to the
 * record, the tool run, and its answer turned into a result: text for a {@code String}, structured
 * content plus the same JSON as text for a record, {@code isError} for a {@link ToolError} or any
 * failure.
 */
public final class ToolCalls {
  private static final Logger log = LoggerFactory.getLogger(ToolCalls.class);

  private ToolCalls() {}

  public static SyncToolSpecification spec(KitTool tool) {
    Map<String, Object> input = tool.inputSchema();
    Tool.Builder listed =
        Tool.builder().name(tool.name()).description(tool.description()).inputSchema(input);
    Map<String, Object> output = tool.outputSchema();
    if (output != null) {
      listed.outputSchema(output);
    }
    Schema check =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(KitJson.MAPPER.valueToTree(input));
    return SyncToolSpecification.builder()
        .tool(listed.build())
        .callHandler((exchange, request) -> call(tool, check, request))
        .build();
  }

  static CallToolResult call(KitTool tool, Schema check, CallToolRequest request) {
    Map<String, Object> arguments = request.arguments() == null ? Map.of() : request.arguments();
    JsonNode tree = KitJson.MAPPER.valueToTree(arguments);
    List<Error> errors = check.validate(tree);
    if (!errors.isEmpty()) {
      return failure(
          KitErrors.INVALID_ARGUMENTS.key(),
          "tool "
              + tool.name()
              + ": "
              + String.join("; ", errors.stream().map(ToolCalls::describe).toList()));
    }
    Object bound;
    try {
      bound = KitJson.MAPPER.treeToValue(tree, tool.input());
    } catch (JacksonException e) {
      return failure(
          KitErrors.INVALID_ARGUMENTS.key(), "tool " + tool.name() + ": " + e.getOriginalMessage());
    }
    try {
      return result(tool.call().apply(bound));
    } catch (ToolError e) {
      return failure(null, e.getMessage());
    } catch (RuntimeException e) {
      log.error("tool {} failed", tool.name(), e);
      return failure(KitErrors.TOOL_FAILED.key(), KitErrors.TOOL_FAILED.hint());
    }
  }

  private static String describe(Error e) {
    String at = e.getInstanceLocation().toString();
    return (at.isEmpty() ? "" : at + ": ") + e.getMessage();
  }

  static CallToolResult result(Object value) {
    if (value instanceof CallToolResult direct) {
      return direct;
    }
    if (value == null) {
      return CallToolResult.builder().content(List.of()).build();
    }
    if (value instanceof CharSequence text) {
      return CallToolResult.builder().addTextContent(text.toString()).build();
    }
    JsonNode json = KitJson.MAPPER.valueToTree(value);
    CallToolResult.Builder result = CallToolResult.builder().addTextContent(json.toString());
    if (json.isObject()) {
      // Spec 2025-11-25 server/tools#structured-content: a tool returning structured content
      // SHOULD also return the serialized JSON in a text content block.
      result.structuredContent(KitJson.MAPPER.convertValue(json, Map.class));
    }
    return result.build();
  }

  private static CallToolResult failure(String key, String message) {
    String text = key == null ? message : key + ": " + message;
    return CallToolResult.builder().isError(true).addTextContent(text).build();
  }
}
