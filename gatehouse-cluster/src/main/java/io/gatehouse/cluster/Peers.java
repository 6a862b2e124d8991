package io.gatehouse.cluster;

import static java.util.Objects.requireNonNull;

import io.gatehouse.core.GatehouseException;
import io.gatehouse.http.HttpRequest;
import io.gatehouse.http.HttpResponse;
import io.gatehouse.http.HttpService;
import io.gatehouse.http.spi.ChannelEndpoint;
import io.gatehouse.http.spi.EdgeExchange;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * This replica among its peers: its id, which prefixes the tokens of state that lives here ({@link
 * #name}), and the forwarding of a request for state another replica owns to that replica's peer
 * port ({@link #forward}), whose services only peers may call ({@link #guard}).
 *
 * <pre>{@code
 * if (peers.isElsewhere(sessionId)) {
 *   return peers.forward(Peers.owner(sessionId), request, List.of("Mcp-Session-Id", "Content-Type"));
 * }
 * }</pre>
 */
public final class Peers implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Where a replica's peer port is, or null when the replica is gone. */
  @FunctionalInterface
  public interface Directory {
    URI lookup(String replica);
  }

  private final String self;
  private final PeerKey key;
  private final Directory directory;
  private final PeerHop hop;

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
    this.hop = new PeerHop(key);
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

  /**
   * Whether this replica has peers to forward to (it serves a peer port, {@code
   * cluster.peer-listen}); without, every token of another replica is gone.
   */
  public boolean forwards() {
    return key != null;
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
    return hop.send(owner, base, request, headers);
  }

  /** {@code service} for peers only: a request without the peer key gets 403 PEER_FORBIDDEN. */
  public HttpService guard(HttpService service) {
    requireNonNull(service, "service");
    return request -> {
      if (!admits(request.header(PeerKey.HEADER))) {
        throw forbidden();
      }
      return service.serve(request);
    };
  }

  /** {@code endpoint} for peers only, as {@link #guard(HttpService)}; refused in its own format. */
  public ChannelEndpoint guard(ChannelEndpoint endpoint) {
    requireNonNull(endpoint, "endpoint");
    return new ChannelEndpoint() {
      @Override
      public int maxBodyBytes() {
        return endpoint.maxBodyBytes();
      }

      @Override
      public void handle(EdgeExchange exchange) {
        if (admits(exchange.header(PeerKey.HEADER))) {
          endpoint.handle(exchange);
        } else {
          endpoint.refuse(exchange, forbidden());
        }
      }

      @Override
      public void refuse(EdgeExchange exchange, GatehouseException refusal) {
        endpoint.refuse(exchange, refusal);
      }
    };
  }

  private boolean admits(String sent) {
    return key != null && key.matches(sent);
  }

  private static GatehouseException forbidden() {
    return new GatehouseException(ClusterErrors.PEER_FORBIDDEN, "PEER_FORBIDDEN: no access");
  }

  static GatehouseException gone(String owner, String why) {
    return new GatehouseException(
        ClusterErrors.REPLICA_GONE,
        "REPLICA_GONE: replica '"
            + owner
            + "', which holds the state this request refers to, "
            + why);
  }

  @Override
  public void close() {
    hop.close();
  }
}
