package io.gatehouse.agent.approve;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls this replica holds for an answer, each a future completed once: by an answer given on
 * this replica, or by one virtual thread that polls the store while anything is held (answers given
 * on other replicas, and expiry). With nothing held it waits without polling.
 */
final class HeldCalls implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HeldCalls.class);
  private static final int BATCH = 200;

  private final Approvals store;
  private final long pollMillis;
  private final Map<String, CompletableFuture<Approval>> waiting = new ConcurrentHashMap<>();
  private final Object signal = new Object();
  private final Thread poller;
  private volatile boolean closed;

  HeldCalls(Approvals store, Duration pollEvery) {
    this.store = store;
    this.pollMillis = Math.max(1, pollEvery.toMillis());
    this.poller = Thread.ofVirtual().name("gatehouse-approvals-poll").unstarted(this::run);
  }

  CompletionStage<Approval> hold(Approval a) {
    if (closed) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("the approval store is closed"));
    }
    CompletableFuture<Approval> f =
        waiting.computeIfAbsent(a.id(), id -> new CompletableFuture<>());
    f.whenComplete((v, e) -> waiting.remove(a.id(), f));
    synchronized (signal) {
      if (!poller.isAlive() && poller.getState() == Thread.State.NEW) {
        poller.start();
      }
      signal.notifyAll();
    }
    return f;
  }

  /** An answer given on this replica. */
  void answered(Approval a) {
    CompletableFuture<Approval> f = waiting.get(a.id());
    if (f != null) {
      f.complete(a);
    }
  }

  int size() {
    return waiting.size();
  }

  private void run() {
    while (!closed) {
      synchronized (signal) {
        try {
          if (waiting.isEmpty()) {
            signal.wait();
          } else {
            signal.wait(pollMillis);
          }
        } catch (InterruptedException e) {
          return;
        }
      }
      if (!closed && !waiting.isEmpty()) {
        try {
          check();
        } catch (RuntimeException e) {
          // the store is away for a moment: the held calls wait on, and the next poll tries again
          log.warn("approvals: polling the store for answers failed: {}", e.toString());
        }
      }
    }
  }

  /** Completes each held call the store shows answered, and expires the lapsed ones. */
  private void check() {
    List<String> ids = new ArrayList<>(waiting.keySet());
    for (int from = 0; from < ids.size(); from += BATCH) {
      List<String> batch = ids.subList(from, Math.min(ids.size(), from + BATCH));
      List<Approval> found = store.findAll(batch);
      for (String id : batch) {
        CompletableFuture<Approval> f = waiting.get(id);
        if (f != null && found.stream().noneMatch(a -> a.id().equals(id))) {
          f.completeExceptionally(new IllegalStateException("approval " + id + " is gone"));
        }
      }
      for (Approval a : found) {
        CompletableFuture<Approval> f = waiting.get(a.id());
        if (f == null) {
          continue;
        }
        switch (a.state()) {
          case PENDING -> {}
          case EXPIRED -> store.expire(a.id()).ifPresent(f::complete);
          default -> f.complete(a);
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    synchronized (signal) {
      signal.notifyAll();
    }
    IllegalStateException gone = new IllegalStateException("Gatehouse is stopping");
    waiting.values().forEach(f -> f.completeExceptionally(gone));
  }
}
