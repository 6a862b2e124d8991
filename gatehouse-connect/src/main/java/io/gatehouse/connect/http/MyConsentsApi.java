package io.gatehouse.connect.http;

import static io.gatehouse.http.AdminRequests.method;

import io.gatehouse.connect.Connection;
import io.gatehouse.connect.ConnectionAuth;
import io.gatehouse.connect.Connections;
import io.gatehouse.connect.McpFailure;
import io.gatehouse.connect.consent.UserTokens;
import io.gatehouse.core.ErrorBodies;
import io.gatehouse.core.Errors;
import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.Operator;
import io.gatehouse.core.Operators;
import io.gatehouse.http.AdminRequests;
import io.gatehouse.http.HttpRequest;
import io.gatehouse.http.HttpResponse;
import io.gatehouse.http.HttpService;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The caller's own per-user consents, under {@code /admin/v1/me/consents}: {@code GET} lists the
 * connections the caller has consented to (when, scope, expiry; never a token), {@code DELETE
 * /admin/v1/me/consents/{project}/{connection}} revokes one, so their next call asks for consent
 * again. Any authenticated caller may, for themselves only; the admin token is nobody's.
 */
public final class MyConsentsApi implements HttpService {
  private static final String PREFIX = "/admin/v1";
  private static final JsonMapper JSON = JsonMapper.shared();

  private final Connections connections;
  private final UserTokens tokens;
  private final Operators operators;

  public MyConsentsApi(Connections connections, UserTokens tokens, Operators operators) {
    this.connections = connections;
    this.tokens = tokens;
    this.operators = operators;
  }

  /** Whether this API serves {@code request}: {@code /admin/v1/me/consents...}. */
  public boolean owns(HttpRequest request) {
    List<String> s = request.segments(PREFIX);
    return s != null && s.size() >= 2 && s.get(0).equals("me") && s.get(1).equals("consents");
  }

  @Override
  public HttpResponse serve(HttpRequest r) {
    try {
      return route(r, r.segments(PREFIX)).header("Cache-Control", "no-store");
    } catch (GatehouseException e) {
      return HttpResponse.json(e.error().httpStatus(), ErrorBodies.rest(e));
    }
  }

  private HttpResponse route(HttpRequest r, List<String> s) {
    Operator op = AdminRequests.operator(r, operators);
    if (op.principal() == null) {
      throw new GatehouseException(
          Errors.INVALID_REQUEST,
          "the admin token is nobody's: call /admin/v1/me/consents with your own API key or token");
    }
    String user = op.principal().id();
    if (s.size() == 2) {
      method(r, "GET");
      ObjectNode n = JSON.createObjectNode();
      var items = n.putArray("consents");
      for (Connection c : connections.all()) {
        if (c.auth() instanceof ConnectionAuth.UserOAuth) {
          describe(c, user)
              .ifPresent(
                  d -> {
                    ObjectNode item =
                        items.addObject().put("project", c.project()).put("connection", c.name());
                    d.forEach((k, v) -> item.set(k, JSON.valueToTree(v)));
                  });
        }
      }
      return HttpResponse.json(200, JSON.writeValueAsBytes(n));
    }
    if (s.size() == 4) {
      method(r, "DELETE");
      // one answer whether the connection exists or not: no one learns other projects' names
      Connection c = connections.find(s.get(2), s.get(3)).orElse(null);
      if (c == null || !(c.auth() instanceof ConnectionAuth.UserOAuth) || !tokens.revoke(c, user)) {
        throw new GatehouseException(
            Errors.NOT_FOUND,
            "you have no consent to '" + s.get(3) + "' in project '" + s.get(2) + "'");
      }
      return HttpResponse.empty(204);
    }
    throw new GatehouseException(
        Errors.NOT_FOUND, "nothing is served at " + r.path() + "; see docs/connections.md");
  }

  private java.util.Optional<Map<String, Object>> describe(Connection c, String user) {
    try {
      return tokens.describe(c, user);
    } catch (McpFailure f) {
      return java.util.Optional.empty();
    }
  }
}
