package io.gatehouse.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Small helpers for the Java SDK scenarios: tool calls, their text, cursor loops. */
final class McpCalls {
  private static final int MAX_PAGES = 100;

  private McpCalls() {}

  static CallToolResult call(McpSyncClient client, String tool, Map<String, Object> arguments) {
    return client.callTool(CallToolRequest.builder(tool).arguments(arguments).build());
  }

  /** The text content of a successful tool result, joined by newlines. */
  static String text(CallToolResult result) {
    assertThat(result.isError()).as("isError of %s", result.content()).isNotEqualTo(Boolean.TRUE);
    return result.content().stream()
        .filter(TextContent.class::isInstance)
        .map(c -> ((TextContent) c).text())
        .collect(Collectors.joining("\n"));
  }

  /**
   * Every item of a paginated list: follows {@code nextCursor} until it is absent.
   * (server-everything answers in one page; the loop is what a client must do regardless.)
   */
  static <R, T> List<T> allPages(
      Function<String, R> list, Function<R, List<T>> items, Function<R, String> next) {
    List<T> all = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      R result = list.apply(cursor);
      all.addAll(items.apply(result));
      cursor = next.apply(result);
      if (cursor == null) {
        return all;
      }
    }
    throw new AssertionError("still a nextCursor after " + MAX_PAGES + " pages");
  }

  /**
   * Length and SHA-256 of the UTF-8 bytes: compares large strings exactly without printing them.
   */
  static String digest(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    try {
      byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(bytes);
      return bytes.length + " bytes, sha256 " + HexFormat.of().formatHex(sha256);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
