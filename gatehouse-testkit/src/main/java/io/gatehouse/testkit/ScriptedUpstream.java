package io.gatehouse.testkit;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A small Streamable HTTP MCP server whose tools are scripted by the test, for the failure modes
 * real servers rarely show on demand: slow answers, streams that stop early, answers that are not
 * MCP, sessions that expire. It records every request it receives. Listens on 127.0.0.1, port 0.
 *
 * <pre>{@code
 * try (ScriptedUpstream up = ScriptedUpstream.start(s -> s
 *     .tool("slow", (call, out) -> { Thread.sleep(3000); out.result(ScriptedUpstream.text("done")); }))) {
 *   URI mcp = up.url();
 * }
 * }</pre>
 */
public final class ScriptedUpstream implements AutoCloseable {
  private final Server server;
  private final Script script;
  final Set<String> sessions = ConcurrentHashMap.newKeySet();
  final Map<String, String> deferred = new ConcurrentHashMap<>();
  final List<Recorded> requests = new CopyOnWriteArrayList<>();
  final AtomicInteger counter = new AtomicInteger();
  final Map<String, java.util.Queue<String>> pushes = new ConcurrentHashMap<>();

  /** One request as received. */
  /**
   * @param query the raw query of the request's URL, or null
   */
  public record Recorded(
      String httpMethod, Map<String, String> headers, String body, String query) {}

  /** What the scripted tools do, and how the server behaves otherwise. */
  public static final class Script {
    final Map<String, Tool> tools = new ConcurrentHashMap<>();
    final Map<String, String> definitions = new ConcurrentHashMap<>();
    boolean jsonInitialize = true;
    boolean getStream = true;
    boolean subscribable;
    boolean stateless;
    boolean modernOnly;
    java.util.function.Predicate<String> authorization = a -> true;
    TestCertificates tls;
    java.util.function.Supplier<URI> authorizationServer;
    java.util.List<String> scopes = java.util.List.of();
    boolean clientCertificates;
    final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();

    /**
     * Answer requests of {@code method} (ones no tool or other rule answers, such as {@code
     * resources/unsubscribe}) only once {@code release} is counted down; they are recorded as they
     * come in, so a test sees what arrived while one was held.
     */
    public Script hold(String method, CountDownLatch release) {
      holds.put(method, release);
      return this;
    }

    public Script tool(String name, Tool tool) {
      tools.put(name, tool);
      return this;
    }

    /**
     * A tool listed with {@code definition}: the members of its {@code tools/list} entry besides
     * its name, as JSON text without braces (say {@code "inputSchema":{...},"outputSchema":{...}}),
     * instead of {@code "inputSchema":{"type":"object"}}. May be called again while the server
     * runs, to change what the next list says.
     */
    public Script tool(String name, String definition, Tool tool) {
      tools.put(name, tool);
      definitions.put(name, definition);
      return this;
    }

    /** List no tools, not even {@code echo}, as many servers do before authentication. */
    public Script noTools() {
      tools.clear();
      definitions.clear();
      return this;
    }

    /** Answer {@code initialize} over SSE instead of JSON. */
    public Script sseInitialize() {
      jsonInitialize = false;
      return this;
    }

    /**
     * Answer 401 with {@code WWW-Authenticate: Bearer error="invalid_token"} to every request whose
     * {@code Authorization} header (null when absent) {@code accepts} refuses, as a protected
     * server does.
     */
    public Script authorize(java.util.function.Predicate<String> accepts) {
      authorization = accepts;
      return this;
    }

    /**
     * Publish Protected Resource Metadata (RFC 9728) at {@code
     * /.well-known/oauth-protected-resource/mcp} naming {@code issuer} and {@code scopes}, and
     * point to it from every 401's {@code WWW-Authenticate}, as an MCP server that takes OAuth
     * does.
     */
    public Script protectedResource(
        java.util.function.Supplier<URI> issuer, java.util.List<String> scopes) {
      authorizationServer = issuer;
      this.scopes = java.util.List.copyOf(scopes);
      return this;
    }

    /**
     * Listen with TLS, with the server certificate of {@code certs} (signed by their CA); with
     * {@code requireClientCertificate}, a client must present a certificate the CA signed.
     */
    public Script tls(TestCertificates certs, boolean requireClientCertificate) {
      tls = certs;
      clientCertificates = requireClientCertificate;
      return this;
    }

    /**
     * Declare {@code resources.subscribe}; {@code resources/subscribe} and {@code
     * resources/unsubscribe} are answered with an empty result (and recorded, as every request is).
     */
    public Script subscribable() {
      subscribable = true;
      return this;
    }

    /** Answer GET with 405, as servers without a server-to-client stream do. */
    public Script noGetStream() {
      getStream = false;
      return this;
    }

    /**
     * Serve requests that carry no session, as an MCP 2026-07-28 server does (its requests carry
     * their version in {@code _meta}; this server does not read it).
     */
    public Script stateless() {
      stateless = true;
      return this;
    }

    /**
     * Serve MCP 2026-07-28 only: stateless, and {@code initialize} refused with HTTP 400 and {@code
     * -32022} (unsupported protocol version), as the TypeScript SDK v2's {@code legacy: 'reject'}
     * does.
     */
    public Script modernOnly() {
      modernOnly = true;
      return stateless();
    }
  }

  /** A scripted tool: reads the call, writes the answer. */
  @FunctionalInterface
  public interface Tool {
    void call(ScriptedCall call, ScriptedReply out) throws Exception;
  }

  private ScriptedUpstream(Script script) {
    this.script = script;
    QueuedThreadPool pool = new QueuedThreadPool();
    pool.setVirtualThreadsExecutor(VirtualThreads.getDefaultVirtualThreadsExecutor());
    pool.setName("scripted-upstream");
    this.server = new Server(pool);
    ServerConnector connector =
        script.tls == null ? new ServerConnector(server) : new ServerConnector(server, tls(script));
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(new ScriptedHandler(this));
  }

  private static org.eclipse.jetty.util.ssl.SslContextFactory.Server tls(Script script) {
    var f = new org.eclipse.jetty.util.ssl.SslContextFactory.Server();
    char[] password = "test".toCharArray();
    f.setKeyStore(script.tls.serverKeyStore(password));
    f.setKeyStorePassword("test");
    if (script.clientCertificates) {
      f.setTrustStore(script.tls.caTrustStore());
      f.setNeedClientAuth(true);
    }
    return f;
  }

  public static ScriptedUpstream start(Consumer<Script> configure) {
    Script s = new Script();
    s.tool("echo", (call, out) -> out.result(text("Echo: " + call.arg("message"))));
    configure.accept(s);
    ScriptedUpstream up = new ScriptedUpstream(s);
    try {
      up.server.start();
    } catch (Exception e) {
      throw new IllegalStateException("could not start the scripted upstream", e);
    }
    return up;
  }

  Script script() {
    return script;
  }

  public URI url() {
    int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    return URI.create((script.tls == null ? "http" : "https") + "://127.0.0.1:" + port + "/mcp");
  }

  public InetSocketAddress address() {
    return new InetSocketAddress(
        "127.0.0.1", ((ServerConnector) server.getConnectors()[0]).getLocalPort());
  }

  /** Where this server's Protected Resource Metadata is served. */
  public URI resourceMetadataUrl() {
    return url().resolve("/.well-known/oauth-protected-resource/mcp");
  }

  /** Every request received so far, oldest first. */
  public List<Recorded> requests() {
    return List.copyOf(requests);
  }

  /**
   * Sends {@code message} (a JSON-RPC notification, say {@code notifications/tools/list_changed})
   * on the GET stream of every session open now, within the stream's next idle tick.
   */
  public void notifySessions(String message) {
    for (String session : sessions) {
      pushes
          .computeIfAbsent(session, s -> new java.util.concurrent.ConcurrentLinkedQueue<>())
          .add(message);
    }
  }

  /**
   * Stops listening, as an upstream that went down: connections are refused until {@link #restart}
   * listens again on the same port. Sessions and recorded requests are kept.
   */
  public void stop() {
    ServerConnector c = (ServerConnector) server.getConnectors()[0];
    c.setPort(c.getLocalPort());
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("could not stop the scripted upstream", e);
    }
  }

  /** Listens again on the port it had before {@link #stop}. */
  public void restart() {
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("could not restart the scripted upstream", e);
    }
  }

  /** Forgets every session, as a restarted server would: later requests in them get 404. */
  public void expireSessions() {
    sessions.clear();
  }

  public int openSessions() {
    return sessions.size();
  }

  /** A tool result with one text item. */
  public static String text(String text) {
    return "{\"content\":[{\"type\":\"text\",\"text\":" + ScriptedCall.quote(text) + "}]}";
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
