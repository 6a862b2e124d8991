package io.gatehouse.cluster;

import io.gatehouse.http.HttpRequest;
import io.gatehouse.http.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request sent on to a peer's port with the peer key, and its answer turned back into ours: a
 * whole body, or an event stream relayed piece by piece as it arrives.
 */
final class PeerHop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PeerHop.class);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private final PeerKey key;
  private volatile HttpClient client;

  PeerHop(PeerKey key) {
    this.key = key;
  }

  HttpResponse send(String owner, URI base, HttpRequest request, List<String> headers) {
    java.net.http.HttpRequest.Builder b =
        java.net.http.HttpRequest.newBuilder(URI.create(strip(base) + request.path()))
            .method(
                request.method(),
                request.body().length == 0
                    ? java.net.http.HttpRequest.BodyPublishers.noBody()
                    : java.net.http.HttpRequest.BodyPublishers.ofByteArray(request.body()))
            .header(PeerKey.HEADER, key.secret().reveal());
    for (String h : headers) {
      request.headers(h).forEach(v -> b.header(h, v));
    }
    java.net.http.HttpResponse<InputStream> answer;
    try {
      answer = client().send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      log.info("replica {}: its peer port did not answer: {}", owner, e.toString());
      throw Peers.gone(owner, "does not answer on its peer port");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Peers.gone(owner, "was not reached (interrupted)");
    }
    return relay(owner, answer, headers);
  }

  private static HttpResponse relay(
      String owner, java.net.http.HttpResponse<InputStream> answer, List<String> headers) {
    String type = answer.headers().firstValue("Content-Type").orElse(null);
    HttpResponse out;
    if (type != null && type.startsWith("text/event-stream")) {
      out = HttpResponse.stream(answer.statusCode(), type, chunks -> pipe(answer.body(), chunks));
    } else {
      byte[] body;
      try (InputStream in = answer.body()) {
        body = in.readAllBytes();
      } catch (IOException e) {
        throw Peers.gone(owner, "stopped in the middle of its answer");
      }
      out =
          type == null && body.length == 0
              ? HttpResponse.empty(answer.statusCode())
              : HttpResponse.of(
                  answer.statusCode(), type == null ? "application/octet-stream" : type, body);
    }
    for (String h : headers) {
      if (!h.equalsIgnoreCase("Content-Type")) { // set with the body above
        answer.headers().allValues(h).forEach(v -> out.header(h, v));
      }
    }
    return out;
  }

  /** Each piece as it arrives; closing the stream (our caller left) closes the peer's too. */
  private static void pipe(InputStream body, HttpResponse.Chunks out) throws IOException {
    try (InputStream in = body) {
      byte[] buf = new byte[16 * 1024];
      int n;
      while ((n = in.read(buf)) >= 0) {
        if (n > 0) {
          out.send(Arrays.copyOf(buf, n));
        }
      }
    }
  }

  private static String strip(URI base) {
    String s = base.toString();
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private HttpClient client() {
    HttpClient c = client;
    if (c == null) {
      synchronized (this) {
        if (client == null) {
          client =
              HttpClient.newBuilder()
                  .version(HttpClient.Version.HTTP_1_1)
                  .connectTimeout(CONNECT_TIMEOUT)
                  .followRedirects(HttpClient.Redirect.NEVER)
                  .build();
        }
        c = client;
      }
    }
    return c;
  }

  @Override
  public void close() {
    HttpClient c = client;
    if (c != null) {
      c.shutdownNow();
    }
  }
}
