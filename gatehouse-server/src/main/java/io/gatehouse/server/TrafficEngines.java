package io.gatehouse.server;

import io.gatehouse.limits.LimitClock;
import io.gatehouse.limits.LimitsEngine;
import io.gatehouse.policy.traffic.KnownTools;
import io.gatehouse.policy.traffic.PolicySetException;
import io.gatehouse.policy.traffic.TrafficPart;
import io.gatehouse.server.config.ConfigException;
import io.gatehouse.server.config.GatehouseConfig;
import io.gatehouse.store.Database;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
  private final KnownTools knownTools = KnownTools.NONE;
  private final LimitsEngine limits;

  TrafficEngines(GatehouseConfig config) {
    try {
      limits = LimitsEngine.create(config.traffic().redis(), meters, LimitClock.SYSTEM);
    } catch (PolicySetException e) {
      throw new ConfigException(e.getMessage());
    }
    parts.add(limits.part());
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

  /** Rate limits and quotas: their counters and the quota windows in the store. */
  LimitsEngine limits() {
    return limits;
  }

  /** Binds the engines that keep their state in the store, once it is open. */
  void open(Database database) {
    limits.open(database);
  }

  @Override
  public void close() {
    limits.close();
    meters.close();
  }
}
