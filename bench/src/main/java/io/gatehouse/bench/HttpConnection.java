package io.gatehouse.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One keep-alive HTTP/1.1 connection, blocking, used by one virtual thread at a time. The load
 * generator writes its own requests and reads responses with as little work as possible (no header
 * maps, one reused body buffer), so that on a 2-core machine the generator costs less than what it
 * measures. It reads {@code Content-Length} and chunked bodies, which covers JSON and SSE answers.
 */
final class HttpConnection implements AutoCloseable {
  private static final byte[] CRLF = {'\r', '\n'};

  /** What a session-era (2025-11-25) client sends with every request after {@code initialize}. */
  static final String SESSION_ERA_HEADERS = "MCP-Protocol-Version: 2025-11-25\r\n";

  private final URI uri;
  private final String hostHeader;
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private final StringBuilder line = new StringBuilder(128);
  private byte[] body = new byte[16 * 1024];

  /** The last response. */
  int status;

  int bodyLength;
  String sessionId;
  String contentType;

  private final String extraHeader;
  private final String protocolHeaders;

  HttpConnection(URI uri) {
    this(uri, null);
  }

  /**
   * @param extraHeader a header line ({@code Name: value}) sent with every request, or null
   */
  HttpConnection(URI uri, String extraHeader) {
    this(uri, extraHeader, SESSION_ERA_HEADERS);
  }

  /**
   * @param protocolHeaders the MCP header lines, each ending in CRLF, sent with every request: the
   *     session era's version, or a 2026-07-28 client's version, method and name ({@link
   *     ModernClient#CALL_HEADERS})
   */
  HttpConnection(URI uri, String extraHeader, String protocolHeaders) {
    this.uri = uri;
    this.hostHeader = uri.getHost() + ":" + uri.getPort();
    this.extraHeader = extraHeader;
    this.protocolHeaders = protocolHeaders;
  }

  /**
   * Sends a request and reads the whole response; reconnects once if the kept-alive socket was
   * closed.
   */
  void exchange(String method, String sessionId, byte[] payload) throws IOException {
    byte[] head = head(method, sessionId, payload == null ? -1 : payload.length);
    for (int attempt = 0; ; attempt++) {
      boolean fresh = socket == null;
      try {
        if (fresh) {
          connect();
        }
        out.write(head);
        if (payload != null) {
          out.write(payload);
        }
        out.flush();
        readResponse();
        return;
      } catch (IOException e) {
        close();
        if (fresh || attempt > 0) {
          throw e;
        }
      }
    }
  }

  String body() {
    return new String(body, 0, bodyLength, StandardCharsets.UTF_8);
  }

  /** Whether the body holds {@code needle} (ASCII), without decoding it. */
  boolean bodyContains(byte[] needle) {
    return indexOf(body, bodyLength, needle) >= 0;
  }

  /**
   * Where {@code needle} first occurs in the first {@code length} bytes of {@code haystack}, or -1.
   */
  static int indexOf(byte[] haystack, int length, byte[] needle) {
    outer:
    for (int i = 0, last = length - needle.length; i <= last; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private void connect() throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
    socket.setSoTimeout(120_000);
    in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    out = socket.getOutputStream();
  }

  private byte[] head(String method, String sessionId, int length) {
    StringBuilder b =
        new StringBuilder(256)
            .append(method)
            .append(' ')
            .append(uri.getRawPath())
            .append(" HTTP/1.1\r\n")
            .append("Host: ")
            .append(hostHeader)
            .append("\r\n")
            .append("Accept: application/json, text/event-stream\r\n")
            .append(protocolHeaders);
    if (extraHeader != null) {
      b.append(extraHeader).append("\r\n");
    }
    if (sessionId != null) {
      b.append("Mcp-Session-Id: ").append(sessionId).append("\r\n");
    }
    if (length >= 0) {
      b.append("Content-Type: application/json\r\nContent-Length: ").append(length).append("\r\n");
    }
    return b.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private void readResponse() throws IOException {
    String statusLine = readLine();
    if (statusLine == null || statusLine.length() < 12 || !statusLine.startsWith("HTTP/1.")) {
      // Also what a socket connected to itself reads back (a poll of a closed port in the ephemeral
      // range).
      throw new IOException("no HTTP status line: " + statusLine);
    }
    try {
      status = Integer.parseInt(statusLine, 9, 12, 10);
    } catch (NumberFormatException e) {
      throw new IOException("malformed status line: " + statusLine, e);
    }
    sessionId = null;
    contentType = null;
    long contentLength = -1;
    boolean chunked = false;
    boolean close = false;
    for (String h = readLine(); h != null && !h.isEmpty(); h = readLine()) {
      int colon = h.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String value = h.substring(colon + 1).trim();
      if (h.regionMatches(true, 0, "content-length", 0, colon)) {
        contentLength = Long.parseLong(value);
      } else if (h.regionMatches(true, 0, "transfer-encoding", 0, colon)) {
        chunked = value.equalsIgnoreCase("chunked");
      } else if (h.regionMatches(true, 0, "mcp-session-id", 0, colon)) {
        sessionId = value;
      } else if (h.regionMatches(true, 0, "content-type", 0, colon)) {
        contentType = value;
      } else if (h.regionMatches(true, 0, "connection", 0, colon)) {
        close = value.equalsIgnoreCase("close");
      }
    }
    bodyLength = 0;
    if (chunked) {
      for (int size = chunkSize(); size > 0; size = chunkSize()) {
        readBody(size);
        expectCrlf();
      }
      while (!readLine().isEmpty()) {
        // trailers
      }
    } else if (contentLength > 0) {
      readBody((int) contentLength);
    } else if (contentLength < 0 && status != 202 && status != 204 && status != 304) {
      readBody(Integer.MAX_VALUE); // delimited by close
      close = true;
    }
    if (close) {
      close();
    }
  }

  private int chunkSize() throws IOException {
    String size = readLine();
    if (size == null) {
      throw new IOException("connection closed inside a chunked body");
    }
    int semicolon = size.indexOf(';');
    return Integer.parseInt(semicolon < 0 ? size.trim() : size.substring(0, semicolon).trim(), 16);
  }

  private void expectCrlf() throws IOException {
    if (in.read() != CRLF[0] || in.read() != CRLF[1]) {
      throw new IOException("malformed chunk");
    }
  }

  private void readBody(int length) throws IOException {
    int remaining = length;
    while (remaining > 0) {
      if (bodyLength == body.length) {
        body = Arrays.copyOf(body, body.length * 2);
      }
      int n = in.read(body, bodyLength, Math.min(remaining, body.length - bodyLength));
      if (n < 0) {
        if (length == Integer.MAX_VALUE) {
          return;
        }
        throw new IOException("connection closed inside a body");
      }
      bodyLength += n;
      remaining -= n;
    }
  }

  private String readLine() throws IOException {
    line.setLength(0);
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        return line.isEmpty() ? null : line.toString();
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
      socket = null;
    }
  }
}
