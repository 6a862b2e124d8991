package spike;

import io.gatehouse.gateway.SessionSealer;
import io.gatehouse.gateway.SessionToken;
import io.gatehouse.gateway.UpstreamTransport;
import io.gatehouse.protocol.EnvelopeScanner;
import io.gatehouse.protocol.JsonRpcMessage;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientRequest;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;

/** Spike (b): Helidon SE 4.5 WebServer (blocking on virtual threads) with Helidon's blocking HTTP/1.1 client. */
public final class HelidonProxy {
  static final HeaderName SESSION = HeaderNames.create("Mcp-Session-Id");
  static final HeaderName VERSION = HeaderNames.create("MCP-Protocol-Version");
  static SessionSealer sealer;
  static Http1Client client;
  static String upstreamPath;

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    URI up = URI.create(args[1]);
    upstreamPath = up.getPath();
    sealer = new SessionSealer(new byte[32]);
    client = Http1Client.builder().baseUri(up.resolve("/")).shareConnectionCache(false)
        .connectionCacheSize(4096).build();
    WebServer.builder().host("127.0.0.1").port(port)
        .routing(r -> r.post("/mcp/{route}", HelidonProxy::handle))
        .build().start();
    System.out.println("helidon spike on " + port);
    Thread.currentThread().join();
  }

  static void handle(ServerRequest req, ServerResponse res) throws Exception {
    byte[] bytes = req.content().as(byte[].class);
    JsonRpcMessage m = EnvelopeScanner.scan(bytes);
    String version = req.headers().first(VERSION).orElse(null);
    String upstreamSession = null;
    if (!m.isInitialize()) {
      SessionToken t = sealer.open(req.headers().first(SESSION).orElse(null));
      if (t == null) {
        res.status(Status.NOT_FOUND_404).send("{\"error\":\"session\"}");
        return;
      }
      upstreamSession = t.upstreamSessionId();
      version = t.protocolVersion();
    }
    Http1ClientRequest out = client.post(upstreamPath)
        .header(HeaderNames.CONTENT_TYPE, "application/json")
        .header(HeaderNames.ACCEPT, "application/json, text/event-stream");
    if (upstreamSession != null && !upstreamSession.isEmpty()) {
      out.header(SESSION, upstreamSession);
    }
    if (version != null) {
      out.header(VERSION, version);
    }
    try (Http1ClientResponse r = out.submit(bytes)) {
      res.status(r.status());
      String type = r.headers().first(HeaderNames.CONTENT_TYPE).orElse("application/json");
      res.header(HeaderNames.CONTENT_TYPE, type);
      if (m.isInitialize()) {
        String sid = r.headers().first(SESSION).orElse("");
        res.header(SESSION, sealer.seal(new SessionToken("echo", UpstreamTransport.STREAMABLE_HTTP, sid,
            m.protocolVersion(), System.currentTimeMillis() / 1000 + 86400, "")));
      }
      if (type.startsWith("text/event-stream")) {
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        try (InputStream in = r.inputStream(); OutputStream os = res.outputStream()) {
          byte[] buf = new byte[16384];
          for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
            os.write(buf, 0, n);
            os.flush();
          }
        }
      } else if (r.status().code() == 202) {
        res.send();
      } else {
        res.send(r.as(byte[].class));
      }
    }
  }
}
