package io.gatehouse.selfmcp;

import static java.util.Objects.requireNonNull;

import io.gatehouse.core.Secret;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.http.HttpService;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Gatehouse's own MCP server. {@link #service} is its endpoint, to mount at {@link #PREFIX} on the
 * edge; the built-in route {@link #ROUTE} points at {@link #upstreamUrl} and ends its policies with
 * {@link #callerPolicy}, so the gateway's authentication, sessions, policies and audit apply to it
 * as to any route, and the server learns who is calling from the route alone. Each tool is an admin
 * API request of that caller made through {@link AdminGate}.
 */
public final class SelfServer {
  /** The built-in route's name: the server is at {@code /mcp/gatehouse}. */
  public static final String ROUTE = "gatehouse";

  /** Where {@link #service} is mounted on the edge. */
  public static final String PREFIX = "/_self/";

  /** The one path {@link #service} answers on. */
  static final String PATH = PREFIX + "mcp";

  /** The header the route's upstream requests carry the process's key in. */
  public static final String KEY_HEADER = "X-Gatehouse-Self-Key";

  /** The header the route's upstream requests name the authenticated caller in. */
  public static final String CALLER_HEADER = "X-Gatehouse-Self-Caller";

  private final Secret key;
  private final SelfEndpoint endpoint;
  private final CallerHandOff handOff;

  /**
   * @param gate makes admin API requests as a caller
   * @param version the version {@code initialize} reports
   */
  public SelfServer(AdminGate gate, String version) {
    requireNonNull(gate, "gate");
    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    this.key = Secret.of(Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
    this.endpoint = new SelfEndpoint(key, requireNonNull(version, "version"), new Platform(gate));
    this.handOff = new CallerHandOff(key);
  }

  /** The MCP endpoint; mount it at {@link #PREFIX}. */
  public HttpService service() {
    return endpoint;
  }

  /**
   * The policy that ends the route's policies (in {@code INJECT_CREDENTIALS}): it hands the key and
   * the authenticated caller to the endpoint on each upstream request.
   */
  public McpPolicy callerPolicy() {
    return handOff;
  }

  /** The URL the route's upstream is, given the edge's own base URL. */
  public static URI upstreamUrl(URI edge) {
    return URI.create(edge.toString().replaceAll("/+$", "") + PATH);
  }
}
