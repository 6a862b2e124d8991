package io.gatehouse.hosting.virtual;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Lists across every source at once: each source's pages are followed to the end, its entries
 * filtered by its allow list and renamed, and the results joined in source order (a resource URI
 * that two sources list is shown, and read, from the first). A source that cannot be reached or
 * refuses is left out with a warning naming it and the reason's key; the others are listed all the
 * same.
 */
final class Fanout {
  private static final Logger log = LoggerFactory.getLogger(Fanout.class);
  private static final int MAX_PAGES = 100;

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
    try (ExecutorService each = Executors.newVirtualThreadPerTaskExecutor()) {
      for (VirtualSource s : all) {
        pending.add(each.submit(() -> listing.shown(s, pages(scope, s, listing))));
      }
      List<ObjectNode> out = new ArrayList<>();
      java.util.Set<String> keys = new java.util.HashSet<>();
      for (int i = 0; i < all.size(); i++) {
        VirtualSource s = all.get(i);
        try {
          for (ObjectNode e : pending.get(i).get()) {
            // an unprefixed URI two sources list belongs to the first of them
            if (keys.add(e.path(listing.key).asString())) {
              seen.accept(s, e);
              out.add(e);
            }
          }
        } catch (ExecutionException e) {
          String why =
              e.getCause() instanceof SourceDown d
                  ? d.reason() + ": " + d.getMessage()
                  : "INTERNAL_ERROR: " + e.getCause();
          log.warn(
              "virtual route {}: source {} left out of {}: {}",
              scope.server().route(),
              s.route(),
              listing.method,
              why);
        }
      }
      return out;
    }
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
