package io.gatehouse.observe.trace;

import io.gatehouse.gateway.McpExchange;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;
import java.util.Map;

/**
 * The trace context the caller sent, if any: the one in the message's {@code params._meta} (the MCP
 * convention: it travels with the message, whatever the transport), else the {@code traceparent}
 * header of the HTTP request. When both are there and differ, the header's is kept to link to.
 *
 * @param parent the context the server span goes under ({@link Context#root()} when none)
 * @param link the header's span when the message's context won over it, else null
 */
record CallerContext(Context parent, SpanContext link) {
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

  static CallerContext of(McpExchange ex) {
    Context header = W3C.extract(Context.root(), ex, FROM_HEADERS);
    if (ex.message() != null) {
      Map<String, String> meta = MetaContext.read(ex.body());
      if (!meta.isEmpty()) {
        Context fromMeta = W3C.extract(Context.root(), meta, FROM_META);
        if (Span.fromContext(fromMeta).getSpanContext().isValid()) {
          SpanContext headerSpan = Span.fromContext(header).getSpanContext();
          boolean differs =
              headerSpan.isValid()
                  && !headerSpan.equals(Span.fromContext(fromMeta).getSpanContext());
          return new CallerContext(fromMeta, differs ? headerSpan : null);
        }
      }
    }
    return new CallerContext(header, null);
  }
}
