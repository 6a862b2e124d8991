package io.gatehouse.agent.approve;

import io.gatehouse.core.Principal;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.Verdict;
import io.gatehouse.gateway.mrtr.InputRequest;
import io.gatehouse.gateway.mrtr.InputRetry;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The approval hold for a 2026-07-28 client that takes URL elicitation, which has no stream to be
 * sent an elicitation on and no session to hold (MRTR): its call is recorded as a pending approval
 * as always and answered at once with {@code input_required}, asking its user to open the approval
 * page; the sealed {@code requestState} carries the approval's id until the approval's expiry.
 *
 * <p>The retry: approved, the call goes upstream, once (the approval is consumed by a conditional
 * update, so a replayed state, or two replicas racing on one retry, cannot run the tool twice);
 * still pending, the retry is held until an answer comes, as session-era calls are (asking again
 * would only make the client prompt its user again); denied, {@code APPROVAL_DENIED}; lapsed,
 * {@code APPROVAL_TIMEOUT}.
 */
final class ApprovalInput {
  /** The purpose of the approval page asked of a 2026-07-28 client, and of its sealed state. */
  static final String PURPOSE = "approval";

  private final ApprovalHold hold;

  ApprovalInput(ApprovalHold hold) {
    this.hold = hold;
  }

  /** The first request: recorded pending, answered with the approval page to open. */
  Verdict ask(
      Approvals approvals, McpExchange ex, Principal caller, String tool, ApprovalSettings s) {
    return Verdict.async(
        CompletableFuture.supplyAsync(
                () -> hold.create(approvals, ex, caller, tool, s), ApprovalHold.WRITES)
            .handle((a, error) -> error != null ? ApprovalHold.failure(error) : asking(a)));
  }

  private Verdict asking(Approval a) {
    String message =
        "The call of tool '"
            + a.tool()
            + "' waits for an approver's answer until "
            + a.expiresAt()
            + ". Open the page (or pass it to an approver); the call goes on once approved.";
    return new Verdict.Refuse(
            ApprovalErrors.APPROVAL_PENDING,
            "the call of tool '" + a.tool() + "' waits for approval " + a.id(),
            Map.of())
        .withInput(
            new InputRequest(PURPOSE, hold.page(a.id()), message, a.id(), a.id(), a.expiresAt()));
  }

  /** The retry carrying the approval's sealed state. */
  Verdict retry(Approvals approvals, InputRetry retry, String tool, ApprovalSettings s) {
    String id;
    try {
      id = retry.accepted(PURPOSE).payload();
    } catch (GatewayException e) {
      return Verdict.refuseHttp(e.error(), e.getMessage(), Map.of());
    }
    return Verdict.async(
        CompletableFuture.supplyAsync(() -> approvals.find(id), ApprovalHold.WRITES)
            .thenCompose(
                found ->
                    found
                        .map(a -> answered(approvals, a))
                        .orElse(CompletableFuture.completedFuture(null)))
            .thenApplyAsync(
                a -> a == null ? gone(id) : run(approvals, a, tool, s), ApprovalHold.WRITES)
            .exceptionally(ApprovalHold::failure));
  }

  /** The approval once answered: at once when it is, else when an answer comes or it lapses. */
  private static CompletionStage<Approval> answered(Approvals approvals, Approval a) {
    return a.state() == Approval.State.PENDING
        ? approvals.hold(a)
        : CompletableFuture.completedFuture(a);
  }

  /** An approval purged since (its expiry long passed). */
  private static Verdict gone(String id) {
    return Verdict.refuse(
        ApprovalErrors.APPROVAL_TIMEOUT, "approval " + id + " has lapsed and is no longer kept");
  }

  /** Approved: the call runs if this retry is the one that consumes the approval. */
  private static Verdict run(Approvals approvals, Approval a, String tool, ApprovalSettings s) {
    if (a.state() != Approval.State.APPROVED) {
      return ApprovalHold.verdict(tool, s, a);
    }
    if (approvals.consume(a.id())) {
      return Verdict.PROCEED;
    }
    return Verdict.refuse(
        ApprovalErrors.APPROVAL_CONSUMED,
        "approval " + a.id() + " of tool '" + tool + "' already let its call run once");
  }
}
