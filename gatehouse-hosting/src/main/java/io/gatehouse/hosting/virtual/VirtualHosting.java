package io.gatehouse.hosting.virtual;

import static java.util.Objects.requireNonNull;

import io.gatehouse.cluster.Peers;
import io.gatehouse.core.Secret;
import io.gatehouse.http.HttpService;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Serves the virtual routes. {@link #configure} sets which virtual servers exist; {@link #service}
 * is the composer of all of them, to mount at {@link #PREFIX} on Gatehouse's own edge; each virtual
 * route's upstream is then {@link #upstreamUrl} with {@link #upstreamHeaders}, so the gateway's
 * sessions, policies and audit apply to the virtual route as to any other. The composer reaches the
 * sources at {@code /mcp/{source}} of {@code gateway} (this process's own listener), as the caller
 * {@link SourceAccess} names, so each source's own policies apply too.
 *
 * <p>Only the gateway may call the composer: every request must carry a key made when this object
 * is, held only in this process's memory.
 *
 * <p>As one of several replicas ({@link Peers}), each composer session's id names the replica that
 * holds its source sessions, and a request for a session of another replica is forwarded to that
 * replica's peer port, where {@link #peerService} serves it.
 */
public final class VirtualHosting {
  /** Where {@link #service} is mounted. */
  public static final String PREFIX = "/_virtual/";

  /** The header that carries the process's key. */
  public static final String KEY_HEADER = "X-Gatehouse-Hosted-Key";

  private final Secret key;
  private final Composer composer;
  private final Peers peers;
  private volatile Map<String, VirtualServer> servers = Map.of();

  /**
   * @param gateway the base URL of this process's own listener, where {@code /mcp/{source}} is
   * @param access opens the caller the gateway sealed, and seals it for each source
   */
  public VirtualHosting(Supplier<URI> gateway, SourceAccess access) {
    this(gateway, access, Peers.alone());
  }

  /**
   * The same, as one of several replicas: {@code access} must open a caller sealed by any of them
   * (the sealed caller travels with a forwarded request).
   */
  public VirtualHosting(Supplier<URI> gateway, SourceAccess access, Peers peers) {
    requireNonNull(gateway, "gateway");
    requireNonNull(access, "access");
    this.peers = requireNonNull(peers, "peers");
    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    this.key = Secret.of(Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    this.composer =
        new Composer(
            PREFIX,
            KEY_HEADER,
            key.reveal().getBytes(StandardCharsets.UTF_8),
            name -> servers.get(name),
            access,
            new Sources(new SourceClient(http, gateway)),
            peers);
  }

  /** The virtual servers to serve, by route name (replacing those served before). */
  public void configure(Map<String, VirtualServer> next) {
    servers = Map.copyOf(next);
  }

  /** The composer of every virtual route; mount it at {@link #PREFIX}. */
  public HttpService service() {
    return composer;
  }

  /**
   * The composer for the peer port, to mount at {@link #PREFIX} there: other replicas forward the
   * requests of this replica's sessions to it, with the peer key (checked here) instead of the
   * process's key.
   */
  public HttpService peerService() {
    return peers.guard(composer.peerSide());
  }

  /** The URL the gateway calls for virtual route {@code route}, given the edge's base URL. */
  public static URI upstreamUrl(URI edge, String route) {
    return URI.create(edge.toString().replaceAll("/+$", "") + PREFIX + route + "/mcp");
  }

  /** The headers the virtual route's upstream definition sends: the process's key. */
  public Map<String, String> upstreamHeaders() {
    return Map.of(KEY_HEADER, key.reveal());
  }
}
