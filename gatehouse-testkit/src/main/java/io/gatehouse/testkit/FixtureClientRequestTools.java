package io.gatehouse.testkit;

import static io.gatehouse.testkit.FixtureSpecs.NO_ARGUMENTS;
import static io.gatehouse.testkit.FixtureSpecs.json;
import static io.gatehouse.testkit.FixtureSpecs.oneStringArgument;
import static io.gatehouse.testkit.FixtureSpecs.stringArgument;
import static io.gatehouse.testkit.FixtureSpecs.text;
import static io.gatehouse.testkit.FixtureSpecs.textContent;
import static io.gatehouse.testkit.FixtureSpecs.tool;

import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageRequest;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageResult;
import io.modelcontextprotocol.spec.McpSchema.ElicitFormRequest;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.SamplingMessage;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fixture tools that send a request to the client (sampling, elicitation) and wait for its answer.
 *
 * <p>The SDK hands each request handler an exchange bound to the SSE stream of the POST that
 * carried the tools/call, so {@code createMessage} and {@code createElicitation} go out on that
 * stream, never on the standalone GET stream, which the client may not have opened yet.
 */
final class FixtureClientRequestTools {

  private FixtureClientRequestTools() {}

  static List<SyncToolSpecification> all() {
    return List.of(
        tool(
            "test_sampling",
            "Asks the client for an LLM completion (sampling/createMessage)",
            oneStringArgument("prompt", "The prompt to send to the LLM"),
            (exchange, request) -> sample(exchange, stringArgument(request, "prompt"))),
        tool(
            "test_elicitation",
            "Asks the user for a username and an email (elicitation/create)",
            oneStringArgument("message", "The message to show the user"),
            (exchange, request) ->
                elicit(
                    exchange,
                    stringArgument(request, "message"),
                    FixtureElicitationSchemas.usernameAndEmail(),
                    "User response")),
        tool(
            "test_elicitation_sep1034_defaults",
            "Elicits a form whose fields all have defaults (SEP-1034)",
            NO_ARGUMENTS,
            (exchange, request) ->
                elicit(
                    exchange,
                    "Please review and update the form fields with defaults",
                    FixtureElicitationSchemas.withDefaults(),
                    "Elicitation completed")),
        tool(
            "test_elicitation_sep1330_enums",
            "Elicits every enum schema variant (SEP-1330)",
            NO_ARGUMENTS,
            (exchange, request) ->
                elicit(
                    exchange,
                    "Please select options from the enum fields",
                    FixtureElicitationSchemas.enumVariants(),
                    "Elicitation completed")));
  }

  private static CallToolResult sample(McpSyncServerExchange exchange, String prompt) {
    SamplingMessage message = SamplingMessage.builder(Role.USER, textContent(prompt)).build();
    CreateMessageRequest request = CreateMessageRequest.builder(List.of(message), 100).build();
    CreateMessageResult result = exchange.createMessage(request);
    String answer = result.content() instanceof TextContent reply ? reply.text() : "(no text)";
    return text("LLM response: " + answer);
  }

  private static CallToolResult elicit(
      McpSyncServerExchange exchange, String message, Map<String, Object> schema, String label) {
    ElicitResult result =
        exchange.createElicitation(ElicitFormRequest.builder(message, schema).build());
    String action = result.action().name().toLowerCase(Locale.ROOT);
    Map<String, Object> content = result.content() == null ? Map.of() : result.content();
    return text(label + ": action=" + action + ", content=" + json(content));
  }
}
