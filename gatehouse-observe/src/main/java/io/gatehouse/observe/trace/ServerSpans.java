package io.gatehouse.observe.trace;

import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpOutcome;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.UpstreamCall;
import io.gatehouse.gateway.Verdict;
import io.gatehouse.protocol.JsonRpcMessage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Opens the server span of each exchange of one route, first of all its policies ({@code AUDIT}),
 * marks the upstream request and ends the spans once the exchange has ended. The parent is the
 * context in the message's {@code params._meta} when there is one (the MCP convention: it travels
 * with the message, whatever the transport), else the caller's {@code traceparent} header; when
 * both are there and differ, the header's becomes a link.
 */
final class ServerSpans implements McpPolicy {
  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
  private static final List<String> KEYS = List.of("traceparent", "tracestate");

  private static final TextMapGetter<McpExchange> FROM_HEADERS =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(McpExchange ex) {
          return KEYS;
        }

        @Override
        public String get(McpExchange ex, String key) {
          return ex == null ? null : ex.header(key);
        }
      };

  private static final TextMapGetter<Map<String, String>> FROM_META =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> meta) {
          return meta.keySet();
        }

        @Override
        public String get(Map<String, String> meta, String key) {
          return meta == null ? null : meta.get(key);
        }
      };

  private final Tracer tracer;
  private final String route;

  ServerSpans(Tracer tracer, String route) {
    this.tracer = tracer;
    this.route = route;
  }

  @Override
  public Verdict onRequest(McpExchange ex) {
    start(ex);
    return Verdict.PROCEED;
  }

  @Override
  public Verdict onMessage(McpExchange ex) {
    ExchangeTrace t = ex.attr(ExchangeTrace.KEY);
    if (t == null) {
      t = start(ex);
    }
    if (ex.sessionId() != null) {
      t.server().setAttribute("mcp.session.id", hash(ex.sessionId()));
    }
    String version = ex.session() == null ? null : ex.session().protocolVersion();
    if (version != null) {
      t.server().setAttribute("mcp.protocol.version", version);
    }
    return Verdict.PROCEED;
  }

  @Override
  public void onUpstreamRequest(McpExchange ex, UpstreamCall call) {
    ExchangeTrace t = ex.attr(ExchangeTrace.KEY);
    if (t != null) {
      t.upstream(call);
    }
  }

  @Override
  public void onComplete(McpExchange ex, McpOutcome outcome) {
    ExchangeTrace t = ex.attr(ExchangeTrace.KEY);
    if (t != null) {
      ex.attr(ExchangeTrace.KEY, null);
      t.end(outcome);
    }
  }

  private ExchangeTrace start(McpExchange ex) {
    JsonRpcMessage m = ex.message();
    String name = SpanNames.of(ex);
    Context header = W3C.extract(Context.root(), ex, FROM_HEADERS);
    Context parent = header;
    SpanContext headerSpan = Span.fromContext(header).getSpanContext();
    if (m != null) {
      Map<String, String> meta = MetaContext.read(ex.body());
      if (!meta.isEmpty()) {
        Context fromMeta = W3C.extract(Context.root(), meta, FROM_META);
        if (Span.fromContext(fromMeta).getSpanContext().isValid()) {
          parent = fromMeta;
        }
      }
    }
    long started = ExchangeTrace.epochNanos() - (System.nanoTime() - ex.startNanos());
    SpanBuilder b =
        tracer
            .spanBuilder(name)
            .setParent(parent)
            .setSpanKind(SpanKind.SERVER)
            .setStartTimestamp(started, TimeUnit.NANOSECONDS)
            .setAttribute("gatehouse.route", route)
            .setAttribute("network.transport", "tcp")
            .setAttribute("network.protocol.name", "http");
    if (parent != header && headerSpan.isValid()) {
      b.addLink(headerSpan);
    }
    if (m != null) {
      attributes(b, m);
    }
    if (ex.remoteAddress() != null) {
      b.setAttribute("client.address", ex.remoteAddress().getHostString());
    }
    String version = ex.header("MCP-Protocol-Version");
    if (version != null) {
      b.setAttribute("mcp.protocol.version", version);
    }
    ExchangeTrace t = new ExchangeTrace(tracer, b.startSpan(), name);
    ex.attr(ExchangeTrace.KEY, t);
    return t;
  }

  private static void attributes(SpanBuilder b, JsonRpcMessage m) {
    if (m.method() != null) {
      b.setAttribute("mcp.method.name", m.method());
    }
    if (m.id() != null) {
      b.setAttribute("jsonrpc.request.id", m.id().text());
    }
    if (m.toolName() != null) {
      b.setAttribute("gen_ai.tool.name", m.toolName());
      b.setAttribute("gen_ai.operation.name", "execute_tool");
    } else if ("prompts/get".equals(m.method()) && m.name() != null) {
      b.setAttribute("gen_ai.prompt.name", m.name());
    } else if (m.method() != null && m.method().startsWith("resources/") && m.name() != null) {
      b.setAttribute("mcp.resource.uri", m.name());
    }
    if (m.protocolVersion() != null) {
      b.setAttribute("mcp.protocol.version", m.protocolVersion());
    }
  }

  /** A one-way digest of the sealed session id: correlates spans, and opens nothing. */
  static String hash(String sessionId) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
