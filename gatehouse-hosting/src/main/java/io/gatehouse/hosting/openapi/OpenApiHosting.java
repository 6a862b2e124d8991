package io.gatehouse.hosting.openapi;

import static java.util.Objects.requireNonNull;

import io.gatehouse.core.Secret;
import io.gatehouse.core.net.Egress;
import io.gatehouse.http.HttpService;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * Serves REST APIs as MCP servers. {@link #load} reads a route's OpenAPI document and publishes its
 * tools; {@link #service} is the MCP endpoint of every such route, to mount at {@link #PREFIX} on
 * Gatehouse's own HTTP edge; the route's upstream is then {@link #upstreamUrl} with {@link
 * #upstreamHeaders}, so every call passes the gateway's sessions, policies and audit first.
 *
 * <p>The endpoint answers only requests that carry a key made when this object is, held only in
 * this process's memory and sent by the route's upstream definition: nobody else can call the REST
 * API through it, not even from the loopback interface.
 */
public final class OpenApiHosting {
  /** Where {@link #service} is mounted. */
  public static final String PREFIX = "/_hosted-openapi/";

  /** The header that carries the process's key. */
  public static final String KEY_HEADER = "X-Gatehouse-Hosted-Key";

  private final Egress egress;
  private final HttpClient client;
  private final Secret key;
  private final Map<String, McpEndpoint.HostedRoute> routes = new ConcurrentHashMap<>();
  private final McpEndpoint endpoint;

  /** Hosting whose document URLs and API calls obey {@code egress}. */
  public OpenApiHosting(Egress egress) {
    this.egress = requireNonNull(egress, "egress");
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    this.key = Secret.of(Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
    this.endpoint =
        new McpEndpoint(
            PREFIX, KEY_HEADER, key.reveal().getBytes(StandardCharsets.UTF_8), routes::get);
  }

  /**
   * Reads {@code route}'s document, makes its tools and serves them (replacing what the route
   * served before).
   *
   * @return the tools, in document order
   * @throws io.gatehouse.core.GatehouseException {@link OpenApiErrors#SPEC_INVALID} when the
   *     document cannot be read or used, {@link Egress#FORBIDDEN} when its URL or the API's may not
   *     be reached
   */
  public List<RestTool> load(OpenApiRoute route) {
    Prepared p = prepare(route);
    serve(p);
    return p.tools();
  }

  /**
   * Reads {@code route}'s document and makes its tools without serving them yet, so that several
   * routes can be read first and served together, or not at all.
   *
   * @throws io.gatehouse.core.GatehouseException as {@link #load}
   */
  public Prepared prepare(OpenApiRoute route) {
    requireNonNull(route, "route");
    JsonNode doc = new SpecLoader(egress, client).load(route.spec());
    List<RestTool> tools = new ToolBuilder(doc).build(route.include(), route.exclude());
    URI base = baseUrl(route, doc);
    egress.checkLiteral("upstream.base-url", base);
    Map<String, RestTool> byName = new LinkedHashMap<>();
    tools.forEach(t -> byName.put(t.name(), t));
    String title = doc.path("info").path("title").asString("");
    return new Prepared(
        new McpEndpoint.HostedRoute(
            route.route(),
            title,
            tools,
            Map.copyOf(byName),
            route,
            new RestCaller(base, route, egress, client)));
  }

  /** Serves what {@link #prepare} made (replacing what the route served before). */
  public void serve(Prepared prepared) {
    routes.put(prepared.hosted.name(), prepared.hosted);
  }

  /** A route's tools, read and made, not yet served. */
  public static final class Prepared {
    private final McpEndpoint.HostedRoute hosted;

    private Prepared(McpEndpoint.HostedRoute hosted) {
      this.hosted = hosted;
    }

    public List<RestTool> tools() {
      return hosted.tools();
    }
  }

  /**
   * Also passes {@code names} from the gateway's request on to the API for {@code route}, besides
   * its own {@link OpenApiRoute#forwardHeaders}: the headers its connection's credential is sent in
   * (and {@code query}: the query parameters it is sent in), which may change while the route is
   * served.
   */
  public void forward(String route, java.util.Set<String> names, java.util.Set<String> query) {
    requireNonNull(names, "names");
    requireNonNull(query, "query");
    routes.computeIfPresent(
        route,
        (k, h) -> {
          java.util.Set<String> all = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
          all.addAll(h.api().forwardHeaders());
          all.addAll(names);
          OpenApiRoute api = h.api().withHeaders(h.api().headers(), all);
          return new McpEndpoint.HostedRoute(
              h.name(),
              h.title(),
              h.tools(),
              h.byName(),
              h.api(),
              new RestCaller(h.caller().base(), api, query, egress, client));
        });
  }

  /** Stops serving {@code route}. */
  public void remove(String route) {
    routes.remove(route);
  }

  /** The MCP endpoint of every hosted route; mount it at {@link #PREFIX}. */
  public HttpService service() {
    return endpoint;
  }

  /** The URL the gateway calls for {@code route}, given the edge's own base URL. */
  public static URI upstreamUrl(URI edge, String route) {
    String base = edge.toString().replaceAll("/+$", "");
    return URI.create(base + PREFIX + route + "/mcp");
  }

  /** The headers the route's upstream definition sends: the process's key. */
  public Map<String, String> upstreamHeaders() {
    return Map.of(KEY_HEADER, key.reveal());
  }

  private static URI baseUrl(OpenApiRoute route, JsonNode doc) {
    if (route.baseUrl() != null) {
      return route.baseUrl();
    }
    String url = doc.path("servers").path(0).path("url").asString("");
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      throw SpecLoader.invalid(
          route.spec()
              + ": servers[0].url: '"
              + url
              + "' is not an absolute http(s) URL; set upstream.base-url");
    }
    return URI.create(url);
  }
}
