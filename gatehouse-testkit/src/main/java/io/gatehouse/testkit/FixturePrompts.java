package io.gatehouse.testkit;

import static io.gatehouse.testkit.FixtureSpecs.textContent;

import io.modelcontextprotocol.server.McpServerFeatures.SyncCompletionSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.spec.McpSchema.CompleteRequest;
import io.modelcontextprotocol.spec.McpSchema.CompleteRequest.CompleteArgument;
import io.modelcontextprotocol.spec.McpSchema.CompleteResult;
import io.modelcontextprotocol.spec.McpSchema.CompleteResult.CompleteCompletion;
import io.modelcontextprotocol.spec.McpSchema.Content;
import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.Prompt;
import io.modelcontextprotocol.spec.McpSchema.PromptArgument;
import io.modelcontextprotocol.spec.McpSchema.PromptMessage;
import io.modelcontextprotocol.spec.McpSchema.PromptReference;
import io.modelcontextprotocol.spec.McpSchema.Role;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The fixture's prompts and the completion of {@code test_prompt_with_arguments}'s {@code arg1}.
 */
final class FixturePrompts {

  static final String WITH_ARGUMENTS = "test_prompt_with_arguments";
  private static final List<String> ARG1_VALUES =
      List.of("paris", "park", "party", "test", "testing");

  private FixturePrompts() {}

  static List<SyncPromptSpecification> all() {
    return List.of(
        prompt(
            "test_simple_prompt",
            "A prompt without arguments",
            List.of(),
            args -> List.of(user(textContent("This is a simple prompt for testing.")))),
        prompt(
            WITH_ARGUMENTS,
            "A prompt with two required arguments",
            List.of(
                required("arg1", "First test argument"), required("arg2", "Second test argument")),
            args ->
                List.of(
                    user(
                        textContent(
                            "Prompt with arguments: arg1='"
                                + args.get("arg1")
                                + "', arg2='"
                                + args.get("arg2")
                                + "'")))),
        prompt(
            "test_prompt_with_embedded_resource",
            "A prompt that embeds the resource it is given",
            List.of(required("resourceUri", "URI of the resource to embed")),
            args ->
                List.of(
                    user(
                        FixtureContentTools.embedded(
                            String.valueOf(args.get("resourceUri")),
                            "text/plain",
                            "Embedded resource content for testing.")),
                    user(textContent("Please process the embedded resource above.")))),
        prompt(
            "test_prompt_with_image",
            "A prompt that carries an image",
            List.of(),
            args ->
                List.of(
                    user(FixtureContentTools.image()),
                    user(textContent("Please analyze the image above.")))));
  }

  /** Added a few seconds after start so clients see notifications/prompts/list_changed. */
  static SyncPromptSpecification dynamicPrompt() {
    return prompt(
        "test_dynamic_prompt",
        "A prompt added after the server started",
        List.of(),
        args -> List.of(user(textContent("This is a dynamically added prompt."))));
  }

  /** Suggests values for {@code arg1} that start with what the user typed. */
  static SyncCompletionSpecification arg1Completion() {
    return new SyncCompletionSpecification(
        new PromptReference(WITH_ARGUMENTS), (exchange, request) -> complete(request));
  }

  private static CompleteResult complete(CompleteRequest request) {
    CompleteArgument argument = request.argument();
    List<String> values = List.of();
    if (argument != null && "arg1".equals(argument.name())) {
      String typed = Objects.requireNonNullElse(argument.value(), "");
      values = ARG1_VALUES.stream().filter(value -> value.startsWith(typed)).toList();
    }
    return new CompleteResult(new CompleteCompletion(values, values.size(), false));
  }

  private static SyncPromptSpecification prompt(
      String name,
      String description,
      List<PromptArgument> arguments,
      Function<Map<String, Object>, List<PromptMessage>> messages) {
    Prompt prompt = Prompt.builder(name).description(description).arguments(arguments).build();
    return new SyncPromptSpecification(
        prompt,
        (exchange, request) ->
            GetPromptResult.builder(
                    messages.apply(request.arguments() == null ? Map.of() : request.arguments()))
                .description(description)
                .build());
  }

  private static PromptArgument required(String name, String description) {
    return PromptArgument.builder(name).description(description).required(true).build();
  }

  private static PromptMessage user(Content content) {
    return PromptMessage.builder(Role.USER, content).build();
  }
}
