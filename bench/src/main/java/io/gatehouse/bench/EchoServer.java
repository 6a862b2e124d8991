package io.gatehouse.bench;

import io.gatehouse.protocol.EnvelopeScanner;
import io.gatehouse.protocol.JsonRpcMessage;
import io.gatehouse.protocol.ProtocolVersions;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The upstream of every benchmark: a Streamable HTTP MCP server with one tool, {@code echo}, that
 * returns its arguments as {@code structuredContent}, so a 64 KiB call also has a 64 KiB answer. It
 * does the least an MCP server can (no session state, no schema validation) so the gateway, not the
 * upstream, is what is measured. With {@code --sse} every answer is a one-event {@code
 * text/event-stream}; with {@code --modern} it is a 2026-07-28 server ({@link ModernEcho}).
 */
final class EchoServer {
  private static final byte[] ARGUMENTS = "\"arguments\":".getBytes(StandardCharsets.US_ASCII);
  private static final AtomicLong SESSIONS = new AtomicLong();

  private EchoServer() {}

  /** The tool list, the same in both eras. */
  static final String TOOLS =
      "{\"tools\":[{\"name\":\"echo\",\"description\":\"Returns its arguments.\","
          + "\"inputSchema\":{\"type\":\"object\",\"properties\":{\"text\":"
          + "{\"type\":\"string\"}},\"required\":[\"text\"],"
          + "\"additionalProperties\":false}}]}";

  static Server start(String host, int port, boolean sse) throws Exception {
    return start(host, port, sse, false);
  }

  /**
   * @param modern answer as a 2026-07-28 server: {@code server/discover}, {@code resultType} on
   *     every result, and requests without that revision's headers refused ({@link ModernEcho})
   */
  static Server start(String host, int port, boolean sse, boolean modern) throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool(256, 8);
    threads.setName("echo");
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendDateHeader(false);
    ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    connector.setAcceptQueueSize(4096);
    server.addConnector(connector);
    server.setHandler(new Echo(sse, modern));
    server.start();
    return server;
  }

  static int port(Server server) {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  private static final class Echo extends Handler.Abstract {
    private final boolean sse;
    private final boolean modern;

    Echo(boolean sse, boolean modern) {
      this.sse = sse;
      this.modern = modern;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      switch (request.getMethod()) {
        case "POST" -> post(request, response, callback);
        case "DELETE" -> {
          response.setStatus(200);
          callback.succeeded();
        }
        default -> {
          response.setStatus(405);
          response.getHeaders().put(HttpHeader.ALLOW, "POST, DELETE");
          callback.succeeded();
        }
      }
      return true;
    }

    private void post(Request request, Response response, Callback callback) throws Exception {
      ByteBuffer buffer = Content.Source.asByteBuffer(request);
      byte[] body = new byte[buffer.remaining()];
      buffer.get(body);
      JsonRpcMessage message = EnvelopeScanner.scan(body);
      if (!message.isRequest()) {
        response.setStatus(202);
        callback.succeeded();
        return;
      }
      int status = 200;
      String error = modern ? ModernEcho.refusal(request.getHeaders(), message) : null;
      byte[] result = null;
      if (error != null) {
        status = 400;
      } else {
        result =
            modern ? ModernEcho.result(message.method(), body) : result(message, body, response);
        if (result == null) {
          // 2026-07-28 servers answer an unknown (or removed) method over HTTP too
          status = modern ? 404 : 200;
          error = "{\"code\":-32601,\"message\":\"Method not found\"}";
        }
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 128);
      if (sse) {
        out.writeBytes("event: message\ndata: ".getBytes(StandardCharsets.US_ASCII));
      }
      out.writeBytes(
          ("{\"jsonrpc\":\"2.0\",\"id\":" + message.id().toJson())
              .getBytes(StandardCharsets.UTF_8));
      if (result == null) {
        out.writeBytes(",\"error\":".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(error.getBytes(StandardCharsets.UTF_8));
      } else {
        out.writeBytes(",\"result\":".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(result);
      }
      out.write('}');
      boolean stream = sse && status == 200;
      if (stream) {
        out.writeBytes("\n\n".getBytes(StandardCharsets.US_ASCII));
      }
      response.setStatus(status);
      response
          .getHeaders()
          .put(HttpHeader.CONTENT_TYPE, stream ? "text/event-stream" : "application/json");
      if (stream) {
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
      } else {
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, out.size());
      }
      response.write(true, ByteBuffer.wrap(out.toByteArray()), callback);
    }

    /** A session-era request's result, or null for a method the echo does not have. */
    private static byte[] result(JsonRpcMessage message, byte[] body, Response response) {
      return switch (message.method()) {
        case "initialize" -> {
          response.getHeaders().put("Mcp-Session-Id", "echo-" + SESSIONS.incrementAndGet());
          String version =
              ProtocolVersions.isSupported(message.protocolVersion())
                  ? message.protocolVersion()
                  : ProtocolVersions.LATEST;
          yield ("{\"protocolVersion\":\""
                  + version
                  + "\",\"capabilities\":{\"tools\":{}},"
                  + "\"serverInfo\":{\"name\":\"gatehouse-bench-echo\",\"version\":\"1\"}}")
              .getBytes(StandardCharsets.UTF_8);
        }
        case "tools/list" -> TOOLS.getBytes(StandardCharsets.UTF_8);
        case "tools/call" -> callResult(body);
        case "ping" -> "{}".getBytes(StandardCharsets.UTF_8);
        default -> null;
      };
    }
  }

  /** {"content":[...],"structuredContent":ARGUMENTS}, with the arguments copied as raw JSON. */
  static byte[] callResult(byte[] request) {
    byte[] arguments = rawArguments(request);
    ByteArrayOutputStream out = new ByteArrayOutputStream(arguments.length + 64);
    out.writeBytes(
        "{\"content\":[{\"type\":\"text\",\"text\":\"echo\"}],\"structuredContent\":"
            .getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(arguments);
    out.write('}');
    return out.toByteArray();
  }

  /**
   * The raw {@code params.arguments} object. The load generator writes it last inside params, so it
   * ends two bytes before the message does; anything else gets {@code {}}.
   */
  private static byte[] rawArguments(byte[] request) {
    int at = HttpConnection.indexOf(request, request.length, ARGUMENTS);
    int end = request.length - 1;
    while (end > 0 && request[end] != '}') {
      end--;
    }
    end -= 1; // the '}' closing params
    if (at < 0 || end <= at || request[end] != '}') {
      return "{}".getBytes(StandardCharsets.US_ASCII);
    }
    int start = at + ARGUMENTS.length;
    byte[] raw = new byte[end - start];
    System.arraycopy(request, start, raw, 0, raw.length);
    return raw;
  }
}
