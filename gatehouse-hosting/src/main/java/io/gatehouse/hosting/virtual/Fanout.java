package io.gatehouse.hosting.virtual;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Lists across every source at once: each source's pages are followed to the end, its entries
 * filtered by its allow list and renamed, and the results joined in source order (a resource URI
 * that two sources list is shown, and read, from the first). A source that cannot be reached,
 * refuses, or does not answer within {@link #LIST_LIMIT} (the route's request timeout when shorter)
 * is left out with a warning naming it and the reason's key; the others are listed all the same.
 */
final class Fanout {
  private static final Logger log = LoggerFactory.getLogger(Fanout.class);
  private static final int MAX_PAGES = 100;

  /** The longest a list waits for a source (the route's request timeout when shorter). */
  static final java.time.Duration LIST_LIMIT = java.time.Duration.ofSeconds(60);

  private final Sources sources;

  Fanout(Sources sources) {
    this.sources = sources;
  }

  /** The merged list; {@code seen} is told each shown entry's source (to route resource reads). */
  List<ObjectNode> list(
      Sources.Scope scope, Listing listing, BiConsumer<VirtualSource, ObjectNode> seen)
      throws InterruptedException {
    List<VirtualSource> all = scope.server().sources();
    List<Future<List<ObjectNode>>> pending = new ArrayList<>(all.size());
    ExecutorService each = Executors.newVirtualThreadPerTaskExecutor();
    try {
      for (VirtualSource s : all) {
        pending.add(each.submit(() -> listing.shown(s, pages(scope, s, listing))));
      }
      long limit = Math.min(LIST_LIMIT.toNanos(), scope.server().timeout().toNanos());
      long deadline = System.nanoTime() + limit;
      List<ObjectNode> out = new ArrayList<>();
      Set<String> keys = new HashSet<>();
      for (int i = 0; i < all.size(); i++) {
        for (ObjectNode e : collect(scope, listing, all.get(i), pending.get(i), deadline)) {
          // an unprefixed URI two sources list belongs to the first of them
          if (keys.add(e.path(listing.key).asString())) {
            seen.accept(all.get(i), e);
            out.add(e);
          }
        }
      }
      return out;
    } finally {
      each.shutdownNow(); // a source past the deadline is not waited for
    }
  }

  /** {@code s}'s entries, or none (with a warning) when it failed or missed the deadline. */
  private static List<ObjectNode> collect(
      Sources.Scope scope,
      Listing listing,
      VirtualSource s,
      Future<List<ObjectNode>> pending,
      long deadline)
      throws InterruptedException {
    try {
      return pending.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      leftOut(
          scope,
          s,
          listing,
          e.getCause() instanceof SourceDown d
              ? d.reason() + ": " + d.getMessage()
              : "INTERNAL_ERROR: " + e.getCause());
    } catch (TimeoutException e) {
      pending.cancel(true);
      leftOut(scope, s, listing, "TIMEOUT: no answer in time");
    }
    return List.of();
  }

  private static void leftOut(Sources.Scope scope, VirtualSource s, Listing listing, String why) {
    log.warn(
        "virtual route {}: source {} left out of {}: {}",
        scope.server().route(),
        s.route(),
        listing.method,
        why);
  }

  private List<JsonNode> pages(Sources.Scope scope, VirtualSource s, Listing listing)
      throws SourceDown, InterruptedException {
    if (!sources.opened(scope, s).has(listing.capability)) {
      return List.of();
    }
    List<JsonNode> entries = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      ObjectNode params = SourceClient.JSON.createObjectNode();
      if (cursor != null) {
        params.put("cursor", cursor);
      }
      JsonNode answer = sources.request(scope, s, listing.method, params);
      if (answer.has("error")) {
        throw Sources.refusal(s.route(), answer, listing.method);
      }
      JsonNode result = answer.path("result");
      result.path(listing.field).forEach(entries::add);
      cursor = result.path("nextCursor").isString() ? result.get("nextCursor").stringValue() : null;
      if (cursor == null) {
        return entries;
      }
    }
    throw new SourceDown(
        "TOO_MANY_PAGES",
        "route '" + s.route() + "' listed more than " + MAX_PAGES + " pages of " + listing.method);
  }
}
