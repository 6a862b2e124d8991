package io.gatehouse.http.internal;

import io.gatehouse.core.GatehouseException;
import io.gatehouse.http.HttpRequest;
import io.gatehouse.http.HttpResponse;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs REST services on virtual threads: the request (body copied off the I/O buffers) goes to a
 * virtual thread of its own, and its answer comes back to the connection's event loop to be
 * written.
 */
final class RestRunner implements AutoCloseable {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RestRunner.class);
  private final ExecutorService threads =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("gatehouse-rest-", 0).factory());

  void run(EdgeExchangeImpl ex, Mount.Rest mount) {
    FullHttpRequest r = ex.request();
    HttpHeaders headers = r.headers();
    HttpRequest request =
        new HttpRequest(
            r.method().name(),
            ex.path(),
            ex.query(),
            headers::getAll,
            ByteBufUtil.getBytes(r.content()),
            ex.remoteAddress());
    threads.execute(
        () -> {
          HttpResponse response;
          try {
            response = mount.service().serve(request);
          } catch (GatehouseException e) {
            ex.respondError(e, mount.errors());
            return;
          } catch (Throwable t) {
            ex.failUnexpectedly(t);
            return;
          }
          write(ex, request, response);
        });
  }

  private static void write(EdgeExchangeImpl ex, HttpRequest request, HttpResponse response) {
    try {
      ex.respond(response, request.method().equals("HEAD"));
    } catch (Exception | Error e) {
      log.warn(
          "{} {}: a streamed answer failed after its head: {}",
          request.method(),
          request.path(),
          e.toString());
    }
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
