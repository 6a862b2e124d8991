package io.gatehouse.policy.traffic;

import java.util.ArrayList;
import java.util.List;

/**
 * The problems found in a policy set, each naming the path of the field at fault ({@code
 * routes[2].policies.limits.calls.rate}) and what was expected, so a bad set is refused with every
 * problem listed at once rather than one per attempt.
 */
public final class Problems {
  /** One problem: where, and what is wrong with a hint at what would do. */
  public record Problem(String path, String message) {
    @Override
    public String toString() {
      return path + ": " + message;
    }
  }

  private final List<Problem> list = new ArrayList<>();

  public void add(String path, String message) {
    list.add(new Problem(path, message));
  }

  public boolean isEmpty() {
    return list.isEmpty();
  }

  public List<Problem> list() {
    return List.copyOf(list);
  }

  /** Throws {@link PolicySetException} listing every problem, if there is any. */
  public void throwIfAny() {
    if (!list.isEmpty()) {
      throw new PolicySetException(list());
    }
  }
}
