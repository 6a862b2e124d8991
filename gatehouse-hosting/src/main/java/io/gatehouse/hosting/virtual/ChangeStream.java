package io.gatehouse.hosting.virtual;

import io.gatehouse.http.HttpResponse;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * A composer session's GET stream: it opens each source's session and that session's GET stream,
 * and relays every {@code notifications/.../list_changed} a source sends (the only messages a
 * merged session can pass on without knowing which request they belong to). A source whose stream
 * ends is listened to again, after 1 s, then up to 30 s between attempts. The stream ends when the
 * session's next GET opens, or its DELETE.
 */
final class ChangeStream {
  private static final Logger log = LoggerFactory.getLogger(ChangeStream.class);
  private static final byte[] PING = ": keepalive\n\n".getBytes(StandardCharsets.US_ASCII);
  private static final Duration KEEPALIVE = Duration.ofSeconds(15);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final Sources sources;
  private final AtomicLong generations = new AtomicLong();
  private final Map<String, Long> current = new ConcurrentHashMap<>();

  ChangeStream(Sources sources) {
    this.sources = sources;
  }

  /** Ends the scope's stream, if one is open (the session's DELETE). */
  void end(Sources.Scope scope) {
    current.remove(key(scope));
  }

  HttpResponse open(Sources.Scope scope) {
    long generation = generations.incrementAndGet();
    String key = key(scope);
    current.put(key, generation);
    return HttpResponse.stream(
        200,
        "text/event-stream",
        out -> {
          BlockingQueue<byte[]> events = new LinkedBlockingQueue<>(1000);
          List<Closeable> open = new CopyOnWriteArrayList<>();
          List<Thread> listeners = new CopyOnWriteArrayList<>();
          for (VirtualSource s : scope.server().sources()) {
            listeners.add(
                Thread.ofVirtual()
                    .name("gatehouse-virtual-listen-" + s.route())
                    .start(() -> listen(scope, s, events, open, () -> live(key, generation))));
          }
          try {
            out.send(PING);
            while (live(key, generation)) {
              byte[] e = events.poll(KEEPALIVE.toMillis(), TimeUnit.MILLISECONDS);
              out.send(e == null ? PING : e);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // Gatehouse is stopping: the stream just ends
          } finally {
            current.remove(key, generation);
            listeners.forEach(Thread::interrupt);
            for (Closeable c : open) {
              try {
                c.close();
              } catch (IOException e) {
                // closing only unblocks the listener
              }
            }
          }
        });
  }

  private boolean live(String key, long generation) {
    Long now = current.get(key);
    return now != null && now == generation;
  }

  private void listen(
      Sources.Scope scope,
      VirtualSource s,
      BlockingQueue<byte[]> events,
      List<Closeable> open,
      java.util.function.BooleanSupplier live) {
    long backoff = 1000;
    while (live.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
      Sources.Opened o = null;
      try {
        o = sources.opened(scope, s);
        java.net.http.HttpResponse<InputStream> r =
            sources
                .client()
                .listen(s.route(), scope.caller().headers(s.route()), o.session(), o.protocol());
        try (InputStream body = r.body();
            SseEvents in = new SseEvents(body)) {
          open.add(body);
          backoff = 1000;
          String data;
          while ((data = in.next()) != null && live.getAsBoolean()) {
            relay(data, events);
          }
        }
      } catch (SourceDown e) {
        if (e.sessionGone()) {
          sources.forget(scope, s, o);
        } else if (e.reason().equals("NO_STREAM") || e.reason().equals("HTTP_405")) {
          return; // this source sends nothing on its own
        } else {
          log.debug(
              "virtual route {}: source {} stream: {}",
              scope.server().route(),
              s.route(),
              e.getMessage());
        }
      } catch (IOException e) {
        // the stream broke; listen again
      } catch (InterruptedException e) {
        return;
      }
      try {
        Thread.sleep(backoff); // a reconnect delay, not a wait for an event
      } catch (InterruptedException e) {
        return;
      }
      backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
    }
  }

  private static void relay(String data, BlockingQueue<byte[]> events) {
    JsonNode m;
    try {
      m = SourceClient.JSON.readTree(data);
    } catch (RuntimeException e) {
      return;
    }
    String method = m == null ? "" : m.path("method").asString("");
    if (method.startsWith("notifications/") && method.endsWith("/list_changed")) {
      events.offer(Answers.event(m));
    }
  }

  private static String key(Sources.Scope scope) {
    return scope.caller().id() + "\n" + scope.server().route() + "\n" + scope.session();
  }
}
