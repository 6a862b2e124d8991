package io.gatehouse.observe.metrics;

import io.gatehouse.gateway.Gateway;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.RoutingTable;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.util.function.IntSupplier;

/**
 * The gauges of the process, read when scraped and never on the request path: the gateway's active
 * sessions and open streams, the routes published by source, the store's connections, and the JVM's
 * memory, collections, threads, classes, CPU and uptime.
 */
public final class ProcessGauges implements AutoCloseable {
  private final JvmGcMetrics gc = new JvmGcMetrics();

  /** Binds the JVM's gauges to {@code registry}. */
  public ProcessGauges(MeterRegistry registry) {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /** Binds the gateway's gauges and those of the routes it serves, by where each came from. */
  public static void gateway(MeterRegistry registry, Gateway gateway, RoutingTable routes) {
    Gauge.builder("gatehouse.sessions.active", gateway, Gateway::activeSessions)
        .description("Sessions with work in flight on this replica")
        .register(registry);
    Gauge.builder("gatehouse.streams.open", gateway, Gateway::openStreams)
        .description("Server-to-client event streams open on this replica")
        .register(registry);
    for (String source : new String[] {"config", "catalog"}) {
      Gauge.builder("gatehouse.routes", routes, r -> count(r, source))
          .description("Routes published, by where they come from")
          .tag("source", source)
          .register(registry);
    }
  }

  /** Binds a gauge of the store's connections (read from the store when scraped). */
  public static void connections(MeterRegistry registry, IntSupplier count) {
    Gauge.builder("gatehouse.connections", count, IntSupplier::getAsInt)
        .description("Connections to upstream MCP servers in the store, every project's")
        .strongReference(true) // nothing else holds the supplier; a gauge's state is weak
        .register(registry);
  }

  private static double count(RoutingTable routes, String source) {
    int n = 0;
    for (RouteDefinition r : routes.current().routes().values()) {
      if (source.equals(r.source())) {
        n++;
      }
    }
    return n;
  }

  @Override
  public void close() {
    gc.close();
  }
}
