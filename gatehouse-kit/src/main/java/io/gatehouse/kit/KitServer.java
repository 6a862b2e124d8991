package io.gatehouse.kit;

import static java.util.Objects.requireNonNull;

import io.gatehouse.kit.internal.AnnotatedTools;
import io.gatehouse.kit.internal.KitHttp;
import io.gatehouse.kit.internal.KitJson;
import io.gatehouse.kit.internal.KitTool;
import io.gatehouse.kit.internal.ToolCalls;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A running MCP server made with the kit: Streamable HTTP at {@code /mcp}, open {@code /healthz},
 * everything else behind its keys. Made by {@link McpKit#server}; close it to stop.
 */
public final class KitServer implements AutoCloseable {
  private final Definition definition;
  private final KitHttp.Listener http;
  private final McpSyncServer mcp;
  private final String host;
  private final int port;

  private KitServer(Definition definition, KitHttp.Listener http, McpSyncServer mcp, String host) {
    this.definition = definition;
    this.http = http;
    this.mcp = mcp;
    this.host = host;
    this.port = http.port();
  }

  /** The MCP endpoint, {@code http://<host>:<port>/mcp}. */
  public URI url() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return URI.create("http://" + h + ":" + port + KitHttp.MCP_PATH);
  }

  /** The port it listens on (the one the system chose, when started on 0). */
  public int port() {
    return port;
  }

  /** What it serves: name, version, tools. */
  public Definition definition() {
    return definition;
  }

  /** Closes the MCP sessions and stops listening. */
  @Override
  public void close() {
    try {
      mcp.closeGracefully();
    } finally {
      http.stop();
    }
  }

  /**
   * A server's definition, without keys: what {@code publish} describes and {@code serve} runs.
   *
   * @param registryName the catalog name, reverse-DNS with one {@code /} ({@code
   *     io.example/inventory})
   * @param keyHeader the header that carries a key ({@code x-functions-key} is accepted too)
   */
  public record Definition(
      String name,
      String version,
      String registryName,
      String description,
      String keyHeader,
      List<ToolInfo> tools) {
    public Definition {
      tools = List.copyOf(tools);
    }
  }

  /**
   * One tool as clients see it in {@code tools/list}.
   *
   * @param outputSchema null when the tool answers text
   */
  public record ToolInfo(
      String name,
      String description,
      Map<String, Object> inputSchema,
      Map<String, Object> outputSchema) {}

  /** Builds and starts a server; from {@link McpKit#server}. */
  public static final class Builder {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    private static final Pattern REGISTRY_NAME = Pattern.compile("[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+");
    private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final String name;
    private final String version;
    private final Map<String, KitTool> tools = new LinkedHashMap<>();
    private String registryName;
    private String description;
    private String keyHeader = "X-API-Key";
    private Keys keys;
    private String host = "127.0.0.1";

    Builder(String name, String version) {
      requireNonNull(name, "name");
      requireNonNull(version, "version");
      if (!NAME.matcher(name).matches()) {
        throw invalid("name: '" + name + "' (expected: " + NAME.pattern() + ")");
      }
      if (version.isBlank()) {
        throw invalid("version: blank (expected: the build's version, such as 1.2.0)");
      }
      this.name = name;
      this.version = version;
      this.registryName = "io.gatehouse.kit/" + name;
      this.description = "The " + name + " MCP server";
    }

    /** What the server is for, 1 to 100 characters (the catalog shows it). */
    public Builder description(String description) {
      requireNonNull(description, "description");
      if (description.isBlank() || description.length() > 100) {
        throw invalid("description: " + description.length() + " characters (expected: 1 to 100)");
      }
      this.description = description;
      return this;
    }

    /**
     * The name it is published under, reverse-DNS with one {@code /}: {@code io.example/inventory}.
     */
    public Builder registryName(String registryName) {
      requireNonNull(registryName, "registryName");
      if (!REGISTRY_NAME.matcher(registryName).matches()) {
        throw invalid(
            "registryName: '"
                + registryName
                + "' (expected: reverse-DNS/name, io.example/inventory)");
      }
      this.registryName = registryName;
      return this;
    }

    /**
     * A tool whose arguments bind to the record {@code arguments} and whose answer is text (a
     * {@code String}) or JSON.
     */
    public <A extends Record> Builder tool(
        String name, String description, Class<A> arguments, Function<A, ?> call) {
      return add(name, description, arguments, null, call);
    }

    /**
     * A tool that answers with the record {@code result}: structured content, described by an
     * output schema generated from it.
     */
    public <A extends Record, R extends Record> Builder tool(
        String name, String description, Class<A> arguments, Class<R> result, Function<A, R> call) {
      requireNonNull(result, "result");
      return add(name, description, arguments, result, call);
    }

    /** The {@link Tool}-annotated public methods of {@code tools}, each a tool. */
    public Builder tools(Object tools) {
      requireNonNull(tools, "tools");
      for (KitTool t : AnnotatedTools.of(tools)) {
        put(t);
      }
      return this;
    }

    /** The keys callers must present; required to start. */
    public Builder keys(Keys keys) {
      this.keys = requireNonNull(keys, "keys");
      return this;
    }

    /** The header that carries a key; {@code X-API-Key} by default. */
    public Builder keyHeader(String header) {
      requireNonNull(header, "header");
      if (!HEADER.matcher(header).matches()) {
        throw invalid("keyHeader: '" + header + "' (expected: a header name, such as X-API-Key)");
      }
      this.keyHeader = header;
      return this;
    }

    /** The address to listen on; {@code 127.0.0.1} by default, {@code 0.0.0.0} for all. */
    public Builder host(String host) {
      this.host = requireNonNull(host, "host");
      return this;
    }

    /** The server's definition: what it would serve and publish. */
    public Definition definition() {
      if (tools.isEmpty()) {
        throw new KitException(
            KitErrors.INVALID_TOOL, "server " + name + ": no tools (expected: at least one)");
      }
      List<ToolInfo> listed = new ArrayList<>();
      for (KitTool t : tools.values()) {
        listed.add(new ToolInfo(t.name(), t.description(), t.inputSchema(), t.outputSchema()));
      }
      return new Definition(name, version, registryName, description, keyHeader, listed);
    }

    /**
     * Reads the keys and starts listening on {@code port} (0: a free one).
     *
     * @throws KitException {@code KEYS_MISSING}, {@code KEY_TOO_SHORT}, {@code INVALID_TOOL} or
     *     {@code START_FAILED}
     */
    public KitServer start(int port) {
      if (port < 0 || port > 65_535) {
        throw invalid("port: " + port + " (expected: 0..65535)");
      }
      Definition definition = definition();
      if (keys == null) {
        throw new KitException(
            KitErrors.KEYS_MISSING,
            "server " + name + ": no keys (expected: .keys(Keys.fromEnv(...)) or Keys.fromFile)");
      }
      Keys.Verifier verifier = keys.load();
      HttpServletStreamableServerTransportProvider transport = KitHttp.transport(host);
      McpSyncServer mcp =
          McpServer.sync(transport)
              .jsonMapper(KitJson.MCP)
              .serverInfo(name, version)
              .instructions(description)
              .capabilities(ServerCapabilities.builder().tools(false).build())
              .validateToolInputs(false)
              .tools(tools.values().stream().map(ToolCalls::spec).toList())
              .build();
      try {
        return new KitServer(
            definition,
            KitHttp.start(transport, host, port, keyHeader, verifier::accepts),
            mcp,
            host);
      } catch (RuntimeException e) {
        mcp.close();
        throw e;
      }
    }

    private Builder add(
        String name, String description, Class<?> arguments, Class<?> result, Function<?, ?> call) {
      requireNonNull(arguments, "arguments");
      requireNonNull(call, "call");
      @SuppressWarnings("unchecked")
      Function<Object, Object> untyped = (Function<Object, Object>) call;
      put(new KitTool(name, description, arguments, result, untyped));
      return this;
    }

    private void put(KitTool tool) {
      tool.inputSchema(); // refuses a record the schema cannot describe now, not at the first call
      tool.outputSchema();
      if (tools.putIfAbsent(tool.name(), tool) != null) {
        throw new KitException(
            KitErrors.INVALID_TOOL, "tool " + tool.name() + ": declared twice (expected: once)");
      }
    }

    private static KitException invalid(String message) {
      return new KitException(KitErrors.INVALID_SERVER, message);
    }
  }
}
