package io.gatehouse.agent.http;

import static io.gatehouse.http.AdminRequests.method;

import io.gatehouse.agent.approve.Approval;
import io.gatehouse.agent.approve.Approvals;
import io.gatehouse.core.ErrorBodies;
import io.gatehouse.core.Errors;
import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.Operator;
import io.gatehouse.core.Operators;
import io.gatehouse.http.AdminRequests;
import io.gatehouse.http.HttpRequest;
import io.gatehouse.http.HttpResponse;
import io.gatehouse.http.HttpService;
import java.net.URI;
import java.util.List;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Approvals in the admin API. {@code GET /admin/v1/me/approvals}: the caller's own pending
 * approvals, both kinds. {@code GET /admin/v1/approvals[?project=]}: the pending held calls the
 * caller may answer. {@code GET /admin/v1/approvals/{id}}: one, to its owner or an approver. {@code
 * POST /admin/v1/approvals/{id}} {@code {"approve": true|false, "reason": "..."}}: answers a held
 * call, once, by an approver its policy names.
 */
public final class ApprovalsApi implements HttpService {
  private static final String PREFIX = "/admin/v1";
  private static final JsonMapper JSON = JsonMapper.shared();
  private static final int MAX_LISTED = 500;

  private final ApprovalDecisions decisions;
  private final Operators operators;
  private final Supplier<URI> publicUrl;

  /**
   * @param store the approval store, or null while it is not open ({@code STARTING})
   * @param publicUrl the base URL the approval pages are reached at
   */
  public ApprovalsApi(Supplier<Approvals> store, Operators operators, Supplier<URI> publicUrl) {
    this.decisions = new ApprovalDecisions(store);
    this.operators = operators;
    this.publicUrl = publicUrl;
  }

  /**
   * Whether this API serves {@code request}: {@code /admin/v1/approvals...}, {@code me/approvals}.
   */
  public boolean owns(HttpRequest request) {
    List<String> s = request.segments(PREFIX);
    return s != null
        && !s.isEmpty()
        && (s.get(0).equals("approvals")
            || (s.size() >= 2 && s.get(0).equals("me") && s.get(1).equals("approvals")));
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
    if (s.get(0).equals("me")) {
      if (s.size() != 2) {
        throw notServed(r);
      }
      method(r, "GET");
      if (op.breakGlass()) {
        throw new GatehouseException(
            Errors.INVALID_REQUEST,
            "the admin token is nobody's: call /admin/v1/me/approvals with your own API key or"
                + " token");
      }
      return list(decisions.store().pending(op.principal().id()));
    }
    if (s.size() == 1) {
      method(r, "GET");
      String project = r.query("project");
      List<Approval> mine =
          decisions.store().pendingWithApprovers(project, MAX_LISTED).stream()
              .filter(p -> ApprovalDecisions.mayDecide(op, p.approval(), p.approvers()))
              .map(Approvals.Pending::approval)
              .toList();
      return list(mine);
    }
    if (s.size() == 2) {
      if (method(r, "GET", "POST").equals("GET")) {
        return HttpResponse.json(
            200, JSON.writeValueAsBytes(describe(decisions.visible(op, s.get(1)))));
      }
      JsonNode body = body(r);
      JsonNode approve = body.get("approve");
      if (approve == null || !approve.isBoolean()) {
        throw new GatehouseException(
            Errors.INVALID_REQUEST,
            "approve: "
                + (approve == null ? "missing" : approve.toString())
                + " (expected: true or false)");
      }
      JsonNode reason = body.get("reason");
      if (reason != null && !reason.isNull() && !reason.isString()) {
        throw new GatehouseException(Errors.INVALID_REQUEST, "reason: expected a string");
      }
      Approval a =
          decisions.decide(
              op,
              s.get(1),
              approve.booleanValue(),
              reason == null || reason.isNull() ? null : reason.stringValue());
      return HttpResponse.json(200, JSON.writeValueAsBytes(describe(a)));
    }
    throw notServed(r);
  }

  private HttpResponse list(List<Approval> approvals) {
    ObjectNode n = JSON.createObjectNode();
    ArrayNode items = n.putArray("approvals");
    approvals.forEach(a -> items.add(describe(a)));
    return HttpResponse.json(200, JSON.writeValueAsBytes(n));
  }

  private ObjectNode describe(Approval a) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", a.id());
    n.put("kind", a.kind().name().toLowerCase(java.util.Locale.ROOT));
    n.put("state", a.state().name().toLowerCase(java.util.Locale.ROOT));
    n.put("owner", a.owner());
    n.put("project", a.project());
    n.put("route", a.route());
    n.put("server_label", a.serverLabel());
    n.put("tool", a.tool());
    n.set("arguments", arguments(a.arguments()));
    n.put("createdAt", a.createdAt().toString());
    n.put("expiresAt", a.expiresAt().toString());
    if (a.decidedBy() != null) {
      n.put("decidedBy", a.decidedBy());
    }
    if (a.reason() != null) {
      n.put("reason", a.reason());
    }
    if (a.replica() != null) {
      n.put("replica", a.replica());
    }
    if (a.kind() == Approval.Kind.GATEWAY) {
      n.put("page", ApprovalPage.link(publicUrl.get(), a.id()));
    }
    return n;
  }

  static JsonNode arguments(String json) {
    if (json == null) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(json);
    } catch (RuntimeException e) {
      return JSON.getNodeFactory().stringNode(json);
    }
  }

  private static JsonNode body(HttpRequest r) {
    try {
      JsonNode n = JSON.readTree(r.body());
      if (n == null || !n.isObject()) {
        throw new GatehouseException(Errors.INVALID_JSON, "the request body is not a JSON object");
      }
      return n;
    } catch (tools.jackson.core.JacksonException e) {
      throw new GatehouseException(Errors.INVALID_JSON, "the request body is not JSON");
    }
  }

  private static GatehouseException notServed(HttpRequest r) {
    return new GatehouseException(
        Errors.NOT_FOUND, "nothing is served at " + r.path() + "; see docs/approvals.md");
  }
}
