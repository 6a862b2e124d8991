package io.gatehouse.server;

import io.gatehouse.agent.approve.ApprovalPart;
import io.gatehouse.agent.approve.Approvals;
import io.gatehouse.gateway.Gateway;
import io.gatehouse.gateway.RoutingTable;
import io.gatehouse.http.HttpService;
import io.gatehouse.limits.LimitClock;
import io.gatehouse.limits.LimitsEngine;
import io.gatehouse.observe.audit.AuditConfig;
import io.gatehouse.observe.audit.AuditLog;
import io.gatehouse.observe.audit.AuditPart;
import io.gatehouse.observe.audit.AuditStore;
import io.gatehouse.observe.metrics.MetricsEndpoint;
import io.gatehouse.observe.metrics.MetricsPart;
import io.gatehouse.observe.metrics.MetricsSettings;
import io.gatehouse.observe.metrics.ProcessGauges;
import io.gatehouse.observe.trace.Tracing;
import io.gatehouse.observe.trace.TracingPart;
import io.gatehouse.observe.trace.TracingSettings;
import io.gatehouse.policy.SecretValues;
import io.gatehouse.policy.inject.InjectionPart;
import io.gatehouse.policy.resilience.ResiliencePart;
import io.gatehouse.policy.traffic.KnownTools;
import io.gatehouse.policy.traffic.PolicySetException;
import io.gatehouse.policy.traffic.Problems;
import io.gatehouse.policy.traffic.TrafficPart;
import io.gatehouse.policy.validate.ValidationPart;
import io.gatehouse.server.config.ConfigException;
import io.gatehouse.server.config.GatehouseConfig;
import io.gatehouse.store.Database;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * What the traffic parts run on, made once per process from the configuration: the parts in the
 * order their policies run within a phase, and the engines behind them (the learned tool schemas,
 * the audit writer, the upstreams' breakers, the meter registry, the tracer). Engines that need the
 * store get it once it is open.
 */
final class TrafficEngines implements AutoCloseable {
  private final List<TrafficPart> parts = new ArrayList<>();
  private final MeterRegistry meters;
  private final PrometheusMeterRegistry prometheus;
  private final ProcessGauges processGauges;
  private final Tracing tracing;
  private final KnownTools knownTools;
  private final AuditLog audit;
  private final LimitsEngine limits;
  private final ResiliencePart resilience;
  private volatile AuditStore auditStore;
  private volatile Approvals approvals;
  private volatile java.util.function.Supplier<java.net.URI> publicUrl = () -> null;

  /**
   * @param secrets the vault values the injection templates read ({@code ${secret:NAME}})
   * @throws ConfigException naming every problem of the engines' sections ({@code audit:}, {@code
   *     metrics:}, {@code tracing:}, {@code redis:})
   */
  TrafficEngines(GatehouseConfig config, SecretValues secrets) {
    Problems problems = new Problems();
    AuditConfig auditConfig = AuditConfig.read(config.traffic().audit(), problems);
    MetricsSettings metrics = MetricsSettings.read(config.traffic().metrics(), "metrics", problems);
    TracingSettings traces = TracingSettings.read(config.traffic().tracing(), "tracing", problems);
    if (metrics.enabled()) {
      prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      meters = prometheus;
    } else {
      // Meters the parts register are no-ops: nothing is counted, nothing served.
      prometheus = null;
      meters = new CompositeMeterRegistry();
    }
    LimitsEngine made = null;
    try {
      made = LimitsEngine.create(config.traffic().redis(), meters, LimitClock.SYSTEM);
    } catch (PolicySetException e) {
      e.problems().forEach(p -> problems.add(p.path(), p.message()));
    }
    if (!problems.isEmpty()) {
      meters.close();
      throw new ConfigException(new PolicySetException(problems.list()).getMessage());
    }
    limits = made;
    processGauges = prometheus == null ? null : new ProcessGauges(prometheus);
    ValidationPart validation = new ValidationPart(meters);
    knownTools = validation;
    if (metrics.enabled()) {
      parts.add(new MetricsPart(meters, knownTools));
    }
    parts.add(validation);
    parts.add(limits.part());
    parts.add(new ApprovalPart(() -> approvals, () -> publicUrl.get()));
    audit = new AuditLog(auditConfig, meters, Clock.systemUTC());
    parts.add(new AuditPart(audit, auditConfig.enabled()));
    parts.add(new InjectionPart(secrets));
    // last of those in its phase: a place in the upstream's bulkhead goes only to calls every
    // other policy let through
    resilience = new ResiliencePart(meters);
    parts.add(resilience);
    tracing = traces.enabled() ? Tracing.otlp(traces) : null;
  }

  /** The parts; tracing comes last, since it marks the phases the others filled. */
  List<TrafficPart> parts() {
    List<TrafficPart> all = new ArrayList<>(parts);
    if (tracing != null) {
      all.add(new TracingPart(tracing));
    }
    return List.copyOf(all);
  }

  /** The upstreams' circuit breakers and bulkheads. */
  ResiliencePart resilience() {
    return resilience;
  }

  /** Where every part registers its meters. */
  MeterRegistry meters() {
    return meters;
  }

  /** {@code /metrics}, or empty when metrics are disabled. */
  Optional<HttpService> metricsEndpoint() {
    return prometheus == null ? Optional.empty() : Optional.of(new MetricsEndpoint(prometheus));
  }

  /** Binds the gauges of the gateway and the routes (when metrics are enabled). */
  void bindGateway(Gateway gateway, RoutingTable routes) {
    if (prometheus != null) {
      ProcessGauges.gateway(prometheus, gateway, routes);
    }
  }

  /** Binds the gauge of the store's connections (when metrics are enabled). */
  void bindConnections(IntSupplier count) {
    if (prometheus != null) {
      ProcessGauges.connections(prometheus, count);
    }
  }

  /** The tool names each route's upstream has listed. */
  KnownTools knownTools() {
    return knownTools;
  }

  /** The audit records in the store, or null until {@link #open}. */
  AuditStore auditStore() {
    return auditStore;
  }

  /** Rate limits and quotas: their counters and the quota windows in the store. */
  LimitsEngine limits() {
    return limits;
  }

  /** The approval store, or null until {@link #open}. */
  Approvals approvals() {
    return approvals;
  }

  /** Where the approval pages are, for the links held calls give. */
  void publicUrl(java.util.function.Supplier<java.net.URI> url) {
    publicUrl = url;
  }

  /** Binds the engines that keep their state in the store, once it is open. */
  void open(Database database) {
    approvals = Approvals.open(database, Clock.systemUTC(), Approvals.replicaName());
    auditStore = AuditStore.open(database);
    audit.open(auditStore);
    limits.open(database);
  }

  @Override
  public void close() {
    if (approvals != null) {
      approvals.close(); // held calls are refused while the store is still open
    }
    limits.close();
    audit.close(); // writes what waits, while the store is still open
    if (tracing != null) {
      tracing.close();
    }
    if (processGauges != null) {
      processGauges.close();
    }
    meters.close();
  }
}
