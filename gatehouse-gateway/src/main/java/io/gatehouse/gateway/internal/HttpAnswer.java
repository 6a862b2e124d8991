package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.UpstreamRateLimited;
import io.gatehouse.gateway.internal.upstream.UpstreamExchange;
import io.gatehouse.gateway.internal.upstream.UpstreamListener;
import io.gatehouse.http.MediaTypes;
import io.gatehouse.protocol.sse.SseDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Arrays;

/**
 * Reads one HTTP answer of a Streamable HTTP upstream into an {@link Answer}: a JSON body is
 * collected whole (up to {@code gateway.max-response-size}) and handed over once, an event stream
 * is decoded and handed over event by event as it arrives, an HTTP error is collected (its first 64
 * KiB) to be quoted.
 */
final class HttpAnswer implements UpstreamListener {
  private static final int MAX_ERROR_BODY = 64 * 1024;

  private final McpExchange ex;
  private final String route;
  private final int maxBody;
  private final Answer answer;
  private int status;
  private String sessionId;
  private String type;
  private String retryAfter;
  private SseDecoder events;
  private byte[] buffer;
  private int length;
  private boolean over;
  private UpstreamExchange exchange;

  HttpAnswer(McpExchange ex, int maxBody, Answer answer) {
    this.ex = ex;
    this.route = ex.route().name();
    this.maxBody = maxBody;
    this.answer = answer;
  }

  /** The exchange this reads, so an answer over the limit can be cut off. */
  HttpAnswer reading(UpstreamExchange exchange) {
    this.exchange = exchange;
    return this;
  }

  @Override
  public void onHead(int status, HttpHeaders headers) {
    this.status = status;
    ex.upstreamAnswered(status);
    this.sessionId = headers.get("Mcp-Session-Id");
    this.retryAfter = status == 429 ? headers.get(HttpHeaderNames.RETRY_AFTER) : null;
    this.type = MediaTypes.essence(headers.get(HttpHeaderNames.CONTENT_TYPE));
    if (status / 100 == 2 && type.equals("text/event-stream")) {
      events = new SseDecoder(maxBody);
      answer.streamStarted(sessionId);
      return;
    }
    int declared = headers.getInt(HttpHeaderNames.CONTENT_LENGTH, -1);
    buffer = new byte[Math.clamp(declared, 0, Math.min(maxBody, 1 << 20))];
  }

  @Override
  public void onContent(ByteBuf content) {
    if (events != null) {
      try {
        events.feed(content.nioBuffer(), answer::event);
      } catch (SseDecoder.TooLarge e) {
        cutOff();
      }
      return;
    }
    int n = content.readableBytes();
    int limit = status / 100 == 2 ? maxBody : MAX_ERROR_BODY;
    if (length + n > limit) {
      if (limit == maxBody) {
        cutOff();
        return;
      }
      n = Math.max(0, limit - length);
    }
    if (length + n > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(length + n, buffer.length * 2));
    }
    content.readBytes(buffer, length, n);
    length += n;
  }

  private void cutOff() {
    if (over) {
      return;
    }
    over = true;
    if (exchange != null) {
      exchange.abort();
    }
    answer.failed(
        new GatewayException(
            GatewayErrors.UPSTREAM_RESPONSE_TOO_LARGE,
            "route '" + route + "': the upstream's answer is larger than " + maxBody + " bytes"));
  }

  @Override
  public void onEnd() {
    if (over) {
      return;
    }
    if (events != null) {
      events.finish(answer::event);
      answer.streamEnded();
      return;
    }
    byte[] body = length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
    if (status == 429) {
      answer.failed(
          new UpstreamRateLimited(
              route, UpstreamRateLimited.seconds(retryAfter, System.currentTimeMillis())));
    } else if (status / 100 != 2) {
      answer.refused(status, body, type.equals("application/json"));
    } else if (status == 202 || body.length == 0) {
      answer.accepted(sessionId);
    } else if (!type.equals("application/json")) {
      answer.failed(
          new GatewayException(
              GatewayErrors.UPSTREAM_PROTOCOL_ERROR,
              "route '"
                  + route
                  + "': the upstream answered with Content-Type '"
                  + type
                  + "' (expected: application/json or text/event-stream)"));
    } else {
      answer.message(sessionId, body);
    }
  }

  @Override
  public void onFailure(Throwable cause, boolean answered) {
    if (over) {
      return;
    }
    answer.failed(UpstreamFailures.classify(route, cause, answered));
  }
}
