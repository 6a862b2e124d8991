package io.gatehouse.server;

import io.gatehouse.core.Errors;
import io.gatehouse.core.GatehouseException;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Phase;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.RoutingTable;
import io.gatehouse.http.ErrorShape;
import io.gatehouse.http.HttpRequest;
import io.gatehouse.http.HttpResponse;
import io.gatehouse.http.HttpService;
import io.gatehouse.policy.AuthMethod;
import io.gatehouse.policy.InboundAuth;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Protected Resource Metadata (RFC 9728, MCP authorization 2025-11-25) at {@code
 * /.well-known/oauth-protected-resource/mcp/{route}} for every route that requires authentication:
 * the route's resource URL, the authorization server that issues its tokens (none on a key-only
 * route) and the scopes it needs. MCP clients read it from the URL in a 401's {@code
 * WWW-Authenticate} and run the OAuth flow by themselves. It reflects the current routing snapshot,
 * so a reload that changes a route's auth changes its metadata.
 */
final class ResourceMetadata implements HttpService {
  static final String PREFIX = "/.well-known/oauth-protected-resource";
  private static final JsonMapper JSON = JsonMapper.shared();

  private final RoutingTable routes;

  ResourceMetadata(RoutingTable routes) {
    this.routes = routes;
  }

  @Override
  public HttpResponse serve(HttpRequest request) {
    HttpResponse notRead = OpsService.readOnly(request);
    if (notRead != null) {
      return notRead;
    }
    List<String> s = request.segments(PREFIX);
    RouteDefinition route =
        s != null && s.size() == 2 && s.get(0).equals("mcp")
            ? routes.current().route(s.get(1))
            : null;
    InboundAuth auth = route == null ? null : auth(route);
    if (auth == null) {
      return HttpResponse.error(
          new GatehouseException(
              Errors.NOT_FOUND,
              "no protected route at "
                  + request.path()
                  + " (metadata is served at "
                  + PREFIX
                  + "/mcp/{route} for routes that require authentication)"),
          ErrorShape.REST);
    }
    ObjectNode doc = JSON.createObjectNode();
    doc.put("resource", auth.resources().resource(route.name()));
    var servers = doc.putArray("authorization_servers");
    var scopes = doc.putArray("scopes_supported");
    if (auth.methods().contains(AuthMethod.JWT)) {
      servers.add(auth.jwt().settings().issuer().toString());
      java.util.Set<String> all = new java.util.LinkedHashSet<>(auth.jwt().settings().scopes());
      route.policies().in(io.gatehouse.gateway.Phase.AUTHORIZE).stream()
          .filter(p -> p instanceof io.gatehouse.policy.ToolScopes)
          .forEach(p -> all.addAll(((io.gatehouse.policy.ToolScopes) p).allScopes()));
      all.forEach(scopes::add);
    }
    doc.putArray("bearer_methods_supported").add("header");
    doc.put("resource_name", "Gatehouse route " + route.name());
    return HttpResponse.json(200, JSON.writeValueAsBytes(doc))
        .header("Cache-Control", "max-age=60");
  }

  /** The route's authentication policy, or null for an open route. */
  static InboundAuth auth(RouteDefinition route) {
    for (McpPolicy p : route.policies().in(Phase.AUTHENTICATE)) {
      if (p instanceof InboundAuth a) {
        return a;
      }
      if (p instanceof SelfPart.AnyProjectKeys a) {
        return a.inbound(); // the self server's route: its keys and tokens are the same
      }
    }
    return null;
  }
}
