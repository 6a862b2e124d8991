package io.gatehouse.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.server.testing.RunningGatehouse;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Implementation;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @modelcontextprotocol/server-filesystem} run by Gatehouse over stdio with one allowed
 * directory (a temp dir), reached through {@code /mcp/{route}} by the MCP Java SDK client: its
 * tools are listed, a file is written and read back in the allowed directory, and a path outside it
 * is refused by the server itself, the refusal passed through as the tool's error result.
 */
class StdioFilesystemInteropTest {
  private static final String ROUTE = "files";

  @TempDir Path allowed;
  @TempDir Path outside;

  @Test
  void lists_tools_writes_and_reads_in_the_allowed_dir_and_is_refused_outside_it()
      throws Exception {
    NodeTools tools = NodeTools.require();
    Path secret = Files.writeString(outside.resolve("secret.txt"), "not for the client");
    String route =
        "  - name: "
            + ROUTE
            + "\n    upstream:\n      transport: stdio\n      command: '"
            + tools.node()
            + "'\n      args: ['"
            + tools.serverFilesystemCli()
            + "', '"
            + allowed.toRealPath()
            + "']\n";
    try (RunningGatehouse gateway = RunningGatehouse.start("routes:\n" + route);
        McpSyncClient client = client(gateway)) {
      client.initialize();

      Map<String, Tool> listed =
          client.listTools().tools().stream().collect(Collectors.toMap(Tool::name, t -> t));
      assertThat(listed)
          .containsKeys(
              "read_text_file", "write_file", "list_directory", "list_allowed_directories");

      Path file = allowed.toRealPath().resolve("note.txt");
      CallToolResult wrote =
          call(client, "write_file", Map.of("path", file.toString(), "content", "hello ✓"));
      assertThat(wrote.isError()).as(text(wrote)).isNotEqualTo(Boolean.TRUE);
      assertThat(Files.readString(file)).isEqualTo("hello ✓");

      CallToolResult read = call(client, "read_text_file", Map.of("path", file.toString()));
      assertThat(read.isError()).as(text(read)).isNotEqualTo(Boolean.TRUE);
      assertThat(text(read)).isEqualTo("hello ✓");

      CallToolResult refused =
          call(client, "read_text_file", Map.of("path", secret.toRealPath().toString()));
      assertThat(refused.isError()).isTrue();
      assertThat(text(refused))
          .contains("Access denied")
          .contains("outside allowed directories")
          .doesNotContain("not for the client");

      CallToolResult refusedWrite =
          call(
              client,
              "write_file",
              Map.of(
                  "path", outside.toRealPath().resolve("planted.txt").toString(), "content", "x"));
      assertThat(refusedWrite.isError()).isTrue();
      assertThat(text(refusedWrite)).contains("Access denied");
      assertThat(outside.resolve("planted.txt")).doesNotExist();
      // ends the session (DELETE) while the gateway still runs
      assertThat(client.closeGracefully()).isTrue();
    }
  }

  private static McpSyncClient client(RunningGatehouse gateway) {
    return McpClient.sync(
            JavaClientTransport.STREAMABLE_HTTP.create(
                JavaClientTransport.origin(gateway.url("/")), ROUTE, new WireTap()))
        .clientInfo(Implementation.builder("gatehouse-interop-java", "1.0.0").build())
        .requestTimeout(Duration.ofSeconds(30))
        .initializationTimeout(Duration.ofSeconds(60))
        .build();
  }

  private static CallToolResult call(McpSyncClient client, String tool, Map<String, Object> args) {
    return client.callTool(CallToolRequest.builder(tool).arguments(args).build());
  }

  private static String text(CallToolResult r) {
    return r.content().stream()
        .filter(TextContent.class::isInstance)
        .map(c -> ((TextContent) c).text())
        .collect(Collectors.joining("\n"));
  }
}
