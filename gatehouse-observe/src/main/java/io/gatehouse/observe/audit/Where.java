package io.gatehouse.observe.audit;

import java.util.ArrayList;
import java.util.List;

/** A WHERE clause built condition by condition, with its arguments in order. */
final class Where {
  private final List<String> conditions = new ArrayList<>();
  private final List<Object> args = new ArrayList<>();

  void add(String condition, Object... values) {
    conditions.add(condition);
    args.addAll(List.of(values));
  }

  String sql() {
    return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
  }

  Object[] args() {
    return args.toArray();
  }
}
