package io.gatehouse.cluster;

import static java.util.Objects.requireNonNull;

import io.gatehouse.core.GatehouseException;
import io.gatehouse.http.HttpRequest;
import io.gatehouse.http.HttpResponse;
import io.gatehouse.http.HttpService;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This replica among its peers: its id, which prefixes the tokens of state that lives here ({@link
 * #name}), and the forwarding of a request for state another replica owns to that replica's peer
 * port ({@link #forward}), whose services only peers may call ({@link #guard}).
 *
 * <pre>{@code
 * String owner = Peers.owner(sessionId);
 * if (owner != null && !owner.equals(peers.self())) {
 *   return peers.forward(owner, request, List.of("Mcp-Session-Id", "Content-Type"));
 * }
 * }</pre>
 */
public final class Peers implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Peers.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** Where a replica's peer port is, or null when the replica is gone. */
  @FunctionalInterface
  public interface Directory {
    URI lookup(String replica);
  }

  private final String self;
  private final PeerKey key;
  private final Directory directory;
  private volatile HttpClient client;

  /**
   * @param self this replica's id ({@link #newReplicaId})
   * @param key the deployment's peer key; null for a replica that serves no peer port
   * @param directory finds the other replicas
   */
  public Peers(String self, PeerKey key, Directory directory) {
    this.self = requireNonNull(self, "self");
    if (self.isEmpty() || self.contains(".")) {
      throw new IllegalArgumentException("self: '" + self + "' (expected: an id without '.')");
    }
    this.key = key;
    this.directory = requireNonNull(directory, "directory");
  }

  /** A replica with no peers: state of any other replica is gone. */
  public static Peers alone() {
    return new Peers(newReplicaId(), null, replica -> null);
  }

  /** A fresh replica id: 72 random bits, base64url (no {@code .}). */
  public static String newReplicaId() {
    byte[] b = new byte[9];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  public String self() {
    return self;
  }

  /** A token for state that lives here: {@code <self>.<local>}. */
  public String name(String local) {
    return self + "." + requireNonNull(local, "local");
  }

  /** The replica a token names, or null for a token that names none. */
  public static String owner(String token) {
    int dot = token == null ? -1 : token.indexOf('.');
    return dot <= 0 ? null : token.substring(0, dot);
  }

  /** Whether the state {@code token} names lives in another replica. */
  public boolean isElsewhere(String token) {
    String owner = owner(token);
    return owner != null && !owner.equals(self);
  }

  /**
   * Sends {@code request} (method, path, body and the {@code headers} named) to the same path on
   * {@code owner}'s peer port and answers what it answers: the status, a body (an event stream is
   * relayed piece by piece as it arrives, never buffered) and the {@code headers} named.
   *
   * @throws GatehouseException {@link ClusterErrors#REPLICA_GONE} when {@code owner} is not among
   *     the replicas that serve, or does not answer
   */
  public HttpResponse forward(String owner, HttpRequest request, List<String> headers) {
    requireNonNull(owner, "owner");
    URI base = key == null ? null : directory.lookup(owner);
    if (base == null) {
      throw gone(owner, "is not among the replicas that serve now");
    }
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
      throw gone(owner, "does not answer on its peer port");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw gone(owner, "was not reached (interrupted)");
    }
    return relay(answer, headers);
  }

  private static HttpResponse relay(
      java.net.http.HttpResponse<InputStream> answer, List<String> headers) {
    String type = answer.headers().firstValue("Content-Type").orElse(null);
    HttpResponse out;
    if (type != null && type.startsWith("text/event-stream")) {
      out = HttpResponse.stream(answer.statusCode(), type, chunks -> pipe(answer.body(), chunks));
    } else {
      byte[] body;
      try (InputStream in = answer.body()) {
        body = in.readAllBytes();
      } catch (IOException e) {
        throw new GatehouseException(
            ClusterErrors.REPLICA_GONE, "REPLICA_GONE: the owning replica stopped mid-answer");
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

  /** {@code service} for peers only: a request without the peer key gets 403 PEER_FORBIDDEN. */
  public HttpService guard(HttpService service) {
    requireNonNull(service, "service");
    return request -> {
      if (key == null || !key.matches(request.header(PeerKey.HEADER))) {
        throw new GatehouseException(ClusterErrors.PEER_FORBIDDEN, "PEER_FORBIDDEN: no access");
      }
      return service.serve(request);
    };
  }

  private static GatehouseException gone(String owner, String why) {
    return new GatehouseException(
        ClusterErrors.REPLICA_GONE,
        "REPLICA_GONE: replica '" + owner + "', which holds this session's state, " + why);
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
