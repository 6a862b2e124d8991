package io.gatehouse.agent.approve;

import io.gatehouse.core.Errors;
import io.gatehouse.core.Principal;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Verdict;
import io.gatehouse.gateway.mrtr.InputRetry;
import io.gatehouse.policy.traffic.Scoped;
import io.gatehouse.store.StoreException;
import java.net.URI;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Holds a route's {@code tools/call}s that the {@code approval} section names until an approver
 * answers: records a {@link Approval.Kind#GATEWAY} approval owned by the caller (on a virtual
 * thread), then waits for its answer without holding a thread ({@link Verdict#async}). Approved,
 * the call goes on upstream; denied, it is refused {@code APPROVAL_DENIED} with the reason;
 * unanswered by the timeout, {@code APPROVAL_TIMEOUT}. A client that declared URL elicitation is
 * sent an {@code elicitation/create} ({@code mode: url}) with the approval page on the held call's
 * stream, and {@code notifications/elicitation/complete} once answered; its answer to the
 * elicitation is taken here, never relayed upstream. A 2026-07-28 client that takes URL elicitation
 * is not held but asked ({@link ApprovalInput}). A 2026-07-28 retry that continues a call the
 * gateway holds upstream ({@link InputRetry#continuesHeldCall}) is let through: it was approved at
 * its first round, and asking again would consume or ask for a second approval of one call.
 */
final class ApprovalHold implements McpPolicy {
  private static final Logger log = LoggerFactory.getLogger(ApprovalHold.class);
  static final Executor WRITES =
      Executors.newThreadPerTaskExecutor(
          Thread.ofVirtual().name("gatehouse-approval-", 0).factory());

  /** The id prefix of the {@code elicitation/create} requests this policy sends. */
  static final String ELICITATION_ID = "gatehouse-approval-";

  private final Scoped<ApprovalSettings> settings;
  private final Supplier<Approvals> store;
  private final Supplier<URI> pages;
  private final ApprovalInput input = new ApprovalInput(this);

  /**
   * @param pages the public base URL the approval page is under
   */
  ApprovalHold(Scoped<ApprovalSettings> settings, Supplier<Approvals> store, Supplier<URI> pages) {
    this.settings = settings;
    this.store = store;
    this.pages = pages;
  }

  @Override
  public Verdict onMessage(McpExchange ex) {
    if (ex.message().isResponse()
        && ex.message().id() != null
        && !ex.message().id().numeric()
        && ex.message().id().text().startsWith(ELICITATION_ID)) {
      // the client's answer to our elicitation: the upstream never asked it, so it stays here
      return Verdict.HANDLED;
    }
    String tool = ex.message().toolName();
    if (tool == null || !ex.message().isRequest()) {
      return Verdict.PROCEED;
    }
    ApprovalSettings s = settings.forTool(tool);
    if (s.isOff() || !s.holds(tool)) {
      return Verdict.PROCEED;
    }
    if (InputRetry.continuesHeldCall(ex)) {
      // a round answering the upstream's own question in a call the gateway holds: approved at
      // its first round, and it never runs the tool anew
      return Verdict.PROCEED;
    }
    Principal caller = ex.principal();
    if (caller == null) {
      return Verdict.refuse(
          ApprovalErrors.APPROVAL_NEEDS_IDENTITY,
          "route '"
              + ex.route().name()
              + "': calls of tool '"
              + tool
              + "' wait for a person's approval, and an anonymous caller has nobody to own it");
    }
    Approvals approvals = store.get();
    if (approvals == null) {
      return Verdict.refuse(Errors.STARTING, "approvals are starting (the store is opening)");
    }
    InputRetry retry = InputRetry.of(ex);
    if (retry != null && retry.answers(ApprovalInput.PURPOSE)) {
      return input.retry(approvals, retry, tool, s);
    }
    if (retry != null && retry.urlElicitation()) {
      return input.ask(approvals, ex, caller, tool, s);
    }
    return Verdict.async(
        CompletableFuture.supplyAsync(() -> create(approvals, ex, caller, tool, s), WRITES)
            .thenCompose(approvals::hold)
            .handle((decided, error) -> answer(ex, tool, s, decided, error)));
  }

  Approval create(
      Approvals approvals, McpExchange ex, Principal caller, String tool, ApprovalSettings s) {
    Instant now = approvals.now();
    Approval a =
        new Approval(
            Approvals.newId("apr_"),
            Approval.Kind.GATEWAY,
            caller.id(),
            ex.route().project(),
            ex.route().name(),
            null,
            tool,
            arguments(ex.body()),
            now,
            now.plus(s.timeout()),
            Approval.State.PENDING,
            null,
            null,
            approvals.replica());
    approvals.create(a, s.approvers());
    if (ex.session() != null && ex.session().clientUrlElicitation() && ex.canSendToCaller()) {
      ex.sendToCaller(elicitation(a));
    }
    log.info(
        "approvals: {} called {} on route {}: held as {} until {}; answer at {}",
        caller.id(),
        tool,
        ex.route().name(),
        a.id(),
        a.expiresAt(),
        page(a.id()));
    return a;
  }

  private Verdict answer(
      McpExchange ex, String tool, ApprovalSettings s, Approval decided, Throwable error) {
    if (error != null) {
      return failure(error);
    }
    if (ex.session() != null && ex.session().clientUrlElicitation()) {
      // sent before the verdict settles, so it reaches the stream before the answer
      ex.sendToCaller(elicitationComplete(decided));
    }
    return verdict(tool, s, decided);
  }

  /** A store that failed refuses {@code STORE_UNAVAILABLE}; anything else fails the stage. */
  static Verdict failure(Throwable error) {
    Throwable cause =
        error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error;
    if (cause instanceof StoreException) {
      return Verdict.refuse(
          Errors.STORE_UNAVAILABLE, "the approval could not be recorded: the store is unavailable");
    }
    throw error instanceof CompletionException c ? c : new CompletionException(error);
  }

  /** What an answered (or lapsed) approval means for its call. */
  static Verdict verdict(String tool, ApprovalSettings s, Approval decided) {
    return switch (decided.state()) {
      case APPROVED -> Verdict.PROCEED;
      case DENIED ->
          Verdict.refuse(
              ApprovalErrors.APPROVAL_DENIED,
              "the call of tool '"
                  + tool
                  + "' was denied by "
                  + decided.decidedBy()
                  + (decided.reason() == null || decided.reason().isBlank()
                      ? ""
                      : ": " + decided.reason())
                  + " (approval "
                  + decided.id()
                  + ")");
      case EXPIRED, PENDING ->
          Verdict.refuse(
              ApprovalErrors.APPROVAL_TIMEOUT,
              "no approver answered approval "
                  + decided.id()
                  + " of tool '"
                  + tool
                  + "' within "
                  + s.timeout().toString().substring(2).toLowerCase(java.util.Locale.ROOT));
    };
  }

  /**
   * An {@code elicitation/create} in URL mode (MCP 2025-11-25) asking the caller's client to show
   * the approval page, which its user may open or pass on to an approver.
   */
  byte[] elicitation(Approval a) {
    ObjectNode m = JsonMapper.shared().createObjectNode();
    m.put("jsonrpc", "2.0").put("id", ELICITATION_ID + a.id()).put("method", "elicitation/create");
    m.putObject("params")
        .put("mode", "url")
        .put("elicitationId", a.id())
        .put("url", page(a.id()))
        .put(
            "message",
            "The call of tool '"
                + a.tool()
                + "' waits for an approver's answer until "
                + a.expiresAt()
                + ". The page shows the call; an approver answers it there.");
    return JsonMapper.shared().writeValueAsBytes(m);
  }

  /** {@code notifications/elicitation/complete}: the approval was answered or lapsed. */
  static byte[] elicitationComplete(Approval a) {
    ObjectNode m = JsonMapper.shared().createObjectNode();
    m.put("jsonrpc", "2.0").put("method", "notifications/elicitation/complete");
    m.putObject("params").put("elicitationId", a.id());
    return JsonMapper.shared().writeValueAsBytes(m);
  }

  /** The call's {@code params.arguments} as JSON text ({@code {}} when it has none). */
  static String arguments(byte[] body) {
    JsonNode args = JsonMapper.shared().readTree(body).path("params").path("arguments");
    return args.isMissingNode() || args.isNull() ? "{}" : args.toString();
  }

  /** The approval page of {@code id}. */
  String page(String id) {
    URI base = pages.get();
    return (base == null ? "" : base.toString().replaceAll("/+$", "")) + "/approvals/" + id;
  }
}
