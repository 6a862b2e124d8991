package io.gatehouse.gateway.internal.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * What an upstream HTTP exchange reports, always on the event loop it was started on. Each exchange
 * ends with exactly one {@link #onEnd} or {@link #onFailure}, unless it is aborted.
 */
public interface UpstreamListener {
  void onHead(int status, HttpHeaders headers);

  /** A piece of the body; valid only during the call (copy or retain what must outlive it). */
  void onContent(ByteBuf content);

  void onEnd();

  /**
   * @param answered whether the response head had arrived (the request reached the upstream)
   */
  void onFailure(Throwable cause, boolean answered);
}
