package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.protocol.JsonRpcId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;

/** Reading request bodies with a size limit, and writing JSON answers, on Jetty's core API. */
final class HttpIo {
  private HttpIo() {}

  /**
   * Bodies over the limit are still read, up to this many bytes, and dropped: closing a connection with
   * unread bytes resets it, and the caller would see a reset instead of the 413.
   */
  private static final long DISCARD_BUDGET = 16L * 1024 * 1024;

  /**
   * The whole body, refusing bodies over {@code max} bytes with {@code BODY_TOO_LARGE} (413, not 400:
   * the message may be fine, it is only too large) before storing them when the length is declared.
   */
  static byte[] readBody(Request request, int max) {
    long declared = request.getLength();
    try {
      if (declared > max) {
        if (declared - max <= DISCARD_BUDGET) {
          discard(request, DISCARD_BUDGET + max);
        }
        throw tooLarge(declared, max);
      }
      byte[] out = new byte[declared >= 0 ? (int) declared : Math.min(8192, max + 1)];
      int length = 0;
      while (true) {
        Content.Chunk chunk = next(request);
        ByteBuffer buf = chunk.getByteBuffer();
        int n = buf.remaining();
        boolean last = chunk.isLast();
        if (length + n > max) {
          chunk.release();
          if (!last) {
            discard(request, DISCARD_BUDGET);
          }
          throw tooLarge(-1, max);
        }
        if (length + n > out.length) {
          out = Arrays.copyOf(out, Math.min(max, Math.max(length + n, out.length * 2)));
        }
        buf.get(out, length, n);
        length += n;
        chunk.release();
        if (last) {
          return length == out.length ? out : Arrays.copyOf(out, length);
        }
      }
    } catch (IOException e) {
      throw new GatewayException(GatewayErrors.INVALID_REQUEST, "the request body could not be read: " + e.getMessage(), e);
    }
  }

  /** The next chunk of the body, waiting for it; a failed read is an IOException. */
  private static Content.Chunk next(Request request) throws IOException {
    while (true) {
      Content.Chunk chunk = request.read();
      if (chunk == null) {
        try (Blocker.Runnable blocker = Blocker.runnable()) {
          request.demand(blocker);
          blocker.block();
        }
        continue;
      }
      if (Content.Chunk.isFailure(chunk)) {
        throw new IOException(chunk.getFailure());
      }
      return chunk;
    }
  }

  /** Reads and drops the rest of the body, at most {@code budget} bytes of it. */
  private static void discard(Request request, long budget) throws IOException {
    long left = budget;
    while (left > 0) {
      Content.Chunk chunk = next(request);
      left -= chunk.remaining();
      boolean last = chunk.isLast();
      chunk.release();
      if (last) {
        return;
      }
    }
  }

  /** The body and its envelope; a body that is no JSON-RPC message is refused with 400. */
  record Incoming(byte[] body, io.gatehouse.protocol.JsonRpcMessage message) {}

  static Incoming readMessage(Request request, int max) {
    byte[] body = readBody(request, max);
    try {
      return new Incoming(body, io.gatehouse.protocol.EnvelopeScanner.scan(body));
    } catch (io.gatehouse.protocol.ProtocolException e) {
      io.gatehouse.core.ErrorKey error = e.code() == io.gatehouse.protocol.JsonRpcErrors.PARSE_ERROR ? GatewayErrors.PARSE_ERROR
          : GatewayErrors.INVALID_REQUEST;
      throw new GatewayException(error, e.getMessage(), e.id());
    }
  }

  private static GatewayException tooLarge(long declared, int max) {
    return new GatewayException(GatewayErrors.BODY_TOO_LARGE, "the message is larger than the gateway accepts ("
        + (declared > 0 ? declared + " bytes; " : "") + "limit: " + max + " bytes)");
  }

  static void writeJson(Response response, Callback callback, int status, byte[] json, Map<String, String> headers) {
    response.setStatus(status);
    var h = response.getHeaders();
    h.put(HttpHeader.CONTENT_TYPE, "application/json");
    headers.forEach(h::put);
    response.write(true, ByteBuffer.wrap(json), callback);
  }

  static void writeEmpty(Response response, Callback callback, int status) {
    response.setStatus(status);
    response.write(true, null, callback);
  }

  static void writeError(Response response, Callback callback, GatewayException e, JsonRpcId id) {
    writeJson(response, callback, e.error().httpStatus(), ErrorReplies.body(id, e), Map.of());
  }
}
