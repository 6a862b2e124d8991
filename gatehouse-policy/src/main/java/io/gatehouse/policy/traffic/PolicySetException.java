package io.gatehouse.policy.traffic;

import java.util.List;
import java.util.stream.Collectors;

/** A policy set that does not hold together; {@link #problems()} lists every problem found. */
public final class PolicySetException extends RuntimeException {
  private final transient List<Problems.Problem> problems;

  public PolicySetException(List<Problems.Problem> problems) {
    super(
        problems.size() == 1
            ? problems.get(0).toString()
            : problems.size()
                + " problems: "
                + problems.stream().map(Object::toString).collect(Collectors.joining("; ")));
    this.problems = List.copyOf(problems);
  }

  public List<Problems.Problem> problems() {
    return problems;
  }
}
