package io.gatehouse.testkit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;
import tools.jackson.databind.JsonNode;

/**
 * The HTTP side of {@link ScriptedUpstream}: sessions, the MCP basics, and dispatch to scripted
 * tools.
 */
final class ScriptedHandler extends Handler.Abstract {
  private final ScriptedUpstream up;

  ScriptedHandler(ScriptedUpstream up) {
    super(Invocable.InvocationType.BLOCKING);
    this.up = up;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    try {
      Map<String, String> headers = headers(request);
      String body = Content.Source.asString(request, StandardCharsets.UTF_8);
      up.requests.add(
          new ScriptedUpstream.Recorded(
              request.getMethod(), headers, body, request.getHttpURI().getQuery()));
      if (up.script().authorizationServer != null
          && request.getHttpURI().getPath().startsWith("/.well-known/oauth-protected-resource")) {
        write(response, 200, resourceMetadata());
        callback.succeeded();
        return true;
      }
      if (!up.script().authorization.test(headers.get("authorization"))) {
        response
            .getHeaders()
            .put(
                "WWW-Authenticate",
                "Bearer error=\"invalid_token\""
                    + (up.script().authorizationServer == null
                        ? ""
                        : ", resource_metadata=\"" + up.resourceMetadataUrl() + "\""));
        write(response, 401, "");
        callback.succeeded();
        return true;
      }
      switch (request.getMethod()) {
        case "POST" -> post(headers, body, response);
        case "GET" -> get(headers, response);
        case "DELETE" -> delete(headers, response);
        default -> write(response, 405, "");
      }
      callback.succeeded();
    } catch (Throwable t) {
      callback.failed(t);
    }
    return true;
  }

  private String resourceMetadata() {
    var doc = ScriptedCall.JSON.createObjectNode().put("resource", up.url().toString());
    doc.putArray("authorization_servers").add(up.script().authorizationServer.get().toString());
    var scopes = doc.putArray("scopes_supported");
    up.script().scopes.forEach(scopes::add);
    return doc.toString();
  }

  private void post(Map<String, String> headers, String body, Response response) throws Exception {
    JsonNode message = ScriptedCall.JSON.readTree(body);
    ScriptedCall call = new ScriptedCall(message, headers);
    if ("initialize".equals(call.method())) {
      initialize(call, message, response);
      return;
    }
    if (!up.script().stateless
        && !up.sessions.contains(String.valueOf(headers.get("mcp-session-id")))) {
      write(
          response,
          404,
          "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32001,\"message\":\"Session not found\"}}");
      return;
    }
    if (!message.has("id") || !message.has("method")) {
      write(response, 202, "");
      return;
    }
    ScriptedReply out = new ScriptedReply(up, call, response);
    switch (call.method()) {
      case "tools/call" -> tool(call, out);
      case "tools/list" ->
          out.result(toolsPage(message.path("params").path("cursor").asString("")));
      default -> {
        CountDownLatch release = up.script().holds.get(call.method());
        if (release != null && !release.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException(call.method() + " held for 30 s and never released");
        }
        out.result("{}");
      }
    }
  }

  /** Tools in name order, two to a page; the cursor is the last name of the previous page. */
  private String toolsPage(String cursor) {
    java.util.List<String> names =
        new java.util.TreeSet<>(up.script().tools.keySet())
            .tailSet(cursor, false).stream().toList();
    java.util.List<String> page = names.subList(0, Math.min(2, names.size()));
    String tools =
        String.join(
            ",",
            page.stream()
                .map(
                    n ->
                        "{\"name\":"
                            + ScriptedCall.quote(n)
                            + ","
                            + up.script()
                                .definitions
                                .getOrDefault(n, "\"inputSchema\":{\"type\":\"object\"}")
                            + "}")
                .toList());
    String next = names.size() > 2 ? ",\"nextCursor\":" + ScriptedCall.quote(page.getLast()) : "";
    return "{\"tools\":[" + tools + "]" + next + "}";
  }

  private void tool(ScriptedCall call, ScriptedReply out) throws Exception {
    ScriptedUpstream.Tool tool = up.script().tools.get(call.toolName());
    if (tool == null) {
      out.result("{\"content\":[{\"type\":\"text\",\"text\":\"unknown tool\"}],\"isError\":true}");
    } else {
      tool.call(call, out);
    }
  }

  private void initialize(ScriptedCall call, JsonNode message, Response response)
      throws IOException {
    if (up.script().modernOnly) {
      write(
          response,
          400,
          "{\"jsonrpc\":\"2.0\",\"id\":"
              + message.path("id")
              + ",\"error\":{\"code\":-32022,\"message\":\"Unsupported protocol version\","
              + "\"data\":{\"supported\":[\"2026-07-28\"]}}}");
      return;
    }
    String session = "s-" + up.counter.incrementAndGet();
    up.sessions.add(session);
    response.getHeaders().put("Mcp-Session-Id", session);
    String version = message.path("params").path("protocolVersion").asString("2025-11-25");
    String result =
        "{\"protocolVersion\":"
            + ScriptedCall.quote(version)
            + ",\"capabilities\":{\"tools\":{\"listChanged\":true}"
            + (up.script().subscribable ? ",\"resources\":{\"subscribe\":true}" : "")
            + "},\"serverInfo\":{\"name\":\"scripted\",\"version\":\"1\"}}";
    ScriptedReply out = new ScriptedReply(up, call, response);
    if (!up.script().jsonInitialize) {
      out.openStream().event("init-0", "");
    }
    out.result(result);
  }

  private void get(Map<String, String> headers, Response response) throws Exception {
    if (!up.sessions.contains(String.valueOf(headers.get("mcp-session-id")))) {
      write(response, 404, "");
      return;
    }
    String lastEventId = headers.get("last-event-id");
    String deferred = lastEventId == null ? null : up.deferred.remove(lastEventId);
    if (deferred != null) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
      write(response, 200, "id: " + lastEventId + "-answer\ndata: " + deferred + "\n\n");
      return;
    }
    if (!up.script().getStream) {
      write(response, 405, "");
      return;
    }
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
    response.setStatus(200);
    Content.Sink.write(response, false, ByteBuffer.allocate(0));
    String session = headers.get("mcp-session-id");
    while (up.sessions.contains(session)) {
      Thread.sleep(200);
      StringBuilder events = new StringBuilder(": idle\n\n");
      java.util.Queue<String> pending = up.pushes.get(session);
      for (String m = pending == null ? null : pending.poll(); m != null; m = pending.poll()) {
        events.append("data: ").append(m).append("\n\n");
      }
      Content.Sink.write(
          response, false, ByteBuffer.wrap(events.toString().getBytes(StandardCharsets.UTF_8)));
    }
    Content.Sink.write(response, true, ByteBuffer.allocate(0));
  }

  private void delete(Map<String, String> headers, Response response) throws IOException {
    boolean known = up.sessions.remove(String.valueOf(headers.get("mcp-session-id")));
    write(response, known ? 200 : 404, "");
  }

  private static void write(Response response, int status, String body) throws IOException {
    response.setStatus(status);
    if (!body.isEmpty() && response.getHeaders().get(HttpHeader.CONTENT_TYPE) == null) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    }
    Content.Sink.write(response, true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)));
  }

  private static Map<String, String> headers(Request request) {
    Map<String, String> h = new TreeMap<>();
    for (HttpField f : request.getHeaders()) {
      // a field sent on several lines is recorded as one value, the lines joined (RFC 9110 §5.3)
      h.merge(f.getName().toLowerCase(Locale.ROOT), f.getValue(), (a, b) -> a + ", " + b);
    }
    return h;
  }
}
