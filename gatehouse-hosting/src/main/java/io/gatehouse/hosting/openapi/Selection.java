package io.gatehouse.hosting.openapi;

import java.util.List;
import java.util.Set;

/**
 * Operations picked by tag or by {@code operationId}; an empty selection picks nothing.
 *
 * @param tags tags, matched exactly
 * @param operations operation ids, matched exactly (the id as written in the document, before it is
 *     made a tool name)
 */
public record Selection(List<String> tags, List<String> operations) {
  public static final Selection NONE = new Selection(List.of(), List.of());

  public Selection {
    tags = tags == null ? List.of() : List.copyOf(tags);
    operations = operations == null ? List.of() : List.copyOf(operations);
  }

  public boolean isEmpty() {
    return tags.isEmpty() && operations.isEmpty();
  }

  /** Whether an operation with this id and these tags is picked. */
  public boolean matches(String operationId, Set<String> operationTags) {
    return (operationId != null && operations.contains(operationId))
        || tags.stream().anyMatch(operationTags::contains);
  }
}
