package io.gatehouse.agent.http;

import io.gatehouse.agent.approve.Approval;
import io.gatehouse.agent.approve.ApprovalErrors;
import io.gatehouse.agent.approve.Approvals;
import io.gatehouse.agent.approve.Approvers;
import io.gatehouse.core.Errors;
import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.Operator;
import java.util.List;
import java.util.function.Supplier;

/**
 * Who may see and answer an approval, shared by the admin API and the approval page: its owner and
 * its approvers see it; only an approver its policy names answers a held call (the owner too only
 * when named), once; an agent's approval is answered by its response's continuation.
 */
final class ApprovalDecisions {
  static final int MAX_REASON = 1000;

  private final Supplier<Approvals> store;

  ApprovalDecisions(Supplier<Approvals> store) {
    this.store = store;
  }

  Approvals store() {
    Approvals s = store.get();
    if (s == null) {
      throw new GatehouseException(
          Errors.STARTING, "approvals are starting (the store is opening)");
    }
    return s;
  }

  /** The approval if {@code who} may see it; 404 otherwise, so ids of others are not confirmed. */
  Approval visible(Operator who, String id) {
    Approval a = store().find(id).orElse(null);
    if (a == null || !(owns(who, a) || mayDecide(who, a, store().approvers(id)))) {
      throw notFound(id);
    }
    return a;
  }

  /** Answers approval {@code id} as {@code who}; returns it as decided. */
  Approval decide(Operator who, String id, boolean approve, String reason) {
    if (reason != null && reason.length() > MAX_REASON) {
      throw new GatehouseException(
          Errors.INVALID_REQUEST,
          "reason: " + reason.length() + " characters (expected: at most " + MAX_REASON + ")");
    }
    Approvals s = store();
    Approval a = s.find(id).orElseThrow(() -> notFound(id));
    if (a.kind() == Approval.Kind.AGENT) {
      throw new GatehouseException(
          ApprovalErrors.APPROVAL_IN_RESPONSE,
          "approval "
              + id
              + " belongs to an agent's response: continue that response with"
              + " previous_response_id and an mcp_approval_response item for approval_request_id "
              + id);
    }
    if (!mayDecide(who, a, s.approvers(id))) {
      throw new GatehouseException(
          Errors.FORBIDDEN,
          owns(who, a)
              ? "'"
                  + who.id()
                  + "' may not answer approval "
                  + id
                  + ": it holds their own call, and the route's approval policy does not name"
                  + " them an approver"
              : "'"
                  + who.id()
                  + "' may not answer approval "
                  + id
                  + ": the route's approval policy does not name them an approver");
    }
    if (a.state() != Approval.State.PENDING) {
      throw decided(a);
    }
    return s.decide(id, who.id(), approve, reason == null || reason.isBlank() ? null : reason)
        .orElseThrow(() -> decided(s.find(id).orElse(a)));
  }

  static boolean owns(Operator who, Approval a) {
    return !who.breakGlass() && who.principal().id().equals(a.owner());
  }

  static boolean mayDecide(Operator who, Approval a, List<String> approvers) {
    return a.kind() == Approval.Kind.GATEWAY && Approvers.includes(approvers, who, a.project());
  }

  private static GatehouseException decided(Approval a) {
    return new GatehouseException(
        ApprovalErrors.APPROVAL_DECIDED,
        "approval "
            + a.id()
            + " is "
            + a.state().name().toLowerCase(java.util.Locale.ROOT)
            + (a.decidedBy() == null ? "" : " (answered by " + a.decidedBy() + ")"));
  }

  private static GatehouseException notFound(String id) {
    return new GatehouseException(Errors.NOT_FOUND, "no approval " + id + " that you may see");
  }
}
