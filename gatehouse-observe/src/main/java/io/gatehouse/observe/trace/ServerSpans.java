package io.gatehouse.observe.trace;

import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpOutcome;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.UpstreamCall;
import io.gatehouse.gateway.Verdict;
import io.gatehouse.observe.Names;
import io.gatehouse.protocol.JsonRpcMessage;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * Opens the server span of each exchange of one route, first of all its policies ({@code AUDIT}),
 * marks the upstream request and ends the spans once the exchange has ended, under the {@link
 * CallerContext} the caller sent.
 */
final class ServerSpans implements McpPolicy {
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
    CallerContext caller = CallerContext.of(ex);
    long started = ExchangeTrace.epochNanos() - (System.nanoTime() - ex.startNanos());
    SpanBuilder b =
        tracer
            .spanBuilder(name)
            .setParent(caller.parent())
            .setSpanKind(SpanKind.SERVER)
            .setStartTimestamp(started, TimeUnit.NANOSECONDS)
            .setAttribute("gatehouse.route", route)
            .setAttribute("network.transport", "tcp")
            .setAttribute("network.protocol.name", "http");
    if (caller.link() != null) {
      b.addLink(caller.link());
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
      b.setAttribute("mcp.resource.uri", withoutQuery(m.name()));
    }
    if (m.protocolVersion() != null) {
      b.setAttribute("mcp.protocol.version", m.protocolVersion());
    }
  }

  static String withoutQuery(String uri) {
    return Names.withoutQuery(uri);
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
