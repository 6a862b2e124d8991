package io.gatehouse.server;

import io.gatehouse.policy.traffic.TrafficPart;
import io.gatehouse.server.config.GatehouseConfig;
import io.gatehouse.store.Database;
import java.util.ArrayList;
import java.util.List;

/**
 * What the traffic parts run on, made once per process from the configuration: the parts in the
 * order their policies run within a phase, and the engines behind them (counters, the audit writer,
 * the meter registry, the tracer). Engines that need the store get it once it is open.
 */
final class TrafficEngines implements AutoCloseable {
  private final List<TrafficPart> parts = new ArrayList<>();

  TrafficEngines(GatehouseConfig config) {}

  List<TrafficPart> parts() {
    return List.copyOf(parts);
  }

  /** Binds the engines that keep their state in the store, once it is open. */
  void open(Database database) {}

  @Override
  public void close() {}
}
