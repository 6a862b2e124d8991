package io.gatehouse.server;

import io.gatehouse.observe.audit.AuditConfig;
import io.gatehouse.observe.audit.AuditLog;
import io.gatehouse.observe.audit.AuditPart;
import io.gatehouse.observe.audit.AuditStore;
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
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * What the traffic parts run on, made once per process from the configuration: the parts in the
 * order their policies run within a phase, and the engines behind them (counters, the audit writer,
 * the meter registry, the tracer). Engines that need the store get it once it is open.
 */
final class TrafficEngines implements AutoCloseable {
  private final List<TrafficPart> parts = new ArrayList<>();
  private final MeterRegistry meters = new SimpleMeterRegistry();
  private final KnownTools knownTools;
  private final AuditLog audit;
  private volatile AuditStore auditStore;

  private final ResiliencePart resilience = new ResiliencePart(meters);

  /**
   * @param secrets the vault values the injection templates read ({@code ${secret:NAME}})
   * @throws ConfigException naming every problem of the engines' sections ({@code audit:})
   */
  TrafficEngines(GatehouseConfig config, SecretValues secrets) {
    Problems problems = new Problems();
    AuditConfig auditConfig = AuditConfig.read(config.traffic().audit(), problems);
    if (!problems.isEmpty()) {
      meters.close();
      throw new ConfigException(new PolicySetException(problems.list()).getMessage());
    }
    ValidationPart validation = new ValidationPart(meters);
    parts.add(validation);
    knownTools = validation;
    audit = new AuditLog(auditConfig, meters, Clock.systemUTC());
    parts.add(new AuditPart(audit, auditConfig.enabled()));
    parts.add(new InjectionPart(secrets));
    // last: a place in the upstream's bulkhead goes only to calls every other policy let through
    parts.add(resilience);
  }

  /** The upstreams' circuit breakers and bulkheads. */
  ResiliencePart resilience() {
    return resilience;
  }

  List<TrafficPart> parts() {
    return List.copyOf(parts);
  }

  /** Where every part registers its meters. */
  MeterRegistry meters() {
    return meters;
  }

  /** The tool names each route's upstream has listed. */
  KnownTools knownTools() {
    return knownTools;
  }

  /** The audit records in the store, or null until {@link #open}. */
  AuditStore auditStore() {
    return auditStore;
  }

  /** Binds the engines that keep their state in the store, once it is open. */
  void open(Database database) {
    auditStore = AuditStore.open(database);
    audit.open(auditStore);
  }

  @Override
  public void close() {
    audit.close(); // writes what waits, while the store is still open
    meters.close();
  }
}
