package io.gatehouse.observe.trace;

import static java.util.Objects.requireNonNull;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The tracer of the process: an OpenTelemetry SDK tracer whose spans go, batched off the request
 * path, to an OTLP/HTTP endpoint. Made only when tracing is on; closing it sends what is left.
 */
public final class Tracing implements AutoCloseable {
  static final String SCOPE = "io.gatehouse.observe";
  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

  private final SdkTracerProvider provider;
  private final Tracer tracer;

  /** Spans go to {@code processor}; new traces are kept at {@code sample}'s ratio. */
  public Tracing(SpanProcessor processor, double sample, String serviceName) {
    requireNonNull(processor, "processor");
    this.provider =
        SdkTracerProvider.builder()
            .addSpanProcessor(processor)
            .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(sample)))
            .setResource(
                Resource.getDefault()
                    .merge(Resource.create(Attributes.of(SERVICE_NAME, serviceName))))
            .build();
    this.tracer = provider.get(SCOPE);
  }

  /** Spans go over OTLP/HTTP to {@code settings.tracesUrl()}. */
  public static Tracing otlp(TracingSettings settings) {
    OtlpHttpSpanExporter exporter =
        OtlpHttpSpanExporter.builder()
            .setEndpoint(settings.tracesUrl().toString())
            .setTimeout(Duration.ofSeconds(10))
            .build();
    return new Tracing(
        BatchSpanProcessor.builder(exporter).build(), settings.sample(), settings.serviceName());
  }

  Tracer tracer() {
    return tracer;
  }

  /** Sends the spans ended so far, waiting up to {@code timeout}. */
  public void flush(Duration timeout) {
    provider.forceFlush().join(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    provider.shutdown().join(10, TimeUnit.SECONDS);
  }
}
