package io.gatehouse.testkit;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The conformance fixture ({@link ConformanceFixtureServer}'s tools, resources and prompts) as a
 * stdio MCP server of the MCP Java SDK: {@code java -cp <test class path>
 * io.gatehouse.testkit.ConformanceFixtureStdio}. It speaks MCP on stdout (logs go to stderr) and
 * exits when its stdin closes.
 */
public final class ConformanceFixtureStdio {
  private ConformanceFixtureStdio() {}

  public static void main(String[] args) throws InterruptedException {
    PrintStream protocol = System.out;
    System.setOut(System.err); // nothing but MCP messages may reach stdout
    CountDownLatch stdinClosed = new CountDownLatch(1);
    InputStream in =
        new FilterInputStream(System.in) {
          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n < 0) {
              stdinClosed.countDown();
            }
            return n;
          }

          @Override
          public int read() throws IOException {
            int c = super.read();
            if (c < 0) {
              stdinClosed.countDown();
            }
            return c;
          }
        };
    FixtureResources resources = new FixtureResources();
    List<SyncToolSpecification> tools = new ArrayList<>(FixtureContentTools.all());
    tools.addAll(FixtureNotifyingTools.all());
    tools.addAll(FixtureClientRequestTools.all());
    McpSyncServer mcp =
        McpServer.sync(new StdioServerTransportProvider(FixtureJson.MAPPER, in, protocol))
            .jsonMapper(FixtureJson.MAPPER)
            .serverInfo("gatehouse-conformance-fixture-stdio", "1.0.0")
            .capabilities(
                ServerCapabilities.builder()
                    .tools(true)
                    .resources(true, true)
                    .prompts(true)
                    .logging()
                    .completions()
                    .build())
            .tools(tools)
            .resources(resources.resources())
            .resourceTemplates(resources.templates())
            .prompts(FixturePrompts.all())
            .completions(FixturePrompts.arg1Completion())
            .build();
    FixtureLiveUpdates live = new FixtureLiveUpdates(mcp, resources);
    stdinClosed.await();
    live.close();
    mcp.close();
    System.exit(0);
  }
}
