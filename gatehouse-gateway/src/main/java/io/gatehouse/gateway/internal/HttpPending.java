package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpHeader;

/** One HTTP exchange with a Streamable HTTP upstream, awaited with blocking calls on the caller's thread. */
final class HttpPending implements PendingReply {
  private static final int MAX_ERROR_BODY = 64 * 1024;

  private final String route;
  private final Request request;
  private final UpstreamListener listener;
  private final long deadlineNanos;
  private final int maxResponseBytes;
  private String sessionId;
  private UpstreamReply reply;

  HttpPending(String route, Request request, Duration timeout, int maxResponseBytes) {
    this.route = route;
    this.request = request;
    this.listener = new UpstreamListener(route, maxResponseBytes, MAX_ERROR_BODY);
    this.deadlineNanos = System.nanoTime() + timeout.toNanos();
    this.maxResponseBytes = maxResponseBytes;
    request.send(listener);
  }

  @Override
  public UpstreamReply await(Duration wait) {
    try {
      if (reply == null) {
        reply = read(listener.answer().get(wait.toNanos(), TimeUnit.NANOSECONDS));
      }
      return reply;
    } catch (TimeoutException e) {
      if (System.nanoTime() - deadlineNanos >= 0) {
        abort();
        throw UpstreamFailures.timeout(route, e);
      }
      return null;
    } catch (ExecutionException e) {
      throw UpstreamFailures.classify(route, e.getCause(), false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abort();
      throw new GatewayException(GatewayErrors.INTERNAL_ERROR, "interrupted while waiting for the upstream", e);
    }
  }

  @Override
  public UpstreamReply await() {
    long remaining = Math.max(1, deadlineNanos - System.nanoTime());
    UpstreamReply r = await(Duration.ofNanos(remaining));
    if (r == null) {
      abort();
      throw UpstreamFailures.timeout(route, null);
    }
    return r;
  }

  @Override
  public String sessionId() {
    return sessionId;
  }

  @Override
  public void abort() {
    request.abort(new IOException("abandoned by the gateway"));
  }

  private UpstreamReply read(UpstreamListener.Answer answer) {
    Response response = answer.response();
    sessionId = response.getHeaders().get("Mcp-Session-Id");
    int status = response.getStatus();
    String type = mediaType(response.getHeaders().get(HttpHeader.CONTENT_TYPE));
    if (answer.stream() != null) {
      return new UpstreamReply.Events(new HttpEventSource(route, answer.stream(), this, maxResponseBytes));
    }
    byte[] body = answer.body();
    if (status / 100 != 2) {
      return new UpstreamReply.Failure(status, body, "application/json".equals(type));
    }
    if (status == 202 || body.length == 0) {
      return new UpstreamReply.Accepted();
    }
    if (!"application/json".equals(type)) {
      throw new GatewayException(GatewayErrors.UPSTREAM_PROTOCOL_ERROR,
          "route '" + route + "': the upstream answered with Content-Type '" + type
              + "' (expected: application/json or text/event-stream)");
    }
    return new UpstreamReply.Message(body);
  }

  static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(java.util.Locale.ROOT);
  }
}
