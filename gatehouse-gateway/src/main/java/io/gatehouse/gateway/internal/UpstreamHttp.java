package io.gatehouse.gateway.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The pooled HTTP clients the gateway reaches upstreams with. Jetty's client sets the connect timeout per
 * client, so there is one client per distinct connect timeout (in practice one or two).
 */
final class UpstreamHttp implements AutoCloseable {
  private final Map<Duration, HttpClient> clients = new ConcurrentHashMap<>();

  HttpClient client(Duration connectTimeout) {
    return clients.computeIfAbsent(connectTimeout, UpstreamHttp::start);
  }

  private static HttpClient start(Duration connectTimeout) {
    QueuedThreadPool pool = new QueuedThreadPool(64, 4);
    pool.setName("gatehouse-upstream");
    pool.setDaemon(true);
    HttpClient client = new HttpClient();
    client.setExecutor(pool);
    client.setConnectTimeout(connectTimeout.toMillis());
    client.setIdleTimeout(Duration.ofMinutes(1).toMillis());
    client.setMaxConnectionsPerDestination(4096);
    client.setMaxRequestsQueuedPerDestination(65536);
    client.setFollowRedirects(false);
    client.setUserAgentField(null);
    client.getContentDecoderFactories().clear();
    // UpstreamListener never blocks (it buffers, or hands chunks to a ChunkPipe), so the client's selector
    // thread runs it itself instead of handing every answer to a pool thread first.
    client.getHttpClientTransport().setInvocationType(Invocable.InvocationType.NON_BLOCKING);
    try {
      client.start();
    } catch (Exception e) {
      throw new IllegalStateException("could not start the upstream HTTP client", e);
    }
    return client;
  }

  @Override
  public void close() {
    clients.values().forEach(c -> LifeCycle.stop(c));
    clients.clear();
  }
}
