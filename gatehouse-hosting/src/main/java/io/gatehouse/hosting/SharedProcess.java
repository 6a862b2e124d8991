package io.gatehouse.hosting;

import io.gatehouse.core.GatehouseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one process of a route with {@code isolation: shared}: started on demand and initialized once
 * (with the first client's {@code initialize}, whose answer every later session gets), stopped when
 * idle, and started again after a crash: at once the first time, then after a growing wait while it
 * keeps crashing soon after starting.
 */
final class SharedProcess {
  private static final Duration STABLE = Duration.ofSeconds(30);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final byte[] INITIALIZED =
      "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"
          .getBytes(StandardCharsets.UTF_8);

  private final String route;
  private final Consumer<Link> start;
  private final BiConsumer<ObjectNode, Link.Waiter> unsolicited;
  private Link link;
  private ObjectNode initialize;
  private JsonNode result;
  private int crashes;
  private long crashedAt;

  /**
   * @param start starts a process for a link
   * @param unsolicited where the server's own messages go
   */
  SharedProcess(
      String route, Consumer<Link> start, BiConsumer<ObjectNode, Link.Waiter> unsolicited) {
    this.route = route;
    this.start = start;
    this.unsolicited = unsolicited;
  }

  /** The answer a new session gets to {@code initialize}, starting the process if need be. */
  synchronized JsonNode initialize(ObjectNode request) {
    if (initialize == null) {
      initialize = request.deepCopy();
    }
    link();
    return result;
  }

  /** The running process, started (and initialized) when there is none. */
  synchronized Link link() {
    if (link != null && !link.isEnded()) {
      return link;
    }
    long wait = backoff().toNanos() - (System.nanoTime() - crashedAt);
    if (crashes > 0 && wait > 0) {
      throw new GatehouseException(
          HostingErrors.UPSTREAM_CRASHED,
          "UPSTREAM_CRASHED: route '"
              + route
              + "': the stdio server crashed; it restarts in "
              + Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait))
              + "s");
    }
    Link next = new Link(route);
    next.handlers(unsolicited, () -> crashed(next));
    start.accept(next);
    ObjectNode init = initialize.deepCopy();
    init.put("id", 0);
    Outbound answer;
    try {
      answer = Link.answer(next.call(null, init), RouteHost.START_TIMEOUT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      answer = null;
    }
    if (answer == null || !Link.JSON.readTree(answer.json()).has("result")) {
      next.child().stop(RouteHost.GRACE);
      crashed(next); // a failed start backs off like a crash
      throw RouteHost.startFailed(
          route,
          answer == null
              ? "the process did not answer initialize within " + RouteHost.START_TIMEOUT
              : "initialize failed: "
                  + Link.abbreviate(new String(answer.json(), StandardCharsets.UTF_8)));
    }
    result = Link.JSON.readTree(answer.json()).get("result");
    try {
      next.send((ObjectNode) Link.JSON.readTree(INITIALIZED));
    } catch (IOException e) {
      // it crashed already: the next request starts another
    }
    link = next;
    return next;
  }

  /** The running process, or null: never starts one. */
  synchronized Link current() {
    return link;
  }

  private Duration backoff() {
    if (crashes <= 1) {
      return Duration.ZERO;
    }
    Duration d = Duration.ofMillis(500L << Math.min(crashes - 2, 10));
    return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
  }

  private synchronized void crashed(Link which) {
    crashes = which.age().compareTo(STABLE) > 0 ? 1 : crashes + 1;
    crashedAt = System.nanoTime();
    if (link == which) {
      link = null;
    }
  }

  /** Stops the process if it has had no request for {@code idle}; true when it did. */
  boolean stopIfIdle(Duration idle) {
    Link idleLink;
    synchronized (this) {
      if (link == null || !link.isIdle(idle)) {
        return false;
      }
      idleLink = link;
      link = null;
    }
    idleLink.child().stop(RouteHost.GRACE);
    return true;
  }

  /** Stops the process, if one runs. */
  void close() {
    Link l;
    synchronized (this) {
      l = link;
      link = null;
    }
    if (l != null && l.child() != null) {
      l.child().stop(RouteHost.GRACE);
    }
  }
}
