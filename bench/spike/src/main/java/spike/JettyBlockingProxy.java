package spike;

import io.gatehouse.gateway.SessionSealer;
import io.gatehouse.gateway.SessionToken;
import io.gatehouse.gateway.UpstreamTransport;
import io.gatehouse.protocol.EnvelopeScanner;
import io.gatehouse.protocol.JsonRpcMessage;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Spike (a): Jetty 12 server on virtual threads, the upstream reached with a blocking socket owned by the
 * virtual thread (no client selector, no listener hand-off).
 */
public final class JettyBlockingProxy {
  static SessionSealer sealer;
  static InetSocketAddress upstream;
  static byte[] headPrefix;
  static final ConcurrentLinkedDeque<Conn> POOL = new ConcurrentLinkedDeque<>();

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    URI up = URI.create(args[1]);
    upstream = new InetSocketAddress(up.getHost(), up.getPort());
    headPrefix = ("POST " + up.getPath() + " HTTP/1.1\r\nHost: " + up.getHost() + ":" + up.getPort()
        + "\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    sealer = new SessionSealer(new byte[32]);
    QueuedThreadPool pool = new QueuedThreadPool(200, 4);
    pool.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("vt"));
    Server server = new Server(pool);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    ServerConnector c = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    c.setHost("127.0.0.1");
    c.setPort(port);
    c.setAcceptQueueSize(4096);
    server.addConnector(c);
    server.setHandler(new Proxy());
    server.start();
    System.out.println("jetty-blocking spike on " + port);
    server.join();
  }

  static final class Proxy extends Handler.Abstract {
    Proxy() {
      super(Invocable.InvocationType.BLOCKING);
    }

    @Override public boolean handle(Request request, Response response, Callback callback) throws Exception {
      ByteBuffer in = Content.Source.asByteBuffer(request);
      byte[] bytes = new byte[in.remaining()];
      in.get(bytes);
      JsonRpcMessage m = EnvelopeScanner.scan(bytes);
      String version = request.getHeaders().get("MCP-Protocol-Version");
      String upstreamSession = null;
      if (!m.isInitialize()) {
        SessionToken t = sealer.open(request.getHeaders().get("Mcp-Session-Id"));
        if (t == null) {
          response.setStatus(404);
          response.write(true, ByteBuffer.wrap("{}".getBytes()), callback);
          return true;
        }
        upstreamSession = t.upstreamSessionId();
        version = t.protocolVersion();
      }
      Conn conn = POOL.pollLast();
      boolean pooled = conn != null;
      if (conn == null) {
        conn = new Conn();
      }
      try {
        try {
          conn.send(upstreamSession, version, bytes);
          conn.readHead();
        } catch (IOException e) {
          if (!pooled) {
            throw e;
          }
          conn.close();
          conn = new Conn();
          conn.send(upstreamSession, version, bytes);
          conn.readHead();
        }
        response.setStatus(conn.status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, conn.contentType == null ? "application/json" : conn.contentType);
        if (m.isInitialize()) {
          response.getHeaders().put("Mcp-Session-Id", sealer.seal(new SessionToken("echo", UpstreamTransport.STREAMABLE_HTTP,
              conn.sessionId, m.protocolVersion(), System.currentTimeMillis() / 1000 + 86400, "")));
        }
        if (conn.chunked) {
          response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
          for (byte[] chunk = conn.readChunk(); chunk != null; chunk = conn.readChunk()) {
            try (Blocker.Callback b = Blocker.callback()) {
              response.write(false, ByteBuffer.wrap(chunk), b);
              b.block();
            }
          }
          response.write(true, null, callback);
        } else {
          byte[] body = conn.readBody();
          response.write(true, ByteBuffer.wrap(body), callback);
        }
        POOL.addLast(conn);
      } catch (IOException e) {
        conn.close();
        callback.failed(e);
      }
      return true;
    }
  }

  /** One blocking keep-alive connection to the upstream. */
  static final class Conn {
    final Socket socket;
    final InputStream in;
    final OutputStream out;
    final StringBuilder line = new StringBuilder(128);
    int status;
    String contentType;
    String sessionId;
    int contentLength;
    boolean chunked;

    Conn() throws IOException {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.connect(upstream, 5000);
      in = new BufferedInputStream(socket.getInputStream(), 16384);
      out = socket.getOutputStream();
    }

    void send(String session, String version, byte[] body) throws IOException {
      StringBuilder h = new StringBuilder(160);
      if (session != null && !session.isEmpty()) {
        h.append("Mcp-Session-Id: ").append(session).append("\r\n");
      }
      if (version != null) {
        h.append("MCP-Protocol-Version: ").append(version).append("\r\n");
      }
      h.append("Content-Length: ").append(body.length).append("\r\n\r\n");
      byte[] tail = h.toString().getBytes(StandardCharsets.US_ASCII);
      byte[] all = new byte[headPrefix.length + tail.length + body.length];
      System.arraycopy(headPrefix, 0, all, 0, headPrefix.length);
      System.arraycopy(tail, 0, all, headPrefix.length, tail.length);
      System.arraycopy(body, 0, all, headPrefix.length + tail.length, body.length);
      out.write(all);
      out.flush();
    }

    void readHead() throws IOException {
      String statusLine = readLine();
      status = Integer.parseInt(statusLine.substring(9, 12));
      contentType = null;
      sessionId = null;
      contentLength = -1;
      chunked = false;
      for (String l = readLine(); !l.isEmpty(); l = readLine()) {
        int colon = l.indexOf(':');
        String name = l.substring(0, colon);
        String value = l.substring(colon + 1).trim();
        if (name.equalsIgnoreCase("content-length")) {
          contentLength = Integer.parseInt(value);
        } else if (name.equalsIgnoreCase("content-type")) {
          contentType = value;
        } else if (name.equalsIgnoreCase("mcp-session-id")) {
          sessionId = value;
        } else if (name.equalsIgnoreCase("transfer-encoding")) {
          chunked = value.equalsIgnoreCase("chunked");
        }
      }
    }

    byte[] readBody() throws IOException {
      return in.readNBytes(Math.max(contentLength, 0));
    }

    /** The next chunk of a chunked body, or null at its end. */
    byte[] readChunk() throws IOException {
      int size = Integer.parseInt(readLine().trim(), 16);
      if (size == 0) {
        readLine();
        return null;
      }
      byte[] chunk = in.readNBytes(size);
      readLine();
      return chunk;
    }

    String readLine() throws IOException {
      line.setLength(0);
      for (int c = in.read(); c != '\n'; c = in.read()) {
        if (c < 0) {
          throw new IOException("closed");
        }
        if (c != '\r') {
          line.append((char) c);
        }
      }
      return line.toString();
    }

    void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing
      }
    }
  }
}
