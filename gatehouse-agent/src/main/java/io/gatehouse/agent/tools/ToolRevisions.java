package io.gatehouse.agent.tools;

import java.util.concurrent.ConcurrentHashMap;

/**
 * How often each route's tools have changed, as this replica learned it (a connection's refresh or
 * scheduled validation found new tools: the same event that sends {@code
 * notifications/tools/list_changed} to the route's open streams). A response chain keeps the
 * revision it listed at, and lists again when it moved.
 */
public final class ToolRevisions {
  private final ConcurrentHashMap<String, Long> revisions = new ConcurrentHashMap<>();

  /** The tools of {@code route} changed. */
  public void bump(String route) {
    revisions.merge(route, 1L, Long::sum);
  }

  /** The revision of {@code route}'s tools: 0 until they first change. */
  public long of(String route) {
    return revisions.getOrDefault(route, 0L);
  }
}
