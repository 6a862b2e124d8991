package io.gatehouse.limits;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The limits that apply to a route, or to calls of one tool, by name. */
public record LimitSet(Map<String, Limit> byName) {
  public static final LimitSet NONE = new LimitSet(Map.of());

  public LimitSet {
    byName = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byName));
  }

  public boolean isEmpty() {
    return byName.isEmpty();
  }

  public List<Limit> limits() {
    return List.copyOf(byName.values());
  }
}
