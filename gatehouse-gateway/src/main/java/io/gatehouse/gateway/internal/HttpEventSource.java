package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.protocol.sse.SseEvent;
import io.gatehouse.protocol.sse.SseReader;
import java.io.IOException;
import java.io.InputStream;

/** Events read from an upstream's {@code text/event-stream} response body. */
final class HttpEventSource implements EventSource {
  private final String route;
  private final InputStream in;
  private final SseReader reader;
  private final PendingReply exchange;
  private final int maxEventBytes;
  private volatile boolean closed;

  HttpEventSource(String route, InputStream in, PendingReply exchange, int maxEventBytes) {
    this.route = route;
    this.in = in;
    this.reader = new SseReader(in);
    this.exchange = exchange;
    this.maxEventBytes = maxEventBytes;
  }

  @Override
  public SseEvent next() {
    if (closed) {
      return null;
    }
    try {
      SseEvent event = reader.next();
      if (event == null) {
        close();
      } else if (event.data().length > maxEventBytes) {
        close();
        throw new GatewayException(GatewayErrors.UPSTREAM_RESPONSE_TOO_LARGE,
            "route '" + route + "': an upstream event is larger than " + maxEventBytes + " bytes");
      }
      return event;
    } catch (IOException e) {
      if (closed) {
        return null;
      }
      close();
      throw UpstreamFailures.classify(route, e, true);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    exchange.abort();
    try {
      in.close();
    } catch (IOException ignored) {
      // already failed: nothing left to release
    }
  }
}
