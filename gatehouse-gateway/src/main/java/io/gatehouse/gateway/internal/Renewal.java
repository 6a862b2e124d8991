package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.PolicyPipeline;
import io.netty.channel.EventLoop;
import java.util.function.Function;

/**
 * A POST on a route whose policies set a renewable credential: refused with 401, the policies renew
 * it (a new token) and the request goes once more with it; a second 401 reaches the caller. Runs on
 * the caller's event loop, like every answer.
 */
final class Renewal extends ForwardingAnswer implements Upstreams.Pending {
  private final EventLoop loop;
  private final McpExchange ex;
  private final PolicyPipeline policies;
  private final Answer next;
  private final Function<Answer, Upstreams.Pending> send;
  private Upstreams.Pending current = Upstreams.Pending.NONE;
  private boolean renewing;
  private boolean aborted;

  Renewal(
      EventLoop loop,
      McpExchange ex,
      PolicyPipeline policies,
      Answer next,
      Function<Answer, Upstreams.Pending> send) {
    super(next);
    this.loop = loop;
    this.ex = ex;
    this.policies = policies;
    this.next = next;
    this.send = send;
  }

  Upstreams.Pending start() {
    current = send.apply(this);
    return this;
  }

  @Override
  public void refused(int status, byte[] body, boolean json) {
    if (status != 401 || renewing || aborted) {
      super.refused(status, body, json);
      return;
    }
    renewing = true;
    policies.renewCredentials(
        ex,
        loop,
        renewed -> {
          if (aborted) {
            return;
          }
          if (renewed) {
            current = send.apply(next);
          } else {
            next.refused(status, body, json);
          }
        });
  }

  @Override
  public void abort() {
    aborted = true;
    current.abort();
  }

  @Override
  public void pause() {
    current.pause();
  }

  @Override
  public void resume() {
    current.resume();
  }
}
