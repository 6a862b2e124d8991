package io.gatehouse.identity;

import io.gatehouse.core.Principal;
import java.time.Instant;
import java.util.List;

/** A user, group or application that calls routes, in a project, with the groups it is in. */
public record Consumer(
    String name, Principal.Kind kind, String project, List<String> groups, Instant createdAt) {
  public Consumer {
    groups = List.copyOf(groups);
  }
}
