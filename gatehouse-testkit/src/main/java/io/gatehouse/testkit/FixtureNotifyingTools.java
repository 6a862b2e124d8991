package io.gatehouse.testkit;

import static io.gatehouse.testkit.FixtureSpecs.NO_ARGUMENTS;
import static io.gatehouse.testkit.FixtureSpecs.pause;
import static io.gatehouse.testkit.FixtureSpecs.text;
import static io.gatehouse.testkit.FixtureSpecs.tool;

import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.LoggingLevel;
import io.modelcontextprotocol.spec.McpSchema.LoggingMessageNotification;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import java.util.List;

/**
 * Fixture tools that send notifications while they run. The exchange writes them to the SSE stream
 * of the POST that carried the tools/call, so they arrive before the result.
 */
final class FixtureNotifyingTools {

  static final String LOGGER = "gatehouse-conformance-fixture";
  private static final long STEP_MILLIS = 50;

  private FixtureNotifyingTools() {}

  static List<SyncToolSpecification> all() {
    return List.of(
        tool(
            "test_tool_with_logging",
            "Sends three info log notifications while it runs",
            NO_ARGUMENTS,
            FixtureNotifyingTools::withLogging),
        tool(
            "test_tool_with_progress",
            "Reports progress 0, 50 and 100 of 100 when given a progressToken",
            NO_ARGUMENTS,
            FixtureNotifyingTools::withProgress));
  }

  private static CallToolResult withLogging(
      McpSyncServerExchange exchange, CallToolRequest request) {
    List<String> messages =
        List.of("Tool execution started", "Tool processing data", "Tool execution completed");
    for (int i = 0; i < messages.size(); i++) {
      if (i > 0) {
        pause(STEP_MILLIS);
      }
      exchange.loggingNotification(
          LoggingMessageNotification.builder(LoggingLevel.INFO, messages.get(i))
              .logger(LOGGER)
              .build());
    }
    return text("Tool with logging executed successfully");
  }

  private static CallToolResult withProgress(
      McpSyncServerExchange exchange, CallToolRequest request) {
    Object token = request.progressToken();
    for (int progress = 0; progress <= 100; progress += 50) {
      if (progress > 0) {
        pause(STEP_MILLIS);
      }
      if (token != null) {
        exchange.progressNotification(
            ProgressNotification.builder(token, progress)
                .total(100.0)
                .message("Completed step " + progress + " of 100")
                .build());
      }
    }
    return text("Progress reported for token " + token);
  }
}
