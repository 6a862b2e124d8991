package io.gatehouse.limits;

/**
 * Which counter a call counts against: the route, the limit, and the values the limit is kept per
 * (the others empty), with {@link #id()} joining them into one key.
 *
 * @param consumer the consumer's principal id (anonymous callers: {@code ip:ADDRESS}), or empty
 *     when the limit is not kept per consumer
 * @param tool the tool, or empty when the limit is not kept per tool
 */
public record CounterKey(
    String route, String limit, String consumer, String project, String ip, String tool) {

  /** One string naming the counter, the same in every replica. */
  public String id() {
    return route + "|" + limit + "|c=" + consumer + "|p=" + project + "|i=" + ip + "|t=" + tool;
  }
}
