package io.gatehouse.testkit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;

/**
 * How a {@link ScriptedUpstream} tool answers: JSON, an event stream, an HTTP error, or nothing
 * sensible.
 */
public final class ScriptedReply {
  private final ScriptedUpstream upstream;
  private final ScriptedCall call;
  private final Response response;
  private boolean sse;

  ScriptedReply(ScriptedUpstream upstream, ScriptedCall call, Response response) {
    this.upstream = upstream;
    this.call = call;
    this.response = response;
  }

  /** Answers with {@code result} as one JSON response. */
  public void result(String resultJson) throws IOException {
    if (sse) {
      event(null, response(resultJson));
    } else {
      json(200, response(resultJson));
    }
  }

  /** Answers with an arbitrary body and status, as {@code application/json}. */
  public void json(int status, String body) throws IOException {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    Content.Sink.write(response, true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)));
  }

  /** Adds a header to the answer; call before writing it. */
  public ScriptedReply header(String name, String value) {
    response.getHeaders().put(name, value);
    return this;
  }

  /** Answers with a status and a plain-text body. */
  public void status(int status, String text) throws IOException {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
    Content.Sink.write(response, true, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** Switches to an event stream; later {@link #result} calls become events. */
  public ScriptedReply openStream() throws IOException {
    sse = true;
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
    Content.Sink.write(response, false, ByteBuffer.allocate(0));
    return this;
  }

  /** Writes one event (a null id leaves the field out). */
  public ScriptedReply event(String id, String data) throws IOException {
    String text = (id == null ? "" : "id: " + id + "\n") + "data: " + data + "\n\n";
    Content.Sink.write(response, false, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    return this;
  }

  /** Writes a {@code notifications/progress} for the call's progress token. */
  public ScriptedReply progress(int progress, int total) throws IOException {
    return event(
        null,
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":"
            + call.progressToken()
            + ",\"progress\":"
            + progress
            + ",\"total\":"
            + total
            + "}}");
  }

  /**
   * Sends a priming event and closes the stream without answering; a GET with {@code Last-Event-ID}
   * equal to that event's id then gets {@code result} (transports, 2025-11-25, SSE polling).
   */
  public void answerOnResume(String resultJson, long retryMillis) throws IOException {
    String eventId = "resume-" + upstream.counter.incrementAndGet();
    upstream.deferred.put(eventId, response(resultJson));
    openStream();
    String priming = "id: " + eventId + "\nretry: " + retryMillis + "\ndata: \n\n";
    Content.Sink.write(response, true, ByteBuffer.wrap(priming.getBytes(StandardCharsets.UTF_8)));
  }

  /** Ends the stream (or the body) here. */
  public void end() throws IOException {
    Content.Sink.write(response, true, ByteBuffer.allocate(0));
  }

  /** The JSON-RPC response carrying {@code resultJson} for this call. */
  public String response(String resultJson) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + call.id() + ",\"result\":" + resultJson + "}";
  }
}
