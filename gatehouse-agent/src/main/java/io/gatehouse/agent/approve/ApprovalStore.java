package io.gatehouse.agent.approve;

import java.util.List;
import java.util.Optional;

/** Where approval requests are kept: one store, one id space, every replica. */
public interface ApprovalStore {
  /** Records a new pending approval (its id chosen by the caller). */
  void create(Approval approval);

  /** The approval with this id, its state brought up to date (a lapsed one is EXPIRED). */
  Optional<Approval> find(String id);

  /** The pending approvals a user owns, newest first. */
  List<Approval> pending(String owner);

  /**
   * Answers a pending approval once.
   *
   * @return the approval as decided, or empty when it does not exist or is no longer pending
   */
  Optional<Approval> decide(String id, String decidedBy, boolean approve, String reason);
}
