package io.gatehouse.agent.approve;

import io.gatehouse.core.ErrorKey;

/** The error keys of approvals: the held call's answers and the approvals API's refusals. */
public final class ApprovalErrors {
  private ApprovalErrors() {}

  public static final ErrorKey APPROVAL_DENIED =
      ErrorKey.of(
          "APPROVAL_DENIED",
          403,
          -31060,
          "An approver denied this tool call (the message says who and why); change the call or"
              + " ask them, then call again.");

  public static final ErrorKey APPROVAL_TIMEOUT =
      ErrorKey.of(
          "APPROVAL_TIMEOUT",
          408,
          -31061,
          "No approver answered in time: ask one to watch GET /admin/v1/approvals (or the"
              + " approval page) and call again, or raise the route's approval.timeout.");

  public static final ErrorKey APPROVAL_PENDING =
      ErrorKey.of(
          "APPROVAL_PENDING",
          403,
          -31062,
          "This call waits for an approver's answer: open the approval page (or pass its link to"
              + " an approver), then send the call again with the requestState you were given.");

  public static final ErrorKey APPROVAL_CONSUMED =
      ErrorKey.of(
          "APPROVAL_CONSUMED",
          409,
          -32600,
          "This approval already let its call run once: call the tool again (without"
              + " inputResponses and requestState) to ask for a new approval.");

  public static final ErrorKey APPROVAL_NEEDS_IDENTITY =
      ErrorKey.of(
          "APPROVAL_NEEDS_IDENTITY",
          401,
          -32001,
          "This tool needs a person's approval, and approvals belong to a caller: give the route"
              + " an auth: method (api-key or jwt) and call with your credential.");

  public static final ErrorKey APPROVAL_DECIDED =
      ErrorKey.of(
          "APPROVAL_DECIDED",
          409,
          -32600,
          "This approval was already answered or has expired: GET it to see how it stands.");

  public static final ErrorKey APPROVAL_IN_RESPONSE =
      ErrorKey.of(
          "APPROVAL_IN_RESPONSE",
          409,
          -32600,
          "An agent's approval is answered by continuing its response: POST /v1/responses with"
              + " previous_response_id and an mcp_approval_response item naming this id.");
}
