package io.gatehouse.hosting;

import io.gatehouse.core.GatehouseException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import tools.jackson.databind.node.ObjectNode;

/**
 * The processes of a route with {@code isolation: shared}: one per principal, or one for everyone
 * when the route says its server keeps no per-user state (the pool key says which), and the pool
 * each session shares. A pool is made on its first session and forgotten once it has neither a
 * process nor a session.
 */
final class SharedPools {
  /** Where a shared process's own messages go: to the sessions of {@code from}. */
  interface Messages {
    void unsolicited(ObjectNode message, Link.Waiter latest, SharedProcess from);
  }

  private final String route;
  private final int max;
  private final Consumer<Link> start;
  private final Messages messages;
  private final Map<String, SharedProcess> byKey = new ConcurrentHashMap<>();
  private final Map<String, SharedProcess> bySession = new ConcurrentHashMap<>();

  /**
   * @param max how many pools the route may have ({@code max-processes})
   * @param start starts a process for a link
   */
  SharedPools(String route, int max, Consumer<Link> start, Messages messages) {
    this.route = route;
    this.max = max;
    this.start = start;
    this.messages = messages;
  }

  /** The pool of {@code key} with {@code s} in it, made when there is none. */
  synchronized SharedProcess join(String key, Session s) {
    SharedProcess pool = byKey.get(key);
    if (pool == null) {
      if (byKey.size() >= max) {
        throw new GatehouseException(
            HostingErrors.PROCESS_LIMIT,
            "HOSTED_PROCESS_LIMIT: route '"
                + route
                + "' runs a shared process for "
                + byKey.size()
                + " principals (max-processes: "
                + max
                + ")");
      }
      SharedProcess[] made = new SharedProcess[1];
      made[0] = new SharedProcess(route, start, (m, w) -> messages.unsolicited(m, w, made[0]));
      pool = made[0];
      byKey.put(key, pool);
    }
    bySession.put(s.id, pool);
    return pool;
  }

  /** The pool {@code s} shares, or null when it ended. */
  SharedProcess of(Session s) {
    return bySession.get(s.id);
  }

  /** Takes {@code s} out of its pool; the pool it was in, or null. */
  SharedProcess leave(Session s) {
    return bySession.remove(s.id);
  }

  /** Stops the processes idle for {@code idle}, then forgets the pools no one uses. */
  int reap(Duration idle) {
    int stopped = 0;
    for (SharedProcess pool : byKey.values()) {
      if (pool.stopIfIdle(idle)) {
        stopped++;
      }
    }
    dropUnused();
    return stopped;
  }

  private synchronized void dropUnused() {
    byKey.values().removeIf(p -> p.current() == null && !bySession.containsValue(p));
  }

  List<SharedProcess> all() {
    return List.copyOf(byKey.values());
  }

  /** How many shared processes run now. */
  int running() {
    return (int) byKey.values().stream().filter(p -> p.current() != null).count();
  }
}
