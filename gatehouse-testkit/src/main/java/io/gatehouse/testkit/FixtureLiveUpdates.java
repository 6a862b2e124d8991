package io.gatehouse.testkit;

import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema.ResourcesUpdatedNotification;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The fixture's timed behaviour from the conformance fixture README: dynamic tool, resource and
 * prompt 2 s after start (list_changed notifications), and a watched-resource update every 3 s.
 */
final class FixtureLiveUpdates implements AutoCloseable {

  private static final long DYNAMIC_FEATURES_DELAY_MILLIS = 2_000;
  private static final long WATCHED_RESOURCE_PERIOD_MILLIS = 3_000;

  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "conformance-fixture-updates");
            thread.setDaemon(true);
            return thread;
          });

  FixtureLiveUpdates(McpSyncServer server, FixtureResources resources) {
    scheduler.schedule(
        () -> quietly(() -> addDynamicFeatures(server, resources)),
        DYNAMIC_FEATURES_DELAY_MILLIS,
        TimeUnit.MILLISECONDS);
    scheduler.scheduleAtFixedRate(
        () -> quietly(() -> touchWatched(server, resources)),
        WATCHED_RESOURCE_PERIOD_MILLIS,
        WATCHED_RESOURCE_PERIOD_MILLIS,
        TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }

  private static void addDynamicFeatures(McpSyncServer server, FixtureResources resources) {
    server.addTool(FixtureContentTools.dynamicTool());
    server.addResource(resources.dynamicResource());
    server.addPrompt(FixturePrompts.dynamicPrompt());
  }

  private static void touchWatched(McpSyncServer server, FixtureResources resources) {
    resources.touchWatched();
    server.notifyResourcesUpdated(new ResourcesUpdatedNotification(FixtureResources.WATCHED_URI));
  }

  /**
   * A periodic task that throws is never run again, and a client that went away must not stop
   * updates.
   */
  private static void quietly(Runnable update) {
    try {
      update.run();
    } catch (RuntimeException ignored) {
      // Notifications to clients that disconnected fail; the next update tries again.
    }
  }
}
