package io.gatehouse.observe.trace;

import io.gatehouse.gateway.AttributeKey;
import io.gatehouse.gateway.McpOutcome;
import io.gatehouse.gateway.Phase;
import io.gatehouse.gateway.UpstreamCall;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The spans of one exchange: its server span, the span of the policy phase running now, and the
 * client span of its upstream request. Each hook of the exchange runs after the one before (on the
 * caller's event loop, or after a blocking verdict, on it again), so no two touch it at once.
 */
final class ExchangeTrace {
  static final AttributeKey<ExchangeTrace> KEY =
      AttributeKey.of("gatehouse.trace", ExchangeTrace.class);

  private static final TextMapSetter<UpstreamCall> HEADERS = UpstreamCall::setHeader;

  private final Tracer tracer;
  private final Span server;
  private final Context context;
  private final String name;
  private Span phase;
  private Span client;
  private long clientStartEpochNanos;

  ExchangeTrace(Tracer tracer, Span server, String name) {
    this.tracer = tracer;
    this.server = server;
    this.context = Context.root().with(server);
    this.name = name;
  }

  Span server() {
    return server;
  }

  /** The policies of {@code p} begin: the previous phase's span ends, one for {@code p} starts. */
  void phase(Phase p, String hook) {
    endPhase();
    phase =
        tracer
            .spanBuilder("policy " + p.name())
            .setParent(context)
            .setSpanKind(SpanKind.INTERNAL)
            .setAttribute("gatehouse.policy.phase", p.name())
            .setAttribute("gatehouse.policy.hook", hook)
            .startSpan();
  }

  private void endPhase() {
    if (phase != null) {
      phase.end();
      phase = null;
    }
  }

  /**
   * A request goes upstream: the policies are done, and a client span starts whose context replaces
   * the caller's {@code traceparent} on the request.
   */
  void upstream(UpstreamCall call) {
    endPhase();
    if (client != null) {
      client.end(); // a retry (after renewing a credential) or a resumed stream
    }
    clientStartEpochNanos = epochNanos();
    client =
        tracer
            .spanBuilder(name)
            .setParent(context)
            .setSpanKind(SpanKind.CLIENT)
            .setStartTimestamp(clientStartEpochNanos, TimeUnit.NANOSECONDS)
            .setAttribute("http.request.method", call.method())
            .setAttribute("server.address", call.url().getHost())
            .setAttribute("server.port", (long) port(call))
            .startSpan();
    // The caller's tracestate goes with the caller's traceparent; ours is set when it has one.
    call.removeHeader("tracestate");
    io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator.getInstance()
        .inject(Context.root().with(client), call, HEADERS);
  }

  private static int port(UpstreamCall call) {
    int p = call.url().getPort();
    return p != -1 ? p : "https".equals(call.url().getScheme()) ? 443 : 80;
  }

  /** The exchange ended with {@code outcome}: every span still open ends. */
  void end(McpOutcome outcome) {
    endPhase();
    String error = outcome.errorKey();
    if (client != null) {
      if (outcome.upstreamStatus() > 0) {
        client.setAttribute("http.response.status_code", (long) outcome.upstreamStatus());
      }
      if (outcome.upstreamStatus() == 0 || outcome.upstreamStatus() >= 400) {
        client.setStatus(StatusCode.ERROR);
        if (error != null) {
          client.setAttribute("error.type", error);
        }
      }
      if (outcome.upstreamNanos() >= 0) {
        client.end(clientStartEpochNanos + outcome.upstreamNanos(), TimeUnit.NANOSECONDS);
      } else {
        client.end();
      }
    }
    if (error != null) {
      server.setStatus(StatusCode.ERROR, error);
      server.setAttribute("error.type", error);
      if (outcome.error().rpcCode() != 0) {
        server.setAttribute(
            "rpc.response.status_code", Integer.toString(outcome.error().rpcCode()));
      }
    }
    server.end();
  }

  static long epochNanos() {
    Instant now = Instant.now();
    return TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
  }
}
