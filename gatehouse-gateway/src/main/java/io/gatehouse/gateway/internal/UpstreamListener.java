package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;

/**
 * Collects an upstream's answer as Jetty's client delivers it, without blocking its threads. A JSON answer
 * (or an error) is buffered whole and handed over once, when it is complete, so a quick call costs the
 * waiting thread a single wake-up. An event stream is handed over at its headers and read as it arrives,
 * with flow control: the next chunk is demanded only once the reader took the last one.
 */
final class UpstreamListener implements Response.Listener {
  /** The answer: a whole body, or an event stream still arriving. */
  record Answer(Response response, byte[] body, ChunkPipe stream) {}

  private final String route;
  private final int maxBody;
  private final int maxErrorBody;
  private final CompletableFuture<Answer> answer = new CompletableFuture<>();
  private ChunkPipe stream;
  private byte[] buffer = new byte[0];
  private int length;
  private boolean tooLarge;

  UpstreamListener(String route, int maxBody, int maxErrorBody) {
    this.route = route;
    this.maxBody = maxBody;
    this.maxErrorBody = maxErrorBody;
  }

  CompletableFuture<Answer> answer() {
    return answer;
  }

  @Override
  public void onHeaders(Response response) {
    boolean ok = response.getStatus() / 100 == 2;
    if (ok && "text/event-stream".equals(HttpPending.mediaType(response.getHeaders().get(HttpHeader.CONTENT_TYPE)))) {
      stream = new ChunkPipe();
      answer.complete(new Answer(response, null, stream));
      return;
    }
    long declared = response.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
    buffer = new byte[(int) Math.clamp(declared, 0, Math.min(maxBody, 1 << 20))];
  }

  @Override
  public void onContent(Response response, Content.Chunk chunk, Runnable demander) {
    if (stream != null) {
      stream.offer(chunk, demander);
      return;
    }
    append(response, chunk.getByteBuffer());
    demander.run();
  }

  @Override
  public void onContent(Response response, ByteBuffer content) {
    append(response, content);
  }

  private void append(Response response, ByteBuffer content) {
    int n = content.remaining();
    int limit = response.getStatus() / 100 == 2 ? maxBody : maxErrorBody;
    if (length + n > limit) {
      if (limit == maxBody) {
        tooLarge = true;
        response.abort(new GatewayException(GatewayErrors.UPSTREAM_RESPONSE_TOO_LARGE,
            "route '" + route + "': the upstream's answer is larger than " + maxBody + " bytes"));
      }
      n = Math.max(0, limit - length);
    }
    if (length + n > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(length + n, buffer.length * 2));
    }
    content.get(buffer, length, n);
    length += n;
  }

  @Override
  public void onComplete(Result result) {
    if (stream != null) {
      stream.finish(result.getFailure());
    } else if (result.isFailed() || tooLarge) {
      answer.completeExceptionally(result.getFailure() == null
          ? new GatewayException(GatewayErrors.UPSTREAM_RESPONSE_TOO_LARGE, "route '" + route + "': answer too large")
          : result.getFailure());
    } else {
      answer.complete(new Answer(result.getResponse(), length == buffer.length ? buffer : Arrays.copyOf(buffer, length), null));
    }
  }
}
